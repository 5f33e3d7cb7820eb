"""VND money: integers only. 150000 is shown as '150.000 ₫' (vi) or '₫150,000' (en)."""

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
