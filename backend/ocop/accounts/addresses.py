"""The rules of a Vietnamese address, wherever it is kept: a shopper's address book
(`accounts.Address`, through `accounts.services`) and a checkout's shipping and billing addresses
(`checkout.addresses`). Both APIs speak Saleor's fields and return the same errors, each under its
own code enum: the codes raised here ("required", "invalid") exist in AccountErrorCode and
CheckoutErrorCode alike.

Since 1 July 2025 Vietnam has two tiers: a commune (xã, phường, đặc khu) sits directly under one of
34 provinces and centrally-run cities; `district` is kept only for addresses written the older way.
Which provinces exist is data (the areas table, provinces with no `valid_until`), because the map
changes by law, not by release: an abolished province (Vĩnh Phúc, Bình Dương …) is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.areas.models import Area, AreaLevel
from ocop.core.text import province_key
from ocop.core.validators import normalize_phone

FIELDS = ("first_name", "last_name", "company_name", "phone", "street_address_1", "street_address_2", "commune",
          "district", "province", "postal_code", "country")
REQUIRED = ("phone", "street_address_1", "commune", "province")
POSTAL_CODE = re.compile(r"^\d{5,6}$")
REQUIRED_CODE, INVALID_CODE = "required", "invalid"


@dataclass
class CleanedAddress:
    values: dict  # FIELDS, trimmed; phone in E.164; province written as the keeper asked
    province: Area  # the province in force it lies in

    @cached_property
    def area(self) -> Area:
        """The most specific unit matched: its commune, else its province (one query, when asked)."""
        commune = self.values["commune"]
        return (_commune(self.province, commune, self.values["district"]) if commune else None) or self.province


def provinces_in_force():
    """Provinces an address may name: those of the map in force (abolished ones are left out)."""
    return Area.objects.filter(level=AreaLevel.PROVINCE, valid_until__isnull=True).order_by("name")


def find_province(written: str) -> Area | None:
    """The province in force for a name as people write it ("Hà Nội", "thành phố Hà Nội", "TP. Hà Nội",
    "ha noi") or for its official code ("01")."""
    written = (written or "").strip()
    wanted = province_key(written)
    if not wanted:
        return None
    return next((p for p in provinces_in_force() if p.code == written or province_key(p.name) == wanted), None)


def _commune(province: Area, commune: str, district: str) -> Area | None:
    found = Area.objects.filter(path__startswith=province.path, level=AreaLevel.COMMUNE, name__iexact=commune)
    if district:
        found = found.filter(parent__name__iexact=district)
    return found.first()


def _official_name(province: Area) -> str:
    return province.name


def max_lengths(model) -> dict:
    """{field: max_length} for the FIELDS that `model` keeps."""
    names = {f.name: f for f in model._meta.get_fields() if getattr(f, "max_length", None)}
    return {name: names[name].max_length for name in FIELDS if name in names}


def clean_address(data: dict, *, max_length: dict, province_name: Callable[[Area], str] = _official_name
                  ) -> CleanedAddress:
    """Check an address given in FIELDS (missing ones are empty) and return it normalised: spaces
    collapsed, the phone in E.164, the country VN, the province named by `province_name` (the
    official name by default). `max_length` ({field: limit}, see `max_lengths`) is what the keeper
    stores: a longer value is a field error, never cut. Raises ValidationError keyed by FIELDS."""
    values = {name: " ".join(str(data.get(name) or "").split()) for name in FIELDS}
    values["country"] = (values["country"] or "VN").upper()
    errors = {}
    if values["country"] != "VN":
        errors["country"] = ValidationError(_("We deliver only within Vietnam."), code=INVALID_CODE)
    if not values["first_name"] and not values["last_name"]:
        errors["first_name"] = ValidationError(_("Enter the recipient's name."), code=REQUIRED_CODE)
    for name in REQUIRED:
        if not values[name]:
            errors[name] = ValidationError(_("This field is required."), code=REQUIRED_CODE)
    if values["phone"]:
        try:
            values["phone"] = normalize_phone(values["phone"])
        except ValidationError as exc:
            errors["phone"] = ValidationError(exc.messages[0], code=INVALID_CODE)
    province = None
    if values["province"] and "country" not in errors:
        province = find_province(values["province"])
        if province is None:
            errors["province"] = ValidationError(_("Choose a province or city from the list."), code=INVALID_CODE)
        else:
            values["province"] = province_name(province)
    if values["postal_code"] and not POSTAL_CODE.match(values["postal_code"]):
        errors["postal_code"] = ValidationError(_("A Vietnamese postal code has 5 or 6 digits, such as 100000."),
                                                code=INVALID_CODE)
    for name, limit in max_length.items():  # longer than the column: a field error, not a cut or a crash
        if name not in errors and len(values[name]) > limit:
            errors[name] = ValidationError(_("At most %(limit)s characters."), code=INVALID_CODE,
                                           params={"limit": limit})
    if errors:
        raise ValidationError(errors)
    return CleanedAddress(values, province)


# The storefront's address forms (the checkout's address step, the address book) ask for one
# name line and one street line; these say how their fields map to FIELDS and back.
FORM_FIELD = {"first_name": "full_name", "last_name": "full_name", "street_address_1": "street",
              "street_address_2": "street"}


def from_form(values: dict) -> dict:
    """A storefront address form's cleaned values in FIELDS (the whole name as the family name)."""
    return {"last_name": values.get("full_name", ""), "first_name": "", "phone": values.get("phone", ""),
            "street_address_1": values.get("street", ""), "street_address_2": "", "commune": values.get("commune", ""),
            "district": values.get("district", ""), "province": values.get("province", ""), "country": "VN"}


def form_errors(exc: ValidationError) -> dict[str, ValidationError]:
    """clean_address's errors keyed by a storefront form's fields, a missing field said in that
    form's words; the first problem of each field."""
    missing = {"full_name": _("Enter the recipient's full name."), "commune": _("Enter the commune or ward."),
               "street": _("Enter the house number and street or hamlet."),
               "province": _("Choose a province or city."), "phone": _("Enter a phone number.")}
    errors: dict[str, ValidationError] = {}
    for name, problems in exc.error_dict.items():
        field = FORM_FIELD.get(name, name)
        problem = problems[0]
        if problem.code == REQUIRED_CODE and field in missing:
            problem = ValidationError(missing[field], code=problem.code)
        errors.setdefault(field, ValidationError(problem.message, code=problem.code, params=problem.params))
    return errors
