"""A checkout's shipping and billing addresses given in Saleor's fields (the API's AddressInput).

Vietnamese only, like the address book: `province` is one of the 34 provinces in force since July
2025 (written as PROVINCES writes it, so delivery rates can match it), `commune` the commune or
ward, `district` only for addresses written the older way. The storefront's address page keeps
using `services.set_shipping_address`."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.core.validators import normalize_phone

from .errors import CheckoutErrorCode
from .models import Checkout, CheckoutAddress, CheckoutBillingAddress
from .provinces import match_province

FIELDS = ("first_name", "last_name", "company_name", "phone", "street_address_1", "street_address_2", "commune",
          "district", "province", "postal_code", "country")
REQUIRED = ("phone", "street_address_1", "commune", "province")
POSTAL_CODE = re.compile(r"^\d{5,6}$")
SHIPPING, BILLING = "shipping", "billing"


def clean_address(data: dict) -> dict:
    """Trimmed fields, the phone in E.164, the province named as PROVINCES names it.
    Raises ValidationError keyed by these field names, with CheckoutErrorCode values."""
    cleaned = {name: " ".join(str(data.get(name) or "").split()) for name in FIELDS}
    cleaned["country"] = (cleaned["country"] or "VN").upper()
    errors = {}
    if cleaned["country"] != "VN":
        errors["country"] = ValidationError(_("We deliver only within Vietnam."), code=CheckoutErrorCode.INVALID.value)
    if not cleaned["first_name"] and not cleaned["last_name"]:
        errors["first_name"] = ValidationError(_("Enter the recipient's name."), code=CheckoutErrorCode.REQUIRED.value)
    for name in REQUIRED:
        if not cleaned[name]:
            errors[name] = ValidationError(_("This field is required."), code=CheckoutErrorCode.REQUIRED.value)
    if cleaned["phone"]:
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"])
        except ValidationError as exc:
            errors["phone"] = ValidationError(exc.messages[0], code=CheckoutErrorCode.INVALID.value)
    if cleaned["province"]:
        province = match_province(cleaned["province"])
        if province is None:
            errors["province"] = ValidationError(_("Choose a province or city from the list."),
                                                 code=CheckoutErrorCode.INVALID.value)
        else:
            cleaned["province"] = province
    for name in FIELDS:  # longer than the column: a field error, not a database error
        limit = CheckoutBillingAddress._meta.get_field(name).max_length
        if name not in errors and len(cleaned[name]) > limit:
            errors[name] = ValidationError(_("At most %(limit)s characters."), code=CheckoutErrorCode.INVALID.value,
                                           params={"limit": limit})
    if cleaned["postal_code"] and not POSTAL_CODE.match(cleaned["postal_code"]):
        errors["postal_code"] = ValidationError(_("A Vietnamese postal code has 5 or 6 digits, such as 100000."),
                                                code=CheckoutErrorCode.INVALID.value)
    if errors:
        raise ValidationError(errors)
    return cleaned


def full_name(first_name: str, last_name: str) -> str:
    """Vietnamese order: family (and middle) name first, the given name last."""
    return " ".join(part for part in (last_name, first_name) if part)


@transaction.atomic
def set_address(*, checkout: Checkout, kind: str, data: dict):
    """Replace the checkout's shipping or billing address. A new shipping province drops the
    deliveries that do not reach it."""
    cleaned = clean_address(data)
    if kind == BILLING:
        address, _created = CheckoutBillingAddress.objects.update_or_create(checkout=checkout, defaults=cleaned)
        checkout.save(update_fields=["last_change"])
        return address
    values = {name: cleaned[name] for name in ("first_name", "last_name", "company_name", "phone", "street_address_1",
                                               "street_address_2", "commune", "district", "province", "postal_code")}
    values["full_name"] = full_name(cleaned["first_name"], cleaned["last_name"])[:150]
    values["street"] = ", ".join(p for p in (cleaned["street_address_1"], cleaned["street_address_2"]) if p)[:255]
    address, _created = CheckoutAddress.objects.update_or_create(checkout=checkout, defaults=values)
    checkout.save(update_fields=["last_change"])
    for delivery in checkout.deliveries.select_related("shipping_rate"):
        if not delivery.shipping_rate.ships_to(address.province):
            delivery.delete()
    return address
