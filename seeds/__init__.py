"""Sample data for OCOP Market: fictional producers and products, real place names."""
