"""A checkout's shipping and billing addresses given in Saleor's fields (the API's AddressInput).

They follow the address book's rules (`ocop.accounts.addresses.clean_address`: the same fields,
provinces in force, phone, postal code and length checks, the same error codes); what is the
checkout's own is how the province is written: as delivery rates name it (`provinces.PROVINCES`,
"Hà Nội" for "Thành phố Hà Nội"), so a rate can tell whether it reaches the address. The
storefront's address step (`services.set_shipping_address`) runs the same rules with its own field names."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts import addresses as address_rules

from .errors import CheckoutErrorCode
from .models import Checkout, CheckoutAddress, CheckoutBillingAddress
from .provinces import match_province

SHIPPING, BILLING = "shipping", "billing"


def delivery_province_name(province) -> str:
    """A province in force as delivery rates name it; its official name for one the rates' list
    does not know yet (rates for "the whole country" still reach it)."""
    return match_province(province.name) or province.name


def clean_address(data: dict, kind: str = SHIPPING) -> dict:
    """Trimmed fields, the phone in E.164, the province named as delivery rates name it.
    Raises ValidationError keyed by these field names, with CheckoutErrorCode values."""
    model = CheckoutBillingAddress if kind == BILLING else CheckoutAddress
    values = address_rules.clean_address(data, max_length=address_rules.max_lengths(model),
                                         province_name=delivery_province_name).values
    if kind == SHIPPING:
        # The order keeps the recipient and the street as one line each: they must fit whole.
        errors = {}
        for name, joined, parts in (("last_name", full_name(values["first_name"], values["last_name"]), "full_name"),
                                    ("street_address_2", street(values), "street")):
            limit = CheckoutAddress._meta.get_field(parts).max_length
            if len(joined) > limit:
                errors[name] = ValidationError(
                    _("Together with the other part this is longer than %(limit)s characters; shorten it."),
                    code=CheckoutErrorCode.INVALID.value, params={"limit": limit})
        if errors:
            raise ValidationError(errors)
    return values


def full_name(first_name: str, last_name: str) -> str:
    """Vietnamese order: family (and middle) name first, the given name last."""
    return " ".join(part for part in (last_name, first_name) if part)


def street(values: dict) -> str:
    return ", ".join(part for part in (values["street_address_1"], values["street_address_2"]) if part)


@transaction.atomic
def set_address(*, checkout: Checkout, kind: str, data: dict):
    """Replace the checkout's shipping or billing address. A new shipping province drops the
    deliveries that do not reach it."""
    cleaned = clean_address(data, kind)
    if kind == BILLING:
        address, _created = CheckoutBillingAddress.objects.update_or_create(checkout=checkout, defaults=cleaned)
        checkout.save(update_fields=["last_change"])
        return address
    values = {name: cleaned[name] for name in ("first_name", "last_name", "company_name", "phone", "street_address_1",
                                               "street_address_2", "commune", "district", "province", "postal_code")}
    values["full_name"] = full_name(cleaned["first_name"], cleaned["last_name"])
    values["street"] = street(cleaned)
    address, _created = CheckoutAddress.objects.update_or_create(checkout=checkout, defaults=values)
    checkout.save(update_fields=["last_change"])
    for delivery in checkout.deliveries.select_related("shipping_rate"):
        if not delivery.shipping_rate.ships_to(address.province):
            delivery.delete()
    return address
