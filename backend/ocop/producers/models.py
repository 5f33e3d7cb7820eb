import uuid
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.validators import display_phone


class LegalForm(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class ProducerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class Producer(models.Model):
    """An OCOP producer ("chủ thể OCOP"). Only approved producers sell."""

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=24, choices=LegalForm.choices)
    name = models.CharField(_("registered name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=20)
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    registration_issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    representative = models.CharField(_("representative"), max_length=150)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="producers",
                             verbose_name=_("area"))
    address = models.CharField(_("street address"), max_length=255)
    phone = models.CharField(_("phone"), max_length=16)
    email = models.EmailField(_("e-mail"))
    description = models.TextField(_("story"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="producers/logos/", blank=True)
    bank_name = models.CharField(_("bank"), max_length=120, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=30, blank=True)
    bank_account_name = models.CharField(_("account holder"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProducerStatus.choices,
                              default=ProducerStatus.DRAFT, db_index=True)
    status_reason = models.TextField(_("reason for the last decision"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["registration_number", "legal_form"], name="producer_registration_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "suspended"]) | ~Q(status_reason=""),
                name="producer_rejection_has_reason",
            ),
        ]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    @property
    def is_selling(self) -> bool:
        return self.status == ProducerStatus.APPROVED



class ProducerTranslation(models.Model):
    """The producer's story in a language other than Vietnamese; pages in that language show it
    (the Vietnamese story where it is empty)."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["producer", "language_code"],
                                               name="producer_translation_unique")]

    def __str__(self) -> str:
        return f"{self.producer_id} ({self.language_code})"

class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")


class ProducerMember(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_memberships")
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["producer", "user"], name="producer_member_unique")]
        verbose_name = _("producer member")
        verbose_name_plural = _("producer members")


class DocumentKind(models.TextChoices):
    REGISTRATION = "registration", _("Business registration certificate")
    IDENTITY = "identity", _("Representative's ID card")
    FOOD_SAFETY = "food_safety", _("Food safety certificate")
    OTHER = "other", _("Other")


def _document_path(instance, filename):
    # Random names: what a user called the file never reaches the file system.
    return f"private/producer-documents/{uuid.uuid4().hex}"


class ProducerDocument(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class ProducerEvent(models.Model):
    """The audit trail. Rows are never updated or deleted (a database trigger enforces it)."""

    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]


class ProductGroup(models.TextChoices):
    """The six OCOP product groups of 2022."""

    FOOD = "food", _("Food")
    BEVERAGES = "beverages", _("Beverages")
    HERBAL = "herbal", _("Medicinal materials and products")
    HANDICRAFTS = "handicrafts", _("Handicrafts")
    ORNAMENTAL = "ornamental", _("Ornamental organisms")
    TOURISM = "tourism", _("Community-based and eco-tourism services")


class AuthorityLevel(models.TextChoices):
    CENTRAL = "central", _("Central government")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before July 2025)")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


def default_valid_until(decision_date: date) -> date:
    return decision_date + relativedelta(months=36)


class OcopCertificate(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="certificates")
    product_name = models.CharField(_("product name on the certificate"), max_length=200)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    authority_level = models.CharField(_("authority level"), max_length=12, choices=AuthorityLevel.choices)
    product_group = models.CharField(_("product group"), max_length=16, choices=ProductGroup.choices)
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=12, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    revoked_reason = models.TextField(blank=True)
    expiry_warning_sent_at = models.DateTimeField(null=True, blank=True)
    document = models.FileField(upload_to=_document_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="certificate_score_max_100"),
            models.CheckConstraint(condition=Q(valid_until__gt=models.F("decision_date")),
                                   name="certificate_valid_after_decision"),
            models.UniqueConstraint(fields=["decision_number", "product_name"], name="certificate_unique_decision"),
        ]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")

    def __str__(self) -> str:
        return f"{self.product_name} ({self.stars}★, {self.decision_number})"

    def save(self, *args, **kwargs):
        if not self.valid_until and self.decision_date:
            self.valid_until = default_valid_until(self.decision_date)
        super().save(*args, **kwargs)

    @property
    def shows_stars(self) -> bool:
        return (self.status == CertificateStatus.VALID and self.verified_at is not None
                and self.valid_until >= timezone.localdate())
