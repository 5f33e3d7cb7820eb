"""The checkout query costs the same number of SQL queries for 1 line and for 100: no query per line."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.checkout import services
from ocop.checkout.models import CheckoutLine, ShippingRate

from .graphql_client import gid, gql
from .test_api_catalog import add_photo, make_product

CHECKOUT = """query($id: ID) { checkout(id: $id) { id email quantity
  lines { id quantity unitPrice { gross { amount } } totalPrice { gross { amount } } undiscountedUnitPrice { amount }
    variant { id name sku quantityAvailable pricing { price { gross { amount } } }
      product { name slug thumbnail(size: 160) { url } producer { name } } } }
  subtotalPrice { gross { amount } } shippingPrice { gross { amount } } totalPrice { gross { amount currency } }
  shippingAddress { firstName city countryArea phone } billingAddress { city }
  shippingMethods { id name price { amount } producer { name } }
  deliveryMethod { ... on ShippingMethod { id name } } delivery { id }
  parcels { producer { name } lines { id } subtotalPrice { gross { amount } } deliveryMethod { id }
    availableShippingMethods { id price { amount } } }
  availablePaymentGateways { id config { field value } } chargeStatus authorizeStatus transactions { id }
  metadata { key value } } }"""

ADDRESS = {"full_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Hà Nội", "commune": "Phường Hoàn Kiếm",
           "street": "12 Hàng Bạc", "email": "khach@example.vn"}


@pytest.fixture
def variants(db):
    from .test_api_catalog import make_producer

    found = []
    for _producer_index in range(2):
        producer = make_producer()
        ShippingRate.objects.create(producer=producer, name="Tiêu chuẩn", flat_amount=30000, per_kg_amount=5000)
        for _ in range(50):
            product = make_product(producer, prices=(120000,))
            add_photo(product)
            found.append(product.variants.get())
    return found


def checkout_with(variants):
    checkout = services.create_checkout()
    CheckoutLine.objects.bulk_create([CheckoutLine(checkout=checkout, variant=v, quantity=2) for v in variants])
    services.set_shipping_address(checkout=checkout, **ADDRESS)
    for producer_id in {v.product.producer_id for v in variants}:
        rate = ShippingRate.objects.get(producer_id=producer_id)
        services.set_delivery(checkout=checkout, producer_id=producer_id, shipping_rate_id=rate.pk)
    return checkout


def count(client, checkout):
    with CaptureQueriesContext(connection) as captured:
        body = gql(client, CHECKOUT, {"id": gid("Checkout", checkout.token)})
    assert "errors" not in body, body
    return len(captured), body["data"]["checkout"]


def test_a_checkout_of_100_lines_costs_the_same_queries_as_one_of_1(client, variants):
    one, small = count(client, checkout_with(variants[:1]))
    hundred, big = count(client, checkout_with(variants))
    assert len(small["lines"]) == 1 and len(big["lines"]) == 100 and len(big["parcels"]) == 2
    assert big["lines"][0]["variant"]["product"]["thumbnail"]["url"]
    assert big["deliveryMethod"] is not None and len(big["shippingMethods"]) == 2
    assert one == hundred, f"{one} queries for 1 line, {hundred} for 100"
    assert one <= 25, f"{one} queries for one checkout"


def test_two_parcels_cost_the_same_queries_as_many_lines_in_them(client, variants):
    two_lines, _ = count(client, checkout_with([variants[0], variants[-1]]))
    hundred, _ = count(client, checkout_with(variants))
    assert two_lines == hundred, f"{two_lines} queries for 2 lines, {hundred} for 100"
