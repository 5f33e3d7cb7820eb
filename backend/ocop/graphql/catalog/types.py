"""Saleor's product types over our models: Product, ProductVariant, ProductMedia and ProductType,
with OCOP's additions (producer, certificate, stars, origin). Categories and collections are in
categories.py, prices in pricing.py.

Related rows come from the request's loaders (dataloaders.py), never one query per row."""

from __future__ import annotations

import graphene
from graphene import relay

from ocop.catalog import models, selectors
from ocop.catalog.images import thumbnail_url

from ..channel.types import DEFAULT_CHANNEL
from ..core.connection import CountableConnection, paginate
from ..core.enums import ThumbnailFormatEnum
from ..core.metadata import ObjectWithMetadata
from ..core.scalars import PositiveInt
from ..producers.types import Area, OcopCertificate, Producer
from . import dataloaders as loaders
from . import resolvers
from .attributes import AssignedAttribute, SelectedAttribute, VariantAttributeScope
from .descriptions import DescribedResolvers
from .filters import ProductFilterInput, ProductWhereInput
from .pricing import ProductPricingInfo, VariantPricingInfo, product_pricing, variant_pricing
from .sorters import ProductOrder
from .translations import ProductTranslation, ProductVariantTranslation, pick_translation, translation_field

PRODUCT_THUMBNAIL_SIZE = 256  # Saleor's default for Product.thumbnail


def node_pk(value) -> int:
    """The pk inside a node ID; 0 (no row) when it is not a number."""
    return int(value) if str(value).isdigit() else 0


def absolute(info, url: str) -> str:
    return info.context.build_absolute_uri(url)


def product_list_arguments(channel=True) -> dict:
    arguments = {
        "filter": ProductFilterInput(), "where": ProductWhereInput(), "sort_by": ProductOrder(),
        "first": graphene.Int(), "last": graphene.Int(), "after": graphene.String(), "before": graphene.String(),
    }
    if channel:
        arguments["channel"] = graphene.String()
    return arguments


def thumbnail_arguments() -> dict:
    return {"size": graphene.Int(description="Longest side in pixels; the nearest larger thumbnail is served."),
            "format": ThumbnailFormatEnum(default_value=ThumbnailFormatEnum.ORIGINAL.value,
                                          description="Thumbnails are WebP whatever the format asked for.")}


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


def image_of(info, file, alt: str | None):
    return {"url": absolute(info, file.url), "alt": alt or None} if file else None


class ProductMediaType(graphene.Enum):
    IMAGE = "image"
    VIDEO = "video"


class ProductMedia(graphene.ObjectType):
    sort_order = graphene.Int()
    alt = graphene.String(required=True)
    type = ProductMediaType(required=True)
    oembed_data = graphene.JSONString(required=True)
    url = graphene.String(required=True, **thumbnail_arguments())
    product_id = graphene.ID()

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.ProductMedia,)

    @classmethod
    def get_node(cls, info, pk):
        return models.ProductMedia.objects.filter(pk=node_pk(pk), product__in=selectors.public_products()).first()

    @staticmethod
    def resolve_type(root, info):
        return ProductMediaType.IMAGE.value

    @staticmethod
    def resolve_oembed_data(root, info):
        return {}

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        # No size (or 0) is the original; otherwise the smallest WebP thumbnail at least that large.
        return absolute(info, thumbnail_url(root, size) if size else root.image.url)

    @staticmethod
    def resolve_product_id(root, info):
        return relay.Node.to_global_id("Product", root.product_id)


class ProductType(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True, description="False for services (community tourism).")

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.ProductType,)

    @classmethod
    def get_node(cls, info, pk):
        return models.ProductType.objects.filter(pk=node_pk(pk)).first()


# --------------------------------------------------------------------------- products and variants

class ProductVariant(graphene.ObjectType):
    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    pricing = graphene.Field(VariantPricingInfo)
    quantity_available = graphene.Int(description="In stock and not held by orders, over every warehouse.")
    quantity_limit_per_customer = graphene.Int()
    track_inventory = graphene.Boolean(required=True)
    weight_grams = graphene.Int(description="Weight of one item in grams (OCOP Market).")
    media = graphene.List(graphene.NonNull(ProductMedia), description="Photos of this variant only (none yet).")
    attributes = graphene.List(graphene.NonNull(SelectedAttribute), required=True,
                               variant_selection=VariantAttributeScope())
    translation = translation_field(ProductVariantTranslation)
    channel = graphene.String()
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.ProductVariant,)

    @classmethod
    def get_node(cls, info, pk):
        return resolvers.variant_by(info, pk=node_pk(pk))

    @staticmethod
    def resolve_name(root, info):
        return root.name or ""

    @staticmethod
    def resolve_pricing(root, info):
        return variant_pricing(root)

    @staticmethod
    def resolve_quantity_available(root, info):
        return loaders.QuantityAvailableByVariant.for_request(info).load(root)

    @staticmethod
    def resolve_media(root, info):
        return []

    @staticmethod
    def resolve_attributes(root, info, variant_selection=None):
        return []

    @staticmethod
    def resolve_translation(root, info, language_code):
        return pick_translation(loaders.TranslationsByVariant.for_request(info).load(root), language_code)

    @staticmethod
    def resolve_channel(root, info):
        return DEFAULT_CHANNEL.slug

    @staticmethod
    def resolve_created(root, info):
        return root.created_at


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant


class Product(DescribedResolvers, graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.JSONString(description="EditorJS document (paragraphs of the producer's text).")
    seo_title = graphene.String()
    seo_description = graphene.String()
    product_type = graphene.Field(ProductType, required=True)
    category = graphene.Field("ocop.graphql.catalog.categories.Category")
    collections = graphene.List(graphene.NonNull("ocop.graphql.catalog.categories.Collection"))
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    channel = graphene.String()
    rating = graphene.Float()
    is_available = graphene.Boolean(description="Whether some variant can be bought now (in stock, or a service).")
    is_available_for_purchase = graphene.Boolean()
    available_for_purchase_at = graphene.DateTime()
    thumbnail = graphene.Field(Image, **thumbnail_arguments())
    media = graphene.List(graphene.NonNull(ProductMedia))
    pricing = graphene.Field(ProductPricingInfo)
    variants = graphene.List(graphene.NonNull(ProductVariant))
    default_variant = graphene.Field(ProductVariant)
    product_variants = graphene.Field(ProductVariantCountableConnection, first=graphene.Int(), last=graphene.Int(),
                                      after=graphene.String(), before=graphene.String())
    attributes = graphene.List(graphene.NonNull(SelectedAttribute), required=True,
                               deprecation_reason="Use the `assignedAttributes` field instead.")
    assigned_attribute = graphene.Field(AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.List(graphene.NonNull(AssignedAttribute), required=True,
                                        limit=PositiveInt(default_value=100))
    translation = translation_field(ProductTranslation)
    producer = graphene.Field(Producer, required=True, description="Who makes and sells it (OCOP Market).")
    origin_area = graphene.Field(Area, description="Where it is made (OCOP Market).")
    ocop_certificate = graphene.Field(
        OcopCertificate, description="The OCOP certificate behind its stars; null unless it shows them.")
    ocop_stars = graphene.Int(description="OCOP stars (3–5) while a verified, valid certificate backs them.")
    weight_grams = graphene.Int()

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (models.Product,)

    @classmethod
    def get_node(cls, info, pk):
        return resolvers.product_by(info, pk=node_pk(pk))

    @staticmethod
    def resolve_collections(root, info):
        return loaders.CollectionsByProduct.for_request(info).load(root)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_channel(root, info):
        return DEFAULT_CHANNEL.slug

    @staticmethod
    def resolve_is_available(root, info):
        variants = loaders.VariantsByProduct.for_request(info).load(root)
        stock = loaders.QuantityAvailableByVariant.for_request(info)
        return any(not v.track_inventory or stock.load(v) > 0 for v in variants)

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        return root.is_published and root.producer.is_selling

    @staticmethod
    def resolve_available_for_purchase_at(root, info):
        return root.published_at

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        media = loaders.MediaByProduct.for_request(info).load(root)
        if not media:
            return None
        first = media[0]
        size = PRODUCT_THUMBNAIL_SIZE if size is None else size
        url = thumbnail_url(first, size) if size else first.image.url
        return {"url": absolute(info, url), "alt": first.alt or root.name}

    @staticmethod
    def resolve_media(root, info):
        return loaders.MediaByProduct.for_request(info).load(root)

    @staticmethod
    def resolve_pricing(root, info):
        return product_pricing(loaders.VariantsByProduct.for_request(info).load(root))

    @staticmethod
    def resolve_variants(root, info):
        return loaders.VariantsByProduct.for_request(info).load(root)

    @staticmethod
    def resolve_default_variant(root, info):
        variants = loaders.VariantsByProduct.for_request(info).load(root)
        return variants[0] if variants else None

    @staticmethod
    def resolve_product_variants(root, info, **page):
        variants = loaders.VariantsByProduct.for_request(info).load(root)
        return paginate(list(variants), ProductVariantCountableConnection, **page)

    @staticmethod
    def resolve_attributes(root, info):
        return []

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return None

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return []

    @staticmethod
    def resolve_translation(root, info, language_code):
        return pick_translation(loaders.TranslationsByProduct.for_request(info).load(root), language_code)

    @staticmethod
    def resolve_ocop_certificate(root, info):
        return root.ocop_certificate if selectors.product_stars(root) is not None else None

    @staticmethod
    def resolve_ocop_stars(root, info):
        return selectors.product_stars(root)


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product
