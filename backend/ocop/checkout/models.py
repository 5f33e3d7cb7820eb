"""Checkout (Saleor's name for a cart that becomes an order), keyed by a UUID token."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class Checkout(models.Model):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="checkouts")
    email = models.EmailField(blank=True)
    currency = models.CharField(max_length=3, default="VND")
    language_code = models.CharField(max_length=8, default="vi")
    metadata = models.JSONField(default=dict, blank=True,
                                help_text="Public key/value strings a client stores on the checkout (Saleor's metadata).")
    created_at = models.DateTimeField(auto_now_add=True)
    last_change = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-last_change"]


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_line_quantity_positive"),
        ]


class CheckoutAddress(models.Model):
    """Where the parcels go, in the Vietnamese shape (district optional since the 2025 reform).

    `full_name` and `street` are what the order keeps; an address given through the API also keeps
    Saleor's parts (given and family name, company, the two street lines, postal code)."""

    checkout = models.OneToOneField(Checkout, on_delete=models.CASCADE, related_name="shipping_address")
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=16)
    province = models.CharField(max_length=80)
    district = models.CharField(max_length=120, blank=True)
    commune = models.CharField(max_length=120)
    street = models.CharField(max_length=255)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    street_address_1 = models.CharField(max_length=255, blank=True)
    street_address_2 = models.CharField(max_length=255, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)


class CheckoutBillingAddress(models.Model):
    """Who pays, when a client gives it (Saleor's billing address); in Vietnam, like the shipping one."""

    checkout = models.OneToOneField(Checkout, on_delete=models.CASCADE, related_name="billing_address")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=16)
    street_address_1 = models.CharField(max_length=255)
    street_address_2 = models.CharField(max_length=255, blank=True)
    commune = models.CharField(max_length=120)
    district = models.CharField(max_length=120, blank=True)
    province = models.CharField(max_length=80)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="VN")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(country="VN"), name="checkout_billing_address_in_vietnam")]


class ShippingRate(models.Model):
    """A producer's delivery price: flat + per started kilogram, to the listed provinces (none
    listed: everywhere)."""

    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="shipping_rates")
    name = models.CharField(max_length=120)
    flat_amount = models.PositiveBigIntegerField(default=0)
    per_kg_amount = models.PositiveBigIntegerField(default=0)
    provinces = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["producer_id", "flat_amount", "id"]

    def __str__(self) -> str:
        return self.name

    def ships_to(self, province: str) -> bool:
        return not self.provinces or province in self.provinces

    def price_for(self, weight_grams: int) -> int:
        kilograms = (max(weight_grams, 0) + 999) // 1000
        return int(self.flat_amount) + int(self.per_kg_amount) * kilograms


class CheckoutDelivery(models.Model):
    """The delivery chosen for one producer's parcel."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="+")
    shipping_rate = models.ForeignKey(ShippingRate, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkout", "producer"], name="checkout_delivery_per_producer")]
