"""The producers' payout ledger: each paid parcel credits its producer the goods less the
platform commission (settings.PLATFORM_COMMISSION_PERCENT) plus the delivery they carry out;
a refund debits back what was credited for it."""

from django.conf import settings
from django.db.models import Sum

from .models import LedgerEntry, LedgerEntryKind


def commission_for(amount: int) -> int:
    """Whole đồng, rounded half up (integers only)."""
    return (int(amount) * int(settings.PLATFORM_COMMISSION_PERCENT) + 50) // 100


def record_sales(order) -> None:
    for fulfillment in order.fulfillments.all():
        if LedgerEntry.objects.filter(fulfillment=fulfillment, kind=LedgerEntryKind.SALE).exists():
            continue
        commission = commission_for(fulfillment.subtotal_amount)
        gross = fulfillment.subtotal_amount + fulfillment.shipping_amount
        LedgerEntry.objects.create(producer_id=fulfillment.producer_id, order=order, fulfillment=fulfillment,
                                   kind=LedgerEntryKind.SALE, gross_amount=gross, commission_amount=commission,
                                   amount=gross - commission, description=f"#{order.number}")


def record_refund(fulfillment, refunded_amount: int) -> LedgerEntry | None:
    """Debit a refund of `refunded_amount` of this parcel (the commission comes back pro rata)."""
    sale = LedgerEntry.objects.filter(fulfillment=fulfillment, kind=LedgerEntryKind.SALE).first()
    if sale is None or refunded_amount <= 0:
        return None
    commission = sale.commission_amount * refunded_amount // max(sale.gross_amount, 1)
    return LedgerEntry.objects.create(
        producer_id=fulfillment.producer_id, order_id=fulfillment.order_id, fulfillment=fulfillment,
        kind=LedgerEntryKind.REFUND, gross_amount=-refunded_amount, commission_amount=-commission,
        amount=-refunded_amount + commission, description=f"#{fulfillment.order.number}")


def balance(producer) -> int:
    return LedgerEntry.objects.filter(producer=producer).aggregate(total=Sum("amount"))["total"] or 0


def statement(producer):
    return LedgerEntry.objects.filter(producer=producer).select_related("order")
