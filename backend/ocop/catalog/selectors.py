"""Reads of the catalogue. `public_products()` is the one listing rule every page and API uses."""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import (Count, Exists, F, Func, IntegerField, Max, Min, OuterRef, Prefetch, Q, QuerySet,
                              Subquery, Sum, TextField)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from ocop.core.text import fold_vietnamese

from ocop.producers.models import CertificateStatus, ProducerStatus

from .models import (Product, ProductMedia, ProductTranslation, ProductVariant, ProductVariantTranslation, Stock,
                     Thumbnail)


def valid_certificate_q(prefix: str = "ocop_certificate__") -> Q:
    """A certificate shows stars only while verified, valid and not past its date."""
    return Q(**{
        f"{prefix}status": CertificateStatus.VALID,
        f"{prefix}verified_at__isnull": False,
        f"{prefix}valid_until__gte": timezone.localdate(),
    })


def public_products() -> QuerySet[Product]:
    return Product.objects.filter(is_published=True, producer__status=ProducerStatus.APPROVED)


def product_stars(product: Product) -> int | None:
    cert = product.ocop_certificate
    if cert is None or not cert.shows_stars:
        return None
    return cert.stars


def product_detail(slug: str) -> Product | None:
    variants = ProductVariant.objects.annotate(
        stock_quantity=Sum("stocks__quantity"), stock_allocated=Sum("stocks__quantity_allocated")
    ).order_by("sort_order", "id")
    # No aggregates on the product row itself: the page reads prices and stock from its variants.
    return (
        public_products()
        .select_related("producer", "producer__area", "category", "category__parent", "ocop_certificate", "origin_area")
        .prefetch_related(
            Prefetch("variants", queryset=variants),
            Prefetch("media", queryset=ProductMedia.objects.order_by("sort_order", "id").prefetch_related("thumbnails")),
            "translations",
        )
        .filter(slug=slug)
        .first()
    )


def variant_names(variant_ids, language: str | None) -> dict[int, str]:
    """Variant id → its name in `language`, for the variants the producer named in it (one query;
    none for Vietnamese, the variants' own language)."""
    language = (language or "vi")[:2]
    ids = list(variant_ids)
    if language == "vi" or not ids:
        return {}
    return dict(ProductVariantTranslation.objects.filter(variant_id__in=ids, language_code=language)
                .exclude(name="").values_list("variant_id", "name"))


def name_variants(variants, language: str | None) -> None:
    """Sets `display_name` on each variant: its name in `language` where the producer gave one, else
    its own."""
    names = variant_names([v.pk for v in variants], language)
    for variant in variants:
        variant.display_name = names.get(variant.pk, variant.name)


def variant_label(variant, language: str | None = None) -> str:
    """"Product – variant" as a shopper reads it in `language` (the page's by default): the names
    the producer gave in it, else the Vietnamese ones (what messages about a cart line say)."""
    from django.utils.translation import get_language

    language = (language or get_language() or "vi")[:2]
    product_name = variant.product.name
    if language != "vi":
        product_name = (ProductTranslation.objects.filter(product_id=variant.product_id, language_code=language)
                        .exclude(name="").values_list("name", flat=True).first() or product_name)
    if not hasattr(variant, "display_name"):
        name_variants([variant], language)
    return f"{product_name} – {variant.display_name}" if variant.display_name else product_name


def certified_product_names(certificate_ids, language: str | None):
    """(certificate id, the name in `language` of a published product carrying it) pairs, for the
    certificates whose products were named in that language (none for Vietnamese)."""
    language = (language or "vi")[:2]
    if language == "vi" or not certificate_ids:
        return []
    return (ProductTranslation.objects.filter(language_code=language, product__ocop_certificate_id__in=certificate_ids,
                                              product__is_published=True).exclude(name="")
            .order_by("product__ocop_certificate_id", "product_id")
            .values_list("product__ocop_certificate_id", "name").distinct("product__ocop_certificate_id"))


SELLER_LIST_THUMBNAIL = 160


class Unaccent(Func):
    """ocop_unaccent(): the IMMUTABLE wrapper of unaccent made by core's first migration."""

    function = "ocop_unaccent"
    output_field = TextField()


def _per_product(queryset, aggregate):
    """A correlated subquery: one aggregate over the rows of `queryset` that belong to the outer product."""
    return Subquery(queryset.values("product_id").annotate(value=aggregate).values("value")[:1],
                    output_field=IntegerField())


def seller_products(producer, *, query: str = "", status: str = "", category_id=None,
                    out_of_stock: bool = False) -> QuerySet[Product]:
    """The producer's own products for the seller portal, published or not, with what the list shows.
    Every word of the search must appear in the name (tone marks and đ ignored on both sides) or in a SKU."""
    products = Product.objects.filter(producer=producer)
    words = (query or "").split()[:8]
    if words:
        # unaccent first: lower() leaves Đ alone under a C collation, unaccent makes it D.
        products = products.annotate(folded_name=Lower(Unaccent("name")))
        for word in words:  # every word must match the name or a SKU
            sku_match = ProductVariant.objects.filter(product=OuterRef("pk"), sku__icontains=word)
            products = products.filter(Q(folded_name__contains=fold_vietnamese(word).lower()) | Exists(sku_match))
    if status == "published":
        products = products.filter(is_published=True)
    elif status == "unpublished":
        products = products.filter(is_published=False)
    if category_id:
        products = products.filter(category_id=category_id)
    variants = ProductVariant.objects.filter(product=OuterRef("pk"))
    stocks = Stock.objects.filter(product_variant__product=OuterRef("pk")).annotate(product_id=F("product_variant__product"))
    if out_of_stock:
        products = products.exclude(Exists(stocks.filter(quantity__gt=F("quantity_allocated"))))
    # One small picture per product, as a path in the row itself: no photo rows to fetch at all.
    photos = ProductMedia.objects.filter(product=OuterRef("pk")).order_by("sort_order", "id")
    thumbs = Thumbnail.objects.filter(media__product=OuterRef("pk"), size=SELLER_LIST_THUMBNAIL).order_by(
        "media__sort_order", "media__id")
    return (
        products.select_related("category")
        .defer("description", "search_document", "search_vector")
        .annotate(
            min_price=_per_product(variants, Min("price_amount")),
            max_price=_per_product(variants, Max("price_amount")),
            variant_count=Coalesce(_per_product(variants, Count("id")), 0),
            stock_total=Coalesce(_per_product(stocks, Sum(F("quantity") - F("quantity_allocated"))), 0),
            # the original until its thumbnails exist (they are made just after the upload commits)
            thumbnail_path=Coalesce(Subquery(thumbs.values("image")[:1]), Subquery(photos.values("image")[:1])),
        )
        .prefetch_related("translations")
        .order_by("-updated_at", "-id")
    )


def seller_product(producer, product_id) -> Product | None:
    """One of the producer's own products with its variants (stock summed) and photos."""
    variants = ProductVariant.objects.annotate(
        stock_quantity=Coalesce(Sum("stocks__quantity"), 0), stock_allocated=Coalesce(Sum("stocks__quantity_allocated"), 0),
    ).order_by("sort_order", "id")
    return (
        Product.objects.filter(producer=producer, pk=product_id)
        .select_related("category", "ocop_certificate", "producer")
        .prefetch_related(
            Prefetch("variants", queryset=variants),
            Prefetch("media", queryset=ProductMedia.objects.order_by("sort_order", "id").prefetch_related("thumbnails")),
        )
        .first()
    )


@dataclass(frozen=True, slots=True)
class CardImage:
    src: str
    srcset: str
    alt: str


@dataclass(frozen=True, slots=True)
class ProductCard:
    """What a product card in a list shows, read in one query (product_cards)."""

    pk: int
    slug: str
    name: str  # in the language asked for, the Vietnamese name when it has no translation
    producer_name: str
    min_price: int | None
    max_price: int | None
    stars: int | None  # only while the certificate shows stars (OcopCertificate.shows_stars)
    has_stock: bool
    image: CardImage | None


# A variant a shopper can buy now: it does not count stock, or some stock is not yet allocated.
# For SQL that names the variant `v` (the cards, the listing's "in stock" filter, Elasticsearch's documents).
VARIANT_AVAILABLE_SQL = ("(NOT v.track_inventory OR EXISTS (SELECT 1 FROM catalog_stock s"
                         " WHERE s.product_variant_id = v.id AND s.quantity > s.quantity_allocated))")

CARD_IMAGE_SIZE = 320  # the width a card's picture is drawn at, on the widest screens

# The card data of some products: the first photo with its thumbnails (size and path, smallest
# first), the price range, stock, the name in the language asked for and the certificate's state.
# The public rule is public_products()'s, written out (tests/test_product_cards.py holds them together):
# its query put inside cost more to plan than this one costs to run.
_CARDS_SQL = """
SELECT p.id, p.slug, p.name, COALESCE(NULLIF(t.name, ''), p.name), pr.name,
    (SELECT min(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id),
    (SELECT max(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id),
    EXISTS (SELECT 1 FROM catalog_productvariant v WHERE v.product_id = p.id AND {available}),
    c.stars, c.status, c.verified_at IS NOT NULL, c.valid_until,
    photo.image, photo.alt, photo.thumbnails
FROM catalog_product p
JOIN producers_producer pr ON pr.id = p.producer_id
LEFT JOIN producers_ocopcertificate c ON c.id = p.ocop_certificate_id
LEFT JOIN catalog_producttranslation t ON t.product_id = p.id AND t.language_code = %s
LEFT JOIN LATERAL (
    SELECT m.image, m.alt, ARRAY(SELECT array[th.size::text, th.image] FROM catalog_thumbnail th
                                 WHERE th.media_id = m.id ORDER BY th.size) AS thumbnails
    FROM catalog_productmedia m WHERE m.product_id = p.id ORDER BY m.sort_order, m.id LIMIT 1
) photo ON true
WHERE p.id = ANY(%s) AND p.is_published AND pr.status = %s
"""
CARDS_SQL = _CARDS_SQL.replace("{available}", VARIANT_AVAILABLE_SQL)  # constants; values are parameters


def product_cards(ids: list[int], language: str = "vi") -> list[ProductCard]:
    """The cards of these products, in this order (those no longer public are left out), in one
    query whatever their number: no model instances, which on a page of 24 cost more than the
    query itself."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        # Vietnamese is the products' own language: its name is the product's name.
        cursor.execute(CARDS_SQL, ["" if language[:2] == "vi" else language[:2], list(ids), ProducerStatus.APPROVED])
        rows = cursor.fetchall()
    today = timezone.localdate()
    url = default_storage.url
    by_id = {}
    for (pk, slug, name, local_name, producer_name, low, high, has_stock, stars, status, verified, valid_until,
         photo, alt, thumbnails) in rows:
        image = None
        if photo:
            thumbnails = [(int(size), url(path)) for size, path in thumbnails or ()]
            # the smallest thumbnail at least as wide as a card (320 px), else the largest, else the original
            src = next((u for size, u in thumbnails if size >= CARD_IMAGE_SIZE), thumbnails[-1][1] if thumbnails else url(photo))
            # The producer writes the alt text in Vietnamese; a page in another language names the product in it.
            shown_alt = (alt if language[:2] == "vi" else local_name) or name
            image = CardImage(src=src, srcset=", ".join(f"{u} {size}w" for size, u in thumbnails), alt=shown_alt)
        shows_stars = status == CertificateStatus.VALID and verified and valid_until is not None and valid_until >= today
        by_id[pk] = ProductCard(pk=pk, slug=slug, name=local_name, producer_name=producer_name, min_price=low,
                                max_price=high, stars=stars if shows_stars else None, has_stock=has_stock, image=image)
    return [by_id[pk] for pk in ids if pk in by_id]


def card_lists(slices, language: str = "vi") -> list[list[ProductCard]]:
    """Several ordered slices of products (querysets with start and stop, e.g. the home page's
    sections) as cards, with one fetch of their card data. The ordering and slicing run on bare
    product ids, so the cost does not grow with the catalogue."""
    id_lists = [list(ordered.values_list("pk", flat=True)[start:stop]) for ordered, start, stop in slices]
    cards = {card.pk: card for card in product_cards(list(dict.fromkeys(pk for ids in id_lists for pk in ids)), language)}
    return [[cards[pk] for pk in ids if pk in cards] for ids in id_lists]
