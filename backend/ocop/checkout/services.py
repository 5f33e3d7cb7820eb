"""Every change to a checkout. Stock is checked when lines are added or changed (allocation
happens when the order is created)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ocop.catalog.models import ProductVariant
from ocop.catalog.selectors import public_products

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
                         name=str(variant))
        raise _error("quantity", _("Only %(available)s of %(name)s left."), CheckoutErrorCode.INSUFFICIENT_STOCK,
                     available=available, name=str(variant))


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
    """At log-in: the anonymous cart joins the account's cart (quantities added, capped by stock)."""
    target = Checkout.objects.filter(user=user).order_by("-last_change").first()
    if checkout is None or checkout.user_id == user.pk:
        return checkout or target or create_checkout(user=user)
    if target is None:
        checkout.user = user
        checkout.email = checkout.email or user.email
        checkout.save(update_fields=["user", "email", "last_change"])
        return checkout
    for line in checkout.lines.select_related("variant"):
        existing = target.lines.filter(variant_id=line.variant_id).first()
        wanted = line.quantity + (existing.quantity if existing else 0)
        available = available_quantity(line.variant)
        if available is not None:
            wanted = min(wanted, available)
        if wanted <= 0:
            continue
        CheckoutLine.objects.update_or_create(checkout=target, variant_id=line.variant_id,
                                              defaults={"quantity": wanted})
    checkout.delete()
    target.save(update_fields=["last_change"])
    return target
