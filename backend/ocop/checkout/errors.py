from enum import Enum


class CheckoutErrorCode(Enum):
    """Saleor's CheckoutErrorCode names (the subset our rules produce)."""

    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    UNIQUE = "unique"
    PRODUCT_NOT_PUBLISHED = "product_not_published"
    PRODUCT_UNAVAILABLE_FOR_PURCHASE = "product_unavailable_for_purchase"
    INSUFFICIENT_STOCK = "insufficient_stock"
    QUANTITY_GREATER_THAN_LIMIT = "quantity_greater_than_limit"
    ZERO_QUANTITY = "zero_quantity"
    SHIPPING_ADDRESS_NOT_SET = "shipping_address_not_set"
    BILLING_ADDRESS_NOT_SET = "billing_address_not_set"
    SHIPPING_METHOD_NOT_SET = "shipping_method_not_set"
    DELIVERY_METHOD_NOT_APPLICABLE = "delivery_method_not_applicable"
    CHECKOUT_NOT_FULLY_PAID = "checkout_not_fully_paid"
    EMAIL_NOT_SET = "email_not_set"
    NO_LINES = "no_lines"
    PAYMENT_ERROR = "payment_error"
    VOUCHER_NOT_APPLICABLE = "voucher_not_applicable"
