from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import User


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
    try:
        password_validation.validate_password(password or "", candidate)
    except ValidationError as exc:
        errors["password"] = ValidationError(" ".join(exc.messages), code="password_too_weak")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, full_name=candidate.full_name,
                                            language_code=language_code[:8] or "vi")
    except IntegrityError:
        raise ValidationError({"email": ValidationError(
            _("An account with this e-mail address exists already; log in instead."), code="unique")}) from None
