"""Orders through GraphQL, as a Saleor storefront reads them: `order(id)` for its owner (or whoever
holds a guest order's ID, with the private details reduced to initials), `me.orders` paginated,
money in whole đồng, payments as transactions."""

import pytest
from graphql_relay import to_global_id

from ocop.orders.models import Order

from . import factories as f
from .checkout_factories import variants_of_two_producers
from .graphql_client import gql
from .order_factories import place_order

ORDER = """query($id: ID) { order(id: $id) { id number status statusDisplay created userEmail
  isPaid paymentStatus chargeStatus authorizeStatus
  total { gross { amount currency } net { amount } tax { amount } }
  subtotal { gross { amount } } shippingPrice { gross { amount } }
  totalCaptured { amount currency } totalBalance { amount } totalRefunded { amount }
  channel { slug } billingAddress { city } voucher { code } discounts { name } giftCards { id }
  shippingAddress { firstName lastName streetAddress1 city cityArea countryArea phone country { code } }
  lines { productName variantName productSku quantity quantityFulfilled variant { sku }
    unitPrice { gross { amount currency } } totalPrice { gross { amount } } thumbnail { url } }
  fulfillments { id status ocopStatus trackingNumber carrier producer { name }
    lines { quantity orderLine { productSku } } }
  transactions { id name pspReference chargedAmount { amount currency } refundedAmount { amount }
    actions events { type amount { amount } } }
  metadata { key } } }"""


def order_id(order):
    return to_global_id("Order", str(order.token))


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


@pytest.fixture
def shopper(db):
    return f.user(full_name="Nguyễn Thị Lan")


def read(client, order, user=None):
    body = gql(client, ORDER, {"id": order_id(order)}, user)
    assert "errors" not in body, body
    return body["data"]["order"]


def test_the_owner_reads_the_order_with_lines_parcels_and_address(client, two, shopper):
    order = place_order([(two[0], 2), (two[1], 1)], user=shopper)
    data = read(client, order, shopper)
    assert data["id"] == order_id(order) and data["number"] == str(order.number)
    assert data["status"] == "UNFULFILLED" and data["userEmail"] == order.user_email
    assert data["channel"] == {"slug": "default-channel"}
    assert data["total"]["gross"] == {"amount": order.total_amount, "currency": "VND"}
    assert data["subtotal"]["gross"]["amount"] + data["shippingPrice"]["gross"]["amount"] == order.total_amount
    assert data["total"]["tax"]["amount"] == 0 and data["total"]["net"]["amount"] == order.total_amount
    line = next(line for line in data["lines"] if line["productSku"] == two[0].sku)
    assert line["quantity"] == 2 and line["quantityFulfilled"] == 0 and line["variant"] == {"sku": two[0].sku}
    assert line["unitPrice"]["gross"] == {"amount": two[0].price_amount, "currency": "VND"}
    assert line["totalPrice"]["gross"]["amount"] == 2 * two[0].price_amount
    assert len(data["fulfillments"]) == 2
    assert {p["status"] for p in data["fulfillments"]} == {"WAITING_FOR_APPROVAL"}
    assert {p["ocopStatus"] for p in data["fulfillments"]} == {"UNCONFIRMED"}
    assert {p["producer"]["name"] for p in data["fulfillments"]} == {v.product.producer.name for v in two}
    assert data["shippingAddress"] == {"firstName": "Lan", "lastName": "Nguyễn Thị", "streetAddress1": "12 Hàng Bạc",
                                       "city": "Phường Hoàn Kiếm", "cityArea": "", "countryArea": "Hà Nội",
                                       "phone": "+84912345678", "country": {"code": "VN"}}
    assert data["billingAddress"] is None and data["voucher"] is None
    assert data["discounts"] == [] and data["giftCards"] == [] and data["metadata"] == []


def test_money_is_whole_dong(client, two, shopper):
    order = place_order([(two[0], 3)], user=shopper)
    data = read(client, order, shopper)
    amounts = [data["total"]["gross"]["amount"], data["lines"][0]["unitPrice"]["gross"]["amount"],
               data["shippingPrice"]["gross"]["amount"]]
    assert all(float(amount).is_integer() for amount in amounts)
    assert data["total"]["gross"]["amount"] == order.total_amount
    query = "query($id: ID) { order(id: $id) { total { gross { amount fractionalAmount fractionDigits } } } }"
    gross = gql(client, query, {"id": order_id(order)}, shopper)["data"]["order"]["total"]["gross"]
    assert gross == {"amount": order.total_amount, "fractionalAmount": order.total_amount, "fractionDigits": 0}


def test_an_unpaid_order_says_nothing_was_charged(client, two, shopper):
    data = read(client, place_order([(two[0], 1)], user=shopper), shopper)
    assert (data["isPaid"], data["paymentStatus"], data["chargeStatus"], data["authorizeStatus"]) == (
        False, "NOT_CHARGED", "NONE", "NONE")
    assert data["transactions"] == [] and data["totalCaptured"]["amount"] == 0
    assert data["totalBalance"]["amount"] == -data["total"]["gross"]["amount"]


def test_a_paid_order_shows_its_payment_as_a_charged_transaction(client, two, shopper):
    order = place_order([(two[0], 1), (two[1], 2)], user=shopper, paid=True)
    data = read(client, order, shopper)
    assert (data["isPaid"], data["paymentStatus"], data["chargeStatus"], data["authorizeStatus"]) == (
        True, "FULLY_CHARGED", "FULL", "FULL")
    assert data["totalCaptured"] == {"amount": order.total_amount, "currency": "VND"}
    assert data["totalBalance"]["amount"] == 0
    [transaction] = data["transactions"]
    payment = order.payments.get()
    assert transaction["name"] == "dummy" and transaction["pspReference"] == payment.psp_reference
    assert transaction["chargedAmount"] == {"amount": order.total_amount, "currency": "VND"}
    assert transaction["refundedAmount"]["amount"] == 0 and transaction["actions"] == ["REFUND"]
    assert [e["type"] for e in transaction["events"]] == ["CHARGE_REQUEST", "CHARGE_SUCCESS"]
    assert transaction["events"][1]["amount"]["amount"] == order.total_amount


def test_another_shoppers_order_is_null(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    assert read(client, order, f.user()) is None


def test_an_account_order_is_null_without_signing_in(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    assert read(client, order) is None


def test_staff_read_any_order(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    assert read(client, order, f.user(is_staff=True))["userEmail"] == order.user_email


def test_whoever_holds_a_guest_orders_id_reads_it_with_private_details_as_initials(client, two):
    order = place_order([(two[0], 1)], email="lan.nguyen@example.vn", paid=True)
    data = read(client, order)
    assert data["number"] == str(order.number) and len(data["lines"]) == 1
    assert data["userEmail"] == "l...@example.vn"
    address = data["shippingAddress"]
    assert address["firstName"] == "L.." and address["phone"].startswith("+") and "912" not in address["phone"]
    assert address["streetAddress1"].startswith("1") and "Hàng Bạc" not in address["streetAddress1"]
    assert address["countryArea"] == "Hà Nội"
    assert data["transactions"] == []
    assert data["isPaid"] is True


def test_unknown_malformed_and_foreign_type_ids_give_null(client, two, shopper):
    place_order([(two[0], 1)], user=shopper)
    for bad in [to_global_id("Order", "00000000-0000-0000-0000-000000000000"), "not-an-id", to_global_id("Order", "7"),
                to_global_id("Product", str(Order.objects.get().token))]:
        body = gql(client, ORDER, {"id": bad}, shopper)
        assert body["data"]["order"] is None, bad
        assert "errors" not in body


# ------------------------------------------------------------------------------ me.orders

MY_ORDERS = """query($first: Int, $last: Int, $after: String, $before: String) { me { orders(first: $first,
  last: $last, after: $after, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor
  endCursor } edges { cursor node { number total { gross { amount } } lines { quantity } } } } } }"""


def my_orders(client, user, **variables):
    body = gql(client, MY_ORDERS, variables, user)
    assert "errors" not in body, body
    return body["data"]["me"]["orders"]


def numbers(page):
    return [int(edge["node"]["number"]) for edge in page["edges"]]


def test_my_orders_page_forwards_and_backwards_newest_first(client, two, shopper):
    placed = [place_order([(two[0], 1)], user=shopper) for _ in range(3)]
    place_order([(two[0], 1)], user=f.user())  # someone else's
    newest_first = sorted((o.number for o in placed), reverse=True)

    page = my_orders(client, shopper, first=2)
    assert page["totalCount"] == 3 and numbers(page) == newest_first[:2]
    assert page["pageInfo"]["hasNextPage"] is True and page["pageInfo"]["hasPreviousPage"] is False
    rest = my_orders(client, shopper, first=2, after=page["pageInfo"]["endCursor"])
    assert numbers(rest) == newest_first[2:] and rest["pageInfo"]["hasNextPage"] is False

    last = my_orders(client, shopper, last=2)
    assert numbers(last) == newest_first[1:] and last["pageInfo"]["hasPreviousPage"] is True
    before = my_orders(client, shopper, last=2, before=last["pageInfo"]["startCursor"])
    assert numbers(before) == newest_first[:1]


def test_my_orders_without_a_page_size_gives_up_to_100(client, two, shopper):
    place_order([(two[0], 1)], user=shopper)
    page = my_orders(client, shopper)
    assert page["totalCount"] == 1 and page["edges"][0]["node"]["lines"] == [{"quantity": 1}]


def test_more_than_100_orders_a_page_is_refused(client, two, shopper):
    body = gql(client, MY_ORDERS, {"first": 101}, shopper)
    assert body["errors"] and body["data"]["me"]["orders"] is None


def test_a_new_account_has_no_orders(client, db):
    page = my_orders(client, f.user(), first=10)
    assert page["totalCount"] == 0 and page["edges"] == []


NODE = """query($id: ID!) { node(id: $id) { id ... on Order { number } ... on Fulfillment { ocopStatus } } }"""


def test_node_and_order_by_token_follow_the_same_rules(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    body = gql(client, NODE, {"id": order_id(order)}, shopper)
    assert body["data"]["node"] == {"id": order_id(order), "number": str(order.number)}
    assert gql(client, NODE, {"id": order_id(order)}, f.user())["data"]["node"] is None
    by_token = "query($t: UUID!) { orderByToken(token: $t) { number } }"
    assert gql(client, by_token, {"t": str(order.token)}, shopper)["data"]["orderByToken"] == {
        "number": str(order.number)}
    assert gql(client, by_token, {"t": str(order.token)})["data"]["orderByToken"] is None


def test_a_parcel_is_a_node_for_its_producer_only(client, two, shopper):
    from .order_factories import member_of

    order = place_order([(two[0], 1)], user=shopper)
    parcel = order.fulfillments.get()
    parcel_id = to_global_id("Fulfillment", parcel.pk)
    body = gql(client, NODE, {"id": parcel_id}, member_of(parcel.producer))
    assert body["data"]["node"] == {"id": parcel_id, "ocopStatus": "UNCONFIRMED"}
    assert gql(client, NODE, {"id": parcel_id}, shopper)["data"]["node"] is None


def test_the_guest_who_just_paid_reads_the_order_in_full_from_checkout_complete(client, two):
    from .test_api_payment import DUMMY_ID, initialize, ready_to_pay

    checkout = ready_to_pay(client, two)
    assert initialize(client, checkout, DUMMY_ID)["errors"] == []
    query = """mutation($id: ID) { checkoutComplete(id: $id) { errors { code } order { id userEmail
      shippingAddress { streetAddress1 phone } events { type } transactions { name events { type } } } } }"""
    payload = gql(client, query, {"id": checkout["id"]})["data"]["checkoutComplete"]
    assert payload["errors"] == []
    placed = payload["order"]
    assert placed["userEmail"] == "khach@example.vn"
    assert placed["shippingAddress"]["streetAddress1"].startswith("12 Hàng Bạc") and "912" in placed["shippingAddress"]["phone"]
    assert "PLACED" in {e["type"] for e in placed["events"]}
    assert [t["name"] for t in placed["transactions"]] == ["dummy"]
    assert "CHARGE_SUCCESS" in {e["type"] for e in placed["transactions"][0]["events"]}
    later = gql(client, "query($id: ID) { order(id: $id) { userEmail } }", {"id": placed["id"]})
    assert later["data"]["order"]["userEmail"] == "k...@example.vn"  # a later request sees initials


PRIVATE = """query($id: ID) { order(id: $id) { number user { email } events { type } } }"""


def test_a_guest_orders_account_and_events_are_refused_to_whoever_holds_its_id(client, two):
    order = place_order([(two[0], 1)], email="lan.nguyen@example.vn")
    body = gql(client, PRIVATE, {"id": order_id(order)})
    assert body["data"]["order"] == {"number": str(order.number), "user": None, "events": None}
    assert {tuple(e["path"][1:]) for e in body["errors"]} == {("user",), ("events",)}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"PERMISSION_DENIED"}


def test_the_owner_reads_the_account_and_events(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    body = gql(client, PRIVATE, {"id": order_id(order)}, shopper)
    assert "errors" not in body, body
    assert body["data"]["order"]["user"] == {"email": shopper.email}
    assert [e["type"] for e in body["data"]["order"]["events"]][0] == "PLACED"


def test_an_officer_cannot_read_an_accounts_order(client, two, shopper):
    from ocop.areas.models import Area

    order = place_order([(two[0], 1)], user=shopper)
    assert read(client, order, f.officer(Area.objects.first())) is None


def test_a_producer_with_a_parcel_in_an_accounts_order_cannot_read_it_by_id(client, two, shopper):
    from .order_factories import member_of

    order = place_order([(two[0], 1), (two[1], 1)], user=shopper)
    assert read(client, order, member_of(two[0].product.producer)) is None


def test_a_parcel_is_not_a_node_for_another_producer(client, two, shopper):
    from .order_factories import member_of

    order = place_order([(two[0], 1), (two[1], 1)], user=shopper)
    parcel = order.fulfillments.get(producer=two[0].product.producer)
    body = gql(client, NODE, {"id": to_global_id("Fulfillment", parcel.pk)}, member_of(two[1].product.producer))
    assert body["data"]["node"] is None


def test_a_line_of_a_product_no_longer_listed_has_no_variant(client, two, shopper):
    order = place_order([(two[0], 1), (two[1], 1)], user=shopper)
    product = two[0].product
    product.is_published = False
    product.save(update_fields=["is_published"])
    lines = {line["productSku"]: line for line in read(client, order, shopper)["lines"]}
    assert lines[two[0].sku]["variant"] is None
    assert lines[two[1].sku]["variant"] == {"sku": two[1].sku}


def test_a_line_of_a_suspended_producer_has_no_variant(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    producer = two[0].product.producer
    producer.status, producer.status_reason = "suspended", "Giấy phép hết hạn"
    producer.save(update_fields=["status", "status_reason"])
    assert read(client, order, shopper)["lines"][0]["variant"] is None


# ------------------------------------------------------------------------------ User.orders

TOKEN_CREATE = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password) {
  errors { code } user { email orders(first: 5) { totalCount edges { node { userEmail
    shippingAddress { streetAddress1 } events { type } } } } } } }"""


def test_signing_in_answers_with_the_users_own_orders_in_full(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    body = gql(client, TOKEN_CREATE, {"email": shopper.email, "password": "mat-khau-dai-2026"})
    assert "errors" not in body, body
    orders = body["data"]["tokenCreate"]["user"]["orders"]
    assert orders["totalCount"] == 1
    node = orders["edges"][0]["node"]
    assert node["userEmail"] == order.user_email and node["shippingAddress"]["streetAddress1"] == "12 Hàng Bạc"
    assert node["events"][0]["type"] == "PLACED"


def test_a_users_orders_are_refused_to_a_request_that_is_not_that_user(client, db):
    query = """mutation($input: AccountRegisterInput!) { accountRegister(input: $input) {
      user { email orders(first: 5) { totalCount } } } }"""
    body = gql(client, query, {"input": {"email": "moi@example.vn", "password": "mat-khau-dai-2026"}})
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["errors"][0]["path"][-1] == "orders"


def test_staff_read_a_users_orders_through_the_order(client, two, shopper):
    order = place_order([(two[0], 1)], user=shopper)
    query = "query($id: ID) { order(id: $id) { user { orders(first: 5) { totalCount } } } }"
    body = gql(client, query, {"id": order_id(order)}, f.user(is_staff=True))
    assert "errors" not in body, body
    assert body["data"]["order"]["user"]["orders"]["totalCount"] == 1


@pytest.mark.parametrize("charged,due,status", [(0, 0, "full"), (0, 100, "none"), (40, 100, "partial"),
                                                (100, 100, "full"), (120, 100, "overcharged")])
def test_orders_and_checkouts_share_saleors_charge_status(charged, due, status):
    """One rule for both (ocop.graphql.checkout.types uses it too): nothing due and nothing
    charged is FULL, as in Saleor, which checks equality first."""
    from ocop.graphql.order.payments import charge_status

    assert charge_status(charged, due) == status
