"""The storefront's static pages (storefront/templates/storefront/pages/) as data, with the same
translatable text, so the API answers with what the web pages show (tests/test_api_pages.py
checks that every paragraph here appears on the page at `path`)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StaticPage:
    pk: int
    slug: str
    path: str
    title: str
    paragraphs: tuple

    @property
    def seo_description(self) -> str:
        return str(self.paragraphs[0]) if self.paragraphs else ""


STATIC_PAGES = (
    StaticPage(1, "about", "/about/", _("About OCOP Market"), (
        _("OCOP (One Commune One Product) is Vietnam's programme that rates local products from 1 to 5 stars; "
          "products with 3 stars or more receive a certificate valid for 36 months."),
        _("OCOP Market lets cooperatives, cooperative groups, small enterprises and household businesses sell "
          "those products online. Before a producer sells, an officer of its area checks its registration papers; "
          "stars are shown only while a verified certificate is valid."),
        _("You can buy from several producers in one cart. Each producer packs and ships its own parcel."),
    )),
    StaticPage(2, "terms", "/terms/", _("Terms of use"), (
        _("Producers are responsible for the products they list, their descriptions, prices and stock, and for "
          "shipping their parcels."),
        _("Prices are in Vietnamese đồng and include VAT where it applies. Payment is by card; a producer may cancel "
          "its part of an order, and the shopper is then refunded for those items."),
        _("OCOP stars and certificate numbers come from certificates checked by area officers; report a wrong one to "
          "us and we will review it."),
    )),
    StaticPage(3, "privacy", "/privacy/", _("Privacy"), (
        _("We keep your name, e-mail address, delivery addresses and orders to deliver what you buy. Card details go "
          "straight to the payment provider and never reach our servers."),
        _("Producers see the name, address and phone number needed to ship their parcel. Photos uploaded by "
          "producers are stripped of location data."),
        _("You can ask us to delete your account at any time."),
    )),
)

PAGE_TYPE_SLUG = "information"
PAGE_TYPE_NAME = _("Information page")


def page_by_slug(slug: str | None) -> StaticPage | None:
    return next((page for page in STATIC_PAGES if page.slug == slug), None)


def page_by_pk(pk) -> StaticPage | None:
    return next((page for page in STATIC_PAGES if str(page.pk) == str(pk)), None)
