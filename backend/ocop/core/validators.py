"""Shared validation for Vietnamese data: phone numbers and registration numbers."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGISTRATION_NUMBER = re.compile(r"^\d{6,14}(-\d{3,5})?$")


def normalize_phone(value: str) -> str:
    """'0912 345 678' or '+84912345678' -> '+84912345678'; a ValidationError otherwise."""
    raw = (value or "").strip()
    try:
        parsed = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Enter a Vietnamese phone number such as 0912 345 678."), code="invalid") from exc
    if not phonenumbers.is_valid_number(parsed) or parsed.country_code != 84:
        raise ValidationError(_("Enter a Vietnamese phone number such as 0912 345 678."), code="invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+84912345678' -> '0912 345 678' (mobiles); other numbers in national format."""
    if not e164:
        return ""
    digits = "0" + e164[3:] if e164.startswith("+84") else e164
    if len(digits) == 10 and digits.startswith("0") and digits[1] in "35789":
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "VN"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def validate_registration_number(value: str) -> str:
    """Registration numbers differ by legal form: digits, with an optional branch suffix."""
    cleaned = re.sub(r"[\s.]", "", value or "")
    if not REGISTRATION_NUMBER.match(cleaned):
        raise ValidationError(
            _("Enter the registration number as printed: 6 to 14 digits, optionally a branch suffix such as -001."),
            code="invalid",
        )
    return cleaned
