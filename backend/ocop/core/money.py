"""VND money: integers only. 150000 is shown as '150.000 ₫' (vi) or '₫150,000' (en)."""

import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency
from django.utils.translation import get_language

CURRENCY = "VND"


def format_vnd(amount: int, language: str | None = None) -> str:
    if isinstance(amount, float):
        raise TypeError("VND amounts are integers; got a float")
    lang = (language or get_language() or "vi")[:2]
    return _formatted(int(amount), "vi_VN" if lang == "vi" else "en_US")


@lru_cache(maxsize=8192)
def _formatted(amount: int, locale: str) -> str:
    """Babel's formatting costs tens of microseconds and a listing shows the same prices again and again."""
    return format_currency(amount, CURRENCY, locale=locale)


# What people type for an amount of đồng: "150000", "150.000" (Vietnamese grouping), "150,000"
# (English grouping), "150 000", each with or without "₫", "đ", "VND" or "đồng" around it. The
# đồng has no smaller unit, so a dot or comma between groups of three digits can only group
# thousands; anything else ("150.5", "1e5", "1.50.000", "150.000,00") is not read at all rather
# than guessed.
_CURRENCY = "(?:₫|đ|vnđ|vnd|đồng|dong)"
_MARKED = re.compile(rf"(?:{_CURRENCY}\s*)?(?P<amount>.*?)(?:\s*{_CURRENCY})?", re.IGNORECASE | re.DOTALL)
_GROUPED = re.compile(r"-?[0-9]{1,3}(?P<sep>[., \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*")


def parse_vnd(value, *, currency: bool = True) -> int:
    """A whole number of đồng from what a person or a file gave; ValueError when it is not one
    (callers turn that into their field's message). Floats and booleans are refused: a price
    is never silently rounded. currency=False: a count (stock, grams), digits only, grouped or not."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("not a whole number of đồng")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError("not a whole number of đồng")
        return int(value)
    if not isinstance(value, str):
        raise ValueError("not a whole number of đồng")
    text = value.strip()
    if currency:
        text = _MARKED.fullmatch(text).group("amount")  # "₫ 150.000", "150.000 VND"
    if re.fullmatch(r"-?[0-9]+", text, flags=re.ASCII):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[^0-9-]", "", text))
    raise ValueError("not a whole number of đồng")
