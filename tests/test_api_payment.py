"""Paying through GraphQL (Saleor's transactions API): Stripe against localstripe (no mocks) and
the dummy gateway of tests and demos; checkoutComplete returns the one order of a paid checkout."""

import pytest
from django.db.models import F
import stripe
from django.conf import settings
from django.test import Client

from ocop.orders.models import Order
from ocop.payments.config import stripe_api_base
from ocop.payments.models import Payment, PaymentStatus
from tests import factories as f
from tests.checkout_factories import variants_of_two_producers

from .graphql_client import gid, gql
from .test_api_checkout import address, create, line

STRIPE_ID = "saleor.app.payment.stripe"
DUMMY_ID = "mirumee.payments.dummy"
VISA = "4242424242424242"
DECLINED = "4000000000000002"

GATEWAYS = """mutation($id: ID!, $gateways: [PaymentGatewayToInitialize!]) {
  paymentGatewayInitialize(id: $id, paymentGateways: $gateways) { gatewayConfigs { id data errors { field code } }
  errors { field code } } }"""
INITIALIZE = """mutation($id: ID!, $gateway: PaymentGatewayToInitialize!, $amount: PositiveDecimal) {
  transactionInitialize(id: $id, paymentGateway: $gateway, amount: $amount, action: CHARGE) {
    transaction { id name pspReference chargedAmount { amount currency } actions }
    transactionEvent { type message } data errors { field code message } } }"""
PROCESS = """mutation($id: ID, $data: JSON) { transactionProcess(id: $id, data: $data) {
  transaction { id chargedAmount { amount } } transactionEvent { type message } data errors { field code } } }"""
COMPLETE = """mutation($id: ID) { checkoutComplete(id: $id) { order { id number total { gross { amount } } }
  confirmationNeeded confirmationData errors { field code message } } }"""
CHECKOUT = """query($id: ID) { checkout(id: $id) { chargeStatus totalPrice { gross { amount } }
  transactions { id } } }"""
DELIVERY = """mutation($id: ID, $m: ID) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) {
  checkout { totalPrice { gross { amount } } } errors { code } } }"""


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


def stripe_client():
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": stripe_api_base()})


def card_token(number=VISA) -> str:
    return stripe_client().v1.tokens.create(params={"card": {"number": number, "exp_month": "12", "exp_year": "2030",
                                                             "cvc": "123"}}).id


def ready_to_pay(client, two, user=None):
    """A checkout of both producers' products with e-mail, address and every parcel's delivery."""
    checkout = create(client, [line(two[0], 2), line(two[1], 1)], user, email="khach@example.vn",
                      shippingAddress=address())["checkout"]
    chosen = gql(client, DELIVERY, {"id": checkout["id"], "m": checkout["shippingMethods"][0]["id"]}, user)
    assert chosen["data"]["checkoutDeliveryMethodUpdate"]["errors"] == []
    checkout["total"] = chosen["data"]["checkoutDeliveryMethodUpdate"]["checkout"]["totalPrice"]["gross"]["amount"]
    return checkout


def initialize(client, checkout, gateway=STRIPE_ID, data=None, user=None, amount=None):
    return gql(client, INITIALIZE, {"id": checkout["id"], "gateway": {"id": gateway, "data": data},
                                    "amount": amount}, user)["data"]["transactionInitialize"]


def complete(client, checkout, user=None):
    return gql(client, COMPLETE, {"id": checkout["id"]}, user)["data"]["checkoutComplete"]


def test_payment_gateway_initialize_gives_stripes_publishable_key_and_the_dummy_in_tests(client, two):
    checkout = create(client, [line(two[0])])["checkout"]
    payload = gql(client, GATEWAYS, {"id": checkout["id"]})["data"]["paymentGatewayInitialize"]
    assert payload["errors"] == []
    configs = {c["id"]: c for c in payload["gatewayConfigs"]}
    assert set(configs) == {STRIPE_ID, DUMMY_ID}
    assert configs[STRIPE_ID]["data"]["publishableKey"] == settings.STRIPE_PUBLISHABLE_KEY
    unknown = gql(client, GATEWAYS, {"id": checkout["id"], "gateways": [{"id": "app.unknown"}]})
    assert unknown["data"]["paymentGatewayInitialize"]["gatewayConfigs"][0]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}]


def test_the_dummy_gateway_is_offered_only_when_settings_allow_it(client, two, settings):
    settings.OCOP_DUMMY_GATEWAY = False
    checkout = ready_to_pay(client, two)
    configs = gql(client, GATEWAYS, {"id": checkout["id"]})["data"]["paymentGatewayInitialize"]["gatewayConfigs"]
    assert [c["id"] for c in configs] == [STRIPE_ID]
    payload = initialize(client, checkout, DUMMY_ID)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("paymentGateway", "NOT_FOUND")]
    assert not Order.objects.exists()


def test_stripe_transaction_initialize_returns_the_client_secret_of_a_payment_intent_for_the_total(client, two):
    checkout = ready_to_pay(client, two)
    payload = initialize(client, checkout)
    assert payload["errors"] == []
    intent_data = payload["data"]["paymentIntent"]
    assert intent_data["client_secret"].startswith(intent_data["id"] + "_secret")
    assert payload["data"]["publishableKey"] == settings.STRIPE_PUBLISHABLE_KEY
    intent = stripe_client().v1.payment_intents.retrieve(intent_data["id"])
    assert (intent.amount, intent.currency) == (checkout["total"], "vnd")  # whole đồng, never ×100
    assert payload["transaction"]["pspReference"] == intent_data["id"]
    assert payload["transactionEvent"]["type"] == "CHARGE_REQUEST"
    assert initialize(client, checkout)["data"]["paymentIntent"]["id"] == intent_data["id"]  # reused
    # Completing before the card is given says so and leaves the payment open for the card.
    assert complete(client, checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert Payment.objects.get().status == PaymentStatus.PENDING
    processed = gql(client, PROCESS, {"id": payload["transaction"]["id"]})["data"]["transactionProcess"]
    assert processed["errors"] == [] and processed["transactionEvent"]["type"] == "CHARGE_REQUEST"
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_paying_with_a_card_token_and_completing_places_one_order(client, two):
    checkout = ready_to_pay(client, two)
    transaction = initialize(client, checkout)["transaction"]
    processed = gql(client, PROCESS, {"id": transaction["id"], "data": {"token": card_token()}})["data"][
        "transactionProcess"]
    assert processed["errors"] == [] and processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert processed["transaction"]["chargedAmount"]["amount"] == checkout["total"]
    first = complete(client, checkout)
    assert first["errors"] == [] and first["confirmationNeeded"] is False
    assert first["order"]["total"]["gross"]["amount"] == checkout["total"]
    again = complete(client, checkout)
    assert again["order"]["id"] == first["order"]["id"] and again["errors"] == []
    assert Order.objects.count() == 1
    order = Order.objects.get()
    assert (order.user_email, order.shipping_province, order.shipping_street) == (
        "khach@example.vn", "Hà Nội", "12 Hàng Bạc, Tầng 2")
    assert Payment.objects.get().order == order


def test_a_declined_card_reports_a_charge_failure_and_nothing_is_placed(client, two):
    checkout = ready_to_pay(client, two)
    transaction = initialize(client, checkout)["transaction"]
    processed = gql(client, PROCESS, {"id": transaction["id"], "data": {"token": card_token(DECLINED)}})["data"][
        "transactionProcess"]
    assert processed["errors"] == [] and processed["transactionEvent"]["type"] == "CHARGE_FAILURE"
    assert processed["data"]["error"]["code"]
    result = complete(client, checkout)
    assert result["order"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "CHECKOUT_NOT_FULLY_PAID")]
    # A new attempt gets a fresh PaymentIntent and a good card pays it.
    retry = initialize(client, checkout)
    assert retry["transaction"]["id"] != transaction["id"]
    gql(client, PROCESS, {"id": retry["transaction"]["id"], "data": {"token": card_token()}})
    assert complete(client, checkout)["order"] is not None and Order.objects.count() == 1


def test_a_card_token_can_come_with_transaction_initialize(client, two):
    checkout = ready_to_pay(client, two)
    payload = initialize(client, checkout, data={"token": card_token()})
    assert payload["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert complete(client, checkout)["order"]["total"]["gross"]["amount"] == checkout["total"]


def test_the_dummy_gateway_pays_at_once_and_complete_returns_the_order(client, two):
    shopper = f.user()
    checkout = ready_to_pay(client, two, shopper)
    payload = initialize(client, checkout, DUMMY_ID, user=shopper)
    assert payload["errors"] == [] and payload["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert payload["transaction"]["name"] == "dummy"
    first = complete(client, checkout, shopper)
    assert first["errors"] == [] and first["order"]["total"]["gross"]["amount"] == checkout["total"]
    assert complete(client, checkout, shopper)["order"]["id"] == first["order"]["id"]
    assert complete(client, checkout, f.user())["errors"][0]["code"] == "NOT_FOUND"  # someone else's
    order = Order.objects.get()
    assert order.user == shopper and Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_a_checkout_not_ready_cannot_be_paid_or_completed(client, two):
    no_delivery = create(client, [line(two[0])], email="khach@example.vn", shippingAddress=address())["checkout"]
    payload = initialize(client, no_delivery)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("shippingMethod", "INVALID")]
    assert [(e["field"], e["code"]) for e in complete(client, no_delivery)["errors"]] == [
        ("shippingMethod", "SHIPPING_METHOD_NOT_SET")]
    no_email = create(client, [line(two[0])], shippingAddress=address())["checkout"]
    assert complete(client, no_email)["errors"][0]["code"] == "EMAIL_NOT_SET"
    no_address = create(client, [line(two[0])], email="khach@example.vn")["checkout"]
    assert complete(client, no_address)["errors"][0]["code"] == "SHIPPING_ADDRESS_NOT_SET"
    assert not Payment.objects.exists()


def test_unpaid_wrong_amount_and_unknown_ids_are_refused(client, two):
    checkout = ready_to_pay(client, two)
    assert complete(client, checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    wrong = initialize(client, checkout, amount=1000)
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("amount", "INVALID")]
    unknown = initialize(client, checkout, "app.unknown")
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("paymentGateway", "NOT_FOUND")]
    missing = initialize(client, {"id": gid("Checkout", "6f1c1c1e-0000-4000-8000-000000000000")})
    assert [(e["field"], e["code"]) for e in missing["errors"]] == [("id", "NOT_FOUND")]
    process = gql(client, PROCESS, {"id": gid("TransactionItem", 987654)})["data"]["transactionProcess"]
    assert process["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert complete(client, {"id": "nonsense"})["errors"][0]["code"] == "NOT_FOUND"


def test_another_users_transaction_is_not_found(client, two):
    owner = f.user()
    checkout = ready_to_pay(client, two, owner)
    transaction = initialize(client, checkout, user=owner)["transaction"]
    payload = gql(client, PROCESS, {"id": transaction["id"], "data": {"token": card_token()}}, f.user())
    assert payload["data"]["transactionProcess"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_the_checkout_shows_its_transactions_and_charge_status(client, two):
    checkout = ready_to_pay(client, two)
    transaction = initialize(client, checkout)["transaction"]
    shown = gql(client, CHECKOUT, {"id": checkout["id"]})["data"]["checkout"]
    assert shown["chargeStatus"] == "NONE" and shown["transactions"] == [{"id": transaction["id"]}]


THREE_D_SECURE = "4000002500003155"


def test_three_d_secure_asks_for_confirmation_then_completes(client, two):
    import requests

    checkout = ready_to_pay(client, two)
    started = initialize(client, checkout)
    transaction, secret = started["transaction"], started["data"]["paymentIntent"]["client_secret"]
    processed = gql(client, PROCESS, {"id": transaction["id"], "data": {"token": card_token(THREE_D_SECURE)}})
    assert processed["data"]["transactionProcess"]["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    waiting = complete(client, checkout)
    assert waiting["order"] is None and waiting["confirmationNeeded"] is True and waiting["errors"] == []
    assert '"requires_action"' in waiting["confirmationData"]
    # What Stripe.js's handleNextAction does once the shopper passes the bank's check:
    requests.post(f"{stripe_api_base()}/v1/payment_intents/{transaction['pspReference']}/_authenticate?success=true",
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": secret}, timeout=5)
    done = complete(client, checkout)
    assert done["errors"] == [] and done["order"] is not None and Order.objects.count() == 1


def test_a_payment_confirmed_by_stripe_js_is_found_by_checkout_complete(client, two):
    from ocop.payments.gateways.stripe import StripeGateway

    checkout = ready_to_pay(client, two)
    transaction = initialize(client, checkout)["transaction"]
    # The browser confirms the PaymentIntent with its client secret; the client skips transactionProcess.
    StripeGateway().confirm_payment(psp_reference=transaction["pspReference"], card_token=card_token())
    done = complete(client, checkout)
    assert done["errors"] == [] and done["order"]["total"]["gross"]["amount"] == checkout["total"]
    assert Order.objects.count() == 1


def test_a_payment_confirmed_by_stripe_js_after_the_stock_ran_out_is_refunded_by_checkout_complete(client, two):
    """Paid in the browser, then the last units went to someone else before checkoutComplete: the
    charge must not be left standing without an order."""
    from ocop.catalog.models import Stock
    from ocop.payments.gateways.stripe import StripeGateway
    from ocop.payments.models import Payment, PaymentStatus

    checkout = ready_to_pay(client, two)
    transaction = initialize(client, checkout)["transaction"]
    StripeGateway().confirm_payment(psp_reference=transaction["pspReference"], card_token=card_token())
    Stock.objects.filter(product_variant=two[0]).update(quantity_allocated=F("quantity"))  # sold elsewhere
    done = complete(client, checkout)
    assert done["order"] is None and done["errors"][0]["code"] == "PAYMENT_ERROR"
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_amount == payment.amount
    refunds = stripe_client().v1.refunds.list(params={"payment_intent": payment.psp_reference}).data
    assert sum(r.amount for r in refunds) == payment.amount and not Order.objects.exists()


def test_the_dummy_gateway_declines_the_token_declined(client, two):
    checkout = ready_to_pay(client, two)
    payload = initialize(client, checkout, DUMMY_ID, data={"token": "declined"})
    assert payload["errors"] == [] and payload["transactionEvent"]["type"] == "CHARGE_FAILURE"
    assert complete(client, checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert not Order.objects.exists()
