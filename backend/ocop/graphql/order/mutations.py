"""Producers ship their own parcels (OCOP Market): confirm, pack, ship with a carrier and tracking
number, or cancel with a reason (stock back, the parcel refunded). Each calls ocop.orders.services.

Who may call: members of an approved producer (as in the seller portal); anyone else gets a
top-level PERMISSION_DENIED. Another producer's parcel, or an ID that is not a parcel, is NOT_FOUND."""

from __future__ import annotations

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ocop.orders import services
from ocop.orders.models import Fulfillment as FulfillmentModel
from ocop.payments.gateways.base import GatewayError

from ..core.errors import PermissionDenied
from ..core.ids import decode_id
from ..core.mutations import BaseMutation
from .enums import OrderErrorCode
from .resolvers import approved_producers_of, parcels_queryset
from .types import Fulfillment


def require_producer_member(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("You need to be signed in to perform this action."))
    if not approved_producers_of(user).exists():
        raise PermissionDenied(_("Only members of an approved producer can handle parcels."))


class OrderError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = OrderErrorCode(required=True)


def _not_found():
    return ValidationError({"id": ValidationError(_("This parcel was not found."), code="not_found")})


class FulfillmentMutation(BaseMutation):
    """Runs the service for one of the caller's parcels and answers with the parcel as it is now."""

    class Meta:
        abstract = True

    error_type = OrderError
    error_code_enum = OrderErrorCode
    field_map = {"fulfillment": "id", "tracking_number": "trackingNumber", "status": "id"}

    fulfillment = graphene.Field(Fulfillment)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    def mutate(cls, root, info, **data):
        require_producer_member(info.context.user)
        return super().mutate(root, info, **data)

    @classmethod
    def perform(cls, info, id, **data):
        user = info.context.user
        pk = decode_id(id, "Fulfillment")
        if pk is None or not FulfillmentModel.objects.filter(pk=pk, producer__in=approved_producers_of(user)).exists():
            raise _not_found()
        try:
            cls.run(user=user, fulfillment_id=pk, **data)
        except GatewayError:
            raise ValidationError({NON_FIELD_ERRORS: ValidationError(
                _("The refund could not be made because card payments are not reachable. "
                  "Nothing was changed; try again in a few minutes."), code="invalid")})
        return {"fulfillment": parcels_queryset(FulfillmentModel.objects.filter(pk=pk)).first()}

    @classmethod
    def run(cls, *, user, fulfillment_id, **data):
        raise NotImplementedError


class FulfillmentConfirm(FulfillmentMutation):
    """The producer accepts the parcel and will prepare it."""

    class Arguments:
        id = graphene.ID(required=True, description="The parcel (a Fulfillment ID).")

    @classmethod
    def run(cls, *, user, fulfillment_id):
        services.confirm_fulfillment(user=user, fulfillment_id=fulfillment_id)


class FulfillmentPack(FulfillmentMutation):
    """The parcel is packed and waits for the carrier."""

    class Arguments:
        id = graphene.ID(required=True, description="The parcel (a Fulfillment ID).")

    @classmethod
    def run(cls, *, user, fulfillment_id):
        services.pack_fulfillment(user=user, fulfillment_id=fulfillment_id)


class FulfillmentShip(FulfillmentMutation):
    """The parcel left with a carrier; the shopper is e-mailed the tracking number."""

    class Arguments:
        id = graphene.ID(required=True, description="The parcel (a Fulfillment ID).")
        carrier = graphene.String(required=True, description="Who carries it, e.g. Viettel Post.")
        tracking_number = graphene.String(required=True)

    @classmethod
    def run(cls, *, user, fulfillment_id, carrier, tracking_number):
        services.ship_fulfillment(user=user, fulfillment_id=fulfillment_id, carrier=carrier,
                                  tracking_number=tracking_number)


class FulfillmentCancel(FulfillmentMutation):
    """The producer cannot send the parcel: its stock comes back and the shopper is refunded its
    goods and delivery."""

    class Arguments:
        id = graphene.ID(required=True, description="The parcel (a Fulfillment ID).")
        reason = graphene.String(required=True, description="Why, in words the shopper will read.")

    @classmethod
    def run(cls, *, user, fulfillment_id, reason):
        services.cancel_fulfillment(user=user, fulfillment_id=fulfillment_id, reason=reason)


class OrderLineRefund(BaseMutation):
    """OCOP Market: a producer refunds some units of one line of its own parcel, with a reason the
    shopper reads (a partial card refund, the ledger debited, the units back in stock while the
    parcel has not left, an e-mail to the shopper). Answers with the parcel as it is now."""

    class Arguments:
        id = graphene.ID(required=True, description="The order line (an OrderLine ID).")
        quantity = graphene.Int(required=True, description="How many units to refund (at least 1).")
        reason = graphene.String(required=True, description="Why, in words the shopper will read.")

    error_type = OrderError
    error_code_enum = OrderErrorCode
    field_map = {"line": "id"}

    fulfillment = graphene.Field(Fulfillment)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    def mutate(cls, root, info, **data):
        require_producer_member(info.context.user)
        return super().mutate(root, info, **data)

    @classmethod
    def perform(cls, info, id, quantity, reason):
        pk = decode_id(id, "OrderLine")
        if pk is None:
            raise ValidationError({"line": ValidationError(_("This item was not found."), code="not_found")})
        try:
            line = services.refund_order_line(user=info.context.user, line_id=pk, quantity=quantity, reason=reason)
        except GatewayError:
            raise ValidationError({NON_FIELD_ERRORS: ValidationError(
                _("The refund could not be made because card payments are not reachable. "
                  "Nothing was changed; try again in a few minutes."), code="invalid")})
        return {"fulfillment": parcels_queryset(FulfillmentModel.objects.filter(pk=line.fulfillment_id)).first()}
