"""The checkout's inputs, enums and error types, in Saleor's names."""

from __future__ import annotations

import graphene

from ..account.types import AddressTypeEnum, MetadataInput
from ..core.enums import LanguageCodeEnum
from ..core.scalars import PositiveDecimal

SALEOR_CHECKOUT_ERROR_CODES = """
    BILLING_ADDRESS_NOT_SET CHECKOUT_NOT_FULLY_PAID GRAPHQL_ERROR PRODUCT_NOT_PUBLISHED
    PRODUCT_UNAVAILABLE_FOR_PURCHASE INSUFFICIENT_STOCK INVALID INVALID_SHIPPING_METHOD NOT_FOUND PAYMENT_ERROR
    PRICE_OVERRIDE_REASON_WITHOUT_OVERRIDE QUANTITY_GREATER_THAN_LIMIT REQUIRED SHIPPING_ADDRESS_NOT_SET
    SHIPPING_METHOD_NOT_APPLICABLE DELIVERY_METHOD_NOT_APPLICABLE SHIPPING_METHOD_NOT_SET SHIPPING_NOT_REQUIRED
    TAX_ERROR UNIQUE VOUCHER_NOT_APPLICABLE GIFT_CARD_NOT_APPLICABLE ZERO_QUANTITY MISSING_CHANNEL_SLUG
    CHANNEL_INACTIVE UNAVAILABLE_VARIANT_IN_CHANNEL EMAIL_NOT_SET NO_LINES INACTIVE_PAYMENT NON_EDITABLE_GIFT_LINE
    NON_REMOVABLE_GIFT_LINE SHIPPING_CHANGE_FORBIDDEN MISSING_ADDRESS_DATA
""".split()
CheckoutErrorCode = graphene.Enum("CheckoutErrorCode", [(code, code) for code in SALEOR_CHECKOUT_ERROR_CODES])


class CheckoutError(graphene.ObjectType):
    field = graphene.String(description="The input field the error is about (e.g. `quantity`, `postalCode`).")
    message = graphene.String()
    code = CheckoutErrorCode(required=True)
    variants = graphene.List(graphene.NonNull(graphene.ID), description="Variants the error is about.")
    lines = graphene.List(graphene.NonNull(graphene.ID), description="Checkout lines the error is about.")
    address_type = AddressTypeEnum(description="Which address the error is about.")


class CheckoutAddressValidationRules(graphene.InputObjectType):
    check_required_fields = graphene.Boolean(default_value=True, description=(
        "Accepted; a delivery address is always checked whole, since carriers need every part of it."))
    check_fields_format = graphene.Boolean(default_value=True, description="Accepted; formats are always checked.")
    enable_fields_normalization = graphene.Boolean(default_value=True, description=(
        "Accepted; addresses are always normalised (phone to +84…, province as on the 2025 map)."))


class CheckoutValidationRules(graphene.InputObjectType):
    shipping_address = graphene.Field(CheckoutAddressValidationRules)
    billing_address = graphene.Field(CheckoutAddressValidationRules)


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="How many to add (1 to 999, within the product's limit).")
    variant_id = graphene.ID(required=True)
    price = PositiveDecimal(description="Refused when given: prices are the producers' own.")
    price_override_reason = graphene.String(description="Refused when given, with `price`.")
    force_new_line = graphene.Boolean(default_value=False,
                                      description="Ignored: a variant has one line, its quantity grows.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Accepted and not stored.")


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int(description="The line's new quantity; 0 removes it.")
    price = PositiveDecimal(description="Refused when given: prices are the producers' own.")
    price_override_reason = graphene.String()
    line_id = graphene.ID()
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Accepted and not stored.")


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="`default-channel` (the only one) when left out.")
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True,
                          description="At most 100 lines.")
    email = graphene.String()
    save_shipping_address = graphene.Boolean(description="Accepted; addresses are not copied to the address book.")
    shipping_address = graphene.Field("ocop.graphql.account.types.AddressInput")
    save_billing_address = graphene.Boolean(description="Accepted; addresses are not copied to the address book.")
    billing_address = graphene.Field("ocop.graphql.account.types.AddressInput")
    language_code = LanguageCodeEnum(description="The language of the shopper's e-mails (vi or en).")
    validation_rules = graphene.Field(CheckoutValidationRules)
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Public metadata to keep on the checkout.")
    private_metadata = graphene.List(graphene.NonNull(MetadataInput), description="Ignored: we keep no private metadata.")


class CheckoutChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class DeliveryOptionsCalculateErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"


class DeliveryOptionsCalculateError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = DeliveryOptionsCalculateErrorCode(required=True)


class MetadataErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    NOT_UPDATED = "NOT_UPDATED"


class MetadataError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = MetadataErrorCode(required=True)
