"""Every change to a checkout. Stock is checked when lines are added or changed (allocation
happens when the order is created)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ocop.catalog.models import ProductVariant
from ocop.catalog.selectors import public_products, variant_label
from ocop.core.money import parse_vnd

from .errors import CheckoutErrorCode
from .models import Checkout, CheckoutLine

MAX_LINE_QUANTITY = 999
MAX_LINES = 100


def _error(field, message, code: CheckoutErrorCode, **params):
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def available_quantity(variant: ProductVariant) -> int | None:
    """Units that can still be bought (None when the variant does not track stock)."""
    if not variant.track_inventory:
        return None
    totals = variant.stocks.aggregate(q=Sum("quantity"), a=Sum("quantity_allocated"))
    return max((totals["q"] or 0) - (totals["a"] or 0), 0)


def _purchasable_variant(variant_id) -> ProductVariant:
    variant = (ProductVariant.objects.select_related("product")
               .filter(pk=variant_id, product__in=public_products()).first())
    if variant is None:
        raise _error("variant", _("This product is not on sale."), CheckoutErrorCode.PRODUCT_NOT_PUBLISHED)
    return variant


def _check_quantity(variant: ProductVariant, quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise _error("quantity", _("Enter a whole number."), CheckoutErrorCode.INVALID)
    if quantity <= 0:
        raise _error("quantity", _("The quantity must be at least 1."), CheckoutErrorCode.ZERO_QUANTITY)
    limit = variant.quantity_limit_per_customer
    if limit and quantity > limit:
        raise _error("quantity", _("You can buy at most %(limit)s of this item."),
                     CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT, limit=limit)
    if quantity > MAX_LINE_QUANTITY:
        raise _error("quantity", _("You can buy at most %(limit)s of this item."),
                     CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT, limit=MAX_LINE_QUANTITY)
    available = available_quantity(variant)
    if available is not None and quantity > available:
        if available == 0:
            raise _error("quantity", _("%(name)s is sold out."), CheckoutErrorCode.INSUFFICIENT_STOCK,
                         name=variant_label(variant))
        raise _error("quantity", _("Only %(available)s of %(name)s left."), CheckoutErrorCode.INSUFFICIENT_STOCK,
                     available=available, name=variant_label(variant))


def create_checkout(*, user=None, language_code="vi") -> Checkout:
    return Checkout.objects.create(user=user if user and user.is_authenticated else None,
                                   email=user.email if user and user.is_authenticated else "",
                                   language_code=language_code)


@transaction.atomic
def add_line(*, checkout: Checkout, variant_id, quantity: int) -> CheckoutLine:
    """Add `quantity` more of a variant (the line's total is what is checked)."""
    variant = _purchasable_variant(variant_id)
    line = CheckoutLine.objects.select_for_update().filter(checkout=checkout, variant=variant).first()
    new_quantity = (line.quantity if line else 0) + (quantity if isinstance(quantity, int) else 0)
    if not isinstance(quantity, int) or quantity <= 0:
        _check_quantity(variant, quantity)
    _check_quantity(variant, new_quantity)
    if line is None:
        if checkout.lines.count() >= MAX_LINES:
            raise _error("lines", _("A cart can hold at most %(max)s different items."), CheckoutErrorCode.INVALID,
                         max=MAX_LINES)
        line = CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=new_quantity)
    else:
        line.quantity = new_quantity
        line.save(update_fields=["quantity"])
    checkout.save(update_fields=["last_change"])
    return line


@transaction.atomic
def set_line_quantity(*, checkout: Checkout, variant_id, quantity: int) -> CheckoutLine | None:
    """Set a line's quantity; 0 removes it."""
    if quantity == 0:
        remove_line(checkout=checkout, variant_id=variant_id)
        return None
    line = CheckoutLine.objects.select_for_update().filter(checkout=checkout, variant_id=variant_id).first()
    if line is None:
        raise _error("variant", _("This item is not in your cart."), CheckoutErrorCode.NOT_FOUND)
    variant = _purchasable_variant(variant_id)
    _check_quantity(variant, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    checkout.save(update_fields=["last_change"])
    return line


def remove_line(*, checkout: Checkout, variant_id) -> None:
    checkout.lines.filter(variant_id=variant_id).delete()
    checkout.save(update_fields=["last_change"])


@transaction.atomic
def merge_into_user_checkout(*, checkout: Checkout | None, user) -> Checkout:
    """At log-in: the anonymous cart joins the account's cart. Quantities of the same item are
    added, within the same limits as adding to a cart (stock, the per-customer limit, at most
    MAX_LINE_QUANTITY units and MAX_LINES lines); what had to be cut is listed on the returned
    cart as `merge_cuts` (variant, quantity kept: 0 when left out), for the page to tell."""
    target = Checkout.objects.filter(user=user).order_by("-last_change").first()
    if checkout is None or checkout.user_id == user.pk:
        merged = checkout or target or create_checkout(user=user)
        merged.merge_cuts = []
        return merged
    if target is None:
        checkout.user = user
        checkout.email = checkout.email or user.email
        checkout.save(update_fields=["user", "email", "last_change"])
        checkout.merge_cuts = []
        return checkout
    cuts = []
    with transaction.atomic():
        existing = {line.variant_id: line for line in target.lines.select_for_update()}
        for line in checkout.lines.select_related("variant", "variant__product").order_by("pk"):
            wanted = line.quantity + (existing[line.variant_id].quantity if line.variant_id in existing else 0)
            kept = min(wanted, MAX_LINE_QUANTITY, line.variant.quantity_limit_per_customer or wanted)
            available = available_quantity(line.variant)
            if available is not None:
                kept = min(kept, available)
            if line.variant_id not in existing and len(existing) >= MAX_LINES:
                kept = 0
            if kept < wanted:
                cuts.append((line.variant, kept))
            if kept <= 0:
                continue
            existing[line.variant_id], _created = CheckoutLine.objects.update_or_create(
                checkout=target, variant_id=line.variant_id, defaults={"quantity": kept})
        checkout.delete()
        target.save(update_fields=["last_change"])
    target.merge_cuts = cuts
    return target


# --------------------------------------------------------------------------- address and delivery

def set_shipping_address(*, checkout: Checkout, full_name: str, phone: str, province: str, district: str = "",
                         commune: str, street: str, email: str = "") -> "CheckoutAddress":
    """The storefront's address step: the address book's rules (checkout.addresses.clean_address,
    as the API), with this form's field names and its own words for what is missing."""
    from ocop.accounts import addresses as address_rules

    from . import addresses
    from .models import CheckoutAddress

    errors = {}
    values = {}
    try:
        cleaned = addresses.clean_address(address_rules.from_form({
            "full_name": full_name, "phone": phone, "street": street, "commune": commune, "district": district,
            "province": province}), addresses.SHIPPING)
    except ValidationError as exc:
        errors.update(address_rules.form_errors(exc))
    else:
        values = {"full_name": addresses.full_name(cleaned["first_name"], cleaned["last_name"]),
                  "street": addresses.street(cleaned), "phone": cleaned["phone"], "commune": cleaned["commune"],
                  "district": cleaned["district"], "province": cleaned["province"]}
    email = (email or "").strip()
    if not checkout.user_id:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ValidationError(_("Enter an e-mail address such as ten@example.vn."),
                                              code=CheckoutErrorCode.INVALID.value)
    if errors:
        raise ValidationError(errors)
    # The Saleor-shaped parts an API client may have set describe the address replaced here.
    values.update(first_name="", last_name="", company_name="", street_address_1="", street_address_2="",
                  postal_code="")
    with transaction.atomic():
        address, _created = CheckoutAddress.objects.update_or_create(checkout=checkout, defaults=values)
        if email:
            checkout.email = email
        checkout.save(update_fields=["email", "last_change"])
        # A new province may rule out a chosen delivery.
        for delivery in checkout.deliveries.select_related("shipping_rate"):
            if not delivery.shipping_rate.ships_to(address.province):
                delivery.delete()
    return address


def shipping_rates_for(*, producer, province: str) -> list:
    from .models import ShippingRate

    return [rate for rate in ShippingRate.objects.filter(producer=producer, is_active=True)
            if rate.ships_to(province)]


@transaction.atomic
def set_delivery(*, checkout: Checkout, producer_id: int, shipping_rate_id) -> "CheckoutDelivery":
    from .models import CheckoutAddress, CheckoutDelivery, ShippingRate

    address = CheckoutAddress.objects.filter(checkout=checkout).first()
    if address is None:
        raise _error("shipping_address", _("Enter the delivery address first."),
                     CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET)
    rate = ShippingRate.objects.filter(pk=shipping_rate_id, producer_id=producer_id, is_active=True).first()
    if rate is None or not rate.ships_to(address.province):
        raise _error("shipping_method", _("This delivery option does not reach %(province)s."),
                     CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE, province=address.province)
    delivery, _created = CheckoutDelivery.objects.update_or_create(
        checkout=checkout, producer_id=producer_id, defaults={"shipping_rate": rate})
    checkout.save(update_fields=["last_change"])
    return delivery


# --------------------------------------------------------------------------- producers' delivery rates

def save_shipping_rate(*, user, producer, rate_id=None, name: str, flat_amount, per_kg_amount, provinces=(),
                       is_active: bool = True) -> "ShippingRate":
    """Create or change one of the producer's delivery options (whole đồng; no provinces: everywhere)."""
    from ocop.producers.selectors import producers_for_member

    from .models import ShippingRate
    from .provinces import PROVINCES

    if not (user.is_staff or producers_for_member(user).filter(pk=producer.pk).exists()):
        raise _error("producer", _("This delivery option was not found."), CheckoutErrorCode.NOT_FOUND)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ValidationError(_("Name the delivery option, e.g. Standard (3–5 days)."),
                                         code=CheckoutErrorCode.REQUIRED.value)
    amounts = {}
    for field, value in (("flat_amount", flat_amount), ("per_kg_amount", per_kg_amount)):
        try:
            amount = parse_vnd(value if value is not None else "")
        except ValueError:
            amount = -1
        if amount < 0:
            errors[field] = ValidationError(_("Enter a whole number of đồng, such as 30000 or 30.000."),
                                            code=CheckoutErrorCode.INVALID.value)
        else:
            amounts[field] = amount
    unknown = [p for p in provinces if p not in PROVINCES]
    if unknown:
        errors["provinces"] = ValidationError(_("Choose provinces from the list."), code=CheckoutErrorCode.INVALID.value)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if rate_id:
            rate = ShippingRate.objects.select_for_update().filter(pk=rate_id, producer=producer).first()
            if rate is None:
                raise _error("rate", _("This delivery option was not found."), CheckoutErrorCode.NOT_FOUND)
        else:
            rate = ShippingRate(producer=producer)
        rate.name = name[:120]
        rate.flat_amount = amounts["flat_amount"]
        rate.per_kg_amount = amounts["per_kg_amount"]
        rate.provinces = [p for p in PROVINCES if p in set(provinces)]
        rate.is_active = bool(is_active)
        rate.save()
    return rate


# --------------------------------------------------------------------------- the API's changes (Saleor's mutations)

@transaction.atomic
def add_lines(*, checkout: Checkout, lines) -> None:
    """Add several (variant_id, quantity) at once: all or nothing."""
    lines = list(lines)
    if len(lines) > MAX_LINES:
        raise _error("lines", _("A cart can hold at most %(max)s different items."), CheckoutErrorCode.INVALID,
                     max=MAX_LINES)
    for variant_id, quantity in lines:
        add_line(checkout=checkout, variant_id=variant_id, quantity=quantity)


@transaction.atomic
def update_lines(*, checkout: Checkout, lines) -> None:
    """Set several (variant_id, quantity) at once, all or nothing; 0 removes a line."""
    for variant_id, quantity in lines:
        if not isinstance(quantity, int) or quantity < 0:
            variant = _purchasable_variant(variant_id)
            _check_quantity(variant, quantity)
        set_line_quantity(checkout=checkout, variant_id=variant_id, quantity=quantity)


@transaction.atomic
def remove_lines(*, checkout: Checkout, line_ids) -> None:
    """Remove lines by id; an id that is not a line of this checkout removes nothing."""
    line_ids = set(line_ids)
    found = set(checkout.lines.filter(pk__in=line_ids).values_list("pk", flat=True))
    if found != line_ids:
        raise _error("line_id", _("This item is not in your cart."), CheckoutErrorCode.NOT_FOUND)
    checkout.lines.filter(pk__in=line_ids).delete()
    checkout.save(update_fields=["last_change"])


def set_email(*, checkout: Checkout, email: str) -> Checkout:
    from django.core.validators import validate_email

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise _error("email", _("Enter an e-mail address such as ten@example.vn."), CheckoutErrorCode.INVALID) from None
    checkout.email = email
    checkout.save(update_fields=["email", "last_change"])
    return checkout


def attach_customer(*, checkout: Checkout, user) -> Checkout:
    """The checkout becomes the user's (only the user can reach it from now on)."""
    if checkout.user_id and checkout.user_id != user.pk:
        raise _error("customer_id", _("This cart belongs to someone else."), CheckoutErrorCode.NOT_FOUND)
    checkout.user = user
    checkout.email = user.email
    checkout.save(update_fields=["user", "email", "last_change"])
    return checkout


def detach_customer(*, checkout: Checkout, user) -> Checkout:
    """The checkout is anonymous again (reachable by its token); only its own user may do this."""
    if checkout.user_id != user.pk:
        raise _error("customer_id", _("This cart belongs to someone else."), CheckoutErrorCode.NOT_FOUND)
    checkout.user = None
    checkout.save(update_fields=["user", "last_change"])
    return checkout


@transaction.atomic
def choose_delivery_methods(*, checkout: Checkout, shipping_rate_ids) -> None:
    """Choose deliveries by rate (each rate belongs to one producer, whose parcel it sets), then give
    every parcel still without one its cheapest option: a client that, like Saleor, picks one
    delivery method for the whole checkout ends with every parcel delivered."""
    from .models import CheckoutAddress, ShippingRate
    from .selectors import checkout_quote, line_weight_grams

    if not checkout.lines.exists():
        raise _error("lines", _("Your cart is empty."), CheckoutErrorCode.NO_LINES)
    producers_in_cart = set(checkout.lines.values_list("variant__product__producer_id", flat=True))
    for rate_id in shipping_rate_ids:
        rate = ShippingRate.objects.filter(pk=rate_id, is_active=True).first()
        if rate is None or rate.producer_id not in producers_in_cart:
            raise _error("delivery_method_id", _("This delivery option is not available for your cart."),
                         CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE)
        set_delivery(checkout=checkout, producer_id=rate.producer_id, shipping_rate_id=rate.pk)
    address = CheckoutAddress.objects.filter(checkout=checkout).first()
    for parcel in checkout_quote(checkout).parcels:
        if parcel.delivery is None and address is not None:
            weight = sum(line_weight_grams(line.variant) * line.quantity for line in parcel.lines)
            rates = shipping_rates_for(producer=parcel.producer, province=address.province)
            if rates:
                cheapest = min(rates, key=lambda rate: (rate.price_for(weight), rate.pk))
                set_delivery(checkout=checkout, producer_id=parcel.producer.pk, shipping_rate_id=cheapest.pk)


def clear_deliveries(*, checkout: Checkout) -> None:
    checkout.deliveries.all().delete()
    checkout.save(update_fields=["last_change"])


MAX_METADATA_KEYS = 50


@transaction.atomic
def update_metadata(*, checkout: Checkout, items) -> Checkout:
    """Set public string keys on the checkout (Saleor's updateMetadata); an empty key is refused."""
    checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
    metadata = dict(checkout.metadata or {})
    for key, value in items:
        key = (key or "").strip()
        if not key:
            raise _error("input", _("Metadata key cannot be empty."), CheckoutErrorCode.REQUIRED)
        metadata[key[:256]] = str(value if value is not None else "")[:2000]
    if len(metadata) > MAX_METADATA_KEYS:
        raise _error("input", _("A cart can keep at most %(max)s metadata keys."), CheckoutErrorCode.INVALID,
                     max=MAX_METADATA_KEYS)
    checkout.metadata = metadata
    checkout.save(update_fields=["metadata", "last_change"])
    return checkout


def apply_promo_code(*, checkout: Checkout, promo_code: str) -> None:
    """We issue no vouchers or gift cards: every code is refused, saying so."""
    raise _error("promo_code", _("Promo codes are not used at OCOP Market: there are no vouchers or gift cards."),
                 CheckoutErrorCode.VOUCHER_NOT_APPLICABLE)


def check_ready_to_pay(checkout: Checkout, quote=None, *, stock: bool = True):
    """What a checkout needs before it can be paid for and become an order (Saleor's codes), in one
    place for the storefront, the API and order placement. Returns the quote. `stock=False` when
    the caller checks stock itself under row locks (placing the order)."""
    from .selectors import checkout_quote

    quote = quote or checkout_quote(checkout, media=False)
    if not quote.parcels:
        raise _error("lines", _("Your cart is empty."), CheckoutErrorCode.NO_LINES)
    if not (checkout.email or (checkout.user_id and checkout.user.email)):
        raise _error("email", _("Enter an e-mail address for the order confirmation."), CheckoutErrorCode.EMAIL_NOT_SET)
    if quote.address is None:
        raise _error("shipping_address", _("Enter the delivery address first."),
                     CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET)
    if not quote.is_ready_for_payment:
        raise _error("shipping_method", _("Choose a delivery option for every parcel."),
                     CheckoutErrorCode.SHIPPING_METHOD_NOT_SET)
    over = [ValidationError(_("You can buy at most %(limit)s of %(name)s."),
                            code=CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT.value,
                            params={"limit": line.variant.quantity_limit_per_customer, "name": variant_label(line.variant)})
            for parcel in quote.parcels for line in parcel.lines
            if line.variant.quantity_limit_per_customer and line.quantity > line.variant.quantity_limit_per_customer]
    if over:  # the producer lowered the limit after the cart was filled
        raise ValidationError({"lines": over})
    if stock:
        check_stock(quote)
    return quote


def check_stock(quote) -> None:
    """Every line of the quote still in stock (as read with the cart), else INSUFFICIENT_STOCK."""
    short = [ValidationError(
        _("%(name)s is sold out.") if line.available == 0 else _("Only %(available)s of %(name)s left."),
        code=CheckoutErrorCode.INSUFFICIENT_STOCK.value, params={"name": variant_label(line.variant),
                                                                 "available": line.available})
        for parcel in quote.parcels for line in parcel.lines
        if line.available is not None and line.available < line.quantity]  # read with the cart
    if short:
        raise ValidationError({"lines": short})
