"""Saleor's order types over ocop.orders: Order and OrderEvent. Lines (OrderLine) are in
lines.py, parcels (Fulfillment) in fulfillments.py, the always-empty discount and gift-card types in
discounts.py, and the querysets and per-request registrations they rely on in loading.py.

Orders are keyed by their UUID token (`Order:<uuid>`), as in Saleor. Related rows come from the
prefetches of `orders_queryset()` and the catalogue's request loaders, never one query per row."""

from __future__ import annotations

from dataclasses import dataclass

import graphene
from django.utils.translation import gettext_lazy as _
from graphene import relay
from graphql_relay import to_global_id

from ocop.orders import models

from ..account.types import Address
from ..channel.types import DEFAULT_CHANNEL, Channel
from ..core.connection import CountableConnection
from ..core.errors import PermissionDenied
from ..core.metadata import ObjectWithMetadata
from ..core.money import Money, TaxedMoney, money, taxed
from .access import (can_see_address, can_see_email, can_see_private, obfuscate_email, obfuscate_text,
                     producer_scope)
from .discounts import GiftCard, OrderDiscount, Voucher
from .enums import (OrderAuthorizeStatusEnum, OrderChargeStatusEnum, OrderEventsEnum, OrderOriginEnum, OrderStatus,
                    PaymentChargeStatusEnum)
from .fulfillments import Fulfillment
from .lines import OrderLine
from .payments import OrderPayments
from .transactions import TransactionItem


@dataclass(frozen=True)
class OrderAddress:
    """The order's shipping address snapshot in the account Address's field names."""

    pk: str
    first_name: str
    last_name: str
    phone: str
    street_address_1: str
    commune: str
    district: str
    province: str
    company_name: str = ""
    street_address_2: str = ""
    postal_code: str = ""
    country: str = "VN"


def shipping_address_of(order: models.Order, *, private: bool) -> OrderAddress:
    # Vietnamese names are family name first: the given name is the last word.
    parts = (order.shipping_full_name or "").split()
    first, last = (parts[-1], " ".join(parts[:-1])) if parts else ("", "")
    address = OrderAddress(pk=f"order-{order.token}", first_name=first, last_name=last, phone=order.shipping_phone,
                           street_address_1=order.shipping_street, commune=order.shipping_commune,
                           district=order.shipping_district, province=order.shipping_province)
    if private:
        return address
    # Saleor's answer to someone holding a guest order's ID who is not its owner: initials only.
    return OrderAddress(pk=address.pk, first_name=obfuscate_text(first), last_name=obfuscate_text(last),
                        phone=obfuscate_text(address.phone), street_address_1=obfuscate_text(address.street_address_1),
                        commune=address.commune, district=address.district, province=address.province)


EVENT_TYPES = {
    models.OrderEvents.PLACED: OrderEventsEnum.PLACED.value,
    models.OrderEvents.PAYMENT_CAPTURED: OrderEventsEnum.PAYMENT_CAPTURED.value,
    models.OrderEvents.FULFILLMENT_SHIPPED: OrderEventsEnum.FULFILLMENT_FULFILLED_ITEMS.value,
    models.OrderEvents.FULFILLMENT_CANCELED: OrderEventsEnum.FULFILLMENT_CANCELED.value,
    models.OrderEvents.PAYMENT_REFUNDED: OrderEventsEnum.PAYMENT_REFUNDED.value,
    models.OrderEvents.LINE_REFUNDED: OrderEventsEnum.PAYMENT_REFUNDED.value,
    models.OrderEvents.EMAIL_SENT: OrderEventsEnum.EMAIL_SENT.value,
}


class OrderEvent(graphene.ObjectType):
    id = graphene.ID(required=True)
    date = graphene.DateTime()
    type = OrderEventsEnum()
    message = graphene.String()
    fulfillment_id = graphene.ID(description="The parcel this event is about (OCOP Market).")

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("OrderEvent", root.pk)

    @staticmethod
    def resolve_date(root, info):
        return root.created_at

    @staticmethod
    def resolve_type(root, info):
        return EVENT_TYPES.get(root.type, OrderEventsEnum.OTHER.value)

    @staticmethod
    def resolve_message(root, info):
        return root.get_type_display()

    @staticmethod
    def resolve_fulfillment_id(root, info):
        return to_global_id("Fulfillment", root.fulfillment_id) if root.fulfillment_id else None


class Order(graphene.ObjectType):
    token = graphene.String(required=True, deprecation_reason="Use `id`.")
    number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = OrderStatus(required=True)
    status_display = graphene.String(required=True)
    origin = OrderOriginEnum(required=True)
    channel = graphene.Field(Channel, required=True)
    user = graphene.Field("ocop.graphql.account.types.User",
                          description="The account that placed the order: for its owner and staff.")
    user_email = graphene.String()
    language_code = graphene.String(required=True)
    customer_note = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    fulfillments = graphene.List(graphene.NonNull(Fulfillment), required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), description="For the order's owner and staff.")
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address, description="We keep no billing address: always null.")
    is_shipping_required = graphene.Boolean(required=True)
    shipping_method_name = graphene.String()
    delivery_method = graphene.Field("ocop.graphql.checkout.types.DeliveryMethod",
                                     description="Delivery is chosen per producer's parcel (see `fulfillments`"
                                                 " and their `shippingMethodName`): always null.")
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    total_charged = graphene.Field(Money, required=True)
    total_captured = graphene.Field(Money, required=True, deprecation_reason="Use `totalCharged`.")
    total_refunded = graphene.Field(Money, required=True)
    total_balance = graphene.Field(Money, required=True)
    total_authorized = graphene.Field(Money, required=True)
    is_paid = graphene.Boolean(required=True)
    payment_status = PaymentChargeStatusEnum(required=True)
    payment_status_display = graphene.String(required=True)
    charge_status = OrderChargeStatusEnum(required=True)
    authorize_status = OrderAuthorizeStatusEnum(required=True)
    transactions = graphene.List(
        graphene.NonNull(TransactionItem), required=True,
        description="The payments, for the order's owner and staff (and the request that placed it); an empty"
                    " list for anyone else, since storefronts read this field on every order page and Saleor"
                    " answers an empty list, not an error, to a reader without access.")
    discounts = graphene.List(graphene.NonNull(OrderDiscount), required=True)
    gift_cards = graphene.List(graphene.NonNull(GiftCard), required=True)
    voucher = graphene.Field(Voucher)
    voucher_code = graphene.String()
    display_gross_prices = graphene.Boolean(required=True)

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.Order,)

    @classmethod
    def get_node(cls, info, token):
        from .resolvers import order_for_request

        return order_for_request(info, token)

    @staticmethod
    def resolve_id(root, info):
        return root.token

    @staticmethod
    def resolve_token(root, info):
        return str(root.token)

    @staticmethod
    def resolve_number(root, info):
        return str(root.number)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_updated_at(root, info):
        events = list(root.events.all())
        return events[-1].created_at if events else root.created_at

    @staticmethod
    def resolve_status(root, info):
        return root.status

    @staticmethod
    def resolve_status_display(root, info):
        return root.get_status_display()

    @staticmethod
    def resolve_origin(root, info):
        return OrderOriginEnum.CHECKOUT.value

    @staticmethod
    def resolve_channel(root, info):
        return DEFAULT_CHANNEL

    @staticmethod
    def resolve_user(root, info):
        require_private(info, root)
        return root.user

    @staticmethod
    def resolve_user_email(root, info):
        return root.user_email if can_see_email(info, root) else obfuscate_email(root.user_email)

    @staticmethod
    def resolve_customer_note(root, info):
        return ""

    @staticmethod
    def resolve_lines(root, info):
        scope = producer_scope(info, root)
        return [line for line in root.lines.all() if scope is None or line.producer_id in scope]

    @staticmethod
    def resolve_fulfillments(root, info):
        return visible_parcels(info, root)

    @staticmethod
    def resolve_events(root, info):
        require_private(info, root)
        return list(root.events.all())

    @staticmethod
    def resolve_shipping_address(root, info):
        return shipping_address_of(root, private=can_see_address(info, root))

    @staticmethod
    def resolve_billing_address(root, info):
        return None

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return True

    @staticmethod
    def resolve_shipping_method_name(root, info):
        names = [parcel.shipping_method_name for parcel in visible_parcels(info, root) if parcel.shipping_method_name]
        return ", ".join(names) or None

    @staticmethod
    def resolve_delivery_method(root, info):
        return None

    @staticmethod
    def resolve_subtotal(root, info):
        return taxed(root.subtotal_amount)

    @staticmethod
    def resolve_shipping_price(root, info):
        return taxed(root.shipping_amount)

    @staticmethod
    def resolve_total(root, info):
        return taxed(root.total_amount)

    resolve_undiscounted_total = resolve_total

    @staticmethod
    def resolve_total_charged(root, info):
        return money(OrderPayments(root).charged)

    resolve_total_captured = resolve_total_charged

    @staticmethod
    def resolve_total_refunded(root, info):
        return money(OrderPayments(root).refunded)

    @staticmethod
    def resolve_total_balance(root, info):
        return money(OrderPayments(root).balance)

    @staticmethod
    def resolve_total_authorized(root, info):
        return money(0)

    @staticmethod
    def resolve_is_paid(root, info):
        return OrderPayments(root).is_paid

    @staticmethod
    def resolve_payment_status(root, info):
        return OrderPayments(root).payment_status

    @staticmethod
    def resolve_payment_status_display(root, info):
        return str(PAYMENT_STATUS_DISPLAY[OrderPayments(root).payment_status])

    @staticmethod
    def resolve_charge_status(root, info):
        return OrderPayments(root).charge_status

    @staticmethod
    def resolve_authorize_status(root, info):
        return OrderPayments(root).authorize_status

    @staticmethod
    def resolve_transactions(root, info):
        return list(root.payments.all()) if can_see_private(info, root) else []

    @staticmethod
    def resolve_discounts(root, info):
        return []

    @staticmethod
    def resolve_gift_cards(root, info):
        return []

    @staticmethod
    def resolve_voucher(root, info):
        return None

    @staticmethod
    def resolve_voucher_code(root, info):
        return None

    @staticmethod
    def resolve_display_gross_prices(root, info):
        return True


def require_private(info, order) -> None:
    if not can_see_private(info, order):
        raise PermissionDenied()


def visible_parcels(info, order) -> list:
    scope = producer_scope(info, order)
    return [parcel for parcel in order.fulfillments.all() if scope is None or parcel.producer_id in scope]


def _whole_order_only(resolver):
    """Order-level money, payment state, status and last change: not for a producer, who sees only
    its own parcels (each parcel's `status`, `ocopStatus` and `updatedAt` tell it where its own
    stands). Saleor declares these non-null, so a reader who may not see them gets PERMISSION_DENIED
    rather than a null, as for the money fields."""
    def resolve(root, info):
        if producer_scope(info, root) is not None:
            raise PermissionDenied()
        return resolver(root, info)
    return staticmethod(resolve)


for _name in ("subtotal", "shipping_price", "total", "undiscounted_total", "total_charged", "total_captured",
              "total_refunded", "total_balance", "total_authorized", "is_paid", "payment_status",
              "payment_status_display", "charge_status", "authorize_status", "status", "status_display",
              "updated_at"):
    setattr(Order, f"resolve_{_name}", _whole_order_only(getattr(Order, f"resolve_{_name}")))


PAYMENT_STATUS_DISPLAY = {
    "not-charged": _("Not charged"), "pending": _("Pending"), "partially-charged": _("Partially charged"),
    "fully-charged": _("Fully charged"), "partially-refunded": _("Partially refunded"),
    "fully-refunded": _("Fully refunded"), "refused": _("Refused"), "cancelled": _("Cancelled"),
}


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order
