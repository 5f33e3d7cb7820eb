"""Per-request batch loading, without promises.

graphql-core resolves a list one item at a time, so a loader cannot wait for every key to be
asked for. Instead, whoever materialises rows registers them (a page of products, a product's
variants), and the first field that needs related data loads it for every registered row at once:
a page of 1 or 100 products costs the same few queries, and nothing is loaded that no field asks for."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Prefetch, Sum

from ocop.catalog.models import (Category, CategoryTranslation, CollectionProduct, CollectionTranslation, ProductMedia,
                                 ProductTranslation, ProductVariant, ProductVariantTranslation, Stock, Thumbnail)


class Registry:
    """What this request has seen, by kind ("product", "variant", "category", "collection")."""

    def __init__(self):
        self.seen: dict[str, dict] = defaultdict(dict)
        self.loaders: dict[type, BatchLoader] = {}
        self.all_categories: dict[int, Category] | None = None

    def add(self, kind: str, objects) -> None:
        bucket = self.seen[kind]
        for obj in objects:
            if obj is not None:
                bucket.setdefault(obj.pk, obj)


def registry(info) -> Registry:
    context = info.context
    found = getattr(context, "_catalog_registry", None)
    if found is None:
        found = Registry()
        context._catalog_registry = found
    return found


def register_products(info, products) -> None:
    products = [p for p in products if p is not None]
    reg = registry(info)
    reg.add("product", products)
    reg.add("category", [p.category for p in products if p.category_id and _cached(p, "category")])


def register(info, kind: str, objects) -> None:
    registry(info).add(kind, objects)


def _cached(obj, field: str) -> bool:
    return obj._meta.get_field(field).is_cached(obj)


class BatchLoader:
    """Loads values for every registered row of `kind` not loaded yet, the first time one is asked for."""

    kind = "product"

    def __init__(self, reg: Registry):
        self.registry = reg
        self.cache: dict = {}

    @classmethod
    def for_request(cls, info) -> BatchLoader:
        reg = registry(info)
        if cls not in reg.loaders:
            reg.loaders[cls] = cls(reg)
        return reg.loaders[cls]

    def load(self, obj):
        key = obj.pk
        if key not in self.cache:
            self.registry.add(self.kind, [obj])
            keys = [k for k in self.registry.seen[self.kind] if k not in self.cache]
            found = self.batch_load(keys)
            for k in keys:
                self.cache[k] = found.get(k, self.empty())
        return self.cache[key]

    def batch_load(self, keys: list) -> dict:
        raise NotImplementedError

    def empty(self):
        return []


def _grouped(rows, key: str) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


class VariantsByProduct(BatchLoader):
    def batch_load(self, keys):
        products = self.registry.seen["product"]
        variants = list(ProductVariant.objects.filter(product_id__in=keys).order_by("sort_order", "id"))
        for variant in variants:
            variant.product = products[variant.product_id]
        self.registry.add("variant", variants)
        return _grouped(variants, "product_id")


class MediaByProduct(BatchLoader):
    def batch_load(self, keys):
        media = list(ProductMedia.objects.filter(product_id__in=keys).order_by("sort_order", "id")
                     .prefetch_related(Prefetch("thumbnails", queryset=Thumbnail.objects.order_by("size"))))
        products = self.registry.seen["product"]
        for item in media:
            item.product = products[item.product_id]
        return _grouped(media, "product_id")


class CollectionsByProduct(BatchLoader):
    def batch_load(self, keys):
        links = (CollectionProduct.objects.filter(product_id__in=keys, collection__is_published=True)
                 .select_related("collection").order_by("collection__sort_order", "collection__name"))
        grouped = defaultdict(list)
        for link in links:
            grouped[link.product_id].append(link.collection)
        self.registry.add("collection", [c for items in grouped.values() for c in items])
        return grouped


class TranslationsByProduct(BatchLoader):
    def batch_load(self, keys):
        return _by_language(ProductTranslation.objects.filter(product_id__in=keys), "product_id")

    def empty(self):
        return {}


class TranslationsByVariant(BatchLoader):
    kind = "variant"

    def batch_load(self, keys):
        return _by_language(ProductVariantTranslation.objects.filter(variant_id__in=keys).exclude(name=""),
                            "variant_id")

    def empty(self):
        return {}


class TranslationsByCategory(BatchLoader):
    kind = "category"

    def batch_load(self, keys):
        return _by_language(CategoryTranslation.objects.filter(category_id__in=keys), "category_id")

    def empty(self):
        return {}


class TranslationsByCollection(BatchLoader):
    kind = "collection"

    def batch_load(self, keys):
        return _by_language(CollectionTranslation.objects.filter(collection_id__in=keys), "collection_id")

    def empty(self):
        return {}


def _by_language(rows, key: str) -> dict:
    found = defaultdict(dict)
    for row in rows:
        found[getattr(row, key)][row.language_code.lower()] = row
    return found


class QuantityAvailableByVariant(BatchLoader):
    """Stock that can still be sold: quantity minus what orders hold, over every warehouse."""

    kind = "variant"

    def batch_load(self, keys):
        rows = (Stock.objects.filter(product_variant_id__in=keys).values("product_variant_id")
                .annotate(available=Sum(F("quantity") - F("quantity_allocated"))))
        return {row["product_variant_id"]: max(int(row["available"] or 0), 0) for row in rows}

    def empty(self):
        return 0


def all_categories(info) -> dict[int, Category]:
    """The category tree is small; one query per request serves every parent, child and level."""
    reg = registry(info)
    if reg.all_categories is None:
        reg.all_categories = {c.pk: c for c in Category.objects.order_by("sort_order", "name", "pk")}
        reg.add("category", reg.all_categories.values())
    return reg.all_categories


def category_subtree_ids(info, category_ids) -> set[int]:
    """The categories and everything below them (Saleor's category filters include subcategories)."""
    categories = all_categories(info)
    children = defaultdict(list)
    for category in categories.values():
        children[category.parent_id].append(category.pk)
    found, stack = set(), [pk for pk in category_ids if pk in categories]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children[pk])
    return found
