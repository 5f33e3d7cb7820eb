import pytest
from django.core.exceptions import ValidationError

from ocop.core.money import format_vnd
from ocop.core.validators import display_phone, normalize_phone, validate_registration_number


def test_vnd_is_shown_the_vietnamese_and_the_english_way():
    assert format_vnd(150000, "vi") == "150.000\u00a0₫"
    assert format_vnd(150000, "en") == "₫150,000"


def test_floats_are_refused_as_money():
    with pytest.raises(TypeError):
        format_vnd(1.5, "vi")


@pytest.mark.parametrize("raw", ["0912345678", "0912 345 678", "+84912345678"])
def test_mobile_numbers_are_stored_in_e164(raw):
    assert normalize_phone(raw) == "+84912345678"
    assert display_phone("+84912345678") == "0912 345 678"


@pytest.mark.parametrize("raw", ["", "12345", "01234567890", "+14155550100", "abc"])
def test_invalid_or_old_11_digit_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_registration_numbers_are_checked_loosely():
    assert validate_registration_number("0101 234 567") == "0101234567"
    assert validate_registration_number("2500123456-001") == "2500123456-001"
    for bad in ["", "ABC123", "12-3", "1" * 20]:
        with pytest.raises(ValidationError):
            validate_registration_number(bad)
