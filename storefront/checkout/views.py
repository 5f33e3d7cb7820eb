"""Checkout, one task per page: address → delivery per producer → payment → confirmation.
Thin: every rule is in ocop.checkout.services, ocop.payments.services and ocop.orders.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ocop.checkout import services as checkout_services
from ocop.checkout.selectors import checkout_quote
from ocop.core.errors import add_to_form
from ocop.core.security import csp_allow_stripe
from ocop.orders.models import Order
from ocop.orders.services import order_for_checkout
from ocop.payments import services as payments
from ocop.payments.gateways.base import GatewayError, GatewayUnavailable, PaymentDeclined
from ocop.payments.models import Payment, PaymentStatus
from storefront.cart import current_checkout

from .forms import AddressForm

PLACED_ORDERS_KEY = "placed_orders"
PAYING_KEY = "paying_checkout"


def _checkout_or_cart(request):
    checkout = current_checkout(request)
    if checkout is None or not checkout.lines.exists():
        return None
    return checkout


def remember_order(request, order: Order) -> None:
    """Lets a shopper without an account open the orders placed in this browser."""
    placed = [t for t in request.session.get(PLACED_ORDERS_KEY, []) if t != str(order.token)]
    request.session[PLACED_ORDERS_KEY] = (placed + [str(order.token)])[-20:]


@never_cache
@require_http_methods(["GET", "POST"])
def address(request):
    checkout = _checkout_or_cart(request)
    if checkout is None:
        return redirect("storefront:cart")
    needs_email = not checkout.user_id
    current = getattr(checkout, "shipping_address", None) if hasattr(checkout, "shipping_address") else None
    initial = {"email": checkout.email}
    if current is not None:
        initial.update({f: getattr(current, f) for f in ("full_name", "phone", "province", "district", "commune",
                                                         "street")})
    elif request.user.is_authenticated and request.user.default_shipping_address_id:
        from storefront.account_addresses import form_values

        initial.update(form_values(request.user.default_shipping_address))  # the address book's default
    elif request.user.is_authenticated:
        initial["full_name"] = getattr(request.user, "full_name", "")
    form = AddressForm(request.POST or None, initial=initial, needs_email=needs_email)
    if request.method == "POST" and form.is_valid():
        try:
            checkout_services.set_shipping_address(checkout=checkout, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            return redirect("checkout:delivery")
    return render(request, "storefront/checkout/address.html", {"form": form, "step": 1})


@never_cache
@require_http_methods(["GET", "POST"])
def delivery(request):
    checkout = _checkout_or_cart(request)
    if checkout is None:
        return redirect("storefront:cart")
    quote = checkout_quote(checkout)
    if quote.address is None:
        return redirect("checkout:address")
    errors = {}
    if request.method == "POST":
        for parcel in quote.parcels:
            choice = request.POST.get(f"rate-{parcel.producer.pk}")
            try:
                if not choice:
                    raise ValidationError(_("Choose a delivery option for this parcel."))
                checkout_services.set_delivery(checkout=checkout, producer_id=parcel.producer.pk,
                                               shipping_rate_id=int(choice) if choice.isdigit() else None)
            except ValidationError as exc:
                errors[parcel.producer.pk] = exc.messages[0] if exc.messages else ""
        if not errors:
            return redirect("checkout:payment")
        quote = checkout_quote(checkout)
    # The same selector as the API's `shippingMethods`, so the page and the API offer the same options.
    from ocop.checkout.selectors import shipping_options

    offered = shipping_options(quote)
    options = []
    for parcel in quote.parcels:
        chosen = parcel.delivery.shipping_rate_id if parcel.delivery is not None else None
        options.append({"parcel": parcel, "error": errors.get(parcel.producer.pk),
                        "rates": [{"rate": o.rate, "price": o.price, "chosen": o.rate.pk == chosen}
                                  for o in offered.get(parcel.producer.pk, [])]})
    return render(request, "storefront/checkout/delivery.html",
                  {"quote": quote, "options": options, "errors": errors, "step": 2})


def _payment_page(request, checkout, *, payment=None, error=None, requires_action=False, status=200):
    quote = checkout_quote(checkout)
    context = {"quote": quote, "payment": payment, "error": error, "requires_action": requires_action, "step": 3}
    if payment is None and error is None:
        try:
            payment = payments.start_payment(checkout=checkout, create_intent=False, quote=quote)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("storefront:cart" if quote.is_ready_for_payment else "checkout:delivery")
        except GatewayError:
            context["error"] = payments.unavailable_message()
            status = 503
        if payment is not None and payment.status == PaymentStatus.SUCCEEDED and payment.order_id:
            return _finish(request, payment.order)  # the bank's step was finished in another tab
        context["payment"] = payment
        context["requires_action"] = payment is not None and payment.status == PaymentStatus.REQUIRES_ACTION
    context["gateway"] = {}
    if context["payment"] is not None:
        request.session[PAYING_KEY] = str(checkout.token)
        try:
            context["gateway"] = payments.get_gateway(context["payment"].gateway).client_config()
        except Exception:  # the script cannot load: the page says why instead
            context["error"] = context["error"] or payments.unavailable_message()
    return render(request, "storefront/checkout/payment.html", context, status=status)


def _register_webhook(request):
    from ocop.payments.gateways.stripe import StripeGateway

    gateway = payments.get_gateway()
    if isinstance(gateway, StripeGateway):
        try:
            gateway.register_webhook(request.build_absolute_uri(reverse("payments:stripe_webhook")))
        except Exception:  # nosec B110 - the browser return completes the order without the webhook
            pass


def _finish(request, order):
    remember_order(request, order)
    messages.success(request, _("Thank you! Your order is placed."))
    return redirect("checkout:complete", token=order.token)


@never_cache
@csp_allow_stripe
@require_http_methods(["GET", "POST"])
def payment(request):
    checkout = _checkout_or_cart(request)
    if checkout is None:
        return redirect("storefront:cart")
    quote = checkout_quote(checkout, media=False)  # the page itself shows the photos (_payment_page)
    if quote.address is None:
        return redirect("checkout:address")
    _register_webhook(request)
    if request.method == "GET":
        return _payment_page(request, checkout)
    payment_row = Payment.objects.filter(pk=request.POST.get("payment") if str(request.POST.get("payment", "")).isdigit()
                                         else None, checkout_token=checkout.token).first()
    token = request.POST.get("card_token", "").strip()
    if payment_row is None or payment_row.amount != quote.total:
        messages.error(request, _("Your cart changed. Check the total and pay again."))
        return redirect("checkout:payment")
    if not token:
        return _payment_page(request, checkout, payment=payment_row,
                             error=_("Enter your card details."), status=400)
    try:
        order = payments.pay(payment=payment_row, card_token=token)
    except PaymentDeclined as exc:
        return _payment_page(request, checkout, error=exc.message or payments.decline_message(exc.code), status=402,
                             payment=_next_attempt(checkout))
    except payments.PaymentNotCompleted as exc:
        for message in exc.messages:
            messages.error(request, message)
        messages.error(request, _("You have not been charged: the payment was refunded."))
        return redirect("storefront:cart")
    except GatewayError:
        # Stripe's answer did not arrive; its webhook may have placed the order meanwhile.
        payment_row.refresh_from_db()
        placed = payment_row.order or order_for_checkout(checkout.token)
        if placed is not None:
            return _finish(request, placed)
        retry = payment_row if payment_row.status in payments.OPEN_STATUSES else _next_attempt(checkout)
        return _payment_page(request, checkout, payment=retry, error=payments.unavailable_message(), status=503)
    if order is None:
        # The bank wants 3-D Secure: the page that runs it is a GET (a reload must not post the
        # card token again); it finds this payment waiting and runs the bank's step.
        return redirect("checkout:payment")
    return _finish(request, order)


def _next_attempt(checkout):
    """The payment the page offers after a declined card or an unreachable gateway (a new attempt
    with its own idempotency key; nothing is sent to Stripe until the card is entered)."""
    try:
        return payments.start_payment(checkout=checkout, create_intent=False)
    except (ValidationError, GatewayError):
        return None


@never_cache
def payment_return(request):
    """Where the payment page comes back after the bank's 3-D Secure step."""
    payment_id = request.GET.get("payment", "")
    payment_row = Payment.objects.filter(pk=payment_id if payment_id.isdigit() else None).first()
    if payment_row is None or str(payment_row.checkout_token) != request.session.get(PAYING_KEY):
        raise Http404
    try:
        order = payment_row.order or payments.refresh(payment=payment_row)
    except PaymentDeclined as exc:
        messages.error(request, exc.message)
        return redirect("checkout:payment")
    except payments.PaymentNotCompleted as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("storefront:cart")
    except GatewayUnavailable:
        messages.error(request, payments.unavailable_message())
        return redirect("checkout:payment")
    if order is None:
        messages.info(request, _("Your bank is still confirming the payment. This page will show the order once it does."))
        return redirect("checkout:payment")
    return _finish(request, order)
