"""Saleor's product, category and collection filters (`filter` and `where`), as Q objects over
the public listing. What our data has is filtered on; what it cannot have (attributes, metadata,
gift cards, pre-orders, hidden or unpublished rows in a public listing) matches nothing when asked
for and changes nothing when asked against, which is the truthful answer either way."""

from __future__ import annotations

import uuid

import graphene
from django.db.models import F, Min, Q
from graphql_relay import from_global_id

from ocop.catalog.models import CollectionProduct, Product, ProductVariant, Stock

from ..core.filters import (DateTimeFilterInput, DateTimeRangeInput, DecimalFilterInput, GlobalIDFilterInput,
                            IntRangeInput, MetadataFilter, PriceRangeInput, StringFilterInput)
from ..core.ids import decode_id
from .attributes import AttributeInput
from .dataloaders import category_subtree_ids

NOTHING = Q(pk__in=[])
HAS_PREORDER_DEPRECATION = ("Preorder is deprecated and will be removed. Model pre-sales with regular stock instead: "
                            "create the planned quantity in a warehouse, or set `trackInventory` to false to sell "
                            "without a stock limit.")


class StockAvailability(graphene.Enum):
    IN_STOCK = "in_stock"
    OUT_OF_STOCK = "out_of_stock"


class ProductStockFilterInput(graphene.InputObjectType):
    warehouse_ids = graphene.List(graphene.NonNull(graphene.ID))
    quantity = graphene.Field(IntRangeInput)


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean()
    collections = graphene.List(graphene.NonNull(graphene.ID))
    categories = graphene.List(graphene.NonNull(graphene.ID), description="These categories and their subcategories.")
    has_category = graphene.Boolean()
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = StockAvailability()
    stocks = graphene.Field(ProductStockFilterInput)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    published_from = graphene.DateTime()
    is_available = graphene.Boolean()
    available_from = graphene.DateTime()
    is_visible_in_listing = graphene.Boolean()
    price = graphene.Field(PriceRangeInput, description="A variant priced within the range.")
    minimal_price = graphene.Field(PriceRangeInput, description="The cheapest variant within the range.")
    updated_at = graphene.Field(DateTimeRangeInput)
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    gift_card = graphene.Boolean()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    has_preordered_variants = graphene.Boolean(deprecation_reason=HAS_PREORDER_DEPRECATION)
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class ProductWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    product_type = graphene.Field(GlobalIDFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    collection = graphene.Field(GlobalIDFilterInput)
    is_available = graphene.Boolean()
    is_published = graphene.Boolean()
    is_visible_in_listing = graphene.Boolean()
    published_from = graphene.DateTime()
    available_from = graphene.DateTime()
    has_category = graphene.Boolean()
    price = graphene.Field(DecimalFilterInput)
    minimal_price = graphene.Field(DecimalFilterInput)
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = StockAvailability()
    stocks = graphene.Field(ProductStockFilterInput)
    gift_card = graphene.Boolean()
    has_preordered_variants = graphene.Boolean(deprecation_reason=HAS_PREORDER_DEPRECATION)
    updated_at = graphene.Field(DateTimeFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: ProductWhereInput))


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    updated_at = graphene.Field(DateTimeRangeInput)


class CollectionPublished(graphene.Enum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


class CollectionFilterInput(graphene.InputObjectType):
    published = CollectionPublished()
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


# --------------------------------------------------------------------------- helpers

def pks(global_ids, type_name: str) -> list[int]:
    """The pks of the IDs of `type_name`; malformed or foreign IDs match nothing."""
    return [pk for pk in (decode_id(g, type_name) for g in global_ids or []) if pk is not None]


def _warehouse_pks(global_ids) -> list[uuid.UUID]:
    found = []
    for global_id in global_ids or []:
        try:
            type_name, pk = from_global_id(global_id)
            if type_name == "Warehouse":
                found.append(uuid.UUID(pk))
        except (ValueError, TypeError, UnicodeDecodeError):
            continue
    return found


def _value(member):
    return getattr(member, "value", member)


def _products_with_variant(condition: Q) -> Q:
    return Q(pk__in=ProductVariant.objects.filter(condition).values("product_id"))


def _products_with_min_price(condition: Q) -> Q:
    cheapest = Product.objects.annotate(low=Min("variants__price_amount")).filter(condition)
    return Q(pk__in=cheapest.values("pk"))


def _range_q(field: str, data) -> Q:
    q = Q()
    if data and data.get("gte") is not None:
        q &= Q(**{f"{field}__gte": data["gte"]})
    if data and data.get("lte") is not None:
        q &= Q(**{f"{field}__lte": data["lte"]})
    return q


def _decimal_q(field: str, data) -> Q:
    """DecimalFilterInput: eq, oneOf or range."""
    if not data:
        return Q()
    q = Q()
    if data.get("eq") is not None:
        q &= Q(**{field: data["eq"]})
    if data.get("one_of") is not None:
        q &= Q(**{f"{field}__in": data["one_of"]})
    return q & _range_q(field, data.get("range"))


def _string_q(field: str, data) -> Q:
    if not data:
        return Q()
    q = Q()
    if data.get("eq") is not None:
        q &= Q(**{field: data["eq"]})
    if data.get("one_of") is not None:
        q &= Q(**{f"{field}__in": data["one_of"]})
    return q


def _global_ids(data) -> list | None:
    """GlobalIDFilterInput as a list of IDs, or None when it says nothing."""
    if not data:
        return None
    ids = []
    if data.get("eq") is not None:
        ids.append(data["eq"])
    if data.get("one_of") is not None:
        ids.extend(data["one_of"])
    return ids if (data.get("eq") is not None or data.get("one_of") is not None) else None


def _stock_q(availability=None, stocks=None) -> Q:
    q = Q()
    availability = _value(availability)
    in_stock = Stock.objects.filter(quantity__gt=F("quantity_allocated")).values("product_variant__product_id")
    if availability == StockAvailability.IN_STOCK.value:
        q &= Q(pk__in=in_stock)
    elif availability == StockAvailability.OUT_OF_STOCK.value:
        q &= ~Q(pk__in=in_stock)
    if stocks:
        rows = Stock.objects.all()
        if stocks.get("warehouse_ids") is not None:
            rows = rows.filter(warehouse_id__in=_warehouse_pks(stocks["warehouse_ids"]))
        rows = rows.filter(_range_q("quantity", stocks.get("quantity")))
        q &= Q(pk__in=rows.values("product_variant__product_id"))
    return q


def _in_collections(collection_pks) -> Q:
    return Q(pk__in=CollectionProduct.objects.filter(collection_id__in=collection_pks, collection__is_published=True)
             .values("product_id"))


def _never_in_public_listing(data) -> bool:
    """What no product of a public listing is: unpublished, hidden, unavailable, a gift card, with
    a pre-order, or carrying attributes or metadata (we keep neither)."""
    return (data.get("is_published") is False or data.get("is_available") is False
            or data.get("is_visible_in_listing") is False or data.get("gift_card") is True
            or data.get("has_preordered_variants") is True or bool(data.get("attributes"))
            or bool(data.get("metadata")))


def _shared_q(data) -> Q:
    """The fields `filter` and `where` share with the same meaning."""
    q = Q()
    if data.get("has_category") is not None:
        q &= Q(category__isnull=not data["has_category"])
    for field in ("published_from", "available_from"):
        # Publication is when a product becomes both visible and purchasable.
        if data.get(field) is not None:
            q &= Q(published_at__lte=data[field])
    return q & _stock_q(data.get("stock_availability"), data.get("stocks"))


# --------------------------------------------------------------------------- filter and where

def product_filter_q(info, data) -> Q:
    """ProductFilterInput (without `search` and `channel`, which the caller applies)."""
    if not data:
        return Q()
    if _never_in_public_listing(data):
        return NOTHING
    q = _shared_q(data)
    if data.get("ids") is not None:
        q &= Q(pk__in=pks(data["ids"], "Product"))
    if data.get("slugs") is not None:
        q &= Q(slug__in=data["slugs"])
    if data.get("categories") is not None:
        q &= Q(category_id__in=category_subtree_ids(info, pks(data["categories"], "Category")))
    if data.get("collections") is not None:
        q &= _in_collections(pks(data["collections"], "Collection"))
    if data.get("product_types") is not None:
        q &= Q(product_type_id__in=pks(data["product_types"], "ProductType"))
    if data.get("price"):
        q &= _products_with_variant(_range_q("price_amount", data["price"]))
    if data.get("minimal_price"):
        q &= _products_with_min_price(_range_q("low", data["minimal_price"]))
    if data.get("updated_at"):
        q &= _range_q("updated_at", data["updated_at"])
    return q


def product_where_q(info, data) -> Q:
    """ProductWhereInput, with its AND and OR lists."""
    if not data:
        return Q()
    if _never_in_public_listing(data):
        return NOTHING
    q = _shared_q(data)
    if data.get("ids") is not None:
        q &= Q(pk__in=pks(data["ids"], "Product"))
    q &= _string_q("name", data.get("name")) & _string_q("slug", data.get("slug"))
    for field, type_name, lookup in (("product_type", "ProductType", "product_type_id__in"),
                                     ("category", "Category", "category_id__in")):
        ids = _global_ids(data.get(field))
        if ids is not None:
            q &= Q(**{lookup: pks(ids, type_name)})
    ids = _global_ids(data.get("collection"))
    if ids is not None:
        q &= _in_collections(pks(ids, "Collection"))
    if data.get("price"):
        q &= _products_with_variant(_decimal_q("price_amount", data["price"]))
    if data.get("minimal_price"):
        q &= _products_with_min_price(_decimal_q("low", data["minimal_price"]))
    updated = data.get("updated_at")
    if updated:
        if updated.get("eq") is not None:
            q &= Q(updated_at=updated["eq"])
        if updated.get("one_of") is not None:
            q &= Q(updated_at__in=updated["one_of"])
        q &= _range_q("updated_at", updated.get("range"))
    for part in data.get("AND") or []:
        q &= product_where_q(info, part)
    if data.get("OR"):
        either = NOTHING
        for part in data["OR"]:
            either |= product_where_q(info, part)
        q &= either
    return q


def category_filter_q(data) -> Q:
    if not data:
        return Q()
    if data.get("metadata"):
        return NOTHING
    q = Q()
    if data.get("search"):
        from ocop.core.text import fold_vietnamese

        text = fold_vietnamese(data["search"].strip())
        q &= Q(name__unaccent__icontains=text) | Q(slug__icontains=text)
    if data.get("ids") is not None:
        q &= Q(pk__in=pks(data["ids"], "Category"))
    if data.get("slugs") is not None:
        q &= Q(slug__in=data["slugs"])
    if data.get("updated_at"):
        q &= _range_q("updated_at", data["updated_at"])
    return q


def collection_filter_q(data) -> Q:
    if not data:
        return Q()
    if data.get("metadata") or _value(data.get("published")) == CollectionPublished.HIDDEN.value:
        return NOTHING
    q = Q()
    if data.get("search"):
        from ocop.core.text import fold_vietnamese

        text = fold_vietnamese(data["search"].strip())
        q &= Q(name__unaccent__icontains=text) | Q(slug__icontains=text)
    if data.get("ids") is not None:
        q &= Q(pk__in=pks(data["ids"], "Collection"))
    if data.get("slugs") is not None:
        q &= Q(slug__in=data["slugs"])
    return q
