"""A checkout priced once per request: its quote (lines with variants, parcels, deliveries,
totals), delivery options and charged amount are computed on first use and kept on the instance,
and its lines' products and variants are registered with the catalogue's loaders, so a checkout of
1 or 100 lines costs the same few queries."""

from __future__ import annotations

from ocop.checkout.selectors import checkout_quote, shipping_options
from ocop.payments import services as payments

from ..catalog import dataloaders as catalog_loaders

def quote_of(checkout):
    """The checkout priced once per request: lines with variants, parcels, deliveries, totals."""
    quote = getattr(checkout, "_api_quote", None)
    if quote is None:
        quote = checkout_quote(checkout)
        checkout._api_quote = quote
    return quote


def register_lines(info, quote) -> None:
    lines = [line for parcel in quote.parcels for line in parcel.lines]
    catalog_loaders.register_products(info, [line.variant.product for line in lines])
    catalog_loaders.register(info, "variant", [line.variant for line in lines])


def options_of(checkout) -> dict:
    found = getattr(checkout, "_api_options", None)
    if found is None:
        found = shipping_options(quote_of(checkout))
        checkout._api_options = found
    return found


def chosen_options(checkout) -> list:
    """[ShippingOption] chosen, one per parcel that has a choice, in the parcels' order."""
    from ocop.checkout.selectors import ShippingOption

    quote = quote_of(checkout)
    chosen = []
    for parcel in quote.parcels:
        if parcel.delivery is not None:
            rate = parcel.delivery.shipping_rate
            chosen.append(ShippingOption(rate, parcel.producer, parcel.shipping, True))
    return chosen


def delivery_of(checkout):
    """The option list behind `deliveryMethod`/`delivery`: one parcel's choice, or every parcel's."""
    quote = quote_of(checkout)
    chosen = chosen_options(checkout)
    if not quote.parcels or len(chosen) != len(quote.parcels):
        return None
    return chosen


def charged_amount(checkout) -> int:
    found = getattr(checkout, "_api_charged", None)
    if found is None:
        found = payments.charged_amount(checkout.token)
        checkout._api_charged = found
    return found
