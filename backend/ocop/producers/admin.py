"""Django admin for staff: verification state changes only through the services, so the admin
follows exactly the rules of the officer desk; the audit trail is read-only."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OcopCertificate, Producer, ProducerDocument, ProducerEvent, ProducerMember


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ProducerEvent
    fields = ("created_at", "actor", "action", "from_status", "to_status", "reason")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = ProducerDocument
    fields = ("kind", "original_name", "content_type", "size", "created_at")
    readonly_fields = fields


class MemberInline(admin.TabularInline):
    model = ProducerMember
    extra = 0
    raw_id_fields = ("user",)


def _run(modeladmin, request, queryset, decide, done):
    ok = 0
    for producer in queryset:
        try:
            decide(producer)
            ok += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{producer}: {' '.join(exc.messages)}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, done % {"count": ok}, messages.SUCCESS)


@admin.action(description=_("Approve selected submitted producers"))
def approve(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.approve_producer(officer=request.user, producer_id=p.pk), _("%(count)s approved."))


@admin.action(description=_("Reinstate selected suspended producers"))
def reinstate(modeladmin, request, queryset):
    _run(modeladmin, request, queryset,
         lambda p: services.reinstate_producer(officer=request.user, producer_id=p.pk), _("%(count)s reinstated."))


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_form", "area", "status", "submitted_at")
    list_filter = ("status", "legal_form")
    search_fields = ("name", "registration_number", "email")
    readonly_fields = ("status", "status_reason", "submitted_at", "decided_at", "created_at", "updated_at")
    inlines = [MemberInline, DocumentInline, EventInline]
    actions = [approve, reinstate]
    raw_id_fields = ("area",)

    def has_delete_permission(self, request, obj=None):
        return False  # producers with history are never deleted; suspend them instead


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    list_display = ("product_name", "producer", "stars", "decision_number", "valid_until", "status", "verified_at")
    list_filter = ("status", "stars", "product_group", "authority_level")
    search_fields = ("product_name", "decision_number", "producer__name")
    readonly_fields = ("status", "verified_at", "verified_by", "revoked_reason", "expiry_warning_sent_at")
    raw_id_fields = ("producer",)


@admin.register(ProducerEvent)
class ProducerEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "producer", "actor", "action", "from_status", "to_status")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
