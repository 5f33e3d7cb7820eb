from django.contrib import admin

from .models import Fulfillment, Order, OrderEvent, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in OrderLine._meta.fields]


class FulfillmentInline(admin.TabularInline):
    model = Fulfillment
    extra = 0
    can_delete = False
    readonly_fields = ["producer", "status", "shipping_method_name", "shipping_amount", "subtotal_amount", "carrier",
                       "tracking_number", "cancel_reason"]


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ["type", "user", "fulfillment", "parameters", "created_at"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only here: every change goes through ocop.orders.services."""

    list_display = ["number", "user_email", "status", "total_amount", "total_refunded_amount", "created_at"]
    list_filter = ["status"]
    search_fields = ["number", "user_email", "shipping_full_name", "shipping_phone"]
    inlines = [FulfillmentInline, OrderLineInline, OrderEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
