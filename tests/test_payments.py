"""Paying through the Stripe gateway against localstripe (the real fake server, no mocks):
VND is zero-decimal, declines say why, the order is created once whether the browser or the
webhook comes first, webhooks are verified and processed once per event id."""

import hashlib
import hmac
import json
import time

import pytest
import stripe
from django.conf import settings

from ocop.catalog.models import Stock
from ocop.orders.models import Order
from ocop.payments import ledger, services
from ocop.payments.config import stripe_api_base
from ocop.payments.gateways.base import GatewayUnavailable, PaymentDeclined
from ocop.payments.gateways.stripe import StripeGateway, to_stripe_amount
from ocop.payments.models import LedgerEntry, Payment, PaymentStatus, StripeEvent
from tests.checkout_factories import ready_checkout, variants_of_two_producers

VISA = "4242424242424242"
DECLINED = "4000000000000002"
THREE_D_SECURE = "4000002500003155"


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


@pytest.fixture(params=[True, False], ids=["intent-first", "intent-at-pay"])
def intent_first(request):
    """Both ways a payment starts: the PaymentIntent made when the payment page opens (a GraphQL
    client confirming with Stripe.js), or made and confirmed at once when the card is sent (the
    storefront)."""
    return request.param


def client_():  # not `client`: that name is pytest-django's test client fixture
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": stripe_api_base()})


def card_token(number=VISA) -> str:
    """What Stripe.js's createToken gives the browser."""
    return client_().v1.tokens.create(params={"card": {"number": number, "exp_month": "12", "exp_year": "2030",
                                                      "cvc": "123"}}).id


def signed(event: dict, secret=None, timestamp=None):
    payload = json.dumps(event)
    timestamp = int(timestamp or time.time())
    signature = hmac.new((secret or settings.STRIPE_WEBHOOK_SECRET).encode(), f"{timestamp}.{payload}".encode(),
                         hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def post_event(client_, event, **kwargs):
    payload, header = signed(event, **kwargs)
    return client_.post("/payments/stripe/webhook/", payload, content_type="application/json",
                        HTTP_STRIPE_SIGNATURE=header)


def test_vnd_is_sent_in_dong_never_times_100():
    assert to_stripe_amount(150000, "VND") == 150000
    assert to_stripe_amount(1500, "USD") == 150000


def test_payment_intent_is_created_in_vnd_for_the_checkout_total(two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    intent = client_().v1.payment_intents.retrieve(payment.psp_reference)
    assert (intent.amount, intent.currency) == (payment.amount, "vnd")
    from ocop.checkout.selectors import checkout_quote

    assert payment.amount == checkout_quote(checkout).total > two[0].price_amount
    assert services.start_payment(checkout=checkout).pk == payment.pk  # a reload reuses it


def test_a_good_card_pays_and_places_the_order_with_ledger_credits(two, intent_first):
    checkout = ready_checkout([(two[0], 2), (two[1], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=intent_first)
    order = services.pay(payment=payment, card_token=card_token())
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.order == order
    assert order.total_amount == payment.amount
    parcel = order.fulfillments.get(producer=two[0].product.producer)
    entry = LedgerEntry.objects.get(fulfillment=parcel)
    commission = (parcel.subtotal_amount * settings.PLATFORM_COMMISSION_PERCENT + 50) // 100
    assert entry.amount == parcel.subtotal_amount + parcel.shipping_amount - commission
    assert ledger.balance(parcel.producer) == entry.amount


def test_a_declined_card_says_why_and_places_no_order(two, intent_first):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=intent_first)
    with pytest.raises(PaymentDeclined) as exc:
        services.pay(payment=payment, card_token=card_token(DECLINED))
    assert "declined" in exc.value.message.lower() or "từ chối" in exc.value.message.lower()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and Order.objects.count() == 0
    retry = services.start_payment(checkout=checkout, create_intent=intent_first)
    assert retry.pk != payment.pk  # a new attempt, the cart intact
    assert services.pay(payment=retry, card_token=card_token()) is not None


def test_an_unknown_card_token_asks_for_the_card_again_not_says_payments_are_down(two, intent_first):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=intent_first)
    with pytest.raises(PaymentDeclined) as exc:
        services.pay(payment=payment, card_token="tok_nobody_made_this")
    assert exc.value.code == "invalid_card_token"
    assert exc.value.message == services.decline_message("invalid_card_token")
    assert Order.objects.count() == 0
    retry = services.start_payment(checkout=checkout, create_intent=intent_first)
    assert services.pay(payment=retry, card_token=card_token()) is not None  # the card again: paid


def test_three_d_secure_waits_for_the_bank_then_completes(two, intent_first):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=intent_first)
    assert services.pay(payment=payment, card_token=card_token(THREE_D_SECURE)) is None
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUIRES_ACTION
    # What Stripe.js's confirmCardPayment does after the shopper passes the bank's check:
    import requests

    requests.post(f"{stripe_api_base()}/v1/payment_intents/{payment.psp_reference}/_authenticate?success=true",
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": payment.client_secret}, timeout=5)
    order = services.refresh(payment=payment)
    assert order is not None and Order.objects.count() == 1


def test_webhook_first_then_browser_gives_one_order(client, two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    gateway = StripeGateway()
    gateway.confirm_payment(psp_reference=payment.psp_reference, card_token=card_token())
    event = {"id": "evt_first_1", "type": "payment_intent.succeeded",
             "data": {"object": {"id": payment.psp_reference, "object": "payment_intent"}}}
    assert post_event(client, event).status_code == 200
    assert post_event(client, event).status_code == 200  # redelivered
    order = services.pay(payment=Payment.objects.get(pk=payment.pk), card_token="ignored")
    assert Order.objects.count() == 1 and order.pk == Order.objects.get().pk
    assert StripeEvent.objects.filter(event_id="evt_first_1").count() == 1
    assert Stock.objects.get(product_variant=two[0]).quantity_allocated == 1


def test_webhook_with_a_bad_or_old_signature_is_refused(client, two):
    event = {"id": "evt_bad", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_x"}}}
    assert post_event(client, event, secret="whsec_wrong").status_code == 400
    assert post_event(client, event, timestamp=time.time() - 600).status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_late_failure_event_does_not_undo_a_paid_order(client, two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    services.pay(payment=payment, card_token=card_token())
    post_event(client, {"id": "evt_late_fail", "type": "payment_intent.payment_failed",
                        "data": {"object": {"id": payment.psp_reference, "last_payment_error": {"code": "card_declined"}}}})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


def test_refund_and_dispute_events_are_recorded(client, two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    order = services.pay(payment=payment, card_token=card_token())
    # A refund made in the Stripe dashboard, then Stripe's event about it.
    refund = client_().v1.refunds.create(params={"payment_intent": payment.psp_reference, "amount": 10000})
    post_event(client, {"id": "evt_refund", "type": "charge.refunded",
                        "data": {"object": {"id": "ch_1", "payment_intent": payment.psp_reference,
                                            "amount_refunded": 10000, "refunds": {"data": [{"id": refund.id}]}}}})
    post_event(client, {"id": "evt_dispute", "type": "charge.dispute.created",
                        "data": {"object": {"id": "dp_1", "payment_intent": payment.psp_reference, "amount": 5000,
                                            "reason": "fraudulent"}}})
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.total_refunded_amount == 10000 and payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert order.events.filter(type="dispute_opened").exists()


def test_cancelling_a_paid_parcel_refunds_it_through_the_gateway_and_debits_the_ledger(two):
    from ocop.orders.services import cancel_fulfillment
    from ocop.producers.models import ProducerMember
    from tests import factories

    checkout = ready_checkout([(two[0], 1), (two[1], 1)])
    payment = services.start_payment(checkout=checkout)
    order = services.pay(payment=payment, card_token=card_token())
    parcel = order.fulfillments.get(producer=two[0].product.producer)
    owner = factories.user()
    ProducerMember.objects.create(producer=parcel.producer, user=owner, role="owner")
    cancel_fulfillment(user=owner, fulfillment_id=parcel.pk, reason="Hết hàng")
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.refunded_amount == parcel.total_amount == order.total_refunded_amount
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert ledger.balance(parcel.producer) == 0


def test_when_stripe_is_unreachable_the_checkout_stays(two):
    checkout = ready_checkout([(two[0], 1)])
    gateway = StripeGateway(api_base="http://127.0.0.1:9")
    with pytest.raises(GatewayUnavailable):
        services.start_payment(checkout=checkout, gateway=gateway)
    assert checkout.lines.count() == 1 and Order.objects.count() == 0
    waiting = Payment.objects.get()
    assert waiting.status == PaymentStatus.PENDING and waiting.psp_reference is None
    # Stripe is back: trying again uses the same payment (same idempotency key) and pays.
    again = services.start_payment(checkout=checkout)
    assert again.pk == waiting.pk and again.psp_reference
    assert services.pay(payment=again, card_token=card_token()) is not None


def test_when_stripe_is_unreachable_while_paying_the_attempt_closes_and_the_next_one_pays(two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=False)
    assert payment.psp_reference is None  # nothing was sent to Stripe when the page opened
    with pytest.raises(GatewayUnavailable):
        services.pay(payment=payment, card_token=card_token(), gateway=StripeGateway(api_base="http://127.0.0.1:9"))
    payment.refresh_from_db()
    assert (payment.status, payment.error_code) == (PaymentStatus.FAILED, services.UNREACHABLE)
    assert payment.error_message == services.unavailable_message()
    assert checkout.lines.count() == 1 and Order.objects.count() == 0
    retry = services.start_payment(checkout=checkout, create_intent=False)
    assert retry.pk != payment.pk and retry.idempotency_key != payment.idempotency_key
    order = services.pay(payment=retry, card_token=card_token())
    assert order is not None and order.total_amount == retry.amount


def test_a_charge_whose_answer_was_lost_is_placed_by_its_webhook(client, two):
    """Stripe charged but its answer never reached us (a timeout): the attempt was closed, and
    the payment_intent.succeeded event finds the payment by the id in the intent's metadata."""
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=False)
    charged = StripeGateway().charge(amount=payment.amount, currency="VND", idempotency_key=payment.idempotency_key,
                                     metadata=services._metadata(payment), card_token=card_token())
    assert charged.status == "succeeded"
    services._mark_failed(payment.pk, services.UNREACHABLE)  # what pay() did when the answer was lost
    intent = client_().v1.payment_intents.retrieve(charged.psp_reference).to_dict()
    event = {"id": "evt_lost_answer", "type": "payment_intent.succeeded", "data": {"object": intent}}
    assert post_event(client, event).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.psp_reference == charged.psp_reference
    assert payment.order is not None and payment.order.total_amount == payment.amount


def test_an_event_naming_another_checkouts_payment_changes_nothing(client, two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=False)
    for metadata in ({"ocop_payment": str(payment.pk), "checkout_token": "00000000-0000-0000-0000-000000000000"},
                     {"ocop_payment": "²", "checkout_token": str(payment.checkout_token)},
                     {"ocop_payment": "9" * 40, "checkout_token": str(payment.checkout_token)},
                     {"ocop_payment": str(payment.pk), "checkout_token": "not a uuid"},
                     {"ocop_payment": "1; drop", "checkout_token": str(payment.checkout_token)},
                     "not a dict"):
        event = {"id": f"evt_other_{hash(str(metadata))}", "type": "payment_intent.succeeded",
                 "data": {"object": {"id": "pi_someone_elses", "metadata": metadata}}}
        # Metadata that is not an object is not Stripe's shape: refused outright.
        assert post_event(client, event).status_code == (200 if isinstance(metadata, dict) else 400)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.psp_reference is None
    assert Order.objects.count() == 0


def test_a_second_payment_for_an_already_paid_cart_is_refunded(two):
    checkout = ready_checkout([(two[0], 1)])
    first = services.start_payment(checkout=checkout)
    # A second tab: a PaymentIntent of its own (as after a 3-D Secure step left open).
    Payment.objects.filter(pk=first.pk).update(status=PaymentStatus.REQUIRES_ACTION)
    second = services.start_payment(checkout=checkout)
    assert second.pk != first.pk
    Payment.objects.filter(pk=first.pk).update(status=PaymentStatus.PENDING)
    order = services.pay(payment=Payment.objects.get(pk=first.pk), card_token=card_token())
    with pytest.raises(services.PaymentNotCompleted):
        services.pay(payment=second, card_token=card_token())
    second.refresh_from_db()
    assert second.status == PaymentStatus.REFUNDED and second.order is None
    assert Order.objects.count() == 1 and order.payments.count() == 1


def test_failing_the_banks_3d_secure_step_places_nothing_and_says_so(two):
    import requests

    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    assert services.pay(payment=payment, card_token=card_token(THREE_D_SECURE)) is None
    requests.post(f"{stripe_api_base()}/v1/payment_intents/{payment.psp_reference}/_authenticate?success=false",
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": payment.client_secret}, timeout=5)
    with pytest.raises(PaymentDeclined) as exc:
        services.refresh(payment=payment)
    assert "bank" in exc.value.message.lower() or "ngân hàng" in exc.value.message.lower()
    assert not Order.objects.exists() and checkout.lines.count() == 1


def test_orders_and_payments_are_counted_for_prometheus(two):
    from ocop.core import metrics

    orders_before = metrics.ORDERS._value.get()
    paid_before = metrics.PAYMENTS.labels(gateway="stripe", outcome="succeeded")._value.get()
    checkout = ready_checkout([(two[0], 1)])
    services.pay(payment=services.start_payment(checkout=checkout), card_token=card_token())
    assert metrics.ORDERS._value.get() == orders_before + 1
    assert metrics.PAYMENTS.labels(gateway="stripe", outcome="succeeded")._value.get() == paid_before + 1


ALWAYS_AUTHENTICATE = "4000002760003184"


def _authenticate(payment, success: bool):
    """What Stripe.js's confirmCardPayment does when the shopper passes (or fails) the bank's step."""
    import requests

    requests.post(f"{stripe_api_base()}/v1/payment_intents/{payment.psp_reference}/_authenticate"
                  f"?success={'true' if success else 'false'}",
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": payment.client_secret}, timeout=5)


def test_coming_back_to_a_payment_waiting_for_3d_secure_reuses_its_payment_intent(two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    assert services.pay(payment=payment, card_token=card_token(ALWAYS_AUTHENTICATE)) is None
    again = services.start_payment(checkout=checkout)
    assert (again.pk, again.psp_reference, again.status) == (payment.pk, payment.psp_reference,
                                                            PaymentStatus.REQUIRES_ACTION)
    assert Payment.objects.count() == 1
    assert client_().v1.payment_intents.retrieve(payment.psp_reference).status == "requires_action"
    _authenticate(payment, success=True)
    order = services.refresh(payment=again)
    assert order is not None and Order.objects.count() == 1 and order.payments.get().pk == payment.pk


def test_a_3d_secure_step_finished_elsewhere_is_found_when_the_shopper_comes_back(two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    services.pay(payment=payment, card_token=card_token(ALWAYS_AUTHENTICATE))
    _authenticate(payment, success=True)  # in another tab; neither our return page nor the webhook seen yet
    again = services.start_payment(checkout=checkout)
    assert again.pk == payment.pk and again.status == PaymentStatus.SUCCEEDED and again.order_id
    assert Order.objects.count() == 1


def test_after_the_bank_refuses_3d_secure_coming_back_starts_a_new_payment(two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    services.pay(payment=payment, card_token=card_token(ALWAYS_AUTHENTICATE))
    _authenticate(payment, success=False)
    again = services.start_payment(checkout=checkout)
    assert again.pk != payment.pk and again.psp_reference != payment.psp_reference
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert services.pay(payment=again, card_token=card_token()) is not None


def test_the_payment_page_runs_the_banks_step_again_for_the_waiting_payment(client, two):
    from storefront.cart import SESSION_KEY as CHECKOUT_SESSION_KEY

    checkout = ready_checkout([(two[0], 1)])
    session = client.session
    session[CHECKOUT_SESSION_KEY] = str(checkout.token)
    session.save()
    payment = services.start_payment(checkout=checkout)
    services.pay(payment=payment, card_token=card_token(ALWAYS_AUTHENTICATE))
    html = client.get("/checkout/payment/").content.decode()
    assert 'data-requires-action="1"' in html and payment.client_secret in html
    assert f'name="payment" value="{payment.pk}"' in html and Payment.objects.count() == 1


def test_signed_events_that_are_not_shaped_like_stripes_are_refused_and_change_nothing(client, two):
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    order = services.pay(payment=payment, card_token=card_token())
    malformed = [
        {"id": "evt_m1", "type": "charge.dispute.created", "data": "not an object"},
        {"id": "evt_m2", "type": "charge.dispute.created", "data": {"object": ["a", "list"]}},
        {"id": 12345, "type": "payment_intent.succeeded", "data": {"object": {"id": payment.psp_reference}}},
        {"id": "x" * 500, "type": "payment_intent.succeeded", "data": {"object": {"id": payment.psp_reference}}},
        {"id": "evt_m3", "type": ["charge.refunded"], "data": {"object": {}}},
        {"id": "evt_m4", "type": "charge.refunded",
         "data": {"object": {"payment_intent": payment.psp_reference, "amount_refunded": "a lot",
                             "refunds": {"data": [{"id": "re_1", "amount": "many"}]}}}},
    ]
    for event in malformed:
        assert post_event(client, event).status_code == 400, event
    assert client.post("/payments/stripe/webhook/", "[1, 2]", content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=signed([1, 2])[1]).status_code == 400
    timestamp = int(time.time())
    body = "{not json"
    signature = hmac.new(settings.STRIPE_WEBHOOK_SECRET.encode(), f"{timestamp}.{body}".encode(),
                         hashlib.sha256).hexdigest()
    assert client.post("/payments/stripe/webhook/", body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}").status_code == 400
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.total_refunded_amount == 0 and payment.refunded_amount == 0
    assert not order.events.filter(type="dispute_opened").exists()
    assert not StripeEvent.objects.filter(processed_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_twice_at_once_takes_effect_once(seeded):
    import threading

    from django.db import connection

    two = variants_of_two_producers(stock=10)
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout)
    order = services.pay(payment=payment, card_token=card_token())
    event = {"id": "evt_dispute_twice", "type": "charge.dispute.created",
             "data": {"object": {"id": "dp_twice", "payment_intent": payment.psp_reference, "amount": 5000,
                                 "reason": "fraudulent"}}}
    results, barrier = [], threading.Barrier(4)

    def deliver():
        try:
            barrier.wait()
            results.append(services.handle_stripe_event(event))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert order.events.filter(type="dispute_opened").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_delivery_waiting_too_long_for_the_same_event_answers_409_so_stripe_retries(seeded, client, monkeypatch):
    import hashlib as hashlib_
    import psycopg

    from django.db import connection

    monkeypatch.setattr(services, "EVENT_LOCK_WAIT_SECONDS", 0.3)
    event = {"id": "evt_busy", "type": "charge.dispute.created",
             "data": {"object": {"id": "dp_busy", "payment_intent": "pi_nobody", "amount": 1, "reason": "general"}}}
    key = int.from_bytes(hashlib_.sha256(b"stripe-event:evt_busy").digest()[:8], "big", signed=True)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:  # another web process handling it
        other.execute("SELECT pg_advisory_lock(%s)", [key])
        assert post_event(client, event).status_code == 409
        assert not StripeEvent.objects.filter(event_id="evt_busy", processed_at__isnull=False).exists()
        other.execute("SELECT pg_advisory_unlock(%s)", [key])
    assert post_event(client, event).status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_busy", processed_at__isnull=False).exists()


def test_our_stand_in_keeps_stripes_rules_for_idempotency_keys_and_tokens():
    """localstripe itself ignores both; ocop.core.localstripe_server adds them so that code which
    Stripe would refuse fails here too."""
    stripe_ = client_()
    params = {"amount": 150000, "currency": "vnd", "payment_method_types": ["card"]}
    first = stripe_.v1.payment_intents.create(params=params, options={"idempotency_key": "ocop-test-key-1"})
    again = stripe_.v1.payment_intents.create(params=params, options={"idempotency_key": "ocop-test-key-1"})
    assert again.id == first.id  # replayed, not done twice
    with pytest.raises(stripe.IdempotencyError):
        stripe_.v1.payment_intents.create(params={**params, "amount": 160000},
                                          options={"idempotency_key": "ocop-test-key-1"})
    token = card_token()
    stripe_.v1.customers.create(params={"source": token})
    with pytest.raises(stripe.InvalidRequestError, match="more than once"):
        stripe_.v1.customers.create(params={"source": token})


def test_a_payment_whose_intent_was_made_but_never_recorded_is_charged_under_a_key_of_its_own(two):
    """transactionInitialize's create reached Stripe but its answer did not (the payment has no
    PaymentIntent id); the card then arrives for the same payment: the one-step charge must not
    reuse the create call's key with other parameters (Stripe would refuse it)."""
    checkout = ready_checkout([(two[0], 1)])
    payment = services.start_payment(checkout=checkout, create_intent=False)
    StripeGateway().create_payment(amount=payment.amount, currency="VND", idempotency_key=payment.idempotency_key,
                                   metadata=services._metadata(payment))  # its answer "lost"
    order = services.pay(payment=payment, card_token=card_token())
    assert order is not None and order.total_amount == payment.amount


def test_a_card_token_sent_twice_cannot_charge_twice(two):
    checkout = ready_checkout([(two[0], 1)])
    token = card_token()
    order = services.pay(payment=services.start_payment(checkout=checkout, create_intent=False), card_token=token)
    assert order is not None
    other = ready_checkout([(two[1], 1)], email="khac@example.vn")
    with pytest.raises(PaymentDeclined) as exc:
        services.pay(payment=services.start_payment(checkout=other, create_intent=False), card_token=token)
    assert exc.value.code == "invalid_card_token" and Order.objects.count() == 1
