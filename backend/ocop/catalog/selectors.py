"""Reads of the catalogue. `public_products()` is the one listing rule every page and API uses."""

from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from ocop.producers.models import CertificateStatus, ProducerStatus

from .models import Product, ProductMedia, ProductVariant, Stock


def valid_certificate_q(prefix: str = "ocop_certificate__") -> Q:
    """A certificate shows stars only while verified, valid and not past its date."""
    return Q(**{
        f"{prefix}status": CertificateStatus.VALID,
        f"{prefix}verified_at__isnull": False,
        f"{prefix}valid_until__gte": timezone.localdate(),
    })


def public_products() -> QuerySet[Product]:
    return Product.objects.filter(is_published=True, producer__status=ProducerStatus.APPROVED)


def with_listing_data(products: QuerySet[Product]) -> QuerySet[Product]:
    """Everything a product card shows, in a fixed number of queries whatever the page size."""
    in_stock = Stock.objects.filter(product_variant__product=OuterRef("pk"), quantity__gt=F("quantity_allocated"))
    return (
        products.select_related("producer", "producer__area", "category", "ocop_certificate", "origin_area")
        .annotate(
            min_price=Min("variants__price_amount"),
            max_price=Max("variants__price_amount"),
            has_stock=Exists(in_stock),
        )
        .prefetch_related(
            Prefetch("media", queryset=ProductMedia.objects.order_by("sort_order", "id").prefetch_related("thumbnails")),
        )
    )


def product_stars(product: Product) -> int | None:
    cert = product.ocop_certificate
    if cert is None or not cert.shows_stars:
        return None
    return cert.stars


def product_detail(slug: str) -> Product | None:
    variants = ProductVariant.objects.annotate(
        stock_quantity=Sum("stocks__quantity"), stock_allocated=Sum("stocks__quantity_allocated")
    ).order_by("sort_order", "id")
    return (
        with_listing_data(public_products())
        .prefetch_related(Prefetch("variants", queryset=variants))
        .filter(slug=slug)
        .first()
    )
