"""Ready-to-pay checkouts from the sample data (used by the checkout, order and payment tests)."""

from ocop.catalog.models import ProductVariant, Stock
from ocop.catalog.selectors import public_products
from ocop.checkout import services
from ocop.checkout.models import ShippingRate

ADDRESS = {"full_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Hà Nội", "district": "",
           "commune": "Phường Hoàn Kiếm", "street": "12 Hàng Bạc"}


def variants_of_two_producers(stock=10):
    chosen, seen = [], set()
    for variant in (ProductVariant.objects.filter(product__in=public_products(), track_inventory=True)
                    .select_related("product", "product__producer").order_by("pk")):
        if variant.product.producer_id not in seen:
            seen.add(variant.product.producer_id)
            chosen.append(variant)
        if len(chosen) == 2:
            break
    for variant in chosen:
        Stock.objects.filter(product_variant=variant).update(quantity=stock, quantity_allocated=0)
    return chosen


def ready_checkout(lines, *, user=None, email="khach@example.vn", province="Hà Nội", language_code="vi"):
    """lines: [(variant, quantity)]. Address set, the cheapest delivery chosen for each parcel."""
    checkout = services.create_checkout(user=user, language_code=language_code)
    for variant, quantity in lines:
        services.add_line(checkout=checkout, variant_id=variant.pk, quantity=quantity)
    services.set_shipping_address(checkout=checkout, email=email, **{**ADDRESS, "province": province})
    for producer_id in {v.product.producer_id for v, _q in lines}:
        rate = next(r for r in ShippingRate.objects.filter(producer_id=producer_id) if r.ships_to(province))
        services.set_delivery(checkout=checkout, producer_id=producer_id, shipping_rate_id=rate.pk)
    return checkout
