"""Saleor's Category and Collection over ours: the category tree (all of it public) and the
published collections, each with its public products."""

import graphene
from graphene import relay

from ocop.catalog import models

from ..channel.types import DEFAULT_CHANNEL
from ..core.connection import CountableConnection
from ..core.metadata import ObjectWithMetadata
from . import dataloaders as loaders
from . import resolvers
from .descriptions import DescribedResolvers
from .translations import CategoryTranslation, CollectionTranslation, pick_translation, translation_field
from .types import Image, ProductCountableConnection, image_of, node_pk, product_list_arguments, thumbnail_arguments


class Category(DescribedResolvers, graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()
    level = graphene.Int(required=True, description="0 for a top-level category.")
    parent = graphene.Field(lambda: Category)
    children = graphene.Field(lambda: CategoryCountableConnection, first=graphene.Int(), last=graphene.Int(),
                              after=graphene.String(), before=graphene.String())
    background_image = graphene.Field(Image, **thumbnail_arguments())
    products = graphene.Field(ProductCountableConnection, **product_list_arguments(),
                              description="Public products of this category and its subcategories.")
    translation = translation_field(CategoryTranslation)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.Category,)

    @classmethod
    def get_node(cls, info, pk):
        return models.Category.objects.filter(pk=node_pk(pk)).first()

    @staticmethod
    def resolve_level(root, info):
        return resolvers.category_level(info, root)

    @staticmethod
    def resolve_parent(root, info):
        return loaders.all_categories(info).get(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_children(root, info, **page):
        return resolvers.category_connection(info, parent=root, **page)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return image_of(info, root.background_image, root.background_image_alt or root.name)

    @staticmethod
    def resolve_products(root, info, filter=None, where=None, sort_by=None, channel=None, **page):
        return resolvers.category_products(info, root, filter=filter, where=where, sort_by=sort_by, channel=channel,
                                           **page)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return pick_translation(loaders.TranslationsByCategory.for_request(info).load(root), language_code)


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category


class Collection(DescribedResolvers, graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()
    channel = graphene.String()
    background_image = graphene.Field(Image, **thumbnail_arguments())
    products = graphene.Field(ProductCountableConnection, **product_list_arguments(channel=False),
                              description="Public products of the collection, in its own order unless sorted.")
    translation = translation_field(CollectionTranslation)

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.Collection,)

    @classmethod
    def get_node(cls, info, pk):
        return resolvers.listed_collections().filter(pk=node_pk(pk)).first()

    @staticmethod
    def resolve_channel(root, info):
        return DEFAULT_CHANNEL.slug

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return image_of(info, root.background_image, root.background_image_alt or root.name)

    @staticmethod
    def resolve_products(root, info, filter=None, where=None, sort_by=None, **page):
        return resolvers.collection_products(info, root, filter=filter, where=where, sort_by=sort_by, **page)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return pick_translation(loaders.TranslationsByCollection.for_request(info).load(root), language_code)


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = Collection
