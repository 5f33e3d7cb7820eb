from enum import Enum


class OrderErrorCode(Enum):
    """Saleor's OrderErrorCode names (the subset our rules produce)."""

    CANNOT_CANCEL_FULFILLMENT = "cannot_cancel_fulfillment"
    INSUFFICIENT_STOCK = "insufficient_stock"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    SHIPPING_METHOD_REQUIRED = "shipping_method_required"
    BILLING_ADDRESS_NOT_SET = "billing_address_not_set"
    SHIPPING_ADDRESS_NOT_SET = "shipping_address_not_set"
