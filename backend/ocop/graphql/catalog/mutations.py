"""Producers' catalogue mutations in Saleor's names: thin faces over ocop.catalog.services.

Any signed-in user may call them; the services decide membership, and a product of another
producer is "not found" (code NOT_FOUND), exactly as an id that does not exist."""

import graphene
from django.core.exceptions import ValidationError

from ocop.catalog import services
from ocop.catalog.errors import ProductErrorCode as ProductErrorCodeValues
from ocop.catalog.models import Product as ProductModel
from ocop.catalog.models import ProductMedia as ProductMediaModel
from ocop.catalog.models import ProductVariant as ProductVariantModel

from ..core.ids import decode_id
from ..core.mutations import AUTHENTICATED, BaseMutation
from ..core.scalars import PositiveDecimal, Upload
from .descriptions import from_editorjs
from .types import Product, ProductMedia, ProductVariant

ProductErrorCode = graphene.Enum("ProductErrorCode", [(c.name, c.name) for c in ProductErrorCodeValues])

NOT_FOUND_PK = -1  # what a malformed or foreign ID becomes: the service answers NOT_FOUND


class ProductError(graphene.ObjectType):
    field = graphene.String(description="Name of the input field that caused the error, or null.")
    message = graphene.String()
    code = ProductErrorCode(required=True)
    attributes = graphene.List(graphene.NonNull(graphene.ID), description="Always null: we keep no attributes.")
    values = graphene.List(graphene.NonNull(graphene.ID), description="Always null: we keep no attributes.")


def _pk(global_id, type_name):
    pk = decode_id(global_id, type_name) if global_id else None
    return NOT_FOUND_PK if pk is None else pk


class ProductInput(graphene.InputObjectType):
    name = graphene.String()
    slug = graphene.String(description="Lower-case letters without accents, digits and hyphens; made from the name "
                                        "when left out.")
    description = graphene.JSONString(description="An EditorJS document, or plain text.")
    category = graphene.ID()
    ocop_certificate = graphene.ID(description="One of the producer's own OCOP certificates (OCOP Market).")
    weight_grams = graphene.Int(description="Shipping weight in grams (OCOP Market).")
    is_published = graphene.Boolean(description="Show it in the shop; needs a category and a variant (OCOP Market).")


class ProductCreateInput(ProductInput):
    product_type = graphene.ID(description="Accepted for Saleor clients and ignored: the type (goods or a service) "
                                           "follows the category and the certificate.")
    producer = graphene.ID(description="The producer it belongs to; may be left out by a member of only one.")


def _product_data(data) -> dict:
    cleaned = {}
    for key, value in data.items():
        if key in ("product_type", "producer"):
            continue
        if key == "description":
            value = from_editorjs(value)
        elif key == "category" and value is not None:
            value = _pk(value, "Category")
        elif key == "ocop_certificate" and value is not None:
            value = _pk(value, "OcopCertificate")
        cleaned[key] = value
    return cleaned


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(description="Accepted for Saleor clients and ignored: a producer has one warehouse.")
    quantity = graphene.Int(required=True)


class ProductVariantInput(graphene.InputObjectType):
    sku = graphene.String()
    name = graphene.String()
    price = PositiveDecimal(description="Price in whole đồng (OCOP Market; one channel, so no channel listing).")
    compare_at_price = PositiveDecimal(description="The earlier price, shown crossed out (OCOP Market).")
    weight_grams = graphene.Int()


class ProductVariantCreateInput(ProductVariantInput):
    product = graphene.ID(required=True)
    stocks = graphene.List(graphene.NonNull(StockInput))


def _variant_data(data) -> dict:
    renamed = {"price": "price_amount", "compare_at_price": "compare_at_price_amount"}
    cleaned = {renamed.get(key, key): value for key, value in data.items() if key not in ("product", "stocks")}
    if data.get("stocks"):
        cleaned["stock"] = _single_stock(data["stocks"])
    return cleaned


def _single_stock(stocks) -> int:
    if len(stocks) > 1:
        raise ValidationError({"stocks": ValidationError(
            "A producer has one warehouse: give one stock quantity.", code="duplicated_input_item")})
    return stocks[0]["quantity"]


VARIANT_FIELDS = {"price_amount": "price", "compare_at_price_amount": "compareAtPrice", "stock": "stocks"}


class ProductMutation(BaseMutation):
    class Meta:
        abstract = True

    permission = AUTHENTICATED
    error_type = ProductError
    error_code_enum = ProductErrorCode


class ProductCreate(ProductMutation):
    class Arguments:
        input = ProductCreateInput(required=True)

    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, input):
        user = info.context.user
        if input.get("producer"):
            producer_id = _pk(input["producer"], "Producer")
        else:
            mine = list(services.seller_producers(user).values_list("pk", flat=True)[:2])
            producer_id = mine[0] if len(mine) == 1 else NOT_FOUND_PK
        return {"product": services.create_product(user=user, producer_id=producer_id, data=_product_data(input))}


class ProductUpdate(ProductMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = ProductInput(required=True)

    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, id, input):
        return {"product": services.update_product(user=info.context.user, product_id=_pk(id, "Product"),
                                                   data=_product_data(input))}


class ProductDelete(ProductMutation):
    class Arguments:
        id = graphene.ID(required=True)

    product = graphene.Field(Product, description="The product as it was.")
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, id):
        pk = _pk(id, "Product")
        # Read before the service deletes it; shown only if the service agreed to delete.
        snapshot = ProductModel.objects.select_related("producer", "category", "product_type").filter(pk=pk).first()
        services.delete_product(user=info.context.user, product_id=pk)
        return {"product": snapshot}


class ProductVariantCreate(ProductMutation):
    field_map = VARIANT_FIELDS

    class Arguments:
        input = ProductVariantCreateInput(required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, input):
        variant = services.create_variant(user=info.context.user, product_id=_pk(input["product"], "Product"),
                                          data=_variant_data(input))
        return {"product_variant": variant}


def _variant_pk(id=None, sku=None):
    if id:
        return _pk(id, "ProductVariant")
    if sku:
        # Only the id is looked up here; the service decides whether the caller may touch it.
        return ProductVariantModel.objects.filter(sku__iexact=sku).values_list("pk", flat=True).first() or NOT_FOUND_PK
    return NOT_FOUND_PK


class ProductVariantUpdate(ProductMutation):
    field_map = VARIANT_FIELDS

    class Arguments:
        id = graphene.ID()
        sku = graphene.String()
        input = ProductVariantInput(required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, input, id=None, sku=None):
        variant = services.update_variant(user=info.context.user, variant_id=_variant_pk(id, sku),
                                          data=_variant_data(input))
        return {"product_variant": variant}


class ProductVariantDelete(ProductMutation):
    class Arguments:
        id = graphene.ID()
        sku = graphene.String()

    product_variant = graphene.Field(ProductVariant, description="The variant as it was.")
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, id=None, sku=None):
        pk = _variant_pk(id, sku)
        snapshot = ProductVariantModel.objects.select_related("product").filter(pk=pk).first()
        services.delete_variant(user=info.context.user, variant_id=pk)
        return {"product_variant": snapshot}


class ProductVariantStocksUpdate(ProductMutation):
    field_map = {"quantity": "stocks", "id": "variantId"}

    class Arguments:
        variant_id = graphene.ID()
        sku = graphene.String()
        stocks = graphene.List(graphene.NonNull(StockInput), required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, stocks, variant_id=None, sku=None):
        # No quantity at all is the service's to refuse (REQUIRED), in the seller's language.
        stock = services.set_stock(user=info.context.user, variant_id=_variant_pk(variant_id, sku),
                                   quantity=_single_stock(stocks) if stocks else None)
        return {"product_variant": stock.product_variant}


class ProductMediaCreateInput(graphene.InputObjectType):
    product = graphene.ID(required=True)
    image = Upload(description="A JPEG, PNG or WebP photo sent as a multipart part.")
    alt = graphene.String()
    media_url = graphene.String(description="Accepted for Saleor clients: links and videos are not supported, "
                                            "so an image is required.")


class ProductMediaCreate(ProductMutation):
    field_map = {"images": "image"}

    class Arguments:
        input = ProductMediaCreateInput(required=True)

    product = graphene.Field(Product)
    media = graphene.Field(ProductMedia)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, input):
        image = input.get("image")
        saved = services.add_images(user=info.context.user, product_id=_pk(input["product"], "Product"),
                                    files=[image] if image else [], alt=input.get("alt") or "")
        return {"product": saved[0].product, "media": saved[0]}


class ProductMediaUpdateInput(graphene.InputObjectType):
    alt = graphene.String()


class ProductMediaUpdate(ProductMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = ProductMediaUpdateInput(required=True)

    product = graphene.Field(Product)
    media = graphene.Field(ProductMedia)
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, id, input):
        media = services.set_image_alt(user=info.context.user, media_id=_pk(id, "ProductMedia"),
                                       alt=input.get("alt") or "")
        return {"product": media.product, "media": media}


class ProductMediaDelete(ProductMutation):
    class Arguments:
        id = graphene.ID(required=True)

    product = graphene.Field(Product)
    media = graphene.Field(ProductMedia, description="The photo as it was.")
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, id):
        pk = _pk(id, "ProductMedia")
        snapshot = ProductMediaModel.objects.select_related("product").filter(pk=pk).first()
        services.delete_image(user=info.context.user, media_id=pk)
        return {"product": snapshot.product, "media": snapshot}


class ProductMediaReorder(ProductMutation):
    field_map = {"id": "productId"}

    class Arguments:
        product_id = graphene.ID(required=True)
        media_ids = graphene.List(graphene.NonNull(graphene.ID), required=True,
                                  description="Every photo of the product, in the new order.")

    product = graphene.Field(Product)
    media = graphene.List(graphene.NonNull(ProductMedia))
    errors = graphene.List(graphene.NonNull(ProductError), required=True)

    @classmethod
    def perform(cls, info, product_id, media_ids):
        pk = _pk(product_id, "Product")
        ordered = services.reorder_images(user=info.context.user, product_id=pk,
                                          media_ids=[_pk(m, "ProductMedia") for m in media_ids])
        product = ordered[0].product if ordered else ProductModel.objects.filter(pk=pk).first()
        return {"product": product, "media": ordered}
