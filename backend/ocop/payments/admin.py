from django.contrib import admin

from .models import LedgerEntry, Payment, Refund, StripeEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "gateway", "psp_reference", "amount", "status", "refunded_amount", "order", "created_at"]
    list_filter = ["status", "gateway"]
    search_fields = ["psp_reference", "checkout_token"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at"]
    search_fields = ["event_id"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "psp_reference", "payment", "order", "fulfillment", "amount", "quantity", "source"]
    list_filter = ["source"]
    search_fields = ["psp_reference"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    """Read-only: payouts are recorded at /staff/payouts/, where the balance is checked under a lock."""

    list_display = ["created_at", "producer", "kind", "gross_amount", "commission_amount", "amount", "reference",
                    "paid_on", "description"]
    list_filter = ["kind"]
    search_fields = ["reference", "description", "producer__name"]
