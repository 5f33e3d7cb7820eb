"""The cart as shoppers see it: lines grouped by producer (each ships its own parcel), totals."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum

from ocop.catalog.models import ProductMedia, ProductVariant

from .models import Checkout, CheckoutLine


@dataclass
class ProducerGroup:
    producer: object
    lines: list = field(default_factory=list)
    subtotal: int = 0


@dataclass
class CartSummary:
    checkout: Checkout | None
    groups: list
    total: int
    quantity: int


def cart_summary(checkout: Checkout | None) -> CartSummary:
    if checkout is None:
        return CartSummary(None, [], 0, 0)
    variants = ProductVariant.objects.select_related("product", "product__producer").annotate(
        stock_quantity=Sum("stocks__quantity"), stock_allocated=Sum("stocks__quantity_allocated"),
    ).prefetch_related(Prefetch("product__media", queryset=ProductMedia.objects.prefetch_related("thumbnails")))
    lines = list(CheckoutLine.objects.filter(checkout=checkout).prefetch_related(Prefetch("variant", queryset=variants)))
    groups: dict[int, ProducerGroup] = {}
    total = quantity = 0
    for line in lines:
        producer = line.variant.product.producer
        group = groups.setdefault(producer.pk, ProducerGroup(producer))
        line.unit_price = line.variant.price_amount
        line.line_total = line.unit_price * line.quantity
        line.available = (None if not line.variant.track_inventory
                          else max((line.variant.stock_quantity or 0) - (line.variant.stock_allocated or 0), 0))
        group.lines.append(line)
        group.subtotal += line.line_total
        total += line.line_total
        quantity += line.quantity
    return CartSummary(checkout, list(groups.values()), total, quantity)
