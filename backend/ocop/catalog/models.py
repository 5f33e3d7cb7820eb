"""The catalogue, named as in Saleor 3 so the GraphQL API can speak Saleor."""

import uuid

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    background_image = models.ImageField(upload_to="categories/", blank=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    sort_order = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class ProductType(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    is_shipping_required = models.BooleanField(default=True)
    has_variants = models.BooleanField(default=True)
    weight_grams = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="products")
    product_type = models.ForeignKey(ProductType, on_delete=models.PROTECT, related_name="products")
    ocop_certificate = models.ForeignKey("producers.OcopCertificate", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="products")
    origin_area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="products")
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)  # reviews come later; kept for Saleor's field
    search_document = models.TextField(blank=True, default="")
    search_vector = SearchVectorField(null=True, blank=True)
    search_index_dirty = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["slug"]
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_vector_gin"),
            GinIndex(fields=["search_document"], name="product_search_doc_trgm", opclasses=["gin_trgm_ops"]),
        ]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name


class ProductTranslation(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "language_code"], name="product_translation_unique")]


class CategoryTranslation(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "language_code"], name="category_translation_unique")]


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    price_amount = models.PositiveBigIntegerField(_("price (VND)"))
    compare_at_price_amount = models.PositiveBigIntegerField(_("compare-at price (VND)"), null=True, blank=True)
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    track_inventory = models.BooleanField(default=True)
    quantity_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    sort_order = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="variant_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} – {self.name}" if self.name else self.product.name



class ProductVariantTranslation(models.Model):
    """A variant's name ("Hũ 500 g") in a language other than Vietnamese ("500 g jar")."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "language_code"],
                                               name="variant_translation_unique")]

    def __str__(self) -> str:
        return self.name

class Warehouse(models.Model):
    """One per producer: where its parcels leave from."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    producer = models.OneToOneField("producers.Producer", on_delete=models.CASCADE, related_name="warehouse")
    name = models.CharField(max_length=200)
    area = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    product_variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="stocks")
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="stock_unique_per_warehouse"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_quantity_not_negative"),
            models.CheckConstraint(condition=Q(quantity_allocated__gte=0) & Q(quantity_allocated__lte=F("quantity")),
                                   name="stock_allocation_within_quantity"),
        ]

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


def _media_path(instance, filename):
    return f"products/{uuid.uuid4().hex}"


class ProductMedia(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(upload_to=_media_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    alt = models.CharField(_("alt text"), max_length=250, blank=True)
    sort_order = models.IntegerField(default=0, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]


class Thumbnail(models.Model):
    """A resized WebP of a ProductMedia, made once (see catalog.images)."""

    media = models.ForeignKey(ProductMedia, on_delete=models.CASCADE, related_name="thumbnails")
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=8, default="webp")
    image = models.ImageField(upload_to="thumbnails/")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["media", "size", "format"], name="thumbnail_unique")]


class Collection(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    background_image = models.ImageField(upload_to="collections/", blank=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    is_published = models.BooleanField(default=True)
    is_featured = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    products = models.ManyToManyField(Product, through="CollectionProduct", related_name="collections")

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CollectionProduct(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="collection_products")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="collection_products")
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["collection", "product"], name="collection_product_unique")]


class CollectionTranslation(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "language_code"],
                                               name="collection_translation_unique")]
