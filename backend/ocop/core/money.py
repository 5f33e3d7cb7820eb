"""VND money: integers only. 150000 is shown as '150.000 ₫' (vi) or '₫150,000' (en)."""

from babel.numbers import format_currency
from django.utils.translation import get_language

CURRENCY = "VND"


def format_vnd(amount: int, language: str | None = None) -> str:
    if isinstance(amount, float):
        raise TypeError("VND amounts are integers; got a float")
    lang = (language or get_language() or "vi")[:2]
    locale = "vi_VN" if lang == "vi" else "en_US"
    return format_currency(int(amount), CURRENCY, locale=locale)
