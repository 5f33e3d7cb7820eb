"""Saleor's OrderLine: what was bought, as it was bought (names, SKU and price are snapshots), and
how many of it left in its producer's parcel."""

from __future__ import annotations

import graphene
from graphene import relay
from graphql_relay import to_global_id

from ocop.catalog.images import thumbnail_url
from ocop.orders import models

from ..catalog import dataloaders as loaders
from ..catalog.types import Image, ProductVariant, absolute, thumbnail_arguments
from ..core.metadata import ObjectWithMetadata
from ..core.money import Money, TaxedMoney, money, taxed
from ..producers.types import Producer

ORDER_LINE_THUMBNAIL_SIZE = 256  # Saleor's default for OrderLine.thumbnail


def parcel_of(line: models.OrderLine) -> models.Fulfillment:
    """The line's parcel, from the order's prefetched parcels when the line came through its order."""
    if models.OrderLine.fulfillment.is_cached(line):
        return line.fulfillment
    if models.OrderLine.order.is_cached(line):
        for parcel in line.order.fulfillments.all():
            if parcel.pk == line.fulfillment_id:
                line.fulfillment = parcel
                return parcel
    return line.fulfillment


class OrderLine(graphene.ObjectType):
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    translated_product_name = graphene.String(required=True)
    translated_variant_name = graphene.String(required=True)
    variant = graphene.Field(ProductVariant, description="Null when the variant has since been deleted.")
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    quantity_to_fulfill = graphene.Int(required=True)
    quantity_refunded = graphene.Int(required=True, description="Items refunded by the producer (OCOP Market).")
    is_shipping_required = graphene.Boolean(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    unit_discount_value = graphene.Float(required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    tax_rate = graphene.Float(required=True)
    thumbnail = graphene.Field(Image, **thumbnail_arguments())
    producer = graphene.Field(Producer, required=True, description="The producer who ships this line (OCOP Market).")

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.OrderLine,)

    @classmethod
    def get_node(cls, info, pk):
        return None  # reach lines through their order

    @staticmethod
    def resolve_translated_product_name(root, info):
        return root.shopper_product_name

    @staticmethod
    def resolve_translated_variant_name(root, info):
        return root.shopper_variant_name

    @staticmethod
    def resolve_product_variant_id(root, info):
        return to_global_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_variant(root, info):
        if not root.variant_id or root.variant is None:
            return None
        return root.variant if is_public_product(info, root.variant.product_id) else None

    @staticmethod
    def resolve_quantity_fulfilled(root, info):
        return units_shipped(root)

    @staticmethod
    def resolve_quantity_to_fulfill(root, info):
        # Units refunded before the parcel left are not sent.
        return root.quantity - root.quantity_refunded if parcel_of(root).status in OPEN_PARCEL_STATUSES else 0

    @staticmethod
    def resolve_producer(root, info):
        return parcel_of(root).producer

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return True

    @staticmethod
    def resolve_unit_price(root, info):
        return taxed(root.unit_price_amount)

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_unit_discount(root, info):
        return money(0)

    @staticmethod
    def resolve_unit_discount_value(root, info):
        return 0.0

    @staticmethod
    def resolve_total_price(root, info):
        return taxed(root.total_amount)

    resolve_undiscounted_total_price = resolve_total_price

    @staticmethod
    def resolve_tax_rate(root, info):
        return 0.0

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        if not root.variant_id or root.variant is None:
            return None
        product = root.variant.product
        media = loaders.MediaByProduct.for_request(info).load(product)
        if not media:
            return None
        first = media[0]
        size = ORDER_LINE_THUMBNAIL_SIZE if size is None else size
        url = thumbnail_url(first, size) if size else first.image.url
        return {"url": absolute(info, url), "alt": first.alt or root.product_name}


def is_public_product(info, product_id) -> bool:
    """Whether the catalogue lists the product now (catalog.selectors.public_products): one query
    for every line product this request has registered."""
    from ocop.catalog.selectors import public_products

    known = info.context.__dict__.setdefault("_order_public_products", {})
    if product_id not in known:
        wanted = {product_id} | set(loaders.registry(info).seen["product"])
        wanted -= set(known)
        public = set(public_products().filter(pk__in=wanted).values_list("pk", flat=True))
        known.update({pk: pk in public for pk in wanted})
    return known[product_id]


def units_shipped(line: models.OrderLine) -> int:
    """Units of the line that left in its parcel: those refunded before it shipped stayed behind
    (units refunded afterwards were shipped, and refunded as returned or damaged)."""
    parcel = parcel_of(line)
    if parcel.status != models.FulfillmentStatus.SHIPPED:
        return 0
    events = list(parcel.order.events.all())  # prefetched by orders_queryset()
    shipped = next((e for e in events if e.type == models.OrderEvents.FULFILLMENT_SHIPPED
                    and e.fulfillment_id == parcel.pk), None)
    if shipped is None:  # no record of when it left: take every refund as made before
        return line.quantity - line.quantity_refunded
    before = sum(int(e.parameters.get("quantity") or 0) for e in events
                 if e.type == models.OrderEvents.LINE_REFUNDED and e.parameters.get("line") == line.pk
                 and (e.created_at, e.pk) < (shipped.created_at, shipped.pk))
    return line.quantity - min(before, line.quantity_refunded)


OPEN_PARCEL_STATUSES = (models.FulfillmentStatus.UNCONFIRMED, models.FulfillmentStatus.CONFIRMED,
                        models.FulfillmentStatus.PACKED)
