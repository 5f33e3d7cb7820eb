"""Choosing delivery: Saleor's one delivery method mapped onto a parcel per producer (see
graphql/checkout/delivery.py)."""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _
from graphql_relay import from_global_id

from ocop.checkout import services
from ocop.checkout.errors import CheckoutErrorCode as Codes

from ..dataloaders import options_of
from ..delivery import Delivery
from ..inputs import DeliveryOptionsCalculateError, DeliveryOptionsCalculateErrorCode
from .base import FIELD_MAP, CheckoutMutation, CheckoutPayload, _id, _token, error, fresh, get_checkout


def rate_pks(global_id) -> list[int] | None:
    """The rates a ShippingMethod or Delivery ID names (`12`, or `12+15` for a combined method)."""
    try:
        type_name, value = from_global_id(global_id)
    except Exception:
        return None
    if type_name not in ("ShippingMethod", "Delivery"):
        return None
    parts = str(value).split("+")
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


class CheckoutDeliveryMethodUpdate(CheckoutPayload):
    """Choose a delivery: a ShippingMethod from `shippingMethods` sets its producer's parcel (and
    parcels still without a choice get their cheapest option); the combined method from
    `deliveryMethod` sets every parcel it names; null clears every parcel's choice."""

    field_map = {**FIELD_MAP, "shipping_method": "deliveryMethodId"}

    class Arguments:
        delivery_method_id = graphene.ID()
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, delivery_method_id=None, id=None, token=None):
        checkout = get_checkout(info, id, token)
        if not delivery_method_id:
            services.clear_deliveries(checkout=checkout)
            return {"checkout": fresh(checkout)}
        pks = rate_pks(delivery_method_id)
        if pks is None:
            raise error("delivery_method_id", _("This delivery option is not available for your cart."),
                        Codes.DELIVERY_METHOD_NOT_APPLICABLE)
        services.choose_delivery_methods(checkout=checkout, shipping_rate_ids=pks)
        return {"checkout": fresh(checkout)}


class DeliveryOptionsCalculate(CheckoutMutation):
    """Every parcel's delivery options for the shipping address (none without one)."""

    error_type = DeliveryOptionsCalculateError
    error_code_enum = DeliveryOptionsCalculateErrorCode

    class Arguments:
        id = graphene.ID(required=True)

    deliveries = graphene.List(graphene.NonNull(Delivery), required=True)
    errors = graphene.List(graphene.NonNull(DeliveryOptionsCalculateError), required=True)

    @classmethod
    def perform(cls, info, id):
        checkout = get_checkout(info, id)
        return {"deliveries": [[option] for options in options_of(checkout).values() for option in options]}
