"""Delivery in Saleor's shape over per-producer parcels.

One checkout holds several producers' products and each producer ships its own parcel with its
own delivery option (a `ShippingRate`), where Saleor has one delivery method per checkout. The
mapping: every producer's option is a `ShippingMethod` (its ID names the rate, and so the
producer); `shippingMethods` lists the options of every parcel, each naming its producer;
`checkoutDeliveryMethodUpdate` with one of them sets that producer's parcel (and gives parcels
still without a choice their cheapest option); `deliveryMethod` is the parcel's method when the
cart has one parcel, and a combined method (names and prices summed, usable again as an ID) when
every parcel of several has one. `Checkout.parcels` (OCOP) shows and lets a client choose per
producer. A ShippingMethod's root is a list of `checkout.selectors.ShippingOption`."""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from ..core.metadata import ObjectWithMetadata
from ..core.money import Money, money
from ..producers.types import Producer

class ShippingMethod(graphene.ObjectType):
    """One producer's delivery option for its parcel (OCOP: each producer ships separately), or,
    as `Checkout.deliveryMethod` of a cart of several parcels, the options chosen for all of them."""

    id = graphene.ID(required=True, description="Encodes the producer's rate (several, joined by `+`, when combined).")
    name = graphene.String(required=True, description="The producer's name and the option's name.")
    description = graphene.JSONString()
    price = graphene.Field(Money, required=True, description="For this parcel's weight, to the shipping address.")
    active = graphene.Boolean(required=True, description="Whether it reaches the shipping address.")
    message = graphene.String()
    minimum_delivery_days = graphene.Int(description="Not kept: null.")
    maximum_delivery_days = graphene.Int(description="Not kept: null.")
    minimum_order_price = graphene.Field(Money)
    maximum_order_price = graphene.Field(Money)
    type = graphene.String(description="PRICE (a flat price plus a price per started kilogram).")
    producer = graphene.Field(Producer, description="Whose parcel this option delivers (OCOP); null when combined.")

    class Meta:
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("ShippingMethod", "+".join(str(option.rate.pk) for option in root))

    @staticmethod
    def resolve_name(root, info):
        return "; ".join(f"{option.producer.name}: {option.rate.name}" for option in root)

    @staticmethod
    def resolve_description(root, info):
        return None

    @staticmethod
    def resolve_price(root, info):
        return money(sum(option.price for option in root))

    @staticmethod
    def resolve_active(root, info):
        return all(option.reaches_address for option in root)

    @staticmethod
    def resolve_type(root, info):
        return "PRICE"

    @staticmethod
    def resolve_producer(root, info):
        return root[0].producer if len(root) == 1 else None



class DeliveryMethod(graphene.Union):
    class Meta:
        types = (ShippingMethod,)

    @classmethod
    def resolve_type(cls, instance, info):
        return ShippingMethod


class Delivery(graphene.ObjectType):
    """A delivery option for this checkout (Saleor's Delivery): the ShippingMethod with this ID's rate."""

    id = graphene.ID(required=True)
    shipping_method = graphene.Field(ShippingMethod)

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("Delivery", "+".join(str(option.rate.pk) for option in root))

    @staticmethod
    def resolve_shipping_method(root, info):
        return root


class CheckoutProblemDeliveryMethodStale(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblem(graphene.Union):
    """Never reported: a delivery that no longer reaches the address is dropped when the address changes."""

    class Meta:
        types = (CheckoutProblemDeliveryMethodStale, CheckoutProblemDeliveryMethodInvalid)
