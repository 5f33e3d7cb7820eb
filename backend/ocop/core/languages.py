"""Which language a page is in: Vietnamese unless the visitor chose English (the language switch
sets a cookie) or their browser asks for English and not Vietnamese at all.

Django's LocaleMiddleware takes the browser's first supported language. Many people in Vietnam run
browsers set to English that list Vietnamese further down ("en-US,en;q=0.9,vi;q=0.8"); for them
the shop stays in Vietnamese, its default, until they switch. A browser that lists only other
languages (a visitor from abroad) gets English."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def lists_vietnamese(header: str) -> bool:
    """Whether an Accept-Language header names Vietnamese at all (with a weight above zero)."""
    return any(tag.split("-", 1)[0].lower() == "vi" and weight > 0
               for tag, weight in parse_accept_lang_header(header or ""))


class ShopLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not chosen and request.LANGUAGE_CODE != "vi" and lists_vietnamese(request.META.get("HTTP_ACCEPT_LANGUAGE")):
            translation.activate("vi")
            request.LANGUAGE_CODE = translation.get_language()
