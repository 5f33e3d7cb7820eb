"""The producers' payout ledger: each paid parcel credits its producer the goods less the
platform commission (settings.PLATFORM_COMMISSION_PERCENT) plus the delivery they carry out;
a refund debits back what was credited for it (the commission comes back with it); a payout
(money staff sent to the producer's bank) debits what was sent.

Commission on refunds is cumulative per parcel, so however a parcel is refunded (item by item,
by a cancellation, from the Stripe dashboard), refunding all of it gives back exactly the
commission its sale kept, never a đồng more or less through rounding.
"""

from __future__ import annotations

import datetime
from enum import Enum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.money import parse_vnd

from .models import LedgerEntry, LedgerEntryKind

MAX_PAYOUT_REFERENCE = 120
MAX_PAYOUT_NOTE = 1000


class PayoutErrorCode(Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    NOT_FOUND = "not_found"


def commission_for(amount: int) -> int:
    """Whole đồng, rounded half up (integers only)."""
    return (int(amount) * int(settings.PLATFORM_COMMISSION_PERCENT) + 50) // 100


def record_sales(order, *, fulfillments=None) -> None:
    """Credit each parcel's producer once. `fulfillments`: the parcels of an order placed in this
    transaction (none of them credited yet), so nothing has to be read back."""
    credited = set() if fulfillments is not None else set(
        LedgerEntry.objects.filter(order=order, kind=LedgerEntryKind.SALE).values_list("fulfillment_id", flat=True))
    entries = []
    for fulfillment in fulfillments if fulfillments is not None else order.fulfillments.all():
        if fulfillment.pk in credited:
            continue
        commission = commission_for(fulfillment.subtotal_amount)
        gross = fulfillment.subtotal_amount + fulfillment.shipping_amount
        entries.append(LedgerEntry(producer_id=fulfillment.producer_id, order=order, fulfillment=fulfillment,
                                   kind=LedgerEntryKind.SALE, gross_amount=gross, commission_amount=commission,
                                   amount=gross - commission, description=f"#{order.number}"))
    LedgerEntry.objects.bulk_create(entries)


def _refunds_so_far(fulfillment) -> tuple[int, int]:
    """(gross refunded, commission given back) for this parcel, both positive."""
    totals = LedgerEntry.objects.filter(fulfillment=fulfillment, kind=LedgerEntryKind.REFUND).aggregate(
        gross=Sum("gross_amount"), commission=Sum("commission_amount"))
    return -(totals["gross"] or 0), -(totals["commission"] or 0)


def record_refund(fulfillment, refunded_amount: int, *, reference: str = "", refund=None,
                  goods_refunded_before: int | None = None) -> LedgerEntry | None:
    """Debit a refund of `refunded_amount` of this parcel; the commission its sale kept comes back.

    A refund of goods (a line) passes `goods_refunded_before` (the goods of this parcel refunded
    until now): the commission given back is then commission(goods after) − commission(goods
    before), the same rounding the sale used. Otherwise (cancellation, dashboard refund) it is the
    sale's commission in proportion to the part of the parcel refunded so far.
    """
    sale = LedgerEntry.objects.filter(fulfillment=fulfillment, kind=LedgerEntryKind.SALE).first()
    if sale is None or refunded_amount <= 0:
        return None
    refunded_before, returned = _refunds_so_far(fulfillment)
    if goods_refunded_before is not None:
        target = commission_for(goods_refunded_before + refunded_amount) - commission_for(goods_refunded_before)
        commission = target
    else:
        refunded_after = min(refunded_before + refunded_amount, sale.gross_amount)
        commission = sale.commission_amount * refunded_after // max(sale.gross_amount, 1) - returned
    commission = max(0, min(commission, sale.commission_amount - returned))
    return LedgerEntry.objects.create(
        producer_id=fulfillment.producer_id, order_id=fulfillment.order_id, fulfillment=fulfillment,
        kind=LedgerEntryKind.REFUND, gross_amount=-refunded_amount, commission_amount=-commission,
        amount=-refunded_amount + commission, description=f"#{fulfillment.order.number}",
        reference=reference[:120], refund=refund)


def balance(producer) -> int:
    return LedgerEntry.objects.filter(producer=producer).aggregate(total=Sum("amount"))["total"] or 0


def statement(producer):
    return LedgerEntry.objects.filter(producer=producer).select_related("order")


def balances():
    """Every producer with ledger entries, with `balance`, `last_payout_on` (for the staff page)."""
    from django.db.models import Max, Q

    from ocop.producers.models import Producer

    return (Producer.objects.filter(ledger_entries__isnull=False).distinct()
            .annotate(balance=Sum("ledger_entries__amount"),
                      last_payout_on=Max("ledger_entries__paid_on",
                                         filter=Q(ledger_entries__kind=LedgerEntryKind.PAYOUT)))
            .order_by("-balance", "name"))


# --------------------------------------------------------------------------- payouts

def _error(field, message, code: PayoutErrorCode, **params):
    return ValidationError(message, code=code.value, params=params or None)


def _clean_amount(value, errors) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors["amount"] = _error("amount", _("Enter the amount paid, in đồng."), PayoutErrorCode.REQUIRED)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        errors["amount"] = _error("amount", _("Enter the amount as a whole number of đồng, e.g. 1500000."),
                                  PayoutErrorCode.INVALID)
        return None
    try:
        amount = parse_vnd(value)
    except ValueError:
        errors["amount"] = _error("amount", _("Enter the amount as a whole number of đồng, e.g. 1500000 "
                                              "or 1.500.000."), PayoutErrorCode.INVALID)
        return None
    if amount <= 0:
        errors["amount"] = _error("amount", _("The amount must be more than 0 ₫."), PayoutErrorCode.INVALID)
        return None
    return amount


def _clean_date(value, errors) -> datetime.date | None:
    if value in (None, ""):
        errors["paid_on"] = _error("paid_on", _("Enter the date the transfer was sent."), PayoutErrorCode.REQUIRED)
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            errors["paid_on"] = _error("paid_on", _("Enter the date as year-month-day, e.g. 2026-11-26."),
                                       PayoutErrorCode.INVALID)
            return None
    if value > timezone.localdate():
        errors["paid_on"] = _error("paid_on", _("The date cannot be in the future."), PayoutErrorCode.INVALID)
        return None
    return value


def record_payout(*, user, producer_id, amount, reference, paid_on, note: str = "") -> LedgerEntry:
    """Staff record money sent to a producer's bank: a `payout` debit, never beyond the balance.

    The producer row is locked while the balance is read and the debit written, so two staff
    recording payouts at once cannot pay out more than is owed. Bad input raises a
    ValidationError naming the field, and nothing is written.
    """
    from ocop.producers.models import Producer

    if not (user and user.is_authenticated and user.is_staff):
        raise PermissionDenied
    errors = {}
    amount = _clean_amount(amount, errors)
    reference = (reference or "").strip() if isinstance(reference, str) else ""
    if not reference:
        errors["reference"] = _error("reference", _("Enter the bank transfer reference."), PayoutErrorCode.REQUIRED)
    elif len(reference) > MAX_PAYOUT_REFERENCE:
        errors["reference"] = _error("reference", _("The reference can have at most %(max)s characters."),
                                     PayoutErrorCode.INVALID, max=MAX_PAYOUT_REFERENCE)
    paid_on = _clean_date(paid_on, errors)
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > MAX_PAYOUT_NOTE:
        errors["note"] = _error("note", _("The note can have at most %(max)s characters."), PayoutErrorCode.INVALID,
                                max=MAX_PAYOUT_NOTE)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        producer = (Producer.objects.select_for_update().filter(pk=int(producer_id)).first()
                    if str(producer_id).isdigit() else None)
        if producer is None:
            raise ValidationError({"producer": _error("producer", _("This producer was not found."),
                                                      PayoutErrorCode.NOT_FOUND)})
        owed = balance(producer)
        if amount > owed:
            from ocop.core.money import format_vnd

            raise ValidationError({"amount": _error(
                "amount", _("The amount is more than the producer's balance (%(balance)s)."),
                PayoutErrorCode.INSUFFICIENT_BALANCE, balance=format_vnd(max(owed, 0)))})
        return LedgerEntry.objects.create(
            producer=producer, kind=LedgerEntryKind.PAYOUT, gross_amount=-amount, commission_amount=0,
            amount=-amount, description=reference[:255],
            reference=reference, paid_on=paid_on, note=note, created_by=user)
