"""A producer's parcel as Saleor's Fulfillment, with OCOP's step (`ocopStatus`), producer, carrier
and delivery; each order line travels whole in its producer's parcel (FulfillmentLine)."""

import graphene
from graphene import relay
from graphql_relay import to_global_id

from ocop.orders import models

from ..core.metadata import ObjectWithMetadata
from ..core.money import Money, money
from ..producers.types import Producer
from .enums import FulfillmentStatus, OcopFulfillmentStatus


class FulfillmentLine(graphene.ObjectType):
    """A line of a parcel: each order line travels whole in its producer's parcel."""

    id = graphene.ID(required=True)
    quantity = graphene.Int(
        required=True, description="Units in the parcel: those refunded before it shipped are not sent.")
    order_line = graphene.Field("ocop.graphql.order.lines.OrderLine")

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("FulfillmentLine", root.pk)

    @staticmethod
    def resolve_quantity(root, info):
        from .lines import parcel_of, units_shipped

        if parcel_of(root).status == models.FulfillmentStatus.SHIPPED:
            return units_shipped(root)
        return root.quantity - root.quantity_refunded

    @staticmethod
    def resolve_order_line(root, info):
        return root


SALEOR_FULFILLMENT_STATUS = {
    # Saleor has no step before the parcel leaves: until it is shipped it waits for the producer.
    models.FulfillmentStatus.UNCONFIRMED: FulfillmentStatus.WAITING_FOR_APPROVAL.value,
    models.FulfillmentStatus.CONFIRMED: FulfillmentStatus.WAITING_FOR_APPROVAL.value,
    models.FulfillmentStatus.PACKED: FulfillmentStatus.WAITING_FOR_APPROVAL.value,
    models.FulfillmentStatus.SHIPPED: FulfillmentStatus.FULFILLED.value,
    models.FulfillmentStatus.CANCELED: FulfillmentStatus.CANCELED.value,
}


class Fulfillment(graphene.ObjectType):
    """One producer's parcel of an order."""

    fulfillment_order = graphene.Int(required=True)
    status = FulfillmentStatus(required=True)
    status_display = graphene.String()
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    warehouse = graphene.String(description="Not tracked per parcel: always null.")
    shipping_refunded_amount = graphene.Field(Money)
    total_refunded_amount = graphene.Field(Money)
    # OCOP Market
    ocop_status = OcopFulfillmentStatus(
        required=True, description="The parcel's step: waiting, confirmed, packed, shipped, cancelled.")
    producer = graphene.Field(Producer, required=True, description="The producer who ships this parcel.")
    carrier = graphene.String(required=True, description="Who carries the parcel, once shipped.")
    shipping_method_name = graphene.String(required=True)
    shipping_price = graphene.Field(Money, required=True)
    subtotal = graphene.Field(Money, required=True, description="The goods in this parcel.")
    total = graphene.Field(Money, required=True, description="Goods plus delivery.")
    cancel_reason = graphene.String(required=True)
    order = graphene.Field("ocop.graphql.order.types.Order", required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.Fulfillment,)

    @classmethod
    def get_node(cls, info, pk):
        """Parcels are reachable by ID for their producer's members only (see producerFulfillments)."""
        from .loading import register_line_products
        from .resolvers import parcels_for_member

        user = info.context.user
        if not user.is_authenticated or not str(pk).isdigit():
            return None
        parcel = parcels_for_member(user).filter(pk=int(pk)).first()
        if parcel is not None:
            register_line_products(info, [parcel.order])
        return parcel

    @staticmethod
    def resolve_fulfillment_order(root, info):
        parcels = list(root.order.fulfillments.all())
        return next((i for i, parcel in enumerate(parcels, start=1) if parcel.pk == root.pk), 1)

    @staticmethod
    def resolve_status(root, info):
        return SALEOR_FULFILLMENT_STATUS[root.status]

    @staticmethod
    def resolve_status_display(root, info):
        return root.get_status_display()

    @staticmethod
    def resolve_ocop_status(root, info):
        return root.status

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_lines(root, info):
        return list(root.lines.all())

    @staticmethod
    def resolve_warehouse(root, info):
        return None

    @staticmethod
    def resolve_shipping_refunded_amount(root, info):
        # Only cancelling a parcel refunds its delivery.
        refunded = root.status == models.FulfillmentStatus.CANCELED and root.refunded_amount >= root.total_amount
        return money(root.shipping_amount if refunded else 0)

    @staticmethod
    def resolve_total_refunded_amount(root, info):
        return money(root.refunded_amount)

    @staticmethod
    def resolve_shipping_price(root, info):
        return money(root.shipping_amount)

    @staticmethod
    def resolve_subtotal(root, info):
        return money(root.subtotal_amount)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total_amount)
