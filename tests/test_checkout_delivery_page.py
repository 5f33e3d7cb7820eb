"""The delivery step of the storefront offers exactly what the API's `shippingMethods` offers
(both read `checkout.selectors.shipping_options`), in a fixed handful of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.checkout.models import Checkout, ShippingRate
from ocop.core.money import format_vnd
from tests.checkout_factories import ADDRESS, variants_of_two_producers

from .graphql_client import gid, gql

OPTIONS = """query($id: ID) { checkout(id: $id) { parcels { producer { name }
  availableShippingMethods { id name price { amount } } } } }"""


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


@pytest.fixture
def cart(client, two):
    for variant in two:
        client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    client.post("/checkout/address/", {"email": "lan@example.vn", **ADDRESS, "province": "Cà Mau"})
    return client


def offered_on_the_page(html):
    """{producer pk: [(rate pk, price text)]} from the radio buttons."""
    found = {}
    for producer, rate, price in re.findall(
            r'name="rate-(\d+)" value="(\d+)"[^>]*>.*?<strong[^>]*>([^<]+)</strong>', html, re.S):
        found.setdefault(int(producer), []).append((int(rate), price))
    return found


def offered_by_the_api(client):
    token = Checkout.objects.get().token
    parcels = gql(client, OPTIONS, {"id": gid("Checkout", token)})["data"]["checkout"]["parcels"]
    return [[(m["id"], int(m["price"]["amount"])) for m in parcel["availableShippingMethods"]] for parcel in parcels]


def test_the_page_and_the_api_offer_the_same_options_at_the_same_prices(cart, two):
    # An option that stops being offered, and one for the north only, disappear from both alike.
    stopped = ShippingRate.objects.filter(producer=two[1].product.producer, provinces=[]).first()
    stopped.is_active = False
    stopped.save(update_fields=["is_active"])
    html = cart.get("/checkout/delivery/").content.decode()
    page = offered_on_the_page(html)
    api = offered_by_the_api(cart)
    producers = [variant.product.producer_id for variant in two]
    assert [[(gid("ShippingMethod", rate), price) for rate, price in page.get(p, [])] for p in producers] == [
        [(m_id, format_vnd(amount, "vi")) for m_id, amount in parcel] for parcel in api]
    assert stopped.pk not in {rate for options in page.values() for rate, _price in options}
    northern = ShippingRate.objects.exclude(provinces=[]).filter(producer_id__in=producers)
    assert not {r.pk for r in northern} & {rate for options in page.values() for rate, _price in options}
    assert any(page.values())  # something is still offered for Cà Mau


def test_the_options_are_listed_cheapest_first_with_the_parcels_weight_priced_in(cart, two):
    producer = two[0].product.producer
    ShippingRate.objects.create(producer=producer, name="Hỏa tốc", flat_amount=10000, per_kg_amount=90000)
    page = offered_on_the_page(cart.get("/checkout/delivery/").content.decode())[producer.pk]
    api = offered_by_the_api(cart)[0]
    assert [price for _rate, price in page] == [format_vnd(amount, "vi") for _id, amount in api]
    amounts = [amount for _id, amount in api]
    assert amounts == sorted(amounts)


def test_the_delivery_page_costs_the_same_few_queries_however_many_parcels(client, seeded):
    from ocop.catalog.models import ProductVariant, Stock
    from ocop.catalog.selectors import public_products

    def queries_for(producer_count):
        Checkout.objects.all().delete()
        client.cookies.clear()
        chosen, seen = [], set()
        for variant in ProductVariant.objects.filter(product__in=public_products()).order_by("pk"):
            if variant.product.producer_id not in seen:
                seen.add(variant.product.producer_id)
                chosen.append(variant)
            if len(chosen) == producer_count:
                break
        assert len(chosen) == producer_count
        Stock.objects.filter(product_variant__in=chosen).update(quantity=10, quantity_allocated=0)
        for variant in chosen:
            client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
        client.post("/checkout/address/", {"email": "lan@example.vn", **ADDRESS})
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/checkout/delivery/")
        assert response.status_code == 200
        return len(captured)

    one, three = queries_for(1), queries_for(3)
    assert one == three, (one, three)
    assert one <= 20
