"""Producers handle their own parcels through GraphQL (OCOP extension): list them, confirm, pack,
ship with a carrier and tracking number, cancel with a reason. Another producer's parcel is
NOT_FOUND; shoppers, officers and anonymous callers are refused outright."""

import pytest
from graphql_relay import to_global_id

from ocop.areas.models import Area
from ocop.catalog.models import Stock
from ocop.orders.models import FulfillmentStatus, OrderStatus

from . import factories as f
from .checkout_factories import variants_of_two_producers
from .graphql_client import gql
from .order_factories import member_of, place_order

PARCEL_FIELDS = "fulfillment { id status ocopStatus trackingNumber carrier cancelReason order { number } } " \
                "errors { field message code }"
CONFIRM = f"mutation($id: ID!) {{ fulfillmentConfirm(id: $id) {{ {PARCEL_FIELDS} }} }}"
PACK = f"mutation($id: ID!) {{ fulfillmentPack(id: $id) {{ {PARCEL_FIELDS} }} }}"
SHIP = f"""mutation($id: ID!, $carrier: String!, $tracking: String!) {{
  fulfillmentShip(id: $id, carrier: $carrier, trackingNumber: $tracking) {{ {PARCEL_FIELDS} }} }}"""
CANCEL = f"mutation($id: ID!, $reason: String!) {{ fulfillmentCancel(id: $id, reason: $reason) {{ {PARCEL_FIELDS} }} }}"
MY_PARCELS = """query($status: OcopFulfillmentStatus, $first: Int, $after: String) {
  producerFulfillments(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id ocopStatus producer { name } total { amount currency } shippingMethodName
    lines { quantity orderLine { productSku unitPrice { gross { amount } } thumbnail { url } } }
    order { number shippingAddress { city } } } } } }"""


def parcel_id(parcel):
    return to_global_id("Fulfillment", parcel.pk)


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


@pytest.fixture
def order(two):
    return place_order([(two[0], 2), (two[1], 1)], user=f.user())


@pytest.fixture
def mine(order, two):
    return order.fulfillments.get(producer=two[0].product.producer)


@pytest.fixture
def theirs(order, two):
    return order.fulfillments.get(producer=two[1].product.producer)


@pytest.fixture
def owner(mine):
    return member_of(mine.producer)


def run(client, mutation, user, **variables):
    body = gql(client, mutation, variables, user)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


def test_the_producer_confirms_packs_and_ships_its_parcel(client, two, mine, owner):
    assert run(client, CONFIRM, owner, id=parcel_id(mine))["fulfillment"]["ocopStatus"] == "CONFIRMED"
    assert run(client, PACK, owner, id=parcel_id(mine))["fulfillment"]["ocopStatus"] == "PACKED"
    payload = run(client, SHIP, owner, id=parcel_id(mine), carrier="Viettel Post", tracking="VTP123")
    assert payload["errors"] == []
    assert payload["fulfillment"] == {
        "id": parcel_id(mine), "status": "FULFILLED", "ocopStatus": "SHIPPED", "trackingNumber": "VTP123",
        "carrier": "Viettel Post", "cancelReason": "", "order": {"number": str(mine.order.number)}}
    mine.refresh_from_db()
    assert mine.status == FulfillmentStatus.SHIPPED
    assert Stock.objects.get(product_variant=two[0]).quantity == 8


def test_shipping_needs_a_carrier_and_a_tracking_number(client, mine, owner):
    run(client, CONFIRM, owner, id=parcel_id(mine))
    payload = run(client, SHIP, owner, id=parcel_id(mine), carrier=" ", tracking="")
    assert payload["fulfillment"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {("carrier", "REQUIRED"),
                                                                    ("trackingNumber", "REQUIRED")}
    mine.refresh_from_db()
    assert mine.status == FulfillmentStatus.CONFIRMED


def test_a_tracking_number_longer_than_we_keep_is_refused_not_cut(client, mine, owner):
    run(client, CONFIRM, owner, id=parcel_id(mine))
    payload = run(client, SHIP, owner, id=parcel_id(mine), carrier="Viettel Post", tracking="VTP" + "1" * 90)
    assert payload["fulfillment"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("trackingNumber", "INVALID")]
    mine.refresh_from_db()
    assert mine.status == FulfillmentStatus.CONFIRMED and mine.tracking_number == ""


def test_a_parcel_cannot_skip_confirmation(client, mine, owner):
    payload = run(client, SHIP, owner, id=parcel_id(mine), carrier="Viettel Post", tracking="VTP1")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "INVALID")]
    assert payload["errors"][0]["message"]


def test_cancelling_needs_a_reason_and_returns_the_stock(client, two, mine, owner):
    payload = run(client, CANCEL, owner, id=parcel_id(mine), reason="  ")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "REQUIRED")]
    payload = run(client, CANCEL, owner, id=parcel_id(mine), reason="Hết mật ong vụ này")
    assert payload["errors"] == []
    assert (payload["fulfillment"]["status"], payload["fulfillment"]["cancelReason"]) == ("CANCELED",
                                                                                          "Hết mật ong vụ này")
    assert Stock.objects.get(product_variant=two[0]).quantity_allocated == 0
    mine.order.refresh_from_db()
    assert mine.order.status == OrderStatus.UNFULFILLED  # the other parcel stands


def test_a_shipped_parcel_cannot_be_cancelled(client, mine, owner):
    run(client, CONFIRM, owner, id=parcel_id(mine))
    run(client, SHIP, owner, id=parcel_id(mine), carrier="GHN", tracking="GHN9")
    payload = run(client, CANCEL, owner, id=parcel_id(mine), reason="Đổi ý")
    assert payload["errors"][0]["code"] == "CANNOT_CANCEL_FULFILLMENT"


@pytest.mark.parametrize("mutation,extra", [(CONFIRM, {}), (PACK, {}), (CANCEL, {"reason": "x"}),
                                            (SHIP, {"carrier": "GHN", "tracking": "1"})],
                         ids=["confirm", "pack", "cancel", "ship"])
def test_another_producers_parcel_is_not_found(client, theirs, owner, mutation, extra):
    payload = run(client, mutation, owner, id=parcel_id(theirs), **extra)
    assert payload == {"fulfillment": None, "errors": [{"field": "id", "message": payload["errors"][0]["message"],
                                                         "code": "NOT_FOUND"}]}
    theirs.refresh_from_db()
    assert theirs.status == FulfillmentStatus.UNCONFIRMED


def test_unknown_and_malformed_parcel_ids_are_not_found(client, order, owner):
    for bad in [to_global_id("Fulfillment", 987654), "rubbish", to_global_id("Order", str(order.token)),
                to_global_id("Fulfillment", "abc")]:
        payload = run(client, CONFIRM, owner, id=bad)
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"], bad


def test_members_of_a_producer_not_approved_are_refused(client, mine, owner):
    mine.producer.status, mine.producer.status_reason = "suspended", "Giấy phép hết hạn"
    mine.producer.save(update_fields=["status", "status_reason"])
    body = gql(client, CONFIRM, {"id": parcel_id(mine)}, owner)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("who", ["shopper", "officer", "anonymous"])
def test_shoppers_officers_and_anonymous_callers_are_refused(client, order, mine, who):
    user = {"shopper": lambda: order.user, "officer": lambda: f.officer(Area.objects.first()),
            "anonymous": lambda: None}[who]()
    for mutation, extra in [(CONFIRM, {}), (CANCEL, {"reason": "x"}), (SHIP, {"carrier": "a", "tracking": "b"})]:
        body = gql(client, mutation, {"id": parcel_id(mine), **extra}, user)
        assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        assert next(iter(body["data"].values())) is None
    body = gql(client, MY_PARCELS, {"first": 10}, user)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    mine.refresh_from_db()
    assert mine.status == FulfillmentStatus.UNCONFIRMED


def test_a_producer_lists_only_its_own_parcels_filtered_by_status(client, two, mine, owner):
    place_order([(two[0], 1)], user=f.user())
    place_order([(two[1], 1)], user=f.user())  # only the other producer's goods
    run(client, CONFIRM, owner, id=parcel_id(mine))
    body = gql(client, MY_PARCELS, {"first": 10}, owner)
    page = body["data"]["producerFulfillments"]
    assert page["totalCount"] == 2
    assert {e["node"]["producer"]["name"] for e in page["edges"]} == {mine.producer.name}
    node = page["edges"][-1]["node"]
    assert node["order"]["number"] == str(mine.order.number) and node["total"]["currency"] == "VND"
    assert node["total"]["amount"] == mine.subtotal_amount + mine.shipping_amount
    assert node["lines"][0]["orderLine"]["productSku"] == two[0].sku
    confirmed = gql(client, MY_PARCELS, {"first": 10, "status": "CONFIRMED"}, owner)["data"]["producerFulfillments"]
    assert [e["node"]["id"] for e in confirmed["edges"]] == [parcel_id(mine)]
    first = gql(client, MY_PARCELS, {"first": 1}, owner)["data"]["producerFulfillments"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert gql(client, MY_PARCELS, {"first": 101}, owner)["errors"]


REFUNDED_ORDER = """query($id: ID) { order(id: $id) { paymentStatus chargeStatus isPaid totalRefunded { amount }
  totalCaptured { amount } totalBalance { amount }
  fulfillments { ocopStatus totalRefundedAmount { amount } shippingRefundedAmount { amount } }
  transactions { chargedAmount { amount } refundedAmount { amount }
    events { type amount { amount } pspReference } } } }"""


def test_cancelling_a_paid_parcel_shows_the_refund_on_the_order(client, two):
    shopper = f.user()
    order = place_order([(two[0], 1), (two[1], 1)], user=shopper, paid="stripe")
    parcel = order.fulfillments.get(producer=two[0].product.producer)
    payload = run(client, CANCEL, member_of(parcel.producer), id=parcel_id(parcel), reason="Hết hàng")
    assert payload["errors"] == []
    data = gql(client, REFUNDED_ORDER, {"id": to_global_id("Order", str(order.token))}, shopper)["data"]["order"]
    refunded = parcel.subtotal_amount + parcel.shipping_amount
    assert data["paymentStatus"] == "PARTIALLY_REFUNDED" and data["isPaid"] is True
    assert data["totalRefunded"]["amount"] == refunded
    assert data["totalCaptured"]["amount"] == order.total_amount - refunded
    assert (data["chargeStatus"], data["totalBalance"]["amount"]) == ("FULL", 0)  # what is still due is paid
    cancelled = next(p for p in data["fulfillments"] if p["ocopStatus"] == "CANCELED")
    assert cancelled["totalRefundedAmount"]["amount"] == refunded
    assert cancelled["shippingRefundedAmount"]["amount"] == parcel.shipping_amount
    [transaction] = data["transactions"]
    assert transaction["refundedAmount"]["amount"] == refunded
    assert [e["type"] for e in transaction["events"]] == ["CHARGE_REQUEST", "CHARGE_SUCCESS", "REFUND_SUCCESS"]
    assert transaction["events"][2]["amount"]["amount"] == refunded
    assert transaction["events"][2]["pspReference"].startswith("re_")


def test_a_producer_sees_the_delivery_address_of_its_parcels_but_not_the_e_mail_or_payments(client, order, mine,
                                                                                             owner):
    query = """{ producerFulfillments(first: 5) { edges { node { order { userEmail
      shippingAddress { firstName streetAddress1 phone } transactions { id } } } } } }"""
    body = gql(client, query, None, owner)
    assert "errors" not in body, body
    node = body["data"]["producerFulfillments"]["edges"][0]["node"]
    assert node["order"]["userEmail"] == "k...@example.vn"
    assert node["order"]["shippingAddress"] == {"firstName": "Lan", "streetAddress1": "12 Hàng Bạc",
                                                "phone": "+84912345678"}
    assert node["order"]["transactions"] == []


@pytest.mark.parametrize("field", ["user { email }", "events { type }"])
def test_a_producer_is_refused_the_orders_account_and_events(client, order, mine, owner, field):
    query = f"{{ producerFulfillments(first: 5) {{ edges {{ node {{ order {{ number {field} }} }} }} }} }}"
    body = gql(client, query, None, owner)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["data"]["producerFulfillments"]["edges"][0]["node"]["order"]["number"] == str(order.number)


def test_a_producer_sees_only_its_own_lines_and_parcels_of_a_shared_order(client, two, order, mine, theirs, owner):
    query = """{ producerFulfillments(first: 5) { edges { node { order {
      lines { productSku producer { name } } fulfillments { id producer { name } } shippingMethodName } } } } }"""
    body = gql(client, query, None, owner)
    assert "errors" not in body, body
    seen = body["data"]["producerFulfillments"]["edges"][0]["node"]["order"]
    assert [line["productSku"] for line in seen["lines"]] == [two[0].sku]
    assert {line["producer"]["name"] for line in seen["lines"]} == {mine.producer.name}
    assert seen["fulfillments"] == [{"id": parcel_id(mine), "producer": {"name": mine.producer.name}}]
    assert seen["shippingMethodName"] == (mine.shipping_method_name or None)


@pytest.mark.parametrize("field", ["totalCharged { amount }", "total { gross { amount } }", "paymentStatus",
                                   "isPaid", "chargeStatus"])
def test_a_producer_is_refused_the_orders_money_and_payment_state(client, order, mine, owner, field):
    query = f"{{ producerFulfillments(first: 5) {{ edges {{ node {{ id order {{ number {field} }} }} }} }} }}"
    body = gql(client, query, None, owner)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert str(order.number) not in str(body["data"])  # nothing of the order, nor its payments


@pytest.mark.parametrize("field", ["status", "statusDisplay", "updatedAt"])
def test_a_producer_is_refused_the_orders_overall_status_and_last_change(client, two, order, mine, owner, field):
    """They describe the other producer's parcel too (shipped or not, and when): a producer follows
    its own parcel's status and updatedAt instead."""
    query = f"{{ producerFulfillments(first: 5) {{ edges {{ node {{ id order {{ number {field} }} }} }} }} }}"
    body = gql(client, query, None, owner)
    assert [(e["extensions"]["code"], e["path"][-1]) for e in body["errors"]] == [("PERMISSION_DENIED", field)]
    assert str(order.number) not in str(body["data"])
    own = gql(client, "{ producerFulfillments(first: 5) { edges { node { status ocopStatus updatedAt } } } }",
              None, owner)
    assert "errors" not in own, own
    assert own["data"]["producerFulfillments"]["edges"][0]["node"]["ocopStatus"] == "UNCONFIRMED"
    assert own["data"]["producerFulfillments"]["edges"][0]["node"]["updatedAt"]


@pytest.mark.parametrize("field", ["status", "statusDisplay", "updatedAt"])
def test_the_parcel_mutations_refuse_a_producer_the_orders_overall_status(client, mine, owner, field):
    body = gql(client, f"mutation($id: ID!) {{ fulfillmentConfirm(id: $id) {{ fulfillment {{ id order {{ {field} }} }} "
                       "errors { code } } }", {"id": parcel_id(mine)}, owner)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["data"]["fulfillmentConfirm"]["fulfillment"] is None
    mine.refresh_from_db()
    assert mine.status == FulfillmentStatus.CONFIRMED  # the change itself is made; only the answer is withheld


def test_the_orders_owner_and_staff_still_see_its_status_and_last_change(client, order, mine, owner):
    query = "query($id: ID) { order(id: $id) { status statusDisplay updatedAt } }"
    variables = {"id": to_global_id("Order", str(order.token))}
    for reader in (order.user, f.user(is_staff=True)):
        body = gql(client, query, variables, reader)
        assert "errors" not in body, body
        assert body["data"]["order"]["status"] == "UNFULFILLED" and body["data"]["order"]["updatedAt"]
    assert gql(client, query, variables, owner)["data"]["order"] is None  # an account's order: not theirs


def test_members_of_a_suspended_producer_cannot_list_its_parcels(client, mine, owner):
    mine.producer.status, mine.producer.status_reason = "suspended", "Giấy phép hết hạn"
    mine.producer.save(update_fields=["status", "status_reason"])
    body = gql(client, MY_PARCELS, {"first": 10}, owner)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["data"]["producerFulfillments"] is None


def test_staff_who_are_not_members_cannot_list_parcels(client, mine):
    body = gql(client, MY_PARCELS, {"first": 10}, f.user(is_staff=True))
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["data"]["producerFulfillments"] is None


def test_a_member_of_a_suspended_producer_no_longer_reads_a_shared_order_as_that_producer(client, two):
    """A guest order's ID holder who belongs to a producer with a parcel in it: while that producer
    is suspended they read it as anyone holding the ID (initials), not as its producer."""
    order = place_order([(two[0], 1)], email="lan.nguyen@example.vn")
    parcel = order.fulfillments.get()
    member = member_of(parcel.producer)
    query = "query($id: ID) { order(id: $id) { shippingAddress { streetAddress1 } } }"
    variables = {"id": to_global_id("Order", str(order.token))}
    assert gql(client, query, variables, member)["data"]["order"]["shippingAddress"]["streetAddress1"] == "12 Hàng Bạc"
    parcel.producer.status, parcel.producer.status_reason = "suspended", "Giấy phép hết hạn"
    parcel.producer.save(update_fields=["status", "status_reason"])
    assert gql(client, query, variables, member)["data"]["order"]["shippingAddress"]["streetAddress1"] == "1.........."


SHIPPED_UNITS = """query($id: ID) { order(id: $id) { lines { productSku quantity quantityFulfilled quantityRefunded }
  fulfillments { ocopStatus lines { quantity orderLine { productSku } } } } }"""


def test_units_refunded_before_shipping_are_not_counted_as_shipped(client, two):
    from ocop.orders import services

    shopper = f.user()
    order = place_order([(two[0], 3)], user=shopper, paid=True)
    parcel = order.fulfillments.get()
    line = parcel.lines.get()
    producer_member = member_of(parcel.producer)
    services.refund_order_line(user=producer_member, line_id=line.pk, quantity=1, reason="Vỡ một hũ")
    run(client, CONFIRM, producer_member, id=parcel_id(parcel))
    assert gql(client, SHIPPED_UNITS, {"id": to_global_id("Order", str(order.token))},
               shopper)["data"]["order"]["fulfillments"][0]["lines"][0]["quantity"] == 2  # what will leave
    run(client, SHIP, producer_member, id=parcel_id(parcel), carrier="GHN", tracking="GHN1")
    services.refund_order_line(user=producer_member, line_id=line.pk, quantity=1, reason="Hũ đến nơi bị nứt")
    data = gql(client, SHIPPED_UNITS, {"id": to_global_id("Order", str(order.token))}, shopper)["data"]["order"]
    assert data["lines"] == [{"productSku": two[0].sku, "quantity": 3, "quantityFulfilled": 2, "quantityRefunded": 2}]
    assert data["fulfillments"][0]["lines"] == [{"quantity": 2, "orderLine": {"productSku": two[0].sku}}]


def test_a_later_refund_does_not_move_the_time_of_the_charge(client, two):
    from ocop.orders import services
    from ocop.orders.models import OrderEvents

    shopper = f.user()
    order = place_order([(two[0], 2)], user=shopper, paid=True)
    line = order.lines.get()
    services.refund_order_line(user=member_of(line.producer), line_id=line.pk, quantity=1, reason="Vỡ một hũ")
    query = """query($id: ID) { order(id: $id) { events { type date }
      transactions { events { type createdAt } } } }"""
    data = gql(client, query, {"id": to_global_id("Order", str(order.token))}, shopper)["data"]["order"]
    captured = order.events.get(type=OrderEvents.PAYMENT_CAPTURED).created_at
    charge = next(e for e in data["transactions"][0]["events"] if e["type"] == "CHARGE_SUCCESS")
    assert charge["createdAt"] == captured.isoformat()
    assert order.payments.get().updated_at > captured  # what the charge time used to follow
    assert "PAYMENT_REFUNDED" in {e["type"] for e in data["events"]}  # the line's refund
