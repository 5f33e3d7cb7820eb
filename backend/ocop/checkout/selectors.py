"""The cart as shoppers see it: lines grouped by producer (each ships its own parcel), totals."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum
from django.utils.translation import get_language

from ocop.catalog.models import ProductMedia, ProductVariant
from ocop.catalog.selectors import name_variants

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


def cart_summary(checkout: Checkout | None, *, media: bool = True) -> CartSummary:
    """The cart's lines by producer with prices and what is left in stock; `media=False` leaves
    the photos out (paying and placing the order need none: two queries fewer)."""
    if checkout is None:
        return CartSummary(None, [], 0, 0)
    variants = ProductVariant.objects.select_related("product", "product__producer").annotate(
        stock_quantity=Sum("stocks__quantity"), stock_allocated=Sum("stocks__quantity_allocated"),
    )
    if media:
        variants = variants.prefetch_related(  # and the names in the page's language
            Prefetch("product__media", queryset=ProductMedia.objects.prefetch_related("thumbnails")),
            "product__translations")
    else:  # paying: nothing shows the long texts (the search vector alone is a few KB a product)
        variants = variants.defer("product__description", "product__search_document", "product__search_vector",
                                  "product__producer__description", "product__producer__status_reason")
    lines = list(CheckoutLine.objects.filter(checkout=checkout).prefetch_related(Prefetch("variant", queryset=variants)))
    if media:  # a page shows them: variant names in the page's language
        name_variants([line.variant for line in lines], get_language())
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


@dataclass
class ParcelQuote:
    producer: object
    lines: list
    subtotal: int
    weight_grams: int
    delivery: object | None  # CheckoutDelivery
    shipping: int


@dataclass
class CheckoutQuote:
    checkout: Checkout
    address: object | None
    parcels: list
    subtotal: int
    shipping: int
    total: int

    @property
    def is_ready_for_payment(self) -> bool:
        return bool(self.parcels) and self.address is not None and all(p.delivery for p in self.parcels)


def line_weight_grams(variant) -> int:
    return int(variant.weight_grams or variant.product.weight_grams or 0)


def checkout_quote(checkout: Checkout, *, media: bool = True) -> CheckoutQuote:
    """The cart with the chosen deliveries priced: what the shopper will pay, in đồng."""
    from .models import CheckoutAddress, CheckoutDelivery

    summary = cart_summary(checkout, media=media)
    address = CheckoutAddress.objects.filter(checkout=checkout).first()
    deliveries = {d.producer_id: d for d in CheckoutDelivery.objects.filter(checkout=checkout)
                  .select_related("shipping_rate")}
    parcels = []
    for group in summary.groups:
        weight = sum(line_weight_grams(line.variant) * line.quantity for line in group.lines)
        delivery = deliveries.get(group.producer.pk)
        if delivery is not None and address is not None and not delivery.shipping_rate.ships_to(address.province):
            delivery = None
        shipping = delivery.shipping_rate.price_for(weight) if delivery else 0
        parcels.append(ParcelQuote(group.producer, group.lines, group.subtotal, weight, delivery, shipping))
    shipping_total = sum(p.shipping for p in parcels)
    return CheckoutQuote(checkout, address, parcels, summary.total, shipping_total, summary.total + shipping_total)


@dataclass
class ShippingOption:
    """One producer's delivery option for its parcel of this checkout, priced for the parcel's weight."""

    rate: object  # ShippingRate
    producer: object
    price: int
    reaches_address: bool


def shipping_options(quote: CheckoutQuote) -> dict:
    """{producer pk: [ShippingOption]} for every parcel, cheapest first, in one query; empty
    without an address (prices and reach depend on where the parcels go)."""
    from .models import ShippingRate

    if quote.address is None or not quote.parcels:
        return {}
    parcels = {parcel.producer.pk: parcel for parcel in quote.parcels}
    options: dict = {pk: [] for pk in parcels}
    for rate in ShippingRate.objects.filter(producer_id__in=list(parcels), is_active=True):
        parcel = parcels[rate.producer_id]
        rate.producer = parcel.producer
        if rate.ships_to(quote.address.province):
            options[rate.producer_id].append(ShippingOption(rate, parcel.producer, rate.price_for(parcel.weight_grams),
                                                            True))
    for found in options.values():
        found.sort(key=lambda option: (option.price, option.rate.pk))
    return options
