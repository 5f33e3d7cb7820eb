"""The cart: a Checkout whose token lives in the session; merged into the account's at log-in."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from ocop.catalog.selectors import name_variants, variant_label
from ocop.checkout import services
from ocop.checkout.models import Checkout
from ocop.checkout.selectors import cart_summary

SESSION_KEY = "checkout_token"


def current_checkout(request, create: bool = False) -> Checkout | None:
    checkout = None
    token = request.session.get(SESSION_KEY)
    if token:
        checkout = Checkout.objects.filter(token=token).first()
        if checkout and checkout.user_id and checkout.user_id != getattr(request.user, "pk", None):
            checkout = None
    if checkout is None and request.user.is_authenticated:
        checkout = Checkout.objects.filter(user=request.user).order_by("-last_change").first()
    if checkout is None and create:
        checkout = services.create_checkout(user=request.user, language_code=request.LANGUAGE_CODE)
    if checkout is not None:
        request.session[SESSION_KEY] = str(checkout.token)
    return checkout


@receiver(user_logged_in)
def _merge_cart_on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.get(SESSION_KEY)
    anonymous = Checkout.objects.filter(token=token, user__isnull=True).first() if token else None
    merged = services.merge_into_user_checkout(checkout=anonymous, user=user)
    request.session[SESSION_KEY] = str(merged.token)
    cuts = getattr(merged, "merge_cuts", [])  # joining the carts hit a limit: say so
    name_variants([variant for variant, _kept in cuts], get_language())  # one query for every cut line
    for variant, kept in cuts:
        name = _variant_label(variant)
        if kept:
            messages.warning(request, _("Your carts were joined: %(name)s is now %(kept)s, as many as you can buy.")
                             % {"name": name, "kept": kept})
        else:
            messages.warning(request, _("Your carts were joined, but %(name)s could not be added.") % {"name": name})


def _quantity(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _back(request, default="storefront:cart"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def cart(request):
    return render(request, "storefront/cart.html", {"cart": cart_summary(current_checkout(request))})


def _line_name(line) -> str:
    return _variant_label(line.variant)


def _variant_label(variant) -> str:
    """The product, then its variant, in the page's language (as the cart shows them)."""
    return variant_label(variant, get_language())


@require_POST
def add(request):
    quantity = _quantity(request.POST.get("quantity", "1"))
    variant_id = _quantity(request.POST.get("variant"))
    if variant_id is None:
        messages.error(request, _("Choose which kind to buy."))
        return _back(request)
    try:
        if quantity is None:
            raise ValidationError({"quantity": ValidationError(_("Enter a whole number."), code="invalid")})
        checkout = current_checkout(request, create=True)
        line = services.add_line(checkout=checkout, variant_id=variant_id, quantity=quantity)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _back(request)
    messages.success(request, _("Added to your cart: %(name)s.") % {"name": _line_name(line)})
    return redirect("storefront:cart")


@require_POST
def update(request):
    checkout = current_checkout(request)
    variant_id = _quantity(request.POST.get("variant"))
    quantity = 0 if "remove" in request.POST else _quantity(request.POST.get("quantity"))
    if checkout is None or variant_id is None:
        return redirect("storefront:cart")
    try:
        if quantity is None:
            raise ValidationError({"quantity": ValidationError(_("Enter a whole number."), code="invalid")})
        services.set_line_quantity(checkout=checkout, variant_id=variant_id, quantity=quantity)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("storefront:cart")
