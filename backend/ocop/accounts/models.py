from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: shopper by default; producer member, area officer or staff by their links."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("E.164, e.g. +84912345678"))
    language_code = models.CharField(_("language"), max_length=8, default="vi")
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_confirmed = models.BooleanField(_("e-mail confirmed"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    default_shipping_address = models.ForeignKey("Address", null=True, blank=True, on_delete=models.SET_NULL,
                                                 related_name="+", verbose_name=_("default shipping address"))
    default_billing_address = models.ForeignKey("Address", null=True, blank=True, on_delete=models.SET_NULL,
                                                related_name="+", verbose_name=_("default billing address"))
    deletion_requested_at = models.DateTimeField(_("account deletion requested on"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.email

    @property
    def is_officer(self) -> bool:
        known = self.__dict__.get("has_officer_areas")  # read with the user by accounts.backends
        return known if known is not None else self.officer_assignments.exists()

    @property
    def is_producer_member(self) -> bool:
        known = self.__dict__.get("has_producer_memberships")
        return known if known is not None else self.producer_memberships.exists()


class OfficerAssignment(models.Model):
    """An area officer's jurisdiction: they act on producers anywhere inside `area`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="officer_assignments")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="officer_assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="officer_area_unique")]
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")

    def __str__(self) -> str:
        return f"{self.user} → {self.area}"


class Address(models.Model):
    """A Vietnamese delivery address in Saleor's shape. Since July 2025 a commune (xã/phường) sits
    directly under its province; `district` is kept only for addresses written the older way.
    `area` links the most specific administrative unit we could match, when we could."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    first_name = models.CharField(_("given name"), max_length=100, blank=True)
    last_name = models.CharField(_("family name"), max_length=100, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=16, help_text=_("E.164, e.g. +84912345678"))
    street_address_1 = models.CharField(_("house number and street"), max_length=255)
    street_address_2 = models.CharField(_("hamlet, building or floor"), max_length=255, blank=True)
    commune = models.CharField(_("commune / ward"), max_length=120)
    district = models.CharField(_("district (before July 2025)"), max_length=120, blank=True)
    province = models.CharField(_("province / city"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="VN")
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(country="VN"), name="address_in_vietnam"),
            models.CheckConstraint(condition=models.Q(phone__startswith="+84"), name="address_phone_e164_vn"),
        ]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.street_address_1, self.commune, self.district, self.province) if part)
