"""Checkout through GraphQL (Saleor's names): a cart of two producers' products from creation to a
chosen delivery for each parcel, and bad input answered with Saleor's error codes."""

import pytest
from django.test import Client

from ocop.checkout import services
from ocop.checkout.models import Checkout, ShippingRate
from tests import factories as f
from tests.checkout_factories import variants_of_two_producers

from .graphql_client import gid, gql

LINES = "lines { id quantity variant { id sku } unitPrice { gross { amount currency } } totalPrice { gross { amount } } }"
CHECKOUT = f"""id token email quantity isShippingRequired user {{ email }} channel {{ slug }} {LINES}
  subtotalPrice {{ gross {{ amount currency }} }} shippingPrice {{ gross {{ amount }} }} totalPrice {{ gross {{ amount }} }}
  shippingAddress {{ firstName lastName streetAddress1 streetAddress2 city cityArea countryArea postalCode phone country {{ code }} }}
  billingAddress {{ firstName lastName city countryArea phone }}
  shippingMethods {{ id name price {{ amount }} active producer {{ name }} }}
  deliveryMethod {{ ... on ShippingMethod {{ id name price {{ amount }} }} }}
  delivery {{ id shippingMethod {{ id }} }}
  parcels {{ producer {{ id name }} lines {{ id }} subtotalPrice {{ gross {{ amount }} }} deliveryMethod {{ id }}
    availableShippingMethods {{ id name price {{ amount }} }} }}
  availablePaymentGateways {{ id name currencies config {{ field value }} }}
  chargeStatus authorizeStatus voucherCode giftCards {{ id }} discount {{ amount }} problems {{ __typename }}
  metadata {{ key value }}"""
ERRORS = "errors { field code message variants lines addressType }"

CREATE = f"mutation($input: CheckoutCreateInput!) {{ checkoutCreate(input: $input) {{ checkout {{ {CHECKOUT} }} {ERRORS} }} }}"
QUERY = f"query($id: ID) {{ checkout(id: $id) {{ {CHECKOUT} }} }}"
LINES_ADD = f"mutation($id: ID, $lines: [CheckoutLineInput!]!) {{ checkoutLinesAdd(id: $id, lines: $lines) {{ checkout {{ {LINES} quantity }} {ERRORS} }} }}"
LINES_UPDATE = f"mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) {{ checkoutLinesUpdate(id: $id, lines: $lines) {{ checkout {{ {LINES} }} {ERRORS} }} }}"
LINES_DELETE = f"mutation($id: ID, $ids: [ID!]!) {{ checkoutLinesDelete(id: $id, linesIds: $ids) {{ checkout {{ {LINES} }} {ERRORS} }} }}"
LINE_DELETE = f"mutation($id: ID, $line: ID) {{ checkoutLineDelete(id: $id, lineId: $line) {{ checkout {{ {LINES} }} {ERRORS} }} }}"
EMAIL = f"mutation($id: ID, $email: String!) {{ checkoutEmailUpdate(id: $id, email: $email) {{ checkout {{ email }} {ERRORS} }} }}"
ATTACH = f"mutation($id: ID) {{ checkoutCustomerAttach(id: $id) {{ checkout {{ email user {{ email }} }} {ERRORS} }} }}"
DETACH = f"mutation($id: ID) {{ checkoutCustomerDetach(id: $id) {{ checkout {{ user {{ email }} }} {ERRORS} }} }}"
SHIPPING = f"""mutation($id: ID, $a: AddressInput!) {{ checkoutShippingAddressUpdate(id: $id, shippingAddress: $a,
  validationRules: {{checkRequiredFields: true}}) {{ checkout {{ {CHECKOUT} }} {ERRORS} }} }}"""
BILLING = f"""mutation($id: ID, $a: AddressInput!) {{ checkoutBillingAddressUpdate(id: $id, billingAddress: $a) {{
  checkout {{ billingAddress {{ firstName lastName streetAddress1 city countryArea phone }} }} {ERRORS} }} }}"""
OPTIONS = "mutation($id: ID!) { deliveryOptionsCalculate(id: $id) { deliveries { id shippingMethod { id name price { amount } } } errors { field code } } }"
DELIVERY = f"""mutation($id: ID, $m: ID) {{ checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) {{
  checkout {{ {CHECKOUT} }} {ERRORS} }} }}"""
PROMO = f"mutation($id: ID, $code: String!) {{ checkoutAddPromoCode(id: $id, promoCode: $code) {{ checkout {{ voucherCode }} {ERRORS} }} }}"
PROMO_REMOVE = f"mutation($id: ID) {{ checkoutRemovePromoCode(id: $id, promoCode: \"TET2026\") {{ checkout {{ voucherCode }} {ERRORS} }} }}"
METADATA = """mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id, input: $input) {
  item { ... on Checkout { metadata { key value } } } errors { field code } } }"""


def address(**overrides):
    data = {"firstName": "Lan", "lastName": "Nguyễn Thị", "streetAddress1": "12 Hàng Bạc", "streetAddress2": "Tầng 2",
            "city": "Phường Hoàn Kiếm", "countryArea": "Thành phố Hà Nội", "postalCode": "100000",
            "phone": "0912 345 678", "country": "VN"}
    data.update(overrides)
    return data


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


def create(client, lines, user=None, **extra):
    payload = gql(client, CREATE, {"input": {"lines": lines, **extra}}, user)["data"]["checkoutCreate"]
    return payload


def line(variant, quantity=1):
    return {"variantId": gid("ProductVariant", variant.pk), "quantity": quantity}


def ready(client, two, user=None):
    """A checkout with both producers' products, e-mail and shipping address set."""
    payload = create(client, [line(two[0], 2), line(two[1], 1)], user, email="khach@example.vn",
                     shippingAddress=address())
    assert payload["errors"] == []
    return payload["checkout"]


# ---------------------------------------------------------------------------- creating and reading

def test_a_checkout_is_created_with_two_producers_lines_priced_in_whole_dong(client, two):
    payload = create(client, [line(two[0], 2), line(two[1], 1)], email="khach@example.vn")
    checkout = payload["checkout"]
    assert payload["errors"] == []
    assert checkout["quantity"] == 3 and checkout["email"] == "khach@example.vn"
    assert checkout["channel"]["slug"] == "default-channel"
    assert [(l["variant"]["sku"], l["quantity"]) for l in checkout["lines"]] == [(two[0].sku, 2), (two[1].sku, 1)]
    subtotal = two[0].price_amount * 2 + two[1].price_amount
    assert checkout["subtotalPrice"]["gross"] == {"amount": subtotal, "currency": "VND"}
    assert checkout["totalPrice"]["gross"]["amount"] == subtotal  # no delivery chosen yet
    assert len(checkout["parcels"]) == 2 and checkout["deliveryMethod"] is None
    assert checkout["shippingMethods"] == []  # no address yet: nothing can be priced
    assert checkout["chargeStatus"] == "NONE" and checkout["authorizeStatus"] == "NONE"
    assert (checkout["voucherCode"], checkout["giftCards"], checkout["discount"], checkout["problems"]) == (
        None, [], {"amount": 0}, [])
    assert {g["id"] for g in checkout["availablePaymentGateways"]} == {"saleor.app.payment.stripe",
                                                                       "mirumee.payments.dummy"}


def test_the_checkout_query_finds_it_by_id_or_bare_uuid_and_an_unknown_id_is_null(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    assert gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"]["token"] == checkout["token"]
    assert gql(client, QUERY, {"id": checkout["token"]})["data"]["checkout"]["id"] == checkout["id"]
    assert gql(client, QUERY, {"id": gid("Checkout", "00000000-0000-0000-0000-000000000000")})["data"]["checkout"] is None
    assert gql(client, QUERY, {"id": "nonsense"})["data"]["checkout"] is None


def test_another_users_checkout_is_not_found(client, two):
    owner, stranger = f.user(), f.user()
    checkout = create(client, [line(two[0])], owner)["checkout"]
    assert checkout["user"]["email"] == owner.email
    assert gql(client, QUERY, {"id": checkout["id"]}, owner)["data"]["checkout"]["id"] == checkout["id"]
    assert gql(client, QUERY, {"id": checkout["id"]}, stranger)["data"]["checkout"] is None
    assert gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"] is None  # anonymous
    payload = gql(client, LINES_ADD, {"id": checkout["id"], "lines": [line(two[1])]}, stranger)["data"]["checkoutLinesAdd"]
    assert payload["checkout"] is None and payload["errors"][0]["code"] == "NOT_FOUND"


# ---------------------------------------------------------------------------- lines

def test_lines_are_added_updated_and_deleted(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    added = gql(client, LINES_ADD, {"id": checkout["id"], "lines": [line(two[0], 2), line(two[1], 3)]})
    lines = added["data"]["checkoutLinesAdd"]["checkout"]["lines"]
    assert [(l["variant"]["sku"], l["quantity"]) for l in lines] == [(two[0].sku, 3), (two[1].sku, 3)]
    updated = gql(client, LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": lines[0]["id"], "quantity": 1}]})
    assert [l["quantity"] for l in updated["data"]["checkoutLinesUpdate"]["checkout"]["lines"]] == [1, 3]
    by_variant = gql(client, LINES_UPDATE, {"id": checkout["id"], "lines": [
        {"variantId": gid("ProductVariant", two[1].pk), "quantity": 0}]})
    assert len(by_variant["data"]["checkoutLinesUpdate"]["checkout"]["lines"]) == 1
    deleted = gql(client, LINES_DELETE, {"id": checkout["id"], "ids": [lines[0]["id"]]})
    assert deleted["data"]["checkoutLinesDelete"] == {"checkout": {"lines": []}, "errors": []}


def test_the_one_line_delete_of_older_clients_works(client, two):
    checkout = create(client, [line(two[0]), line(two[1])])["checkout"]
    payload = gql(client, LINE_DELETE, {"id": checkout["id"], "line": checkout["lines"][0]["id"]})["data"]
    assert [l["variant"]["sku"] for l in payload["checkoutLineDelete"]["checkout"]["lines"]] == [two[1].sku]


@pytest.mark.parametrize("quantity,code", [(0, "ZERO_QUANTITY"), (-2, "ZERO_QUANTITY"), (1000, "QUANTITY_GREATER_THAN_LIMIT"),
                                           (11, "INSUFFICIENT_STOCK")])
def test_a_bad_quantity_is_refused_naming_the_variant_and_nothing_is_created(client, two, quantity, code):
    before = Checkout.objects.count()
    payload = create(client, [line(two[1]), line(two[0], quantity)])
    assert payload["checkout"] is None
    assert [(e["field"], e["code"], e["variants"]) for e in payload["errors"]] == [
        ("quantity", code, [gid("ProductVariant", two[0].pk)])]
    assert Checkout.objects.count() == before


def test_updating_a_line_to_a_negative_quantity_is_refused(client, two):
    checkout = create(client, [line(two[0], 2)])["checkout"]
    payload = gql(client, LINES_UPDATE, {"id": checkout["id"], "lines": [
        {"lineId": checkout["lines"][0]["id"], "quantity": -1}]})["data"]["checkoutLinesUpdate"]
    assert [(e["field"], e["code"], e["lines"]) for e in payload["errors"]] == [
        ("quantity", "ZERO_QUANTITY", [checkout["lines"][0]["id"]])]
    assert gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"]["lines"][0]["quantity"] == 2


def test_unknown_variant_and_line_ids_are_not_found(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    bad_variant = gql(client, LINES_ADD, {"id": checkout["id"], "lines": [
        {"variantId": gid("ProductVariant", 987654), "quantity": 1}]})["data"]["checkoutLinesAdd"]["errors"]
    assert [(e["field"], e["code"]) for e in bad_variant] == [("variantId", "PRODUCT_NOT_PUBLISHED")]
    malformed = gql(client, LINES_ADD, {"id": checkout["id"], "lines": [{"variantId": "xyz", "quantity": 1}]})
    assert malformed["data"]["checkoutLinesAdd"]["errors"][0]["code"] == "NOT_FOUND"
    bad_line = gql(client, LINES_DELETE, {"id": checkout["id"], "ids": [gid("CheckoutLine", 987654)]})
    assert [(e["field"], e["code"]) for e in bad_line["data"]["checkoutLinesDelete"]["errors"]] == [("lineId", "NOT_FOUND")]
    unknown_checkout = gql(client, LINES_ADD, {"id": gid("Checkout", "6f1c1c1e-0000-4000-8000-000000000000"),
                                               "lines": [line(two[0])]})["data"]["checkoutLinesAdd"]["errors"]
    assert [(e["field"], e["code"]) for e in unknown_checkout] == [("id", "NOT_FOUND")]


def test_more_than_100_lines_are_refused(client, two):
    payload = create(client, [line(two[0])] * 101)
    assert payload["checkout"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("lines", "INVALID")]


def test_a_price_cannot_be_set_by_the_client(client, two):
    payload = create(client, [{**line(two[0]), "price": 1}])
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("price", "INVALID")]


# ---------------------------------------------------------------------------- e-mail and customer

def test_email_is_updated_and_a_bad_one_refused(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    ok = gql(client, EMAIL, {"id": checkout["id"], "email": "lan@example.vn"})["data"]["checkoutEmailUpdate"]
    assert ok == {"checkout": {"email": "lan@example.vn"}, "errors": []}
    bad = gql(client, EMAIL, {"id": checkout["id"], "email": "not-an-email"})["data"]["checkoutEmailUpdate"]
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [("email", "INVALID")]


def test_a_customer_attaches_and_detaches_and_anonymous_callers_are_refused(client, two):
    shopper = f.user()
    checkout = create(client, [line(two[0])])["checkout"]
    anonymous = gql(client, ATTACH, {"id": checkout["id"]})
    assert anonymous["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    attached = gql(client, ATTACH, {"id": checkout["id"]}, shopper)["data"]["checkoutCustomerAttach"]
    assert attached == {"checkout": {"email": shopper.email, "user": {"email": shopper.email}}, "errors": []}
    assert gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"] is None  # no longer anonymous
    stranger = gql(client, DETACH, {"id": checkout["id"]}, f.user())["data"]["checkoutCustomerDetach"]
    assert stranger["errors"][0]["code"] == "NOT_FOUND"
    detached = gql(client, DETACH, {"id": checkout["id"]}, shopper)["data"]["checkoutCustomerDetach"]
    assert detached == {"checkout": {"user": None}, "errors": []}
    assert gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"]["id"] == checkout["id"]


# ---------------------------------------------------------------------------- addresses

def test_a_shipping_address_is_saved_normalised_in_saleor_fields(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    payload = gql(client, SHIPPING, {"id": checkout["id"], "a": address()})["data"]["checkoutShippingAddressUpdate"]
    assert payload["errors"] == []
    assert payload["checkout"]["shippingAddress"] == {
        "firstName": "Lan", "lastName": "Nguyễn Thị", "streetAddress1": "12 Hàng Bạc", "streetAddress2": "Tầng 2",
        "city": "Phường Hoàn Kiếm", "cityArea": "", "countryArea": "Hà Nội", "postalCode": "100000",
        "phone": "+84912345678", "country": {"code": "VN"}}
    stored = Checkout.objects.get(token=checkout["token"]).shipping_address
    assert (stored.full_name, stored.street) == ("Nguyễn Thị Lan", "12 Hàng Bạc, Tầng 2")


@pytest.mark.parametrize("overrides,field,code", [
    ({"country": "US"}, "country", "INVALID"),
    ({"phone": "12345"}, "phone", "INVALID"),
    ({"phone": ""}, "phone", "REQUIRED"),
    ({"streetAddress1": " "}, "streetAddress1", "REQUIRED"),
    ({"city": ""}, "city", "REQUIRED"),
    ({"countryArea": "Tỉnh Vĩnh Phúc"}, "countryArea", "INVALID"),  # abolished in 2025
    ({"postalCode": "ABC"}, "postalCode", "INVALID"),
    ({"firstName": "", "lastName": ""}, "firstName", "REQUIRED"),
    ({"city": "Phường " + "x" * 300}, "city", "INVALID"),  # longer than we keep: refused, not cut or crashed
    ({"streetAddress1": "1" * 256}, "streetAddress1", "INVALID"),
])
def test_an_invalid_shipping_address_is_refused_naming_the_field(client, two, overrides, field, code):
    checkout = create(client, [line(two[0])])["checkout"]
    payload = gql(client, SHIPPING, {"id": checkout["id"], "a": address(**overrides)})["data"]
    errors = payload["checkoutShippingAddressUpdate"]["errors"]
    assert (field, code, "SHIPPING") in [(e["field"], e["code"], e["addressType"]) for e in errors]
    assert gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"]["shippingAddress"] is None


@pytest.mark.parametrize("written,stored", [
    ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"), ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("ha noi", "Hà Nội"), ("Thành phố Hà Nội", "Hà Nội"), ("Dak Lak", "Đắk Lắk"),
])
def test_a_province_is_recognised_however_the_shopper_writes_it(client, two, written, stored):
    checkout = create(client, [line(two[0])])["checkout"]
    payload = gql(client, SHIPPING, {"id": checkout["id"], "a": address(countryArea=written)})["data"]
    assert payload["checkoutShippingAddressUpdate"]["errors"] == []
    assert payload["checkoutShippingAddressUpdate"]["checkout"]["shippingAddress"]["countryArea"] == stored


def test_an_invalid_address_at_creation_creates_nothing(client, two):
    before = Checkout.objects.count()
    payload = create(client, [line(two[0])], shippingAddress=address(country="FR"))
    assert payload["checkout"] is None and payload["errors"][0]["field"] == "country"
    assert Checkout.objects.count() == before


def test_a_billing_address_is_kept_beside_the_shipping_one(client, two):
    checkout = create(client, [line(two[0])], shippingAddress=address())["checkout"]
    payload = gql(client, BILLING, {"id": checkout["id"], "a": address(firstName="Minh", lastName="Trần Văn",
                                                                      countryArea="Phú Thọ", city="Xã Lập Thạch")})
    assert payload["data"]["checkoutBillingAddressUpdate"] == {"checkout": {"billingAddress": {
        "firstName": "Minh", "lastName": "Trần Văn", "streetAddress1": "12 Hàng Bạc", "city": "Xã Lập Thạch",
        "countryArea": "Phú Thọ", "phone": "+84912345678"}}, "errors": []}
    bad = gql(client, BILLING, {"id": checkout["id"], "a": address(phone="x")})["data"]["checkoutBillingAddressUpdate"]
    assert [(e["field"], e["code"], e["addressType"]) for e in bad["errors"]] == [("phone", "INVALID", "BILLING")]


# ---------------------------------------------------------------------------- delivery per producer

def test_every_parcels_options_are_listed_naming_the_producer(client, two):
    checkout = ready(client, two)
    producers = {two[0].product.producer.name, two[1].product.producer.name}
    assert {m["producer"]["name"] for m in checkout["shippingMethods"]} == producers
    for parcel in checkout["parcels"]:
        assert parcel["availableShippingMethods"], parcel
        assert all(m["name"].startswith(parcel["producer"]["name"] + ": ") for m in parcel["availableShippingMethods"])
    deliveries = gql(client, OPTIONS, {"id": checkout["id"]})["data"]["deliveryOptionsCalculate"]
    assert deliveries["errors"] == []
    assert {d["shippingMethod"]["id"] for d in deliveries["deliveries"]} == {m["id"] for m in checkout["shippingMethods"]}


def test_choosing_one_method_sets_that_parcel_and_gives_the_others_their_cheapest(client, two):
    checkout = ready(client, two)
    first_parcel, second_parcel = checkout["parcels"]
    expensive = max(first_parcel["availableShippingMethods"], key=lambda m: m["price"]["amount"])
    payload = gql(client, DELIVERY, {"id": checkout["id"], "m": expensive["id"]})["data"]["checkoutDeliveryMethodUpdate"]
    assert payload["errors"] == []
    result = payload["checkout"]
    assert result["parcels"][0]["deliveryMethod"]["id"] == expensive["id"]
    cheapest = min(second_parcel["availableShippingMethods"], key=lambda m: m["price"]["amount"])
    assert result["parcels"][1]["deliveryMethod"]["id"] == cheapest["id"]
    shipping = expensive["price"]["amount"] + cheapest["price"]["amount"]
    assert result["shippingPrice"]["gross"]["amount"] == shipping
    assert result["totalPrice"]["gross"]["amount"] == result["subtotalPrice"]["gross"]["amount"] + shipping
    combined = result["deliveryMethod"]
    assert combined["price"]["amount"] == shipping and result["delivery"]["shippingMethod"]["id"] == combined["id"]
    # The combined method is a valid ID too: choosing it again changes nothing.
    again = gql(client, DELIVERY, {"id": checkout["id"], "m": combined["id"]})["data"]["checkoutDeliveryMethodUpdate"]
    assert again["errors"] == [] and again["checkout"]["deliveryMethod"]["id"] == combined["id"]


def test_a_one_parcel_checkout_shows_its_method_as_the_delivery_method(client, two):
    checkout = create(client, [line(two[0])], shippingAddress=address())["checkout"]
    method = checkout["shippingMethods"][0]
    result = gql(client, DELIVERY, {"id": checkout["id"], "m": method["id"]})["data"]["checkoutDeliveryMethodUpdate"]
    assert result["checkout"]["deliveryMethod"] == {"id": method["id"], "name": method["name"], "price": method["price"]}


def test_a_delivery_method_needs_an_address_and_must_belong_to_the_cart(client, two):
    no_address = create(client, [line(two[0])])["checkout"]
    rate = ShippingRate.objects.filter(producer=two[0].product.producer).first()
    payload = gql(client, DELIVERY, {"id": no_address["id"], "m": gid("ShippingMethod", rate.pk)})
    assert payload["data"]["checkoutDeliveryMethodUpdate"]["errors"][0]["code"] == "SHIPPING_ADDRESS_NOT_SET"
    with_address = create(client, [line(two[0])], shippingAddress=address())["checkout"]
    foreign = ShippingRate.objects.filter(producer=two[1].product.producer).first()
    for method_id in (gid("ShippingMethod", foreign.pk), gid("ShippingMethod", 987654), "garbage"):
        errors = gql(client, DELIVERY, {"id": with_address["id"], "m": method_id})["data"][
            "checkoutDeliveryMethodUpdate"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("deliveryMethodId", "DELIVERY_METHOD_NOT_APPLICABLE")]


def test_a_northern_only_option_is_dropped_when_the_address_moves_south(client, two):
    checkout = ready(client, two)
    northern = ShippingRate.objects.filter(producer=two[0].product.producer).exclude(provinces=[]).first()
    assert northern is not None, "the sample data gives each producer a northern-only option"
    gql(client, DELIVERY, {"id": checkout["id"], "m": gid("ShippingMethod", northern.pk)})
    moved = gql(client, SHIPPING, {"id": checkout["id"], "a": address(countryArea="Thành phố Hồ Chí Minh",
                                                                     city="Phường Sài Gòn")})
    result = moved["data"]["checkoutShippingAddressUpdate"]["checkout"]
    assert result["parcels"][0]["deliveryMethod"] is None and result["deliveryMethod"] is None
    assert gid("ShippingMethod", northern.pk) not in {m["id"] for m in result["shippingMethods"]}


# ---------------------------------------------------------------------------- promo codes and metadata

def test_promo_codes_are_refused_and_removing_one_changes_nothing(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    payload = gql(client, PROMO, {"id": checkout["id"], "code": "TET2026"})["data"]["checkoutAddPromoCode"]
    assert payload["checkout"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("promoCode", "VOUCHER_NOT_APPLICABLE")]
    removed = gql(client, PROMO_REMOVE, {"id": checkout["id"]})["data"]["checkoutRemovePromoCode"]
    assert removed == {"checkout": {"voucherCode": None}, "errors": []}


def test_metadata_is_kept_on_the_checkout(client, two):
    checkout = create(client, [line(two[0])], metadata=[{"key": "source", "value": "app"}])["checkout"]
    assert checkout["metadata"] == [{"key": "source", "value": "app"}]
    payload = gql(client, METADATA, {"id": checkout["id"], "input": [{"key": "gift", "value": "no"}]})["data"]
    assert payload["updateMetadata"] == {"item": {"metadata": [{"key": "gift", "value": "no"},
                                                               {"key": "source", "value": "app"}]}, "errors": []}
    other = gql(client, METADATA, {"id": gid("Product", 1), "input": [{"key": "a", "value": "b"}]})["data"]
    assert other["updateMetadata"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]


def test_every_code_the_checkout_rules_raise_is_a_saleor_checkout_error_code():
    from ocop.checkout.errors import CheckoutErrorCode as Rules
    from ocop.graphql.checkout.inputs import CheckoutErrorCode

    assert {code.name for code in Rules} <= {member.name for member in CheckoutErrorCode._meta.enum}


def test_the_language_of_a_checkout_follows_the_input(client, two):
    query = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) { checkout { languageCode } } }"""
    payload = gql(client, query, {"input": {"lines": [line(two[0])], "languageCode": "EN_US"}})
    assert payload["data"]["checkoutCreate"]["checkout"]["languageCode"] == "EN"
    assert Checkout.objects.get().language_code == "en"


def test_the_node_query_reaches_a_checkout_and_its_lines_only_for_whoever_may(client, two):
    owner = f.user()
    checkout = create(client, [line(two[0], 2)], owner)["checkout"]
    query = """query($id: ID!) { node(id: $id) { id ... on Checkout { quantity } ... on CheckoutLine { quantity } } }"""
    assert gql(client, query, {"id": checkout["id"]}, owner)["data"]["node"] == {"id": checkout["id"], "quantity": 2}
    line_id = checkout["lines"][0]["id"]
    assert gql(client, query, {"id": line_id}, owner)["data"]["node"] == {"id": line_id, "quantity": 2}
    assert gql(client, query, {"id": checkout["id"]}, f.user())["data"]["node"] is None
    assert gql(client, query, {"id": line_id})["data"]["node"] is None


def test_an_address_changed_on_the_storefront_page_replaces_the_one_given_through_the_api(client, two):
    checkout = create(client, [line(two[0])], shippingAddress=address())["checkout"]
    services.set_shipping_address(checkout=Checkout.objects.get(token=checkout["token"]), full_name="Trần Văn Minh",
                                  phone="0987 654 321", province="Phú Thọ", commune="Xã Lập Thạch", street="5 Quang Sơn",
                                  email="minh@example.vn")
    shown = gql(client, QUERY, {"id": checkout["id"]})["data"]["checkout"]["shippingAddress"]
    assert (shown["firstName"], shown["lastName"], shown["streetAddress1"], shown["streetAddress2"],
            shown["postalCode"], shown["countryArea"]) == ("Minh", "Trần Văn", "5 Quang Sơn", "", "", "Phú Thọ")
