from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ocop.core.money import format_vnd, parse_vnd
from ocop.core.validators import display_phone, normalize_phone, validate_registration_number


def test_vnd_is_shown_the_vietnamese_and_the_english_way():
    assert format_vnd(150000, "vi") == "150.000\u00a0₫"
    assert format_vnd(150000, "en") == "₫150,000"


def test_floats_are_refused_as_money():
    with pytest.raises(TypeError):
        format_vnd(1.5, "vi")


@pytest.mark.parametrize("written, amount", [
    ("150000", 150000), ("150.000", 150000), ("150,000", 150000), ("150 000", 150000), ("150\u00a0000", 150000),
    ("1.500.000", 1500000), ("150.000\u00a0₫", 150000), ("150.000đ", 150000), ("₫150,000", 150000),
    ("150000 VND", 150000), ("VNĐ 30.000", 30000), (" 30.000 đồng ", 30000), ("-5", -5), ("0", 0),
    (7, 7), (Decimal("150000"), 150000),
])
def test_amounts_of_dong_are_read_as_people_write_them(written, amount):
    assert parse_vnd(written) == amount


@pytest.mark.parametrize("written", [
    "150.5", "150,50", "1.50.000", "150.000,00", "1.000,000", "150.0000", "1e5", "0x10", "", " ", "đ", "₫₫5",
    "5 đ đ", "một trăm", "١٢٣", "１２３", 1.5, 150000.0, True, None, Decimal("1.5"), Decimal("NaN"), [150000],
])
def test_anything_that_is_not_plainly_a_whole_number_of_dong_is_not_read(written):
    with pytest.raises(ValueError):
        parse_vnd(written)


def test_counts_take_grouped_digits_but_no_currency():
    assert parse_vnd("1.000", currency=False) == 1000
    with pytest.raises(ValueError):
        parse_vnd("1.000 ₫", currency=False)


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
