"""Saleor's `sortBy` inputs for products, categories and collections, and the orderings they mean
for our rows. Every ordering ends with the primary key, so pages never overlap or skip a row."""

import graphene
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery

from ocop.catalog.models import CollectionProduct, ProductVariant
from ocop.catalog.selectors import public_products

from ..core.enums import OrderDirection

_LAST_MODIFIED = "Use `LAST_MODIFIED_AT` instead."


class ProductOrderField(graphene.Enum):
    NAME = "name"
    RANK = "rank"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    LAST_MODIFIED = "last_modified"
    DATE = "date"
    TYPE = "type"
    PUBLISHED = "published"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    LAST_MODIFIED_AT = "last_modified_at"
    COLLECTION = "collection"
    RATING = "rating"
    CREATED_AT = "created_at"

    class Meta:
        @staticmethod
        def deprecation_reason(value):
            return {
                ProductOrderField.LAST_MODIFIED: _LAST_MODIFIED,
                ProductOrderField.DATE: _LAST_MODIFIED,
                ProductOrderField.PUBLICATION_DATE: "Use `PUBLISHED_AT` instead.",
            }.get(value)


class ProductOrder(graphene.InputObjectType):
    direction = OrderDirection(required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    attribute_id = graphene.ID(description="Sort by this attribute's values: we keep no attributes, so no effect.")
    field = ProductOrderField()


class CategorySortField(graphene.Enum):
    NAME = "name"
    PRODUCT_COUNT = "product_count"
    SUBCATEGORY_COUNT = "subcategory_count"


class CategorySortingInput(graphene.InputObjectType):
    direction = OrderDirection(required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = CategorySortField(required=True)


class CollectionSortField(graphene.Enum):
    NAME = "name"
    AVAILABILITY = "availability"
    PRODUCT_COUNT = "product_count"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"


class CollectionSortingInput(graphene.InputObjectType):
    direction = OrderDirection(required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = CollectionSortField(required=True)


def _value(enum_member):
    return getattr(enum_member, "value", enum_member)


def _descending(sort_by) -> bool:
    return _value((sort_by or {}).get("direction")) == OrderDirection.DESC.value


def _ordered(queryset, keys, descending: bool):
    """Order by `keys` (field names or expressions) and then pk, all in one direction; nulls last."""
    terms = []
    for key in [*keys, "pk"]:
        expression = F(key) if isinstance(key, str) else key
        terms.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    return queryset.order_by(*terms)


def _min_price():
    prices = ProductVariant.objects.filter(product=OuterRef("pk")).values("product").annotate(low=Min("price_amount"))
    return Subquery(prices.values("low")[:1], output_field=IntegerField())


def sort_products(queryset, sort_by=None, *, searching: bool = False, collection_id=None, default="slug"):
    """Apply a ProductOrder. Without one: relevance when searching, else `default` ("slug", or
    "collection" for a collection's own order). Fields we cannot sort by meaningfully (an
    attribute, a collection outside a collection) keep the default order."""
    field = _value((sort_by or {}).get("field"))
    descending = _descending(sort_by)
    if field is None and searching:
        field, descending = "rank", True  # best match first
    if field is None or (field == "rank" and not searching):
        field = default
    if field == "collection" and collection_id is None:
        field = "slug"
    if field == "rank":
        return _ordered(queryset, ["search_rank"], descending)
    if field in ("price", "minimal_price"):
        return _ordered(queryset.annotate(sort_price=_min_price()), ["sort_price", "name"], descending)
    if field == "collection":
        position = CollectionProduct.objects.filter(collection_id=collection_id, product=OuterRef("pk"))
        return _ordered(queryset.annotate(collection_position=Subquery(position.values("sort_order")[:1])),
                        ["collection_position"], descending)
    keys = {
        "name": ["name", "slug"],
        "slug": ["slug"],
        "last_modified": ["updated_at"],
        "last_modified_at": ["updated_at"],
        "date": ["updated_at"],
        "type": ["product_type__name", "name"],
        "published": ["is_published", "name"],
        "publication_date": ["published_at"],
        "published_at": ["published_at"],
        "rating": ["rating", "name"],
        "created_at": ["created_at"],
    }.get(field, ["slug"])
    return _ordered(queryset, keys, descending)


def _public_count(prefix: str):
    return Count(f"{prefix}__pk", filter=Q(**{f"{prefix}__pk__in": public_products().values("pk")}), distinct=True)


def sort_categories(queryset, sort_by=None):
    if not sort_by:
        return _ordered(queryset, ["sort_order", "name"], descending=False)
    field, descending = _value(sort_by.get("field")), _descending(sort_by)
    if field == "product_count":
        return _ordered(queryset.annotate(product_count=_public_count("products")), ["product_count", "name"],
                        descending)
    if field == "subcategory_count":
        return _ordered(queryset.annotate(subcategory_count=Count("children", distinct=True)),
                        ["subcategory_count", "name"], descending)
    return _ordered(queryset, ["name", "slug"], descending)


def sort_collections(queryset, sort_by=None):
    if not sort_by:
        return _ordered(queryset, ["sort_order", "name"], descending=False)
    field, descending = _value(sort_by.get("field")), _descending(sort_by)
    if field == "product_count":
        return _ordered(queryset.annotate(product_count=_public_count("products")), ["product_count", "name"],
                        descending)
    # A collection has no publication date of its own: its place in the list stands for it.
    if field in ("publication_date", "published_at"):
        return _ordered(queryset, ["sort_order", "name"], descending)
    # NAME, and AVAILABILITY: every collection a shopper sees is published, so the name decides.
    return _ordered(queryset, ["name", "slug"], descending)
