"""Refunds: ours (a cancelled parcel, one producer's item, a payment whose order could not be
placed) through the gateway, and those made elsewhere (the Stripe dashboard) that a
`charge.refunded` event reports. Every refund is a `Refund` row keyed by the provider's id, written
under the payment's row lock, so the event about a refund we made finds it booked already."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ocop.core import metrics

from .gateways.base import GatewayError, GatewayRefund, PaymentGateway
from .models import Payment, PaymentStatus, Refund, RefundSource

logger = logging.getLogger(__name__)


def get_gateway(name: str = "stripe") -> PaymentGateway:
    from .services import get_gateway as gateway_for

    return gateway_for(name)


def _payment_by_intent(intent_id) -> Payment | None:
    return Payment.objects.filter(psp_reference=intent_id).first() if intent_id else None


def _refund_whole(payment_id, reason: str, *, gateway=None) -> None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        gateway = gateway or get_gateway(payment.gateway)
        remaining = payment.captured_amount - payment.refunded_amount
        if remaining <= 0:
            return
        found = gateway.refund(psp_reference=payment.psp_reference, amount=remaining, currency=payment.currency,
                               idempotency_key=f"ocop-refund-payment-{payment.pk}")
        _record_refund(payment, remaining, psp_reference=found.psp_reference, source=RefundSource.ORDER_NOT_PLACED,
                       reason=reason)
        payment.error_message = reason[:1000]
        payment.save(update_fields=["error_message", "updated_at"])
    metrics.PAYMENTS.labels(gateway=payment.gateway, outcome="refunded").inc()


def _record_refund(payment: Payment, amount: int, *, psp_reference: str, source: str, fulfillment=None,
                   order_line=None, quantity: int = 0, reason: str = "", user=None) -> Refund:
    """Book a refund the provider made: the Refund row (its provider id), the payment's and the
    order's refunded totals and the parcel's. The caller holds the payment row lock."""
    from ocop.orders.models import Fulfillment, Order

    if Refund.objects.filter(psp_reference=psp_reference).exists():
        # Our earlier attempt reached Stripe but not our database, and Stripe's event has booked
        # it since (split over the parcels): booking it again would count the money twice.
        raise ValidationError(_("Stripe has already reported this refund and it is recorded on the order. "
                                "Reload the page to see it."), code="already_refunded")
    payment.refunded_amount = min(payment.refunded_amount + amount, payment.captured_amount)
    payment.status = (PaymentStatus.REFUNDED if payment.refunded_amount >= payment.captured_amount
                      else PaymentStatus.PARTIALLY_REFUNDED)
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    if payment.order_id:
        Order.objects.filter(pk=payment.order_id).update(total_refunded_amount=F("total_refunded_amount") + amount)
    if fulfillment is not None:
        Fulfillment.objects.filter(pk=fulfillment.pk).update(refunded_amount=F("refunded_amount") + amount)
        fulfillment.refunded_amount += amount
    return Refund.objects.create(
        payment=payment, order_id=payment.order_id, fulfillment=fulfillment, order_line=order_line,
        psp_reference=psp_reference, amount=amount, quantity=quantity, source=source, reason=reason[:2000],
        created_by=user if user is not None and user.is_authenticated else None)


def _locked_payment_of(order_id) -> Payment | None:
    return (Payment.objects.select_for_update().filter(order_id=order_id, captured_amount__gt=0)
            .order_by("pk").first())


def refund_fulfillment(fulfillment, *, gateway: PaymentGateway | None = None) -> int:
    """Refund a cancelled parcel (what is left of its lines and its delivery). Runs inside the
    caller's transaction, so a refund the gateway refuses leaves the parcel uncancelled. Returns
    the amount refunded."""
    from ocop.orders.models import OrderEvents
    from ocop.orders.services import _event

    from . import ledger

    payment = _locked_payment_of(fulfillment.order_id)
    if payment is None:
        return 0
    amount = min(fulfillment.total_amount - fulfillment.refunded_amount,
                 payment.captured_amount - payment.refunded_amount)
    if amount <= 0:
        return 0
    gateway = gateway or get_gateway(payment.gateway)  # the provider that took the payment
    found = gateway.refund(psp_reference=payment.psp_reference, amount=amount, currency=payment.currency,
                           idempotency_key=f"ocop-refund-fulfillment-{fulfillment.pk}")
    refund = _record_refund(payment, amount, psp_reference=found.psp_reference,
                            source=RefundSource.FULFILLMENT_CANCELED, fulfillment=fulfillment,
                            reason=fulfillment.cancel_reason)
    ledger.record_refund(fulfillment, amount, reference=found.psp_reference, refund=refund)
    _event(fulfillment.order, OrderEvents.PAYMENT_REFUNDED, fulfillment=fulfillment, amount=amount,
           refund=found.psp_reference)
    metrics.PAYMENTS.labels(gateway=payment.gateway, outcome="refunded").inc()
    return amount


def refund_order_line(line, *, quantity: int, reason: str, user=None,
                      gateway: PaymentGateway | None = None) -> Refund:
    """Refund `quantity` units of one order line through the gateway (a partial refund with an
    idempotency key of the line and the units refunded before). Runs inside the caller's
    transaction, which holds the parcel's lock; returns the Refund with the provider's id."""
    from . import ledger

    payment = _locked_payment_of(line.order_id)
    if payment is None:
        raise ValidationError({"quantity": ValidationError(_("This order has no card payment to refund."),
                                                           code="invalid")})
    amount = line.unit_price_amount * quantity
    if amount > payment.captured_amount - payment.refunded_amount:
        raise ValidationError({"quantity": ValidationError(_("More than what is left of the payment."),
                                                           code="invalid")})
    fulfillment = line.fulfillment
    # What this parcel still holds of the payment: a refund made in the Stripe dashboard may have
    # taken part of it already. Checked before the gateway is asked, so Stripe never pays out more.
    fulfillment.refresh_from_db(fields=["refunded_amount"])
    if amount > fulfillment.total_amount - fulfillment.refunded_amount:
        raise ValidationError({"quantity": ValidationError(
            _("Only %(left)s ₫ of this parcel's payment is left to refund (part was refunded already)."),
            code="invalid", params={"left": fulfillment.total_amount - fulfillment.refunded_amount})})
    goods_before = sum(other.unit_price_amount * other.quantity_refunded for other in fulfillment.lines.all())
    gateway = gateway or get_gateway(payment.gateway)  # the provider that took the payment
    found = gateway.refund(psp_reference=payment.psp_reference, amount=amount, currency=payment.currency,
                           idempotency_key=f"ocop-refund-line-{line.pk}-{line.quantity_refunded}-{quantity}")
    refund = _record_refund(payment, amount, psp_reference=found.psp_reference, source=RefundSource.PRODUCER_LINE,
                            fulfillment=fulfillment, order_line=line, quantity=quantity, reason=reason, user=user)
    ledger.record_refund(fulfillment, amount, reference=found.psp_reference, refund=refund,
                         goods_refunded_before=goods_before)
    metrics.PAYMENTS.labels(gateway=payment.gateway, outcome="refunded").inc()
    return refund


def split_in_proportion(total: int, weights: list[tuple[object, int]]) -> dict:
    """Split `total` đồng over keys in proportion to their weights, in whole đồng that sum to
    exactly `total`: each gets the floor of its share, and the đồng left over go one each to the
    largest fractional parts (ties: the earlier key in `weights`)."""
    weights = [(key, max(int(weight), 0)) for key, weight in weights]
    whole = sum(weight for _key, weight in weights)
    if total <= 0 or whole <= 0:
        return {key: 0 for key, _weight in weights}
    parts = {key: total * weight // whole for key, weight in weights}
    left = total - sum(parts.values())
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i][1] % whole), i))
    for i in by_remainder[:left]:
        parts[weights[i][0]] += 1
    return parts



# --------------------------------------------------------------------------- Stripe dashboard

def _on_charge_refunded(charge: dict) -> None:
    """Refunds made elsewhere (the Stripe dashboard): each refund id we did not make is booked once,
    its amount split over the order's parcels in proportion to what each still has paid.

    Stripe's total refunded (the larger of its current list and the event's `amount_refunded`)
    caps what is booked, so amounts never count twice; should the list be unavailable, the part of
    the total no known refund explains is booked under a reference made of the charge and that
    total (a replay finds nothing left to book)."""
    payment = _payment_by_intent(charge.get("payment_intent"))
    if payment is None:
        return
    refunds = None
    try:
        refunds = get_gateway(payment.gateway).list_refunds(payment.psp_reference)
    except GatewayError:
        logger.warning("Could not list the refunds of %s; using the event's figures", payment.psp_reference)
    if refunds is None:
        listed = ((charge.get("refunds") or {}).get("data") or []) if isinstance(charge.get("refunds"), dict) else []
        refunds = [GatewayRefund(psp_reference=r["id"], amount=int(r.get("amount") or 0), status=r.get("status", ""))
                   for r in listed if r.get("id") and r.get("amount") and r.get("status") not in ("failed", "canceled")]
    booked = 0
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.captured_amount:
            return
        stripe_total = min(max(sum(r.amount for r in refunds), int(charge.get("amount_refunded") or 0)),
                           payment.captured_amount)
        room = stripe_total - payment.refunded_amount
        known = set(Refund.objects.filter(psp_reference__in=[r.psp_reference for r in refunds])
                    .values_list("psp_reference", flat=True))
        for found in sorted(refunds, key=lambda r: r.psp_reference):
            amount = min(found.amount, room)
            if found.psp_reference in known or amount <= 0:
                continue
            _book_dashboard_refund(payment, found.psp_reference, amount)
            booked, room = booked + amount, room - amount
        if room > 0:
            _book_dashboard_refund(payment, f"{charge.get('id') or 'charge'}-refunded-{stripe_total}", room)
            booked += room
    if booked:
        metrics.PAYMENTS.labels(gateway=payment.gateway, outcome="refunded").inc()


def _book_dashboard_refund(payment: Payment, psp_reference: str, amount: int) -> None:
    from ocop.orders.models import Fulfillment, OrderEvents
    from ocop.orders.services import _event

    from . import ledger

    refund = _record_refund(payment, amount, psp_reference=psp_reference, source=RefundSource.DASHBOARD,
                            reason="Stripe dashboard")
    if not payment.order_id:
        return
    parcels = list(Fulfillment.objects.select_for_update().select_related("order")
                   .filter(order_id=payment.order_id).order_by("pk"))
    parts = split_in_proportion(amount, [(p.pk, p.total_amount - p.refunded_amount) for p in parcels])
    for parcel in parcels:
        part = parts.get(parcel.pk, 0)
        if part <= 0:
            continue
        Fulfillment.objects.filter(pk=parcel.pk).update(refunded_amount=F("refunded_amount") + part)
        ledger.record_refund(parcel, part, reference=psp_reference, refund=refund)
    _event(payment.order, OrderEvents.PAYMENT_REFUNDED, amount=amount, source="stripe_dashboard",
           refund=psp_reference, parts={str(pk): part for pk, part in parts.items()})
