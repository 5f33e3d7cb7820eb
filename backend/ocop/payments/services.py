"""Paying for a checkout, refunds, and the webhook events that report on both.

The order is created when the payment succeeds, exactly once, whichever arrives first: the
browser coming back or Stripe's `payment_intent.succeeded` webhook. Both end in
`mark_succeeded`, which locks the payment row; `orders.services.complete_checkout` is itself
idempotent per checkout.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.checkout.services import check_ready_to_pay, check_stock
from ocop.core import metrics

from .gateways.base import GatewayError, GatewayUnavailable, PaymentDeclined, PaymentGateway
from .models import Payment, PaymentStatus, StripeEvent

logger = logging.getLogger(__name__)

OPEN_STATUSES = (PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION)
UNREACHABLE = "gateway_unavailable"  # an attempt closed because the gateway could not be reached


class PaymentNotCompleted(Exception):
    """The card was charged but the order could not be placed; the charge was refunded."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def get_gateway(name: str = "stripe") -> PaymentGateway:
    from django.conf import settings

    from .gateways.stripe import StripeGateway

    if name == "dummy" and settings.OCOP_DUMMY_GATEWAY:
        from .gateways.dummy import DummyGateway

        return DummyGateway()
    return StripeGateway()


def unavailable_message() -> str:
    return _("Card payments are not reachable right now. Your cart is kept; please try again in a few minutes.")


def decline_message(code: str) -> str:
    messages = {
        "insufficient_funds": _("The card has insufficient funds. Try another card."),
        "expired_card": _("The card has expired. Try another card."),
        "incorrect_cvc": _("The security code (CVC) is not right. Check it and try again."),
        "incorrect_number": _("The card number is not right. Check it and try again."),
        "invalid_card_token": _("The card details could not be used (they may have expired). Enter the card again."),
        "authentication_failed": _("Your bank did not confirm the payment. Try again or use another card."),
        "payment_intent_authentication_failure": _("Your bank did not confirm the payment. Try again or use "
                                                   "another card."),
    }
    if code == UNREACHABLE:
        return unavailable_message()
    return messages.get(code, _("Your card was declined. Try another card or ask your bank why."))


def start_payment(*, checkout, gateway: PaymentGateway | None = None, create_intent: bool = True,
                  quote=None) -> Payment:
    """The open payment for the checkout's current total.

    The idempotency key is the checkout token and the total (plus the attempt after a decline), so
    a reload or a second tab gets the same payment, and a changed total a new one. With
    `create_intent` the PaymentIntent is made now (a client that confirms it with Stripe.js needs
    its client secret); without, the payment waits for the card and `pay` creates and confirms
    the PaymentIntent in one step (the storefront's way: one round trip to Stripe fewer per order).
    A payment waiting for the bank's 3-D Secure step is reused too (the page runs the bank's step
    again), once the gateway confirms it is still waiting; if the shopper finished the step
    meanwhile the payment comes back SUCCEEDED with its order, and if the bank refused it a new
    attempt starts. `quote`: the checkout's quote if the caller has just made it.
    """
    quote = check_ready_to_pay(checkout, quote, stock=False)
    gateway = gateway or get_gateway()
    earlier = list(Payment.objects.filter(checkout_token=checkout.token, amount=quote.total).order_by("-pk"))
    open_payment = next((p for p in earlier if p.gateway == gateway.name and p.status in OPEN_STATUSES), None)
    if open_payment is not None and open_payment.status == PaymentStatus.REQUIRES_ACTION:
        # Before the stock check: a payment the bank has let through places its order (or is
        # refunded) whatever stock says now.
        open_payment = _still_awaiting_the_bank(open_payment, gateway)
    if open_payment is None or open_payment.status == PaymentStatus.PENDING:
        check_stock(quote)  # no card is asked for goods that are gone
    if open_payment is None:
        attempt = len(earlier) + 1
        key = f"ocop-checkout-{checkout.token}-{quote.total}" + (f"-{attempt}" if attempt > 1 else "")
        try:
            open_payment = Payment.objects.create(gateway=gateway.name, checkout_token=checkout.token,
                                                  amount=quote.total, idempotency_key=key)
        except IntegrityError:  # a second tab created it a moment ago
            open_payment = Payment.objects.get(idempotency_key=key)
    if create_intent and not open_payment.psp_reference:
        _create_intent(open_payment, gateway)
    return open_payment


def _metadata(payment: Payment) -> dict:
    # The payment's id lets a webhook find a payment whose PaymentIntent id never reached us.
    return {"checkout_token": str(payment.checkout_token), "ocop_payment": str(payment.pk)}


def _create_intent(payment: Payment, gateway: PaymentGateway) -> None:
    found = gateway.create_payment(amount=payment.amount, currency=payment.currency,
                                   idempotency_key=payment.idempotency_key, metadata=_metadata(payment))
    _remember_intent(payment, found.psp_reference, found.client_secret)


def _remember_intent(payment: Payment, reference: str, client_secret: str = "") -> None:
    if Payment.objects.filter(pk=payment.pk, psp_reference__isnull=True).update(
            psp_reference=reference or None, client_secret=client_secret, updated_at=timezone.now()):
        payment.psp_reference, payment.client_secret = reference or None, client_secret
    else:
        payment.refresh_from_db(fields=["psp_reference", "client_secret"])


def _still_awaiting_the_bank(payment: Payment, gateway: PaymentGateway) -> Payment | None:
    """The payment if its PaymentIntent still waits for 3-D Secure (or already succeeded), else None."""
    try:
        found = gateway.retrieve_payment(payment.psp_reference)
    except GatewayError:
        return payment  # cannot tell: reusing is the safe choice, it never charges twice
    if found.status == "requires_action":
        return payment
    if found.status in ("succeeded", "processing"):
        try:
            apply_gateway_state(payment, found.status, gateway=gateway)
        except PaymentNotCompleted:
            return None
        payment.refresh_from_db()
        return payment
    _mark_failed(payment.pk, found.error_code or "authentication_failed")
    return None


def pay(*, payment: Payment, card_token: str, gateway: PaymentGateway | None = None):
    """Pay with the browser's card token. Returns the order when paid, None when the bank asks for
    3-D Secure; raises PaymentDeclined (with a shopper-readable .message), GatewayUnavailable or
    PaymentNotCompleted."""
    gateway = gateway or get_gateway(payment.gateway)
    if payment.status == PaymentStatus.SUCCEEDED:
        return mark_succeeded(payment.pk, gateway=gateway)
    if payment.status not in OPEN_STATUSES:
        raise PaymentDeclined(payment.error_code or "card_declined", decline_message(payment.error_code))
    try:
        if payment.psp_reference:
            found = gateway.confirm_payment(psp_reference=payment.psp_reference, card_token=card_token)
        else:
            found = _charge(payment, card_token, gateway)
    except PaymentDeclined as exc:
        if exc.psp_reference and not payment.psp_reference:
            _remember_intent(payment, exc.psp_reference)
        _mark_failed(payment.pk, exc.code)
        raise PaymentDeclined(exc.code, decline_message(exc.code)) from exc
    return apply_gateway_state(payment, found.status, found.error_code, gateway=gateway)


def _charge(payment: Payment, card_token: str, gateway: PaymentGateway):
    """Create and confirm the PaymentIntent in one step. If Stripe cannot be reached we cannot
    know whether it charged: this attempt is closed (the next one gets its own idempotency key,
    since Stripe refuses a key again with another card), and should it have been charged after
    all, its webhook finds it by the id in its metadata and the order is placed from it (a second
    successful attempt for the same cart is then refunded, see mark_succeeded)."""
    try:
        # A key of its own: a PaymentIntent may have been created (not confirmed) for this payment
        # under its key with other parameters, and Stripe refuses a key used again differently.
        found = gateway.charge(amount=payment.amount, currency=payment.currency,
                               idempotency_key=f"{payment.idempotency_key}-charge", metadata=_metadata(payment),
                               card_token=card_token)
    except GatewayError:
        _mark_failed(payment.pk, UNREACHABLE)
        raise
    _remember_intent(payment, found.psp_reference, found.client_secret)
    return found


NOT_PAID_YET = ("requires_payment_method", "requires_confirmation")


def settle(payment: Payment, *, card_token: str | None = None, gateway: PaymentGateway | None = None):
    """Take a payment as far as it goes now, for API clients: pay with the card token when one is
    given, otherwise ask the gateway how the payment stands (a client that confirmed with Stripe.js,
    or came back from 3-D Secure). Returns the order, or None while unpaid; a declined card leaves
    the payment FAILED (its record says why) and raises nothing. Raises PaymentNotCompleted (charged
    but refunded) and GatewayError."""
    gateway = gateway or get_gateway(payment.gateway)
    try:
        if payment.status == PaymentStatus.SUCCEEDED:
            return mark_succeeded(payment.pk, gateway=gateway)
        if payment.status not in OPEN_STATUSES:
            return None
        if card_token:
            return pay(payment=payment, card_token=card_token, gateway=gateway)
        if not payment.psp_reference:
            return None  # nothing was sent to the gateway yet: still waiting for a card
        found = gateway.retrieve_payment(payment.psp_reference)
        if found.status in NOT_PAID_YET and not found.error_code:
            return None  # still waiting for a card: asking is not a failed attempt
        return apply_gateway_state(payment, found.status, found.error_code, gateway=gateway)
    except PaymentDeclined:
        return None


def settle_checkout(checkout_token):
    """(order, payment waiting for the bank) of a checkout being completed: a payment that succeeded
    first (its order could not be placed last time), then the open ones, each asked how it stands.
    (None, None) when nothing is paid or waiting."""
    found = Payment.objects.filter(checkout_token=checkout_token,
                                   status__in=(PaymentStatus.SUCCEEDED, *OPEN_STATUSES)).order_by("-pk")
    waiting = None
    for payment in sorted(found, key=lambda p: p.status != PaymentStatus.SUCCEEDED):
        order = settle(payment)
        if order is not None:
            return order, None
        payment.refresh_from_db()
        if payment.status == PaymentStatus.REQUIRES_ACTION:
            waiting = payment
    return None, waiting


def charged_amount(checkout_token) -> int:
    """What the shopper has paid for a checkout so far, less refunds."""
    return sum(p.captured_amount - p.refunded_amount for p in Payment.objects.filter(
        checkout_token=checkout_token, status__in=(PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED)))


def refresh(*, payment: Payment, gateway: PaymentGateway | None = None):
    """After 3-D Secure: ask the gateway how the payment stands."""
    gateway = gateway or get_gateway(payment.gateway)
    found = gateway.retrieve_payment(payment.psp_reference)
    return apply_gateway_state(payment, found.status, found.error_code, gateway=gateway)


def apply_gateway_state(payment: Payment, status: str, error_code: str = "", *, gateway=None):
    if status == "succeeded":
        return mark_succeeded(payment.pk, gateway=gateway)
    if status == "requires_action":
        Payment.objects.filter(pk=payment.pk, status__in=OPEN_STATUSES).update(status=PaymentStatus.REQUIRES_ACTION)
        return None
    if status in ("failed", "requires_payment_method", "canceled"):
        code = error_code or "authentication_failed"
        _mark_failed(payment.pk, code)
        raise PaymentDeclined(code, decline_message(code))
    return None  # processing: the webhook will finish it


def _mark_failed(payment_id, code: str) -> None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status not in OPEN_STATUSES:
            return
        payment.status = PaymentStatus.FAILED
        payment.error_code = code[:64]
        payment.error_message = decline_message(code)
        payment.save(update_fields=["status", "error_code", "error_message", "updated_at"])
    metrics.PAYMENTS.labels(gateway=payment.gateway, outcome="unreachable" if code == UNREACHABLE else "failed").inc()


def mark_succeeded(payment_id, *, gateway: PaymentGateway | None = None):
    """Record the money as taken and place the order (once). If the order cannot be placed (the
    last units went to someone else meanwhile) the charge is refunded in full."""
    from ocop.orders.services import complete_checkout, order_for_checkout

    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        newly_paid = payment.status in OPEN_STATUSES or payment.status == PaymentStatus.FAILED
        if newly_paid:
            payment.status = PaymentStatus.SUCCEEDED
            payment.captured_amount = payment.amount
            payment.error_code = payment.error_message = ""
            payment.save(update_fields=["status", "captured_amount", "error_code", "error_message", "updated_at"])
    if newly_paid:
        metrics.PAYMENTS.labels(gateway=payment.gateway, outcome="succeeded").inc()
    if payment.order_id:
        return payment.order
    if payment.refunded_amount:
        raise PaymentNotCompleted([payment.error_message or _("This payment was refunded.")])
    try:
        return complete_checkout(payment.checkout_token, payment)
    except ValidationError as exc:
        order = order_for_checkout(payment.checkout_token)
        if order is not None:  # the checkout became an order through another payment: give this one back
            exc = ValidationError(_("This cart was already paid for; the second payment was refunded."))
        _refund_whole(payment.pk, " ".join(exc.messages), gateway=gateway)
        raise PaymentNotCompleted(exc.messages) from exc


# --------------------------------------------------------------------------- webhook events

class MalformedEvent(ValueError):
    """A verified event whose content is not what Stripe sends (wrong types, missing ids)."""


class EventBusy(Exception):
    """Another delivery of the same event is being processed; Stripe delivers it again later."""


EVENT_LOCK_WAIT_SECONDS = 10


def _number(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _well_formed(kind: str, obj: dict) -> bool:
    """What our handlers read from an event's object has the types Stripe sends."""
    if not isinstance(obj.get("id", ""), str) or not isinstance(obj.get("metadata") or {}, dict):
        return False
    if kind == "payment_intent.payment_failed" and not isinstance(obj.get("last_payment_error") or {}, dict):
        return False
    if kind == "charge.refunded":
        refunds = obj.get("refunds")
        listed = refunds.get("data") if isinstance(refunds, dict) else []
        if refunds is not None and not isinstance(refunds, dict) or not isinstance(listed or [], list):
            return False
        if not _number(obj.get("amount_refunded")) or not all(
                isinstance(r, dict) and isinstance(r.get("id", ""), str) and _number(r.get("amount"))
                for r in listed or []):
            return False
    if kind == "charge.dispute.created" and not (_number(obj.get("amount")) and isinstance(obj.get("reason", ""), str)):
        return False
    return isinstance(obj.get("payment_intent", "") or "", str)


def handle_stripe_event(event: dict) -> bool:
    """Process a verified event once. Returns False for a redelivery already processed.
    An exception leaves the event unprocessed, so Stripe's retry runs it again.

    Two deliveries of the same event at the same moment are processed one after the other: the
    second waits (up to EVENT_LOCK_WAIT_SECONDS, then EventBusy: Stripe retries later) on a lock
    named after the event id, held for the whole handler, whose own transactions commit as they
    go, and then finds it processed. The lock is a PostgreSQL session-level advisory lock: behind
    a connection pooler, use session pooling for the web processes."""
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    kind = event.get("type", "")
    if not isinstance(event.get("id"), str) or not 0 < len(event["id"]) <= 120 or not isinstance(obj, dict) \
            or not isinstance(kind, str) or not _well_formed(kind, obj):
        raise MalformedEvent("not a Stripe event")
    with _event_lock(event["id"]):
        stored, _created = StripeEvent.objects.get_or_create(
            event_id=event["id"], defaults={"type": kind[:80], "payload": event})
        if stored.processed_at is not None:
            return False
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(obj)
        StripeEvent.objects.filter(pk=stored.pk).update(processed_at=timezone.now())
    return True


@contextmanager
def _event_lock(event_id: str):
    """A PostgreSQL advisory lock (session level) for one event id, released whatever happens."""
    import time

    from django.db import connection

    key = int.from_bytes(hashlib.sha256(f"stripe-event:{event_id}".encode()).digest()[:8], "big", signed=True)
    deadline = time.monotonic() + EVENT_LOCK_WAIT_SECONDS
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() > deadline:
                raise EventBusy(event_id)
            time.sleep(0.05)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            if not cursor.fetchone()[0]:
                logger.error("The lock of Stripe event %s was not held at the end (a connection pooler in "
                             "transaction mode?)", event_id)


def _payment_for_event(intent: dict) -> Payment | None:
    """The payment of a PaymentIntent event: by the intent's id, or, when the answer to our
    create call never arrived (a timeout), by the payment id we put in its metadata."""
    payment = _payment_by_intent(intent.get("id"))
    if payment is not None:
        return payment
    metadata = intent.get("metadata") if isinstance(intent.get("metadata"), dict) else {}
    reference = str(metadata.get("ocop_payment") or "")
    try:
        checkout_token = uuid.UUID(str(metadata.get("checkout_token")))
    except ValueError:
        return None
    if not (reference.isascii() and reference.isdigit() and len(reference) <= 18) \
            or not isinstance(intent.get("id"), str):
        return None
    payment = Payment.objects.filter(pk=int(reference), psp_reference__isnull=True,
                                     checkout_token=checkout_token).first()
    if payment is not None:
        _remember_intent(payment, str(intent["id"]))
    return payment


def _on_intent_succeeded(intent: dict) -> None:
    payment = _payment_for_event(intent)
    if payment is None:
        return
    try:
        mark_succeeded(payment.pk)
    except PaymentNotCompleted as exc:
        logger.info("Payment %s refunded: %s", payment.pk, exc)


def _on_intent_failed(intent: dict) -> None:
    payment = _payment_for_event(intent)
    if payment is None:
        return
    error = intent.get("last_payment_error") or {}
    _mark_failed(payment.pk, error.get("decline_code") or error.get("code") or "card_declined")


def _on_dispute_created(dispute: dict) -> None:
    from ocop.orders.services import _event
    from ocop.orders.models import OrderEvents

    payment = _payment_by_intent(dispute.get("payment_intent"))
    if payment is None or payment.order_id is None:
        return
    _event(payment.order, OrderEvents.DISPUTE_OPENED, amount=dispute.get("amount"), reason=dispute.get("reason", ""))
    logger.warning("Dispute opened on order %s (%s)", payment.order_id, dispute.get("reason", ""))


from .refunds import (  # noqa: E402 - refunds.py asks this module for the gateway at call time
    _on_charge_refunded, _payment_by_intent, _refund_whole, refund_fulfillment, refund_order_line, split_in_proportion)

_HANDLERS = {
    "payment_intent.succeeded": _on_intent_succeeded,
    "payment_intent.payment_failed": _on_intent_failed,
    "charge.refunded": _on_charge_refunded,
    "charge.dispute.created": _on_dispute_created,
}

__all__ = ["EventBusy", "GatewayError", "GatewayUnavailable", "MalformedEvent", "PaymentDeclined", "PaymentNotCompleted",
           "get_gateway",
           "start_payment", "pay", "settle", "settle_checkout", "charged_amount", "refresh", "mark_succeeded", "refund_fulfillment", "refund_order_line",
           "split_in_proportion", "handle_stripe_event"]
