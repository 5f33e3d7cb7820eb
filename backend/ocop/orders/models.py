"""Orders (Saleor names): an order keeps snapshots of what was bought and where it goes, and
splits into one fulfilment (parcel) per producer."""

import uuid

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ORDER_NUMBER_SEQUENCE = "orders_order_number_seq"


def next_order_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('orders_order_number_seq')")
        return cursor.fetchone()[0]


class OrderStatus(models.TextChoices):
    UNFULFILLED = "unfulfilled", _("Being prepared")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("Partly shipped")
    FULFILLED = "fulfilled", _("Shipped")
    CANCELED = "canceled", _("Cancelled")


class Order(models.Model):
    number = models.PositiveBigIntegerField(unique=True, default=next_order_number, editable=False)
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    checkout_token = models.UUIDField(unique=True, help_text="The checkout this order completed (at most one order each).")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="orders")
    user_email = models.EmailField()
    language_code = models.CharField(max_length=8, default="vi")
    status = models.CharField(max_length=24, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED)
    currency = models.CharField(max_length=3, default="VND")
    # The shipping address as it was when the order was placed.
    shipping_full_name = models.CharField(max_length=150)
    shipping_phone = models.CharField(max_length=16)
    shipping_province = models.CharField(max_length=80)
    shipping_district = models.CharField(max_length=120, blank=True)
    shipping_commune = models.CharField(max_length=120)
    shipping_street = models.CharField(max_length=255)
    subtotal_amount = models.PositiveBigIntegerField()
    shipping_amount = models.PositiveBigIntegerField(default=0)
    total_amount = models.PositiveBigIntegerField()
    total_refunded_amount = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(total_amount=models.F("subtotal_amount") + models.F("shipping_amount")),
                                   name="order_total_is_subtotal_plus_shipping"),
            models.CheckConstraint(condition=Q(total_refunded_amount__lte=models.F("total_amount")),
                                   name="order_refund_within_total"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def address_lines(self) -> list[str]:
        parts = [self.shipping_street, self.shipping_commune, self.shipping_district, self.shipping_province]
        return [self.shipping_full_name, ", ".join(p for p in parts if p)]


class FulfillmentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the producer")
    CONFIRMED = "confirmed", _("Confirmed")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    CANCELED = "canceled", _("Cancelled")


class Fulfillment(models.Model):
    """One producer's parcel of an order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfillments")
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="fulfillments")
    status = models.CharField(max_length=16, choices=FulfillmentStatus.choices, default=FulfillmentStatus.UNCONFIRMED)
    shipping_method_name = models.CharField(max_length=120, blank=True)
    shipping_amount = models.PositiveBigIntegerField(default=0)
    subtotal_amount = models.PositiveBigIntegerField(default=0)
    refunded_amount = models.PositiveBigIntegerField(default=0, help_text="Refunded to the shopper for this parcel.")
    carrier = models.CharField(max_length=80, blank=True)
    tracking_number = models.CharField(max_length=80, blank=True)
    cancel_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "producer"], name="fulfillment_one_per_producer"),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("subtotal_amount") + models.F("shipping_amount")),
                name="fulfillment_refund_within_total"),
        ]

    @property
    def total_amount(self) -> int:
        return self.subtotal_amount + self.shipping_amount


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="lines")
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=200, blank=True)
    # The variant's name in the order's language when it has one ("" otherwise), as shown at purchase.
    translated_variant_name = models.CharField(max_length=200, blank=True, default="")
    # The product's name in the order's language when it has a translation (Saleor's
    # translatedProductName); blank: the same as product_name. Variants have no translations.
    translated_product_name = models.CharField(max_length=250, blank=True, default="")
    product_sku = models.CharField(max_length=64)
    unit_price_amount = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    quantity_refunded = models.PositiveIntegerField(default=0)
    total_amount = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(quantity_refunded__lte=models.F("quantity")),
                                   name="order_line_refund_within_quantity"),
        ]

    @property
    def shopper_product_name(self) -> str:
        """The name the shopper saw, in the order's language."""
        return self.translated_product_name or self.product_name

    @property
    def shopper_variant_name(self) -> str:
        """The variant's name the shopper saw, in the order's language."""
        return self.translated_variant_name or self.variant_name

    @property
    def quantity_remaining(self) -> int:
        return self.quantity - self.quantity_refunded

    @property
    def refunded_amount(self) -> int:
        return self.unit_price_amount * self.quantity_refunded


class OrderEvents(models.TextChoices):
    PLACED = "placed", _("Order placed")
    PAYMENT_CAPTURED = "payment_captured", _("Payment received")
    FULFILLMENT_CONFIRMED = "fulfillment_confirmed", _("Parcel confirmed")
    FULFILLMENT_PACKED = "fulfillment_packed", _("Parcel packed")
    FULFILLMENT_SHIPPED = "fulfillment_shipped", _("Parcel shipped")
    FULFILLMENT_CANCELED = "fulfillment_canceled", _("Parcel cancelled")
    PAYMENT_REFUNDED = "payment_refunded", _("Payment refunded")
    LINE_REFUNDED = "line_refunded", _("Item refunded")
    DISPUTE_OPENED = "dispute_opened", _("Payment disputed")
    EMAIL_SENT = "email_sent", _("E-mail sent")


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32, choices=OrderEvents.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    fulfillment = models.ForeignKey(Fulfillment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
