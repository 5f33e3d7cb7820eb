"""How lists of the catalogue are read: always from the public listing rule
(catalog.selectors.public_products), then filtered, searched, sorted, paged and registered with the
request's loaders so that the fields under them cost a fixed number of queries."""

from __future__ import annotations

import importlib

from django.db.models import FloatField, Q, Value

from ocop.catalog.models import Category, Collection, Product, ProductVariant
from ocop.catalog.selectors import public_products
from ocop.core.text import fold_vietnamese

from ..channel.types import get_channel
from ..core.connection import paginate
from . import dataloaders as loaders
from .filters import category_filter_q, collection_filter_q, product_filter_q, product_where_q
from .sorters import sort_categories, sort_collections, sort_products

PRODUCT_RELATIONS = ("category", "product_type", "producer", "producer__area", "ocop_certificate", "origin_area")


def listed_products():
    return public_products().select_related(*PRODUCT_RELATIONS)


def listed_variants():
    return ProductVariant.objects.filter(product__in=public_products()).select_related(
        *(f"product__{relation}" for relation in PRODUCT_RELATIONS), "product")


def listed_collections():
    return Collection.objects.filter(is_published=True)


def search(queryset, text: str):
    """The search service (ranked, tone-insensitive) when it is installed; else a plain
    tone-insensitive match on the name."""
    try:
        services = importlib.import_module("ocop.search.services")
    except ImportError:
        services = None
    if services is not None and hasattr(services, "search_products"):
        return services.search_products(text, queryset=queryset)
    # Every match ranks the same here, so relevance order falls back to the primary key.
    return queryset.filter(name__unaccent__icontains=fold_vietnamese(text)).annotate(
        search_rank=Value(1.0, output_field=FloatField()))


def product_connection(info, queryset, *, channel=None, filter=None, where=None, search_text=None, sort_by=None,
                       collection_id=None, default_sort="slug", first=None, last=None, after=None, before=None):
    from .types import ProductCountableConnection

    filter = filter or {}
    if get_channel(channel) is None or get_channel(filter.get("channel")) is None:
        queryset = queryset.none()
    queryset = queryset.filter(product_filter_q(info, filter)).filter(product_where_q(info, where))
    text = " ".join(part.strip() for part in (search_text, filter.get("search")) if part and part.strip())
    if text:
        queryset = search(queryset, text)
    queryset = sort_products(queryset, sort_by, searching=bool(text), collection_id=collection_id,
                             default=default_sort)
    connection = paginate(CachedSlices(queryset), ProductCountableConnection, first=first, last=last, after=after,
                          before=before)
    loaders.register_products(info, [edge.node for edge in connection.edges])
    return connection


class CachedSlices:
    """A product queryset whose pages (the ids, in order) and count are kept a short while in the
    process's memory under the catalogue version, like the storefront's listings
    (ocop.search.listing): ranking thousands of matches of a broad search, or counting 100,000
    products, is then paid once per query and catalogue change instead of once per request. The
    rows of a page are always read fresh, by id."""

    def __init__(self, queryset):
        from django.conf import settings
        from django.core.exceptions import EmptyResultSet

        self.queryset = queryset
        self.seconds = settings.LISTING_CACHE_SECONDS
        try:
            self.sql = str(queryset.query) if self.seconds > 0 else None
        except EmptyResultSet:
            self.sql = None

    def _key(self, part: str) -> str:
        import hashlib

        from ocop.search.listing import catalogue_version

        digest = hashlib.sha256(f"{self.sql}|{part}".encode()).hexdigest()[:40]
        return f"api-products:{catalogue_version()}:{digest}"

    def count(self) -> int:
        if self.sql is None:
            return self.queryset.count()
        from ocop.search.listing import remembered

        return remembered(self._key("count"), self.seconds, self.queryset.count)

    def __getitem__(self, window: slice) -> list:
        if self.sql is None:
            return list(self.queryset[window])
        from django.core.cache import caches

        key = self._key(f"{window.start}:{window.stop}")
        ids = caches["listings"].get(key)
        if ids is None:
            rows = list(self.queryset[window])
            caches["listings"].set(key, [row.pk for row in rows], self.seconds)
            return rows
        if not ids:
            return []
        by_id = {row.pk: row for row in self.queryset.order_by().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


def category_products(info, category: Category, **kwargs):
    subtree = loaders.category_subtree_ids(info, [category.pk])
    return product_connection(info, listed_products().filter(category_id__in=subtree), **kwargs)


def collection_products(info, collection: Collection, **kwargs):
    products = listed_products().filter(collection_products__collection=collection)
    return product_connection(info, products, collection_id=collection.pk, default_sort="collection", **kwargs)


def producer_products(info, producer, **kwargs):
    return product_connection(info, listed_products().filter(producer=producer), **kwargs)


def product_by(info, *, pk=None, slug=None, channel=None) -> Product | None:
    if get_channel(channel) is None or (pk is None and slug is None):
        return None
    condition = Q(pk=pk) if pk is not None else Q(slug=slug)
    product = listed_products().filter(condition).first()
    loaders.register_products(info, [product])
    return product


def variant_by(info, *, pk=None, sku=None, channel=None) -> ProductVariant | None:
    if get_channel(channel) is None or (pk is None and not sku):
        return None
    condition = Q(pk=pk) if pk is not None else Q(sku__iexact=sku)
    variant = listed_variants().filter(condition).first()
    if variant is not None:
        loaders.register_products(info, [variant.product])
        loaders.register(info, "variant", [variant])
    return variant


def category_connection(info, *, filter=None, level=None, sort_by=None, parent=None, **page):
    from .categories import CategoryCountableConnection

    categories = Category.objects.filter(category_filter_q(filter))
    if level is not None:
        by_level = _category_levels(info)
        categories = categories.filter(pk__in=[pk for pk, depth in by_level.items() if depth == level])
    if parent is not None:
        categories = categories.filter(parent=parent)
    connection = paginate(sort_categories(categories, sort_by), CategoryCountableConnection, **page)
    loaders.register(info, "category", [edge.node for edge in connection.edges])
    return connection


def _category_levels(info) -> dict[int, int]:
    reg = loaders.registry(info)
    if getattr(reg, "category_levels", None) is not None:
        return reg.category_levels
    categories = loaders.all_categories(info)
    levels = reg.category_levels = {}
    for pk in categories:
        depth, parent = 0, categories[pk].parent_id
        while parent is not None and parent in categories:
            depth, parent = depth + 1, categories[parent].parent_id
        levels[pk] = depth
    return levels


def category_level(info, category: Category) -> int:
    return _category_levels(info).get(category.pk, 0)


def collection_connection(info, *, filter=None, sort_by=None, channel=None, **page):
    from .categories import CollectionCountableConnection

    collections = listed_collections().filter(collection_filter_q(filter))
    if get_channel(channel) is None or get_channel((filter or {}).get("channel")) is None:
        collections = collections.none()
    connection = paginate(sort_collections(collections, sort_by), CollectionCountableConnection, **page)
    loaders.register(info, "collection", [edge.node for edge in connection.edges])
    return connection
