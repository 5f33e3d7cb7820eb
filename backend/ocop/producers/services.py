"""Every write to producers and certificates: the verification status machine, documents and the
audit trail. Each function takes the acting user, runs in one transaction and locks the row it
decides on, so two officers deciding at once record exactly one decision."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.areas.models import Area
from ocop.core import translations as core_translations
from ocop.core.text import fold_vietnamese
from ocop.core.validators import normalize_phone, validate_registration_number

from . import selectors
from .errors import ProducerErrorCode
from .models import (
    CertificateStatus,
    DocumentKind,
    LegalForm,
    MemberRole,
    OcopCertificate,
    Producer,
    ProducerDocument,
    ProducerEvent,
    ProducerMember,
    ProducerStatus,
    ProducerTranslation,
)
from ocop.core.uploads import clean_document

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "legal_form", "name", "registration_number", "registration_date", "registration_issuer", "representative",
    "area", "address", "phone", "email", "description", "bank_name", "bank_account_number", "bank_account_name",
)
REQUIRED_FIELDS = ("legal_form", "name", "registration_number", "representative", "area", "address", "phone", "email")
REQUIRED_DOCUMENTS = (DocumentKind.REGISTRATION,)


def _error(field: str, message: str, code: ProducerErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value)})


def _record(producer: Producer, actor, action: str, from_status: str, to_status: str, reason: str = "") -> None:
    ProducerEvent.objects.create(producer=producer, actor=actor, action=action, from_status=from_status,
                                 to_status=to_status, reason=reason)


def clean_producer_fields(data: dict, *, partial: bool) -> dict:
    """Validate the producer's own fields; raises one ValidationError naming every bad field."""
    errors: dict[str, ValidationError] = {}
    cleaned: dict = {}
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if isinstance(value, str):
            value = value.strip()
        try:
            if field == "legal_form":
                if value not in LegalForm.values:
                    raise ValidationError(_("Choose one of the legal forms in the list."), code=ProducerErrorCode.INVALID.value)
            elif field == "registration_number":
                value = validate_registration_number(value)
            elif field == "phone":
                value = normalize_phone(value)
            elif field == "area":
                if not isinstance(value, Area):
                    value = Area.objects.filter(pk=value).first() if str(value).isdigit() else None
                if value is None or value.level == "province":
                    raise ValidationError(_("Choose the commune or district where you produce."),
                                          code=ProducerErrorCode.INVALID.value)
            elif field == "registration_date" and value:
                if isinstance(value, str):
                    value = date.fromisoformat(value)
                if value > timezone.localdate():
                    raise ValidationError(_("The registration date cannot be in the future."),
                                          code=ProducerErrorCode.INVALID.value)
            elif field == "email" and value:
                from django.core.validators import validate_email

                validate_email(value)
        except ValidationError as exc:
            errors[field] = ValidationError(exc.messages[0], code=getattr(exc, "code", None) or ProducerErrorCode.INVALID.value)
            continue
        except ValueError:
            errors[field] = ValidationError(_("Enter a date as YYYY-MM-DD."), code=ProducerErrorCode.INVALID.value)
            continue
        cleaned[field] = value
    if not partial:
        for field in REQUIRED_FIELDS:
            if field not in errors and not cleaned.get(field):
                errors[field] = ValidationError(_("This field is required."), code=ProducerErrorCode.REQUIRED.value)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _unique_slug(name: str) -> str:
    base = slugify(fold_vietnamese(name))[:120] or "producer"
    slug, n = base, 2
    while Producer.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def register_producer(*, user, data: dict) -> Producer:
    """A signed-in user starts a producer (status draft) and becomes its owner."""
    if not user or not user.is_authenticated:
        raise PermissionError("authentication required")
    cleaned, translations = _clean_with_translations(data, partial=False)
    producer = Producer(slug=_unique_slug(cleaned["name"]), status=ProducerStatus.DRAFT, **cleaned)
    try:
        with transaction.atomic():
            producer.save()
    except IntegrityError:
        raise _error("registration_number", _("A producer with this registration number is already registered."),
                     ProducerErrorCode.UNIQUE) from None
    ProducerMember.objects.create(producer=producer, user=user, role=MemberRole.OWNER)
    _record(producer, user, "registered", "", ProducerStatus.DRAFT)
    from ocop.catalog.models import Warehouse

    Warehouse.objects.create(producer=producer, name=producer.name, area=producer.area, address=producer.address)
    core_translations.save_translations(ProducerTranslation, "producer", producer, translations)
    return producer


def _clean_with_translations(data: dict, *, partial: bool) -> tuple[dict, dict]:
    """The producer's fields and its story in other languages, every error of both at once."""
    errors, cleaned, translations = {}, {}, {}
    try:
        cleaned = clean_producer_fields(data, partial=partial)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        translations = core_translations.clean_translations(data.get("translations"), {"description": 20000},
                                                            code=ProducerErrorCode.INVALID.value)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned, translations


def _lock_for_member(user, producer_id) -> Producer:
    producer = selectors.producers_for_member(user).select_for_update().filter(pk=producer_id).first()
    if producer is None:
        raise _error("id", _("Producer not found."), ProducerErrorCode.NOT_FOUND)
    return producer


@transaction.atomic
def update_producer(*, user, producer_id, data: dict) -> Producer:
    """Members edit their producer while it is a draft or was rejected; approved producers may edit
    contact and bank details, which do not change what an officer verified."""
    producer = _lock_for_member(user, producer_id)
    cleaned, translations = _clean_with_translations(data, partial=True)
    if producer.status in (ProducerStatus.SUBMITTED,):
        raise _error("status", _("This producer is being reviewed; wait for the officer's decision before editing."),
                     ProducerErrorCode.INVALID_STATUS)
    if producer.status in (ProducerStatus.APPROVED, ProducerStatus.SUSPENDED):
        verified = {"legal_form", "name", "registration_number", "registration_date", "registration_issuer", "area"}
        changed = [f for f in cleaned if f in verified and getattr(producer, f) != cleaned[f]]
        if changed:
            raise _error(changed[0], _("Verified details cannot be changed after approval; contact your area officer."),
                         ProducerErrorCode.INVALID_STATUS)
    for field, value in cleaned.items():
        setattr(producer, field, value)
    try:
        with transaction.atomic():
            producer.save()
    except IntegrityError:
        raise _error("registration_number", _("A producer with this registration number is already registered."),
                     ProducerErrorCode.UNIQUE) from None
    core_translations.save_translations(ProducerTranslation, "producer", producer, translations)
    return producer


@transaction.atomic
def upload_document(*, user, producer_id, kind: str, uploaded_file) -> ProducerDocument:
    producer = _lock_for_member(user, producer_id)
    if kind not in DocumentKind.values:
        raise _error("kind", _("Choose what kind of document this is."), ProducerErrorCode.INVALID)
    if producer.status == ProducerStatus.SUBMITTED:
        raise _error("status", _("This producer is being reviewed; wait for the officer's decision before editing."),
                     ProducerErrorCode.INVALID_STATUS)
    content, content_type, size = clean_document(uploaded_file, field="file")
    document = ProducerDocument(producer=producer, kind=kind, original_name=(uploaded_file.name or "")[-200:],
                                content_type=content_type, size=size, uploaded_by=user)
    document.file.save("document", content, save=False)
    document.save()
    _record(producer, user, "document_uploaded", producer.status, producer.status, document.get_kind_display())
    return document


@transaction.atomic
def submit_producer(*, user, producer_id) -> Producer:
    """draft/rejected → submitted. Submitting again while submitted changes nothing."""
    producer = _lock_for_member(user, producer_id)
    if producer.status == ProducerStatus.SUBMITTED:
        return producer
    if producer.status not in (ProducerStatus.DRAFT, ProducerStatus.REJECTED):
        raise _error("status", _("Only a draft or a rejected producer can be submitted."), ProducerErrorCode.INVALID_STATUS)
    missing = [f for f in REQUIRED_FIELDS if not getattr(producer, f if f != "area" else "area_id")]
    if missing:
        raise ValidationError({f: ValidationError(_("This field is required."), code=ProducerErrorCode.REQUIRED.value)
                               for f in missing})
    kinds = set(producer.documents.values_list("kind", flat=True))
    for kind in REQUIRED_DOCUMENTS:
        if kind not in kinds:
            raise _error("documents", _("Upload the business registration certificate before submitting."),
                         ProducerErrorCode.DOCUMENT_REQUIRED)
    previous = producer.status
    producer.status = ProducerStatus.SUBMITTED
    producer.submitted_at = timezone.now()
    producer.status_reason = ""
    producer.save(update_fields=["status", "submitted_at", "status_reason", "updated_at"])
    _record(producer, user, "submitted", previous, producer.status)
    return producer


def _lock_for_officer(officer, producer_id) -> Producer:
    producer = selectors.producers_for_officer(officer).select_for_update().filter(pk=producer_id).first()
    if producer is None:
        logger.warning("officer %s asked for producer %s outside their areas or unknown", getattr(officer, "pk", None),
                       producer_id)
        raise _error("id", _("Producer not found."), ProducerErrorCode.NOT_FOUND)
    return producer


def _decide(officer, producer_id, *, allowed_from: tuple, to: str, action: str, reason: str = "",
            reason_required: bool = False) -> Producer:
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise _error("reason", _("Give the reason, so the producer knows what to fix."), ProducerErrorCode.REQUIRED)
    producer = _lock_for_officer(officer, producer_id)
    if producer.status == to:
        raise _error("status", _("This decision has already been made (the producer is already %(status)s).")
                     % {"status": producer.get_status_display()}, ProducerErrorCode.ALREADY_DECIDED)
    if producer.status not in allowed_from:
        raise _error("status", _("This is not possible while the producer is %(status)s.")
                     % {"status": producer.get_status_display()}, ProducerErrorCode.INVALID_STATUS)
    previous = producer.status
    producer.status = to
    producer.status_reason = reason
    producer.decided_at = timezone.now()
    producer.save(update_fields=["status", "status_reason", "decided_at", "updated_at"])
    _record(producer, officer, action, previous, to, reason)
    transaction.on_commit(lambda: _mark_products_dirty(producer.pk))
    return producer


def _mark_products_dirty(producer_id: int) -> None:
    from ocop.catalog.models import Product

    from ocop.search.indexing import schedule_update

    Product.objects.filter(producer_id=producer_id).update(search_index_dirty=True)
    schedule_update()


@transaction.atomic
def approve_producer(*, officer, producer_id) -> Producer:
    return _decide(officer, producer_id, allowed_from=(ProducerStatus.SUBMITTED,), to=ProducerStatus.APPROVED,
                   action="approved")


@transaction.atomic
def reject_producer(*, officer, producer_id, reason: str) -> Producer:
    return _decide(officer, producer_id, allowed_from=(ProducerStatus.SUBMITTED,), to=ProducerStatus.REJECTED,
                   action="rejected", reason=reason, reason_required=True)


@transaction.atomic
def suspend_producer(*, officer, producer_id, reason: str) -> Producer:
    return _decide(officer, producer_id, allowed_from=(ProducerStatus.APPROVED,), to=ProducerStatus.SUSPENDED,
                   action="suspended", reason=reason, reason_required=True)


@transaction.atomic
def reinstate_producer(*, officer, producer_id, reason: str = "") -> Producer:
    return _decide(officer, producer_id, allowed_from=(ProducerStatus.SUSPENDED,), to=ProducerStatus.APPROVED,
                   action="reinstated", reason=reason)


# --------------------------------------------------------------------------- certificates

def _lock_certificate(officer, certificate_id) -> OcopCertificate:
    certificate = (selectors.certificates_for_officer(officer).select_for_update(of=("self",))
                   .filter(pk=certificate_id).first())
    if certificate is None:
        logger.warning("officer %s asked for certificate %s outside their areas or unknown",
                       getattr(officer, "pk", None), certificate_id)
        raise _error("id", _("Certificate not found."), ProducerErrorCode.NOT_FOUND)
    return certificate


@transaction.atomic
def verify_certificate(*, officer, certificate_id) -> OcopCertificate:
    certificate = _lock_certificate(officer, certificate_id)
    if certificate.status != CertificateStatus.VALID:
        raise _error("status", _("Only a valid certificate can be verified."), ProducerErrorCode.INVALID_STATUS)
    if certificate.verified_at:
        raise _error("status", _("This certificate has already been verified."), ProducerErrorCode.ALREADY_DECIDED)
    certificate.verified_at = timezone.now()
    certificate.verified_by = officer
    certificate.save(update_fields=["verified_at", "verified_by"])
    _record(certificate.producer, officer, "certificate_verified", certificate.producer.status,
            certificate.producer.status, str(certificate))
    transaction.on_commit(lambda: _mark_products_dirty(certificate.producer_id))
    return certificate


@transaction.atomic
def revoke_certificate(*, officer, certificate_id, reason: str) -> OcopCertificate:
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", _("Give the reason for revoking the certificate."), ProducerErrorCode.REQUIRED)
    certificate = _lock_certificate(officer, certificate_id)
    if certificate.status == CertificateStatus.REVOKED:
        raise _error("status", _("This certificate has already been revoked."), ProducerErrorCode.ALREADY_DECIDED)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_reason"])
    _record(certificate.producer, officer, "certificate_revoked", certificate.producer.status,
            certificate.producer.status, f"{certificate}: {reason}")
    transaction.on_commit(lambda: _mark_products_dirty(certificate.producer_id))
    return certificate


def expire_certificates(*, today: date | None = None, warn_days: int = 30) -> dict:
    """The daily job: expire certificates past their date; warn producers `warn_days` before."""
    from django.core.mail import send_mail
    from django.utils import translation

    today = today or timezone.localdate()
    with transaction.atomic():
        expired = list(OcopCertificate.objects.select_for_update()
                       .filter(status=CertificateStatus.VALID, valid_until__lt=today).values_list("pk", "producer_id"))
        OcopCertificate.objects.filter(pk__in=[pk for pk, _ in expired]).update(status=CertificateStatus.EXPIRED)
        for producer_id in {p for _, p in expired}:
            _mark_products_dirty(producer_id)
    warned = 0
    due = (OcopCertificate.objects.select_related("producer")
           .filter(status=CertificateStatus.VALID, expiry_warning_sent_at__isnull=True,
                   valid_until__gte=today, valid_until__lte=today + timezone.timedelta(days=warn_days)))
    for certificate in due:
        with translation.override("vi"):
            send_mail(
                subject=_("Your OCOP certificate expires on %(date)s") % {"date": certificate.valid_until.strftime("%d/%m/%Y")},
                message=_("The OCOP certificate %(number)s for %(product)s expires on %(date)s. Apply for re-evaluation "
                          "in time so your products keep showing their stars.") % {
                    "number": certificate.decision_number, "product": certificate.product_name,
                    "date": certificate.valid_until.strftime("%d/%m/%Y")},
                from_email=None, recipient_list=[certificate.producer.email],
            )
        OcopCertificate.objects.filter(pk=certificate.pk).update(expiry_warning_sent_at=timezone.now())
        warned += 1
    return {"expired": len(expired), "warned": warned}
