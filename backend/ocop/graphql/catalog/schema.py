"""The catalogue's queries and mutations, in Saleor's names. Every query reads the public listing
(published products of approved producers); mutations are the producers' own catalogue work."""

import graphene

from ocop.catalog.models import Category as CategoryModel

from ..core.enums import LanguageCodeEnum
from ..core.ids import decode_id
from . import mutations, resolvers, translate
from .categories import Category, CategoryCountableConnection, Collection, CollectionCountableConnection
from .filters import CategoryFilterInput, CollectionFilterInput, ProductFilterInput, ProductWhereInput
from .sorters import CategorySortingInput, CollectionSortingInput, ProductOrder
from .types import Product, ProductCountableConnection, ProductVariant


def _page_arguments() -> dict:
    return {"first": graphene.Int(), "last": graphene.Int(), "after": graphene.String(), "before": graphene.String()}


def _slug_language():
    return LanguageCodeEnum(description="Slugs are the same in every language; accepted and ignored.")


class CatalogQueries(graphene.ObjectType):
    categories = graphene.Field(CategoryCountableConnection, filter=CategoryFilterInput(),
                                sort_by=CategorySortingInput(), level=graphene.Int(description="0: top-level."),
                                **_page_arguments())
    category = graphene.Field(Category, id=graphene.ID(), slug=graphene.String(), slug_language_code=_slug_language())
    collections = graphene.Field(CollectionCountableConnection, filter=CollectionFilterInput(),
                                 sort_by=CollectionSortingInput(), channel=graphene.String(), **_page_arguments())
    collection = graphene.Field(Collection, id=graphene.ID(), slug=graphene.String(),
                                slug_language_code=_slug_language(), channel=graphene.String())
    products = graphene.Field(ProductCountableConnection, filter=ProductFilterInput(), where=ProductWhereInput(),
                              search=graphene.String(description="Words to look for; tone marks optional."),
                              sort_by=ProductOrder(), channel=graphene.String(), **_page_arguments(),
                              description="Published products of approved producers.")
    product = graphene.Field(Product, id=graphene.ID(), slug=graphene.String(), slug_language_code=_slug_language(),
                             channel=graphene.String())
    product_variant = graphene.Field(ProductVariant, id=graphene.ID(), sku=graphene.String(),
                                     channel=graphene.String())

    @staticmethod
    def resolve_categories(root, info, filter=None, sort_by=None, level=None, **page):
        return resolvers.category_connection(info, filter=filter, sort_by=sort_by, level=level, **page)

    @staticmethod
    def resolve_category(root, info, id=None, slug=None, slug_language_code=None):
        if id is not None:
            return CategoryModel.objects.filter(pk=decode_id(id, "Category") or 0).first()
        return CategoryModel.objects.filter(slug=slug).first() if slug is not None else None

    @staticmethod
    def resolve_collections(root, info, filter=None, sort_by=None, channel=None, **page):
        return resolvers.collection_connection(info, filter=filter, sort_by=sort_by, channel=channel, **page)

    @staticmethod
    def resolve_collection(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        collections = resolvers.listed_collections()
        if resolvers.get_channel(channel) is None:
            return None
        if id is not None:
            return collections.filter(pk=decode_id(id, "Collection") or 0).first()
        return collections.filter(slug=slug).first() if slug is not None else None

    @staticmethod
    def resolve_products(root, info, filter=None, where=None, search=None, sort_by=None, channel=None, **page):
        return resolvers.product_connection(info, resolvers.listed_products(), channel=channel, filter=filter,
                                            where=where, search_text=search, sort_by=sort_by, **page)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        if id is not None:
            return resolvers.product_by(info, pk=decode_id(id, "Product") or 0, channel=channel)
        return resolvers.product_by(info, slug=slug, channel=channel)

    @staticmethod
    def resolve_product_variant(root, info, id=None, sku=None, channel=None):
        if id is not None:
            return resolvers.variant_by(info, pk=decode_id(id, "ProductVariant") or 0, channel=channel)
        return resolvers.variant_by(info, sku=sku, channel=channel)


class CatalogMutations(graphene.ObjectType):
    product_create = mutations.ProductCreate.Field()
    product_update = mutations.ProductUpdate.Field()
    product_delete = mutations.ProductDelete.Field()
    product_variant_create = mutations.ProductVariantCreate.Field()
    product_variant_update = mutations.ProductVariantUpdate.Field()
    product_variant_delete = mutations.ProductVariantDelete.Field()
    product_variant_stocks_update = mutations.ProductVariantStocksUpdate.Field()
    product_media_create = mutations.ProductMediaCreate.Field()
    product_media_update = mutations.ProductMediaUpdate.Field()
    product_media_delete = mutations.ProductMediaDelete.Field()
    product_media_reorder = mutations.ProductMediaReorder.Field()
    product_translate = translate.ProductTranslate.Field()
    product_variant_translate = translate.ProductVariantTranslate.Field()
