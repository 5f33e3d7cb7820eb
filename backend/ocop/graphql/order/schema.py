"""The order domain's queries and mutations: Saleor's `order(id)`, and for producers the OCOP
extension `producerFulfillments` with the parcel mutations."""

import graphene
from graphql_relay import from_global_id

from ..core.connection import CountableConnection, paginate
from . import mutations
from .enums import OcopFulfillmentStatus
from .resolvers import order_for_request, parcels_for_member
from .loading import register_line_products
from .types import Fulfillment, Order


class FulfillmentCountableConnection(CountableConnection):
    class Meta:
        node = Fulfillment


def _order_token(global_id):
    try:
        type_name, token = from_global_id(global_id)
    except Exception:
        return None
    return token if type_name == "Order" else None


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(Order, id=graphene.ID(description="The order's ID (`Order:<uuid>`)."),
                           description="An order: yours, or a guest order whose ID you hold; else null.")
    order_by_token = graphene.Field(Order, token=graphene.UUID(required=True),
                                    deprecation_reason="Use `order(id:)`; the same rules apply.")
    producer_fulfillments = graphene.Field(
        FulfillmentCountableConnection, first=graphene.Int(), last=graphene.Int(), after=graphene.String(),
        before=graphene.String(), status=OcopFulfillmentStatus(),
        description="Parcels to ship for the producers you belong to, newest order first (OCOP Market).")

    @staticmethod
    def resolve_order(root, info, id=None):
        token = _order_token(id) if id else None
        return order_for_request(info, token) if token else None

    @staticmethod
    def resolve_order_by_token(root, info, token):
        return order_for_request(info, token)

    @staticmethod
    def resolve_producer_fulfillments(root, info, status=None, **kwargs):
        mutations.require_producer_member(info.context.user)
        queryset = parcels_for_member(info.context.user).order_by("-order__number", "id")
        if status is not None:
            queryset = queryset.filter(status=getattr(status, "value", status))
        if kwargs.get("first") is None and kwargs.get("last") is None:
            kwargs["first"] = 100
        connection = paginate(queryset, FulfillmentCountableConnection, **kwargs)
        register_line_products(info, [edge.node.order for edge in connection.edges])
        return connection


class OrderMutations(graphene.ObjectType):
    fulfillment_confirm = mutations.FulfillmentConfirm.Field()
    fulfillment_pack = mutations.FulfillmentPack.Field()
    fulfillment_ship = mutations.FulfillmentShip.Field()
    fulfillment_cancel = mutations.FulfillmentCancel.Field()
    order_line_refund = mutations.OrderLineRefund.Field()
