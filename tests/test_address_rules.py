"""One set of rules for a Vietnamese address (ocop.accounts.addresses): the address book and a
checkout's addresses accept and refuse the same input, each API answering with its own code enum
and field names; a value longer than its column is a field error naming the field, never cut."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ocop.accounts import addresses
from ocop.accounts.models import Address
from ocop.areas.models import Area
from ocop.checkout.models import Checkout, CheckoutAddress, CheckoutBillingAddress
from tests import factories as f
from tests.checkout_factories import variants_of_two_producers

from .graphql_client import gid, gql

ERRORS = "errors { field code message }"
ACCOUNT = f"""mutation($input: AddressInput!) {{ accountAddressCreate(input: $input) {{
  address {{ countryArea city }} {ERRORS} }} }}"""
CREATE = f"""mutation($input: CheckoutCreateInput!) {{ checkoutCreate(input: $input) {{ checkout {{ id }}
  {ERRORS} }} }}"""
SHIPPING = f"""mutation($id: ID, $a: AddressInput!) {{ checkoutShippingAddressUpdate(id: $id, shippingAddress: $a) {{
  checkout {{ shippingAddress {{ countryArea city }} }} {ERRORS} }} }}"""
BILLING = f"""mutation($id: ID, $a: AddressInput!) {{ checkoutBillingAddressUpdate(id: $id, billingAddress: $a) {{
  checkout {{ billingAddress {{ countryArea }} }} {ERRORS} }} }}"""


def address(**overrides):
    data = {"firstName": "Lan", "lastName": "Nguyễn Thị", "streetAddress1": "12 Hàng Bạc", "city": "Phường Hoàn Kiếm",
            "countryArea": "Thành phố Hà Nội", "postalCode": "100000", "phone": "0912 345 678", "country": "VN"}
    data.update(overrides)
    return data


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def variant(seeded):
    return variants_of_two_producers(stock=10)[0]


def checkout_id(client, variant):
    payload = gql(client, CREATE, {"input": {"lines": [{"variantId": gid("ProductVariant", variant.pk),
                                                        "quantity": 1}]}})["data"]["checkoutCreate"]
    return payload["checkout"]["id"]


def through_the_account(client, user, data):
    return gql(client, ACCOUNT, {"input": data}, user)["data"]["accountAddressCreate"]


def through_the_checkout(client, variant, data, mutation=SHIPPING):
    body = gql(client, mutation, {"id": checkout_id(client, variant), "a": data})["data"]
    return next(iter(body.values()))


def problems(payload):
    return sorted((e["field"], e["code"], e["message"]) for e in payload["errors"])


BAD = [
    pytest.param({"phone": "012"}, "phone", "INVALID", id="short phone"),
    pytest.param({"phone": "0912 345 6789"}, "phone", "INVALID", id="old 11-digit mobile"),
    pytest.param({"phone": " "}, "phone", "REQUIRED", id="no phone"),
    pytest.param({"countryArea": "Tỉnh Bình Dương"}, "countryArea", "INVALID", id="province abolished in 2025"),
    pytest.param({"countryArea": "Atlantis"}, "countryArea", "INVALID", id="no such province"),
    pytest.param({"countryArea": ""}, "countryArea", "REQUIRED", id="no province"),
    pytest.param({"city": "  "}, "city", "REQUIRED", id="no commune"),
    pytest.param({"streetAddress1": ""}, "streetAddress1", "REQUIRED", id="no street"),
    pytest.param({"firstName": "", "lastName": " "}, "firstName", "REQUIRED", id="no name"),
    pytest.param({"postalCode": "10-000"}, "postalCode", "INVALID", id="postal code not digits"),
    pytest.param({"country": "TH"}, "country", "INVALID", id="abroad"),
    pytest.param({"city": "Phường " + "x" * 120}, "city", "INVALID", id="commune longer than kept"),
    pytest.param({"streetAddress1": "1" * 256}, "streetAddress1", "INVALID", id="street longer than kept"),
    pytest.param({"streetAddress2": "Thôn " * 60}, "streetAddress2", "INVALID", id="second line longer than kept"),
    pytest.param({"firstName": "A" * 101}, "firstName", "INVALID", id="given name longer than kept"),
    pytest.param({"companyName": "HTX " * 60}, "companyName", "INVALID", id="company longer than kept"),
    pytest.param({"postalCode": "1" * 25}, "postalCode", "INVALID", id="postal code longer than kept"),
]


@pytest.mark.parametrize("overrides,field,code", BAD)
def test_the_address_book_and_the_checkout_refuse_the_same_address_the_same_way(client, variant, overrides, field,
                                                                                  code):
    data = address(**overrides)
    account = through_the_account(client, f.user(), data)
    shipping = through_the_checkout(client, variant, data)
    billing = through_the_checkout(client, variant, data, BILLING)
    assert (field, code) in [(e["field"], e["code"]) for e in account["errors"]]
    assert problems(account) == problems(shipping) == problems(billing)
    assert account["address"] is None and shipping["checkout"] is None and billing["checkout"] is None
    assert not Address.objects.exists()
    assert not CheckoutAddress.objects.exists() and not CheckoutBillingAddress.objects.exists()


def test_a_too_long_value_is_refused_with_the_limit_in_the_message(client, variant):
    payload = through_the_account(client, f.user(), address(streetAddress1="1" * 256))
    assert payload["errors"] == [{"field": "streetAddress1", "code": "INVALID", "message": "At most 255 characters."}]


@pytest.mark.parametrize("written", ["Hà Nội", "ha noi", "TP. Hà Nội", "thành phố  Hà   Nội", "01"])
def test_both_recognise_a_province_however_it_is_written_each_keeping_its_own_spelling(client, variant, written):
    """The address book keeps the official name; a checkout the name delivery rates use."""
    account = through_the_account(client, f.user(), address(countryArea=written))
    shipping = through_the_checkout(client, variant, address(countryArea=written))
    assert account["errors"] == [] and shipping["errors"] == []
    assert account["address"]["countryArea"] == "Thành phố Hà Nội"
    assert shipping["checkout"]["shippingAddress"]["countryArea"] == "Hà Nội"


def test_spaces_are_tidied_the_same_way_in_both(client, variant):
    data = address(city="  Phường   Hoàn Kiếm ", streetAddress1=" 12   Hàng Bạc ")
    assert through_the_account(client, f.user(), data)["address"]["city"] == "Phường Hoàn Kiếm"
    shipping = through_the_checkout(client, variant, data)
    assert shipping["checkout"]["shippingAddress"]["city"] == "Phường Hoàn Kiếm"
    assert Address.objects.get().street_address_1 == CheckoutAddress.objects.get().street_address_1 == "12 Hàng Bạc"


def test_a_province_abolished_after_an_address_was_saved_is_refused_for_checkouts_too(client, variant):
    """Which provinces exist is data: when the law merges one, both APIs refuse it at once."""
    Area.objects.filter(level="province", name="Tỉnh Cà Mau").update(valid_until="2026-01-01")
    data = address(countryArea="Cà Mau", city="Phường An Xuyên")
    assert [(e["field"], e["code"]) for e in through_the_account(client, f.user(), data)["errors"]] == [
        ("countryArea", "INVALID")]
    assert [(e["field"], e["code"]) for e in through_the_checkout(client, variant, data)["errors"]] == [
        ("countryArea", "INVALID")]


def test_a_shipping_name_or_street_that_would_not_fit_the_order_whole_is_refused_not_cut(client, variant):
    long_name = through_the_checkout(client, variant, address(firstName="A" * 90, lastName="B" * 90))
    assert [(e["field"], e["code"]) for e in long_name["errors"]] == [("lastName", "INVALID")]
    long_street = through_the_checkout(client, variant, address(streetAddress1="1" * 200, streetAddress2="2" * 200))
    assert [(e["field"], e["code"]) for e in long_street["errors"]] == [("streetAddress2", "INVALID")]
    assert not CheckoutAddress.objects.exists()
    fits = through_the_checkout(client, variant, address(firstName="A" * 70, lastName="B" * 79))
    assert fits["errors"] == [] and len(CheckoutAddress.objects.get().full_name) == 150


def test_an_updated_address_book_entry_is_checked_by_the_same_rules(client, variant):
    person = f.user()
    query = f"""mutation($id: ID!, $input: AddressInput!) {{ accountAddressUpdate(id: $id, input: $input) {{
      address {{ city }} {ERRORS} }} }}"""
    through_the_account(client, person, address())
    address_id = gid("Address", Address.objects.get().pk)
    payload = gql(client, query, {"id": address_id, "input": {"city": "x" * 121, "postalCode": "ABC"}},
                  person)["data"]["accountAddressUpdate"]
    assert sorted((e["field"], e["code"]) for e in payload["errors"]) == [("city", "INVALID"),
                                                                          ("postalCode", "INVALID")]
    assert Address.objects.get().commune == "Phường Hoàn Kiếm"


def test_a_fresh_installation_knows_the_34_provinces_without_the_sample_data(db):
    """The provinces in force come with the migrations (areas 0002), so addresses work on an
    installation that never loaded seeds/; the address step of the storefront included."""
    from ocop.areas.models import Area

    provinces = Area.objects.filter(level="province", valid_until__isnull=True)
    assert provinces.count() == 34 and all(p.path == f"/{p.pk}/" for p in provinces)
    cleaned = addresses.clean_address({"first_name": "Lan", "phone": "0912345678", "street_address_1": "1 Hàng Bạc",
                                       "commune": "Phường Hoàn Kiếm", "province": "ha noi"},
                                      max_length=addresses.max_lengths(Address))
    assert cleaned.values["province"] == "Thành phố Hà Nội"


def test_the_rules_need_only_the_areas_table(db):
    """Without any province in force nothing can be delivered, and the service says which field."""
    from ocop.areas.models import Area

    Area.objects.filter(level="province").delete()
    with pytest.raises(ValidationError) as caught:
        addresses.clean_address({"first_name": "Lan", "phone": "0912345678", "street_address_1": "1 Hàng Bạc",
                                 "commune": "Phường Hoàn Kiếm", "province": "Hà Nội"},
                                max_length=addresses.max_lengths(Address))
    assert [(field, errors[0].code) for field, errors in caught.value.error_dict.items()] == [("province", "invalid")]


def test_the_checkout_keeps_its_address_when_a_new_one_is_refused(client, variant):
    checkout = checkout_id(client, variant)
    saved = gql(client, SHIPPING, {"id": checkout, "a": address()})["data"]["checkoutShippingAddressUpdate"]
    assert saved["errors"] == []
    refused = gql(client, SHIPPING, {"id": checkout, "a": address(countryArea="Tỉnh Vĩnh Phúc")})
    assert refused["data"]["checkoutShippingAddressUpdate"]["errors"][0]["field"] == "countryArea"
    assert Checkout.objects.get().shipping_address.province == "Hà Nội"


def test_every_province_in_force_has_the_name_delivery_rates_use(seeded):
    """Delivery rates list provinces by their short names: the two lists name the same 34."""
    from ocop.checkout.addresses import delivery_province_name
    from ocop.checkout.provinces import PROVINCES

    in_force = list(addresses.provinces_in_force())
    assert len(in_force) == 34
    assert sorted(delivery_province_name(p) for p in in_force) == sorted(PROVINCES)
