"""Payments through a gateway, the Stripe webhook inbox (each event once) and the producers'
payout ledger (Stripe Connect does not reach Vietnamese sellers, so earnings live here)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the card")
    REQUIRES_ACTION = "requires_action", _("Waiting for your bank")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    gateway = models.CharField(max_length=32)
    checkout_token = models.UUIDField(db_index=True)
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    psp_reference = models.CharField(max_length=120, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="VND")
    status = models.CharField(max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    captured_amount = models.PositiveBigIntegerField(default=0)
    refunded_amount = models.PositiveBigIntegerField(default=0)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(refunded_amount__lte=models.F("captured_amount")),
                                   name="payment_refund_within_captured"),
        ]


class StripeEvent(models.Model):
    """Every webhook event id we accepted, stored once (a redelivery finds its row and stops)."""

    event_id = models.CharField(max_length=120, unique=True)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)


class LedgerEntryKind(models.TextChoices):
    SALE = "sale", _("Sale")
    REFUND = "refund", _("Refund")
    PAYOUT = "payout", _("Payout")


class RefundSource(models.TextChoices):
    DASHBOARD = "dashboard", _("Made in the Stripe dashboard")
    PRODUCER_LINE = "producer_line", _("Producer refunded an item")
    FULFILLMENT_CANCELED = "fulfillment_canceled", _("Parcel cancelled")
    ORDER_NOT_PLACED = "order_not_placed", _("Order could not be placed")


class Refund(models.Model):
    """One refund at the payment provider, keyed by its id there (Stripe's re_…): a refund we made
    ourselves is recorded before the webhook about it can be processed, so the webhook knows it."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="refunds")
    fulfillment = models.ForeignKey("orders.Fulfillment", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="refunds")
    order_line = models.ForeignKey("orders.OrderLine", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="refunds")
    psp_reference = models.CharField(max_length=120, unique=True)
    amount = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=24, choices=RefundSource.choices)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]


class LedgerEntry(models.Model):
    """What the platform owes a producer: a sale credits gross − commission, a refund debits it
    back, a payout (money the platform sent to the producer's bank) debits what was sent."""

    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="ledger_entries")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    fulfillment = models.ForeignKey("orders.Fulfillment", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="ledger_entries")
    kind = models.CharField(max_length=16, choices=LedgerEntryKind.choices)
    gross_amount = models.BigIntegerField()
    commission_amount = models.BigIntegerField()
    amount = models.BigIntegerField(help_text="Signed: credits positive, debits negative.")
    description = models.CharField(max_length=255, blank=True)
    # Payouts: the bank transfer's reference, the day it was sent, staff's note and who recorded it.
    # Refunds: the provider's refund id in `reference`.
    reference = models.CharField(max_length=120, blank=True, db_index=True)
    paid_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    refund = models.ForeignKey(Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="payout") | (Q(amount__lt=0) & Q(commission_amount=0)),
                                   name="ledger_payout_is_a_debit"),
            models.CheckConstraint(condition=Q(amount=models.F("gross_amount") - models.F("commission_amount")),
                                   name="ledger_amount_is_gross_minus_commission"),
            models.UniqueConstraint(fields=["fulfillment", "kind"], condition=Q(kind="sale"),
                                    name="ledger_one_sale_per_fulfillment"),
        ]
