"""Every write to a producer's catalogue: products, variants, stock, photos, publishing, CSV import.

Each function takes the acting user first (keyword arguments only), runs in one transaction and
locks the product it changes. Only members of an approved producer act on its catalogue; anything
else is "not found", never "forbidden", so ids of other producers' products reveal nothing.
Refusals are ValidationError({field: ValidationError(message, code=ProductErrorCode.X.value)})."""

from __future__ import annotations

import logging
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.core import translations as core_translations
from ocop.core.money import parse_vnd
from ocop.core.text import fold_vietnamese
from ocop.core.uploads import read_capped
from ocop.producers.models import CertificateStatus, Producer, ProducerStatus, ProductGroup
from ocop.producers.selectors import producers_for_member

from . import images
from .errors import ProductErrorCode as Code
from .models import (Category, Product, ProductMedia, ProductTranslation, ProductType, ProductVariant,
                     ProductVariantTranslation, Stock, Thumbnail, Warehouse)

logger = logging.getLogger(__name__)

MAX_PRICE = 1_000_000_000
MAX_QUANTITY = 1_000_000
MAX_WEIGHT_GRAMS = 1_000_000
MAX_PHOTOS = 20
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PRODUCT_FIELDS = ("name", "slug", "description", "category", "weight_grams", "ocop_certificate")
VARIANT_FIELDS = ("sku", "name", "price_amount", "compare_at_price_amount", "weight_grams")


def _error(field: str, message: str, code: Code) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value)})


# --------------------------------------------------------------------------- who acts on what

def seller_producers(user):
    """The producers whose catalogue `user` may change: those they are a member of, if approved."""
    return producers_for_member(user).filter(status=ProducerStatus.APPROVED)


def _producer(user, producer_id) -> Producer:
    producer = seller_producers(user).filter(pk=producer_id).select_related("area").first()
    if producer is None:
        raise _error("producer", _("Producer not found."), Code.NOT_FOUND)
    return producer


def _product(user, product_id, field: str = "id") -> Product:
    product = (Product.objects.select_for_update(of=("self",)).select_related("producer")
               .filter(pk=product_id, producer__in=seller_producers(user)).first()
               if str(product_id).isdigit() else None)
    if product is None:
        raise _error(field, _("Product not found."), Code.NOT_FOUND)
    return product


def _variant(user, variant_id) -> ProductVariant:
    variant = (ProductVariant.objects.filter(pk=variant_id, product__producer__in=seller_producers(user)).first()
               if str(variant_id).isdigit() else None)
    if variant is None:
        raise _error("id", _("Variant not found."), Code.NOT_FOUND)
    variant.product = _product(user, variant.product_id)
    return variant


def _media(user, media_id) -> ProductMedia:
    media = (ProductMedia.objects.filter(pk=media_id, product__producer__in=seller_producers(user)).first()
             if str(media_id).isdigit() else None)
    if media is None:
        raise _error("id", _("Photo not found."), Code.NOT_FOUND)
    media.product = _product(user, media.product_id)
    return media


def _mark_dirty(product: Product) -> None:
    """The search index catches up in a batch job; a write only raises the flag."""
    from ocop.search.indexing import schedule_update

    Product.objects.filter(pk=product.pk).update(search_index_dirty=True, updated_at=timezone.now())
    schedule_update()


# --------------------------------------------------------------------------- input rules

def parse_whole_number(value, *, minimum: int, maximum: int, message: str, code: Code, currency: bool = False) -> int:
    """A whole number as people write it: an int, or digits grouped by thousands or not ("150000",
    "150.000", "150,000"; with currency=True also "150.000 ₫"). Floats, fractions, "150.5" and
    "1e5" are refused, so a price is never silently rounded or misread (core.money.parse_vnd)."""
    try:
        number = parse_vnd(value, currency=currency)
    except ValueError:
        raise ValidationError(message, code=code.value) from None
    if not minimum <= number <= maximum:
        raise ValidationError(message, code=code.value)
    return number


def parse_price(value) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(_("Enter the price in đồng."), code=Code.REQUIRED.value)
    return parse_whole_number(
        value, minimum=1, maximum=MAX_PRICE, code=Code.INVALID_PRICE, currency=True,
        message=_("Write the price in đồng as a whole number above 0, for example 150000 or 150.000."))


def parse_quantity(value) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(_("Enter how many are in stock (0 or more)."), code=Code.REQUIRED.value)
    return parse_whole_number(value, minimum=0, maximum=MAX_QUANTITY, code=Code.INVALID,
                              message=_("Write the stock as a whole number, 0 or more: for example 25."))


def _parse_weight(value):
    if value is None or value == "":
        return None
    return parse_whole_number(value, minimum=0, maximum=MAX_WEIGHT_GRAMS, code=Code.INVALID,
                              message=_("Write the weight in grams as a whole number: for example 500."))


def _text(value, max_length: int, required_message: str | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required_message and not text:
        raise ValidationError(required_message, code=Code.REQUIRED.value)
    if len(text) > max_length:
        raise ValidationError(_("Use at most %(max)s characters.") % {"max": max_length}, code=Code.INVALID.value)
    return text


def _category(value) -> Category:
    if value in (None, ""):
        raise ValidationError(_("Choose a category."), code=Code.PRODUCT_WITHOUT_CATEGORY.value)
    category = value if isinstance(value, Category) else (
        Category.objects.filter(pk=value).first() if str(value).isdigit() else None)
    if category is None:
        raise ValidationError(_("Choose one of the categories in the list."), code=Code.INVALID.value)
    return category


def _certificate(value, producer: Producer):
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    certificate = producer.certificates.filter(pk=pk).first() if str(pk).isdigit() else None
    if certificate is None:
        raise ValidationError(_("Choose one of your own OCOP certificates."), code=Code.INVALID.value)
    if certificate.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        raise ValidationError(_("This certificate was revoked or replaced; it cannot back a product."),
                              code=Code.INVALID.value)
    return certificate


def _slug(value) -> str:
    slug = (value or "").strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > 200:
        raise ValidationError(_("Use only lower-case letters without accents, digits and hyphens, "
                                "for example mat-ong-rung."), code=Code.INVALID.value)
    return slug


def clean_product_fields(data: dict, *, producer: Producer, partial: bool) -> dict:
    """Validate the product's own fields; one ValidationError names every bad field."""
    checks = {
        "name": lambda v: _text(v, 250, _("Enter the product's name.")),
        "slug": _slug,
        "description": lambda v: _text(v, 20000),
        "category": _category,
        "weight_grams": _parse_weight,
        "ocop_certificate": lambda v: _certificate(v, producer),
    }
    errors, cleaned = {}, {}
    for field in PRODUCT_FIELDS:
        if field not in data:
            if not partial and field in ("name", "category"):
                data = {**data, field: None}
            else:
                continue
        if field == "slug" and not data[field]:
            continue
        try:
            cleaned[field] = checks[field](data[field])
        except ValidationError as exc:
            errors[field] = exc
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_translations(value) -> dict:
    """A product's name and description per language besides Vietnamese (ocop.core.translations)."""
    return core_translations.clean_translations(value, {"name": 250, "description": 20000}, code=Code.INVALID.value)


def _clean_product(data: dict, producer: Producer, *, partial: bool, errors: dict) -> tuple[dict, dict]:
    """The product's fields and its translations, cleaned; what is wrong in either goes to `errors`."""
    cleaned, translations = {}, {}
    try:
        cleaned = clean_product_fields(data, producer=producer, partial=partial)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        translations = clean_translations(data.get("translations"))
    except ValidationError as exc:
        errors.update(exc.error_dict)
    return cleaned, translations


def clean_variant_fields(data: dict, *, partial: bool) -> dict:
    checks = {
        "sku": lambda v: _sku(v),
        "name": lambda v: _text(v, 120),
        "price_amount": parse_price,
        "compare_at_price_amount": lambda v: None if v in (None, "") else parse_price(v),
        "weight_grams": _parse_weight,
    }
    errors, cleaned = {}, {}
    for field in VARIANT_FIELDS:
        if field not in data:
            if not partial and field in ("sku", "price_amount"):
                data = {**data, field: None}
            else:
                continue
        try:
            cleaned[field] = checks[field](data[field])
        except ValidationError as exc:
            errors[field] = exc
    if "stock" in data:
        try:
            cleaned["stock"] = parse_quantity(data["stock"])
        except ValidationError as exc:
            errors["stock"] = exc
    if data.get("translations") not in (None, ""):  # the name in English ("500 g jar")
        try:
            cleaned["translations"] = core_translations.clean_translations(data["translations"], {"name": 120},
                                                                          code=Code.INVALID.value)
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _sku(value) -> str:
    sku = _text(value, 64, _("Enter a SKU (your own code for this variant)."))
    if not SKU_RE.match(sku):
        raise ValidationError(_("A SKU uses letters without accents, digits, dots, hyphens and slashes, with no "
                                "spaces: for example MO-RUNG-500."), code=Code.INVALID.value)
    return sku


def _check_sku_free(sku: str, exclude_pk=None, field: str = "sku") -> None:
    taken = ProductVariant.objects.filter(sku__iexact=sku).exclude(pk=exclude_pk)
    if taken.exists():
        raise _error(field, _("The SKU %(sku)s is already used; every variant needs its own.") % {"sku": sku},
                     Code.UNIQUE)


def unique_slug(name: str, reserved: set | None = None) -> str:
    """'Mật ong rừng' -> 'mat-ong-rung', or 'mat-ong-rung-2', '-3' … when taken."""
    base = slugify(fold_vietnamese(name))[:200].strip("-") or "san-pham"
    taken = set(Product.objects.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list("slug", flat=True))
    taken |= reserved or set()
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def product_type_for(certificate, category) -> ProductType:
    """Tourism services ship nothing; everything else is goods."""
    service = (certificate is not None and certificate.product_group == ProductGroup.TOURISM) or (
        category is not None and category.slug == "du-lich-cong-dong")
    if service:
        kind, _created = ProductType.objects.get_or_create(
            slug="dich-vu", defaults={"name": "Dịch vụ du lịch cộng đồng", "is_shipping_required": False})
    else:
        kind, _created = ProductType.objects.get_or_create(
            slug="hang-hoa", defaults={"name": "Hàng hóa (giao hàng)", "is_shipping_required": True})
    return kind


def warehouse_for(producer: Producer) -> Warehouse:
    warehouse, _created = Warehouse.objects.get_or_create(
        producer=producer, defaults={"name": producer.name, "area": producer.area, "address": producer.address})
    return warehouse


def _save_stock(variant: ProductVariant, quantity: int, field: str = "stock") -> Stock:
    warehouse = warehouse_for(variant.product.producer)
    stock = Stock.objects.select_for_update().filter(warehouse=warehouse, product_variant=variant).first()
    if stock is None:
        stock = Stock(warehouse=warehouse, product_variant=variant)
    if quantity < stock.quantity_allocated:
        raise _error(field, _("%(count)s are reserved by orders; the stock cannot go below that.")
                     % {"count": stock.quantity_allocated}, Code.INVALID)
    stock.quantity = quantity
    stock.save()
    return stock


def _check_publishable(product: Product, field: str = "is_published") -> None:
    if product.category_id is None:
        raise _error("category", _("Choose a category before publishing."), Code.PRODUCT_WITHOUT_CATEGORY)
    if not product.variants.exists():
        raise _error(field, _("Add at least one variant with a price before publishing."),
                     Code.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT)


def _set_published(product: Product, published: bool) -> None:
    if published:
        _check_publishable(product)
        product.published_at = product.published_at or timezone.now()
    product.is_published = published


# --------------------------------------------------------------------------- products

@transaction.atomic
def create_product(*, user, producer_id, data: dict) -> Product:
    """A new product, optionally with its first variants (`data["variants"]`, each with a stock)."""
    producer = _producer(user, producer_id)
    variants, errors = [], {}
    cleaned, translations = _clean_product(data, producer, partial=False, errors=errors)
    for index, row in enumerate(data.get("variants") or []):
        try:
            variants.append(clean_variant_fields(row, partial=False))
        except ValidationError as exc:
            errors.update({f"variants.{index}.{f}": e for f, e in exc.error_dict.items()})
    if errors:
        raise ValidationError(errors)
    product = Product(producer=producer, origin_area=producer.area, search_index_dirty=True,
                      product_type=product_type_for(cleaned.get("ocop_certificate"), cleaned["category"]), **cleaned)
    if cleaned.get("slug"):
        if Product.objects.filter(slug=cleaned["slug"]).exists():
            raise _error("slug", _("This web address is already used by another product; choose another."),
                         Code.UNIQUE)
    else:
        product.slug = unique_slug(cleaned["name"])
    _save_product(product)
    core_translations.save_translations(ProductTranslation, "product", product, translations)
    for index, row in enumerate(variants):
        _create_variant(product, row, field_prefix=f"variants.{index}.")
    if data.get("is_published"):
        _set_published(product, True)
        product.save(update_fields=["is_published", "published_at", "updated_at"])
    return product


def _save_product(product: Product) -> None:
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        # Two sellers chose the same name at the same instant; the slug index decided.
        raise _error("slug", _("This web address is already used by another product; choose another."),
                     Code.UNIQUE) from None


@transaction.atomic
def update_product(*, user, product_id, data: dict) -> Product:
    product = _product(user, product_id)
    errors = {}
    cleaned, translations = _clean_product(data, product.producer, partial=True, errors=errors)
    if errors:
        raise ValidationError(errors)
    if "slug" in cleaned and Product.objects.filter(slug=cleaned["slug"]).exclude(pk=product.pk).exists():
        raise _error("slug", _("This web address is already used by another product; choose another."), Code.UNIQUE)
    for field, value in cleaned.items():
        setattr(product, field, value)
    if "ocop_certificate" in cleaned or "category" in cleaned:
        product.product_type = product_type_for(product.ocop_certificate, product.category)
    if "is_published" in data:
        _set_published(product, bool(data["is_published"]))
    product.search_index_dirty = True  # the English name is searched too
    _save_product(product)
    core_translations.save_translations(ProductTranslation, "product", product, translations)
    return product


def _translation_language(language: str) -> str:
    """A language a product may be translated into: not Vietnamese, the product's own."""
    if language == "vi":
        raise _error("language", _("Vietnamese is the product's own language: change the product itself."),
                     Code.INVALID)
    return language


def _kept_or_given(existing, given: dict, fields: tuple[str, ...]) -> dict:
    """A field given (None counts as empty) replaces; a field left out keeps the text there."""
    return {field: (given[field] or "") if field in given else (getattr(existing, field, "") or "")
            for field in fields}


def translate_product(*, user, product_id, language: str, data: dict) -> Product:
    """The product's name and/or description in another language (Saleor's `productTranslate`):
    the fields in `data` replace, those left out keep their text; both empty remove the translation."""
    language = _translation_language(language)
    existing = ProductTranslation.objects.filter(product_id=product_id, language_code=language).first()
    return update_product(user=user, product_id=product_id, data={
        "translations": {language: _kept_or_given(existing, data, ("name", "description"))}})


def translate_variant(*, user, variant_id, language: str, data: dict) -> ProductVariant:
    """The variant's name in another language ("500 g jar"), with translate_product's rules."""
    language = _translation_language(language)
    existing = ProductVariantTranslation.objects.filter(variant_id=variant_id, language_code=language).first()
    return update_variant(user=user, variant_id=variant_id, data={
        "translations": {language: _kept_or_given(existing, data, ("name",))}})


@transaction.atomic
def delete_product(*, user, product_id) -> None:
    product = _product(user, product_id)
    media = list(product.media.prefetch_related("thumbnails"))
    try:
        with transaction.atomic():
            product.delete()
    except ProtectedError:
        raise _error("id", _("Orders refer to this product, so it cannot be deleted; unpublish it instead."),
                     Code.INVALID) from None
    _delete_files_on_commit(media)


@transaction.atomic
def publish_product(*, user, product_id) -> Product:
    product = _product(user, product_id)
    _set_published(product, True)
    product.search_index_dirty = True
    product.save(update_fields=["is_published", "published_at", "search_index_dirty", "updated_at"])
    return product


@transaction.atomic
def unpublish_product(*, user, product_id) -> Product:
    product = _product(user, product_id)
    product.is_published = False
    product.search_index_dirty = True
    product.save(update_fields=["is_published", "search_index_dirty", "updated_at"])
    return product


@transaction.atomic
def duplicate_product(*, user, product_id) -> Product:
    """An unpublished copy with the same details, variants (new SKUs, no stock) and photos."""
    source = _product(user, product_id)
    copy = Product.objects.get(pk=source.pk)
    copy.pk, copy._state.adding = None, True
    copy.name = (_("%(name)s (copy)") % {"name": source.name})[:250]
    copy.slug = unique_slug(copy.name)
    copy.is_published, copy.published_at = False, None
    copy.search_index_dirty, copy.created_at = True, timezone.now()
    copy.search_document, copy.search_vector = "", None
    _save_product(copy)
    ProductTranslation.objects.bulk_create(
        ProductTranslation(product=copy, language_code=t.language_code, name=t.name, description=t.description)
        for t in source.translations.all())
    skus = set()
    for variant in source.variants.prefetch_related("translations"):
        names = [(t.language_code, t.name) for t in variant.translations.all()]
        variant.pk, variant.product, variant.created_at = None, copy, timezone.now()
        variant._state.adding = True
        variant.sku = _copy_sku(variant.sku, skus)
        skus.add(variant.sku.lower())
        variant.save()
        ProductVariantTranslation.objects.bulk_create(
            ProductVariantTranslation(variant=variant, language_code=language, name=name) for language, name in names)
    for media in source.media.prefetch_related("thumbnails"):
        _copy_media(media, copy)
    return copy


def _copy_sku(sku: str, reserved: set) -> str:
    base = f"{sku[:58]}-COPY"
    taken = {s.lower() for s in ProductVariant.objects.filter(sku__istartswith=base).values_list("sku", flat=True)}
    taken |= reserved
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _copy_media(media: ProductMedia, product: Product) -> None:
    def copy_file(field, name: str):
        with field.open("rb") as handle:
            return ContentFile(handle.read(), name=name)

    ext = media.image.name.rsplit(".", 1)[-1]
    clone = ProductMedia(product=product, alt=media.alt, sort_order=media.sort_order, width=media.width,
                         height=media.height)
    clone.image.save(f"{uuid.uuid4().hex}.{ext}", copy_file(media.image, "x"), save=False)
    clone.save()
    thumbs = []
    for thumb in media.thumbnails.all():
        record = Thumbnail(media=clone, size=thumb.size, format=thumb.format)
        record.image.save(f"{uuid.uuid4().hex}-{thumb.size}.{thumb.format}", copy_file(thumb.image, "x"), save=False)
        thumbs.append(record)
    Thumbnail.objects.bulk_create(thumbs)


# --------------------------------------------------------------------------- variants and stock

def _create_variant(product: Product, cleaned: dict, field_prefix: str = "") -> ProductVariant:
    stock = cleaned.pop("stock", 0)
    translations = cleaned.pop("translations", {})
    _check_sku_free(cleaned["sku"], field=f"{field_prefix}sku")
    last = product.variants.aggregate(last=Max("sort_order"))["last"]
    variant = ProductVariant(product=product, sort_order=0 if last is None else last + 1,
                             track_inventory=product.product_type.is_shipping_required, **cleaned)
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError:
        raise _error(f"{field_prefix}sku", _("The SKU %(sku)s is already used; every variant needs its own.")
                     % {"sku": variant.sku}, Code.UNIQUE) from None
    _save_stock(variant, stock, field=f"{field_prefix}stock")
    core_translations.save_translations(ProductVariantTranslation, "variant", variant, translations)
    return variant


@transaction.atomic
def create_variant(*, user, product_id, data: dict) -> ProductVariant:
    product = _product(user, product_id, field="product")
    variant = _create_variant(product, clean_variant_fields(data, partial=False))
    _mark_dirty(product)
    return variant


@transaction.atomic
def update_variant(*, user, variant_id, data: dict) -> ProductVariant:
    variant = _variant(user, variant_id)
    cleaned = clean_variant_fields(data, partial=True)
    stock = cleaned.pop("stock", None)
    translations = cleaned.pop("translations", {})
    if "sku" in cleaned:
        _check_sku_free(cleaned["sku"], exclude_pk=variant.pk)
    for field, value in cleaned.items():
        setattr(variant, field, value)
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError:
        raise _error("sku", _("The SKU %(sku)s is already used; every variant needs its own.")
                     % {"sku": variant.sku}, Code.UNIQUE) from None
    if stock is not None:
        _save_stock(variant, stock)
    core_translations.save_translations(ProductVariantTranslation, "variant", variant, translations)
    _mark_dirty(variant.product)
    return variant


@transaction.atomic
def delete_variant(*, user, variant_id) -> None:
    variant = _variant(user, variant_id)
    product = variant.product
    if product.is_published and product.variants.count() == 1:
        raise _error("id", _("A published product needs at least one variant; unpublish it first or add another."),
                     Code.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT)
    try:
        with transaction.atomic():
            variant.delete()
    except ProtectedError:
        raise _error("id", _("Orders refer to this variant, so it cannot be deleted; set its stock to 0 instead."),
                     Code.INVALID) from None
    _mark_dirty(product)


@transaction.atomic
def set_stock(*, user, variant_id, quantity) -> Stock:
    variant = _variant(user, variant_id)
    try:
        quantity = parse_quantity(quantity)
    except ValidationError as exc:
        raise ValidationError({"quantity": exc}) from None
    stock = _save_stock(variant, quantity, field="quantity")
    _mark_dirty(variant.product)
    return stock


@transaction.atomic
def set_stocks(*, user, product_id, quantities: dict) -> list[Stock]:
    """Several variants of one product at once: {variant_id: quantity}; all or nothing."""
    product = _product(user, product_id)
    variants = {v.pk: v for v in product.variants.select_for_update()}
    errors, cleaned = {}, {}
    for variant_id, value in quantities.items():
        key = f"stock-{variant_id}"
        if int(variant_id) not in variants:
            errors[key] = ValidationError(_("Variant not found."), code=Code.NOT_PRODUCTS_VARIANT.value)
            continue
        try:
            cleaned[int(variant_id)] = parse_quantity(value)
        except ValidationError as exc:
            errors[key] = exc
    if errors:
        raise ValidationError(errors)
    stocks = []
    for variant_id, quantity in cleaned.items():
        variant = variants[variant_id]
        variant.product = product
        stocks.append(_save_stock(variant, quantity, field=f"stock-{variant_id}"))
    _mark_dirty(product)
    return stocks


# --------------------------------------------------------------------------- photos

@transaction.atomic
def add_images(*, user, product_id, files: list, alt: str = "") -> list[ProductMedia]:
    """Several photos at once, each checked by catalog.images; one bad file saves none of them."""
    product = _product(user, product_id, field="product")
    if not files:
        raise _error("images", _("Choose one or more photos to upload."), Code.REQUIRED)
    if product.media.count() + len(files) > MAX_PHOTOS:
        raise _error("images", _("A product can have at most %(max)s photos.") % {"max": MAX_PHOTOS}, Code.INVALID)
    alt = _text_or_error(alt, 250, "alt")
    saved: list[ProductMedia] = []
    try:
        for uploaded in files:
            name = getattr(uploaded, "name", "") or _("photo")
            try:
                data = uploaded if isinstance(uploaded, bytes) else read_capped(uploaded, images.MAX_BYTES, "images")
                saved.append(images.add_product_image(product=product, data=data, alt=alt, field="images"))
            except ValidationError as exc:
                error = exc.error_dict["images"][0]
                raise _error_named("images", f"{name}: {error.messages[0]}", error.code) from None
    except ValidationError:
        # The rows roll back with the transaction; the files already written must go too.
        for media in saved:
            default_storage.delete(media.image.name)
        raise
    _mark_dirty(product)
    return saved


def _error_named(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _text_or_error(value, max_length: int, field: str) -> str:
    try:
        return _text(value, max_length)
    except ValidationError as exc:
        raise ValidationError({field: exc}) from None


@transaction.atomic
def delete_image(*, user, media_id) -> None:
    media = _media(user, media_id)
    product = media.product
    files = list(ProductMedia.objects.filter(pk=media.pk).prefetch_related("thumbnails"))
    media.delete()
    _delete_files_on_commit(files)
    _mark_dirty(product)


@transaction.atomic
def set_image_alt(*, user, media_id, alt: str) -> ProductMedia:
    media = _media(user, media_id)
    media.alt = _text_or_error(alt, 250, "alt")
    media.save(update_fields=["alt"])
    _mark_dirty(media.product)
    return media


@transaction.atomic
def reorder_images(*, user, product_id, media_ids: list) -> list[ProductMedia]:
    """Put the product's photos in the given order; the list must name each photo exactly once."""
    product = _product(user, product_id)
    try:
        wanted = [int(pk) for pk in media_ids]
    except (TypeError, ValueError):
        raise _error("media_ids", _("Photo not found."), Code.NOT_PRODUCTS_IMAGE) from None
    if len(set(wanted)) != len(wanted):
        raise _error("media_ids", _("A photo appears twice in the new order."), Code.DUPLICATED_INPUT_ITEM)
    media = {m.pk: m for m in product.media.all()}
    if set(wanted) - set(media):
        raise _error("media_ids", _("Photo not found."), Code.NOT_PRODUCTS_IMAGE)
    if set(wanted) != set(media):
        raise _error("media_ids", _("List every photo of the product in the new order."), Code.REQUIRED)
    ordered = [media[pk] for pk in wanted]
    for position, item in enumerate(ordered):
        item.sort_order = position
    ProductMedia.objects.bulk_update(ordered, ["sort_order"])
    _mark_dirty(product)
    return ordered


def move_image(*, user, media_id, offset: int) -> list[ProductMedia]:
    """One step up (-1) or down (+1): what the seller's buttons do without JavaScript."""
    with transaction.atomic():
        media = _media(user, media_id)
        order = list(media.product.media.order_by("sort_order", "id").values_list("pk", flat=True))
        index = order.index(media.pk)
        target = min(max(index + (1 if offset > 0 else -1), 0), len(order) - 1)
        order.insert(target, order.pop(index))
        return reorder_images(user=user, product_id=media.product.pk, media_ids=order)


def _delete_files_on_commit(media_list) -> None:
    names = []
    for media in media_list:
        names.append(media.image.name)
        names.extend(t.image.name for t in media.thumbnails.all())

    def delete():
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not delete media file %s", name)

    transaction.on_commit(delete)


# --------------------------------------------------------------------------- CSV

@transaction.atomic
def import_products_csv(*, user, producer_id, data) -> dict:
    """Create or update products and variants from a CSV file (bytes or an uploaded file): every row
    valid, or nothing saved. Refusals are csv_io.ImportErrors, a ValidationError with a row report."""
    from . import csv_io

    producer = _producer(user, producer_id)
    if not isinstance(data, bytes):
        data = read_capped(data, csv_io.MAX_BYTES, "file")
    Producer.objects.select_for_update().filter(pk=producer.pk).first()  # one import at a time per producer
    return csv_io.import_rows(producer, data)
