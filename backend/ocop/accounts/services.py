from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import mail_admins, send_mail
from django.db import IntegrityError, transaction
from django.http.request import validate_host
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .addresses import FIELDS as ADDRESS_FIELDS
from .addresses import clean_address, max_lengths, provinces_in_force
from .models import Address, User


def _password_error(password: str, user: User) -> ValidationError | None:
    """Django's password validators; the first failure's code names the problem
    (password_too_short, password_too_common, password_entirely_numeric, password_too_similar)."""
    try:
        password_validation.validate_password(password or "", user)
    except ValidationError as exc:
        code = next((e.code for e in exc.error_list if e.code), "invalid_password")
        return ValidationError(" ".join(exc.messages), code=code)
    return None


@transaction.atomic
def register_user(*, email: str, password: str, full_name: str = "", language_code: str = "vi") -> User:
    """Create a shopper account; every problem comes back as a field error."""
    email = (email or "").strip().lower()
    errors = {}
    if not email:
        errors["email"] = ValidationError(_("Enter your e-mail address."), code="required")
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = ValidationError(_("An account with this e-mail address exists already; log in instead."),
                                          code="unique")
    candidate = User(email=email, full_name=(full_name or "").strip())
    password_error = _password_error(password, candidate)
    if password_error is not None:
        errors["password"] = password_error
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, full_name=candidate.full_name,
                                            language_code=language_code[:8] or "vi")
    except IntegrityError:
        raise ValidationError({"email": ValidationError(
            _("An account with this e-mail address exists already; log in instead."), code="unique")}) from None


def full_name_from(first_name: str | None, last_name: str | None) -> str:
    """Vietnamese order: family name first ("Nguyễn Văn" + "An")."""
    return " ".join(part.strip() for part in (last_name or "", first_name or "") if part and part.strip())


def update_account(*, user: User, first_name: str | None = None, last_name: str | None = None,
                   language_code: str | None = None) -> User:
    """Change the name (either part may be left as it is) and the preferred language."""
    if first_name is not None or last_name is not None:
        words = (user.full_name or "").split()
        current_first, current_last = (words[-1] if words else ""), " ".join(words[:-1])
        user.full_name = full_name_from(current_first if first_name is None else first_name,
                                        current_last if last_name is None else last_name)[:150]
    if language_code:
        tag = language_code.lower().replace("_", "-")
        known = {code for code, _name in settings.LANGUAGES}
        if tag not in known and tag.split("-", 1)[0] not in known:
            raise ValidationError({"language_code": ValidationError(
                _("This language is not offered; choose Vietnamese or English."), code="invalid")})
        user.language_code = tag if tag in known else tag.split("-", 1)[0]
    user.save(update_fields=["full_name", "language_code", "updated_at"])
    return user


def change_password(*, user: User, old_password: str | None, new_password: str) -> User:
    """The caller proves they know the current password (unless the account has none)."""
    if user.has_usable_password() and not user.check_password(old_password or ""):
        raise ValidationError({"old_password": ValidationError(_("Old password isn't valid."),
                                                               code="invalid_credentials")})
    error = _password_error(new_password, user)
    if error is not None:
        raise ValidationError({"new_password": error})
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return user


def check_redirect_url(url: str, field: str = "redirect_url") -> str:
    """A link we e-mail must lead to a host this site serves (settings.ALLOWED_HOSTS, plus
    ALLOWED_CLIENT_HOSTS for a separate storefront), over http(s)."""
    parts = urlsplit(url or "")
    allowed = list(settings.ALLOWED_HOSTS) + list(getattr(settings, "ALLOWED_CLIENT_HOSTS", []) or [])
    if parts.scheme not in ("http", "https") or not parts.hostname or not validate_host(parts.hostname, allowed):
        raise ValidationError({field: ValidationError(
            _("This link does not lead to this shop's website."), code="invalid")})
    return url


def _link(redirect_url: str, **params) -> str:
    separator = "&" if urlsplit(redirect_url).query else "?"
    return f"{redirect_url}{separator}{urlencode(params)}"


def send_password_reset(*, email: str, redirect_url: str) -> None:
    """E-mail a one-time link (Django's token generator) to the account's address. Whether the
    account exists is never revealed: an unknown address gets no e-mail and no error."""
    check_redirect_url(redirect_url)
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    link = _link(redirect_url, email=user.email, token=default_token_generator.make_token(user))
    with translation.override(user.language_code or "vi"):
        send_mail(_("Reset your OCOP Market password"),
                  _("Someone asked to reset the password of your OCOP Market account. If it was you, "
                    "open this link to choose a new password:") + f"\n\n{link}\n\n"
                  + _("If it was not you, ignore this e-mail; your password stays the same."),
                  None, [user.email])


def _user_with_token(email: str, token: str) -> User:
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": ValidationError(_("There is no account with this e-mail address."),
                                                        code="not_found")})
    if not default_token_generator.check_token(user, token or ""):
        raise ValidationError({"token": ValidationError(_("This link is invalid or has expired."), code="invalid")})
    return user


def set_password_with_token(*, email: str, token: str, password: str) -> User:
    """Finish a password reset: the token from the e-mail is good once (it changes with the password)."""
    user = _user_with_token(email, token)
    error = _password_error(password, user)
    if error is not None:
        raise ValidationError({"password": error})
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    return user


def confirm_account(*, email: str, token: str) -> User:
    """Mark the e-mail address confirmed, with a token made by Django's token generator."""
    user = _user_with_token(email, token)
    if not user.is_confirmed:
        user.is_confirmed = True
        user.save(update_fields=["is_confirmed", "updated_at"])
    return user


def request_account_deletion(*, user: User) -> User:
    """Record the request and tell the person and the shop's administrators, who delete the account
    (orders are kept as the law on accounting records requires)."""
    user.deletion_requested_at = timezone.now()
    user.save(update_fields=["deletion_requested_at", "updated_at"])
    with translation.override(user.language_code or "vi"):
        send_mail(_("We received your request to delete your OCOP Market account"),
                  _("We will delete your account and personal data within 30 days and write to you when it is "
                    "done. If you did not ask for this, reply to this e-mail."), None, [user.email])
    mail_admins("Account deletion requested", f"User #{user.pk} ({user.email}) asked to delete their account.")
    return user


# --------------------------------------------------------------------------- addresses

# The rules themselves are in .addresses, shared with checkout addresses. `address_provinces` is
# the name the storefront's home page knows them by.
address_provinces = provinces_in_force


def _clean(data: dict):
    cleaned = clean_address(data, max_length=max_lengths(Address))
    return cleaned.values, cleaned.area


def _own_address(user: User, address_id: int | None) -> Address:
    address = Address.objects.filter(pk=address_id, user=user).first() if address_id else None
    if address is None:
        raise ValidationError({"id": ValidationError(_("Address not found."), code="not_found")})
    return address


def _set_default(user: User, address: Address, kind: str) -> None:
    field = {"shipping": "default_shipping_address", "billing": "default_billing_address"}[kind]
    setattr(user, field, address)
    user.save(update_fields=[field, "updated_at"])


@transaction.atomic
def create_address(*, user: User, data: dict, default_for: str | None = None) -> Address:
    """A new address in the user's book. The first one becomes the default for both purposes;
    `default_for` ("shipping" or "billing") makes it that default whatever came before."""
    cleaned, area = _clean(data)
    address = Address.objects.create(user=user, area=area, **cleaned)
    if default_for:
        _set_default(user, address, default_for)
    for kind in ("shipping", "billing"):
        if getattr(user, f"default_{kind}_address_id") is None:
            _set_default(user, address, kind)
    return address


@transaction.atomic
def update_address(*, user: User, address_id: int | None, data: dict) -> Address:
    """Change some fields of one of the user's addresses; the result is checked as a whole."""
    address = _own_address(user, address_id)
    merged = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    merged.update({name: value for name, value in data.items() if name in ADDRESS_FIELDS and value is not None})
    cleaned, area = _clean(merged)
    for name, value in cleaned.items():
        setattr(address, name, value)
    address.area = area
    address.save()
    return address


@transaction.atomic
def delete_address(*, user: User, address_id: int | None) -> Address:
    """Remove one of the user's addresses (defaults pointing at it are cleared by the database)."""
    address = _own_address(user, address_id)
    deleted = Address(pk=address.pk, **{name: getattr(address, name) for name in ADDRESS_FIELDS})
    address.delete()
    user.refresh_from_db(fields=["default_shipping_address", "default_billing_address"])
    return deleted


def set_default_address(*, user: User, address_id: int | None, kind: str) -> User:
    _set_default(user, _own_address(user, address_id), kind)
    return user
