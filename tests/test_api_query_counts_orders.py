"""A page of orders costs the same number of SQL queries whatever its size: 1 order of 1 line, or
100 orders of 3 lines in 2 parcels each, with their payments, photos and producers."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from ocop.orders.models import Fulfillment, Order, OrderEvent, OrderLine
from ocop.payments.models import Payment, PaymentStatus

from . import factories as f
from .graphql_client import gql
from .test_api_catalog import add_photo, make_producer, make_product

ORDER_FIELDS = """id number status created userEmail isPaid paymentStatus chargeStatus
  total { gross { amount currency } } shippingAddress { firstName city countryArea }
  lines { productName variantName quantity quantityFulfilled variant { sku name product { name category { name } } }
    thumbnail { url } producer { name area { name parent { name } } }
    unitPrice { gross { amount } } totalPrice { gross { amount } } }
  fulfillments { status ocopStatus trackingNumber fulfillmentOrder
    producer { name area { name parent { name } } certificates { productName } }
    lines { quantity orderLine { productSku } } }
  transactions { chargedAmount { amount } events { type amount { amount } } }
  events { type date }"""

MY_ORDERS = f"""query($first: Int!) {{ me {{ orders(first: $first) {{ totalCount edges {{ node {{
  {ORDER_FIELDS} }} }} }} }} }}"""
ONE_ORDER = f"query($id: ID) {{ order(id: $id) {{ {ORDER_FIELDS} }} }}"


def make_orders(user, count, lines_per_parcel):
    producers = [make_producer(), make_producer()]
    products = {p.pk: [make_product(p) for _ in range(lines_per_parcel)] for p in producers}
    for product_list in products.values():
        for product in product_list:
            add_photo(product)
    for _ in range(count):
        order = Order.objects.create(checkout_token=uuid.uuid4(), user=user, user_email=user.email,
                                     shipping_full_name="Nguyễn Thị Lan", shipping_phone="+84912345678",
                                     shipping_province="Hà Nội", shipping_commune="Phường Hoàn Kiếm",
                                     shipping_street="12 Hàng Bạc", subtotal_amount=0, shipping_amount=0,
                                     total_amount=0)
        subtotal = 0
        for producer in producers if lines_per_parcel > 1 else producers[:1]:
            parcel = Fulfillment.objects.create(order=order, producer=producer, shipping_amount=0)
            lines = [OrderLine(order=order, fulfillment=parcel, producer=producer, variant=product.variants.first(),
                               product_name=product.name, variant_name="Gói 1", product_sku=f"SKU-{product.pk}",
                               unit_price_amount=150000, quantity=1, total_amount=150000)
                     for product in products[producer.pk][:lines_per_parcel]]
            OrderLine.objects.bulk_create(lines)
            subtotal += 150000 * len(lines)
            Fulfillment.objects.filter(pk=parcel.pk).update(subtotal_amount=150000 * len(lines))
        Order.objects.filter(pk=order.pk).update(subtotal_amount=subtotal, total_amount=subtotal)
        OrderEvent.objects.create(order=order, type="placed")
        Payment.objects.create(gateway="dummy", checkout_token=order.checkout_token, order=order,
                               psp_reference=f"dummy_{order.pk}", idempotency_key=f"k-{order.pk}", amount=subtotal,
                               status=PaymentStatus.SUCCEEDED, captured_amount=subtotal)


def count_queries(client, query, variables, user):
    with CaptureQueriesContext(connection) as captured:
        body = gql(client, query, variables, user)
    assert "errors" not in body, body
    return len(captured), body


@pytest.mark.django_db
def test_my_orders_cost_the_same_queries_for_1_or_100_orders(client):
    small, large = f.user(), f.user()
    make_orders(small, 1, 1)
    make_orders(large, 100, 2)
    one, body_one = count_queries(client, MY_ORDERS, {"first": 100}, small)
    hundred, body_hundred = count_queries(client, MY_ORDERS, {"first": 100}, large)
    assert body_one["data"]["me"]["orders"]["totalCount"] == 1
    edges = body_hundred["data"]["me"]["orders"]["edges"]
    assert len(edges) == 100 and len(edges[0]["node"]["lines"]) == 4
    assert edges[0]["node"]["lines"][0]["thumbnail"]["url"]
    assert one == hundred, f"{one} queries for 1 order, {hundred} for 100"


@pytest.mark.django_db
def test_one_order_costs_the_same_queries_for_1_or_40_lines(client):
    small, large = f.user(), f.user()
    make_orders(small, 1, 1)
    make_orders(large, 1, 20)
    ids = [to_global_id("Order", str(Order.objects.get(user=u).token)) for u in (small, large)]
    one, _ = count_queries(client, ONE_ORDER, {"id": ids[0]}, small)
    forty, body = count_queries(client, ONE_ORDER, {"id": ids[1]}, large)
    assert len(body["data"]["order"]["lines"]) == 40
    assert one == forty, f"{one} queries for 1 line, {forty} for 40"


PARCELS = """query($first: Int!) { producerFulfillments(first: $first) { totalCount edges { node {
  id status ocopStatus carrier producer { name area { parent { name } } certificates { productName } }
  total { amount }
  lines { quantity orderLine { productName thumbnail { url } variant { sku product { category { name } } } } }
  order { number userEmail shippingAddress { city } lines { quantity } } } } } }"""


@pytest.mark.django_db
def test_a_producers_parcels_cost_the_same_queries_for_1_or_100(client):
    from ocop.producers.models import ProducerMember

    make_orders(f.user(), 1, 1)
    make_orders(f.user(), 100, 2)
    small_producer = Order.objects.order_by("pk").first().fulfillments.get().producer
    large_producer = Order.objects.order_by("pk").last().fulfillments.order_by("pk").first().producer
    counts = []
    for producer in (small_producer, large_producer):
        member = f.user()
        ProducerMember.objects.create(producer=producer, user=member, role="owner")
        count, body = count_queries(client, PARCELS, {"first": 100}, member)
        counts.append(count)
    edges = body["data"]["producerFulfillments"]["edges"]
    assert len(edges) == 100 and edges[0]["node"]["lines"][0]["orderLine"]["thumbnail"]["url"]
    assert counts[0] == counts[1], f"{counts[0]} queries for 1 parcel, {counts[1]} for 100"
