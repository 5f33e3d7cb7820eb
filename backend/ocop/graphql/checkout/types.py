"""Saleor's Checkout and CheckoutLine over ocop.checkout: lines, addresses, prices, delivery per
producer (see delivery.py for the mapping onto Saleor's one delivery method) and payment state."""

from __future__ import annotations

import graphene
from graphene import relay

from ocop.checkout.models import Checkout as CheckoutModel
from ocop.checkout.models import CheckoutLine as CheckoutLineModel
from ocop.payments.models import Payment

from ..account.types import Address
from ..catalog.types import ProductVariant
from ..channel.types import DEFAULT_CHANNEL, Channel
from ..core.enums import LanguageCodeEnum
from ..core.metadata import MetadataItem, ObjectWithMetadata
from ..core.money import Money, TaxedMoney, money, taxed
from ..order.payments import charge_status
from ..payment.types import PaymentGateway, available_gateways
from ..producers.types import Producer
from .dataloaders import charged_amount, delivery_of, options_of, quote_of, register_lines
from .delivery import CheckoutProblem, Delivery, DeliveryMethod, ShippingMethod
from .inputs import CheckoutAuthorizeStatusEnum, CheckoutChargeStatusEnum

class CheckoutLine(graphene.ObjectType):
    variant = graphene.Field(ProductVariant, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    requires_shipping = graphene.Boolean(required=True)
    is_gift = graphene.Boolean(required=True, description="Always false: we give no gift lines.")
    producer = graphene.Field(Producer, required=True, description="Whose parcel the line travels in (OCOP).")

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (CheckoutLineModel,)

    @classmethod
    def get_node(cls, info, id):
        from .access import may_reach

        line = (CheckoutLineModel.objects.select_related("checkout", "variant__product__producer")
                .filter(pk=int(id) if str(id).isdigit() else None).first())
        if line is None or not may_reach(info.context.user, line.checkout.user_id):
            return None
        line.unit_price = line.variant.price_amount
        line.line_total = line.unit_price * line.quantity
        return line

    @staticmethod
    def resolve_unit_price(root, info):
        return taxed(root.unit_price)

    @staticmethod
    def resolve_undiscounted_unit_price(root, info):
        return money(root.unit_price)

    @staticmethod
    def resolve_total_price(root, info):
        return taxed(root.line_total)

    @staticmethod
    def resolve_undiscounted_total_price(root, info):
        return money(root.line_total)

    @staticmethod
    def resolve_requires_shipping(root, info):
        return True

    @staticmethod
    def resolve_is_gift(root, info):
        return False

    @staticmethod
    def resolve_producer(root, info):
        return root.variant.product.producer


class CheckoutParcel(graphene.ObjectType):
    """One producer's parcel of the checkout (OCOP): its lines, the options that reach the
    shipping address and the one chosen. Choose with `checkoutDeliveryMethodUpdate`."""

    producer = graphene.Field(Producer, required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    weight_grams = graphene.Int(required=True)
    delivery_method = graphene.Field(ShippingMethod, description="The option chosen, or null.")
    available_shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), required=True,
                                               description="Options reaching the shipping address (none without one).")

    @staticmethod
    def resolve_producer(root, info):
        return root[0].producer

    @staticmethod
    def resolve_lines(root, info):
        return root[0].lines

    @staticmethod
    def resolve_subtotal_price(root, info):
        return taxed(root[0].subtotal)

    @staticmethod
    def resolve_shipping_price(root, info):
        return taxed(root[0].shipping)

    @staticmethod
    def resolve_weight_grams(root, info):
        return root[0].weight_grams

    @staticmethod
    def resolve_delivery_method(root, info):
        parcel, checkout = root
        from ocop.checkout.selectors import ShippingOption

        if parcel.delivery is None:
            return None
        return [ShippingOption(parcel.delivery.shipping_rate, parcel.producer, parcel.shipping, True)]

    @staticmethod
    def resolve_available_shipping_methods(root, info):
        parcel, checkout = root
        return [[option] for option in options_of(checkout).get(parcel.producer.pk, [])]


class CheckoutAddressView:
    """A checkout's address in the attributes the account `Address` type reads."""

    def __init__(self, address, billing: bool):
        self.id = address.pk
        self.pk = -1  # never one of the user's address-book defaults
        self.phone = address.phone
        self.commune = address.commune
        self.district = address.district
        self.province = address.province
        self.company_name = address.company_name
        self.postal_code = address.postal_code
        self.street_address_2 = address.street_address_2
        self.country = getattr(address, "country", "VN") or "VN"
        if billing or address.first_name or address.last_name:
            self.first_name, self.last_name = address.first_name, address.last_name
        else:  # written on the storefront's page: one full name, family name first
            parts = address.full_name.split()
            self.first_name, self.last_name = (parts[-1] if parts else ""), " ".join(parts[:-1])
        self.street_address_1 = address.street_address_1 or address.street


def _address(checkout, related: str, billing: bool):
    try:
        address = getattr(checkout, related)
    except Exception:  # the one-to-one row does not exist
        return None
    return CheckoutAddressView(address, billing)


class Checkout(graphene.ObjectType):
    """A cart on its way to becoming an order. Its UUID (in `id`, or `token`) is what lets a client
    reach it; a checkout attached to a user is reachable only by that user."""

    token = graphene.UUID(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True)
    user = graphene.Field("ocop.graphql.account.types.User")
    channel = graphene.Field(Channel, required=True)
    email = graphene.String()
    language_code = LanguageCodeEnum(required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    quantity = graphene.Int(required=True, description="Units in the cart.")
    is_shipping_required = graphene.Boolean(required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address)
    shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), required=True, description=(
        "Every parcel's delivery options, each naming its producer (empty without a shipping address)."))
    available_shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), required=True,
                                               deprecation_reason="Use `shippingMethods` instead.")
    delivery_method = graphene.Field(DeliveryMethod, description=(
        "With one parcel, its chosen option; with several, once each has one, their combination "
        "(one ShippingMethod, prices summed). Null until every parcel has an option."))
    shipping_method = graphene.Field(ShippingMethod, deprecation_reason="Use `deliveryMethod` instead.")
    delivery = graphene.Field(Delivery, description="The delivery method as a Delivery, or null (as `deliveryMethod`).")
    parcels = graphene.List(graphene.NonNull(CheckoutParcel), required=True,
                            description="One parcel per producer, each with its own delivery (OCOP).")
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True, description="Charged minus total (negative: still to pay).")
    available_payment_gateways = graphene.List(graphene.NonNull(PaymentGateway), required=True)
    charge_status = CheckoutChargeStatusEnum(required=True)
    authorize_status = CheckoutAuthorizeStatusEnum(required=True, description=(
        "We charge at once: as `chargeStatus` (a charge also covers the authorisation)."))
    transactions = graphene.List(graphene.NonNull("ocop.graphql.order.transactions.TransactionItem"),
                                 description="The payments started for this checkout.")
    problems = graphene.List(graphene.NonNull(CheckoutProblem), description="Always empty (see CheckoutProblem).")
    voucher_code = graphene.String(description="Always null: we issue no vouchers.")
    gift_cards = graphene.List(graphene.NonNull("ocop.graphql.order.types.GiftCard"), required=True,
                               description="Always empty: we sell no gift cards.")
    discount = graphene.Field(Money, description="Always 0: we run no discounts.")
    discount_name = graphene.String()
    translated_discount_name = graphene.String()
    stock_reservation_expires = graphene.DateTime(description="Null: stock is held when the order is placed.")
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)
    metafield = graphene.String(key=graphene.String(required=True))
    metafields = graphene.Field("ocop.graphql.core.metadata.Metadata",
                                keys=graphene.List(graphene.NonNull(graphene.String)))

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (CheckoutModel,)

    @classmethod
    def get_node(cls, info, id):
        from .access import checkout_for

        return checkout_for(info, id)

    @staticmethod
    def resolve_id(root, info):
        return root.token

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_change

    @staticmethod
    def resolve_channel(root, info):
        return DEFAULT_CHANNEL

    @staticmethod
    def resolve_email(root, info):
        return root.email or None

    @staticmethod
    def resolve_language_code(root, info):
        return (root.language_code or "vi").lower()

    @staticmethod
    def resolve_lines(root, info):
        quote = quote_of(root)
        register_lines(info, quote)
        return [line for parcel in quote.parcels for line in parcel.lines]

    @staticmethod
    def resolve_quantity(root, info):
        return sum(line.quantity for parcel in quote_of(root).parcels for line in parcel.lines)

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return True

    @staticmethod
    def resolve_shipping_address(root, info):
        return _address(root, "shipping_address", billing=False)

    @staticmethod
    def resolve_billing_address(root, info):
        return _address(root, "billing_address", billing=True)

    @staticmethod
    def resolve_shipping_methods(root, info):
        return [[option] for options in options_of(root).values() for option in options]

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_delivery_method(root, info):
        return delivery_of(root)

    resolve_shipping_method = resolve_delivery_method
    resolve_delivery = resolve_delivery_method

    @staticmethod
    def resolve_parcels(root, info):
        quote = quote_of(root)
        register_lines(info, quote)
        return [(parcel, root) for parcel in quote.parcels]

    @staticmethod
    def resolve_subtotal_price(root, info):
        return taxed(quote_of(root).subtotal)

    @staticmethod
    def resolve_shipping_price(root, info):
        return taxed(quote_of(root).shipping)

    @staticmethod
    def resolve_total_price(root, info):
        return taxed(quote_of(root).total)

    @staticmethod
    def resolve_total_balance(root, info):
        return money(charged_amount(root) - quote_of(root).total)

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        return available_gateways()

    @staticmethod
    def resolve_charge_status(root, info):
        return charge_status(charged_amount(root), quote_of(root).total)

    @staticmethod
    def resolve_authorize_status(root, info):
        charged, total = charged_amount(root), quote_of(root).total
        if charged <= 0:
            return CheckoutAuthorizeStatusEnum.NONE
        return CheckoutAuthorizeStatusEnum.PARTIAL if charged < total else CheckoutAuthorizeStatusEnum.FULL

    @staticmethod
    def resolve_transactions(root, info):
        return list(Payment.objects.filter(checkout_token=root.token).order_by("pk"))

    @staticmethod
    def resolve_problems(root, info):
        return []

    @staticmethod
    def resolve_voucher_code(root, info):
        return None

    @staticmethod
    def resolve_gift_cards(root, info):
        return []

    @staticmethod
    def resolve_discount(root, info):
        return money(0)

    @staticmethod
    def resolve_stock_reservation_expires(root, info):
        return None

    @staticmethod
    def resolve_metadata(root, info):
        return [MetadataItem(key=key, value=value) for key, value in sorted((root.metadata or {}).items())]

    @staticmethod
    def resolve_metafield(root, info, key):
        return (root.metadata or {}).get(key)

    @staticmethod
    def resolve_metafields(root, info, keys=None):
        metadata = root.metadata or {}
        return {k: v for k, v in metadata.items() if keys is None or k in keys}
