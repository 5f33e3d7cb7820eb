"""The checkout pages (address → delivery per producer → payment → confirmation), the shopper's
orders and the producer's parcels and balance, through the Django test client."""

import pytest

from ocop.checkout.models import Checkout, ShippingRate
from ocop.orders.models import Order
from ocop.payments.models import Payment, PaymentStatus
from ocop.payments import services as payments
from ocop.producers.models import ProducerMember
from tests import factories
from tests.checkout_factories import ADDRESS, ready_checkout, variants_of_two_producers
from tests.test_payments import DECLINED, card_token


@pytest.fixture
def two(seeded):
    return variants_of_two_producers(stock=10)


@pytest.fixture
def cart(client, two):
    for variant in two:
        client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    return client


def address_form(**overrides):
    return {"email": "lan@example.vn", **ADDRESS, **overrides}


def choose_deliveries(client, two, province="Hà Nội"):
    data = {}
    for variant in two:
        rate = next(r for r in ShippingRate.objects.filter(producer=variant.product.producer) if r.ships_to(province))
        data[f"rate-{variant.product.producer_id}"] = rate.pk
    return client.post("/checkout/delivery/", data)


def test_cart_has_a_checkout_button(cart):
    assert 'href="/checkout/address/"' in cart.get("/cart/").content.decode()


def test_address_errors_sit_beside_the_fields(cart):
    response = cart.post("/checkout/address/", address_form(phone="12345", commune=""))
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "0912 345 678" in html  # how to fix the phone
    assert not Checkout.objects.filter(shipping_address__isnull=False).exists()


def _message(html_text):
    import html

    return html.escape(html_text)


def test_a_bad_phone_alone_is_refused_with_the_services_own_message(cart):
    from django.core.exceptions import ValidationError

    from ocop.core.validators import normalize_phone

    try:
        normalize_phone("12345")
    except ValidationError as exc:
        message = exc.messages[0]
    response = cart.post("/checkout/address/", address_form(phone="12345"))
    assert response.status_code == 200 and _message(message) in response.content.decode()
    assert not Checkout.objects.filter(shipping_address__isnull=False).exists()


def test_a_street_longer_than_we_keep_is_refused_not_cut_or_crashed(cart):
    response = cart.post("/checkout/address/", address_form(street="12 " + "Hàng Bạc " * 40))
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Checkout.objects.filter(shipping_address__isnull=False).exists()


def test_address_then_delivery_per_producer_then_payment(cart, two):
    assert cart.post("/checkout/address/", address_form()).url == "/checkout/delivery/"
    page = cart.get("/checkout/delivery/").content.decode()
    for variant in two:
        assert variant.product.producer.name in page
    assert choose_deliveries(cart, two).url == "/checkout/payment/"
    response = cart.get("/checkout/payment/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "127.0.0.1" in policy.split("script-src")[1].split(";")[0]  # Stripe.js (localstripe) allowed
    assert "js.stripe.com/v3/" in response.content.decode()


def test_a_province_a_rate_does_not_reach_is_refused(cart, two):
    cart.post("/checkout/address/", address_form(province="Cà Mau"))
    northern = ShippingRate.objects.filter(producer=two[0].product.producer).exclude(provinces=[]).first()
    everywhere = ShippingRate.objects.filter(producer=two[1].product.producer, provinces=[]).first()
    response = cart.post("/checkout/delivery/", {f"rate-{two[0].product.producer_id}": northern.pk,
                                                 f"rate-{two[1].product.producer_id}": everywhere.pk})
    assert response.status_code == 200 and "Cà Mau" in response.content.decode()
    from django.utils import translation

    from ocop.checkout.models import CheckoutDelivery

    with translation.override("vi"):
        refused = translation.gettext("This delivery option does not reach %(province)s.") % {"province": "Cà Mau"}
    assert refused in response.content.decode()  # the reason, not just the province named elsewhere
    assert not CheckoutDelivery.objects.filter(producer=two[0].product.producer).exists()


def pay_page(client):
    client.get("/checkout/payment/")
    checkout = Checkout.objects.get()
    return checkout, checkout_payment(checkout)


def checkout_payment(checkout):
    from ocop.payments.models import Payment

    return Payment.objects.filter(checkout_token=checkout.token).order_by("-pk").first()


def test_paying_with_a_good_card_shows_the_confirmation(cart, two):
    cart.post("/checkout/address/", address_form())
    choose_deliveries(cart, two)
    _checkout, payment = pay_page(cart)
    response = cart.post("/checkout/payment/", {"payment": payment.pk, "card_token": card_token()}, follow=True)
    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == f"/checkout/complete/{order.token}/"
    html = response.content.decode()
    assert f"#{order.number}" in html and two[0].product.producer.name in html


def test_a_declined_card_shows_the_reason_and_keeps_the_cart(cart, two):
    cart.post("/checkout/address/", address_form())
    choose_deliveries(cart, two)
    checkout, payment = pay_page(cart)
    response = cart.post("/checkout/payment/", {"payment": payment.pk, "card_token": card_token(DECLINED)})
    assert response.status_code == 402
    assert "payment-error" in response.content.decode() and not Order.objects.exists()
    assert checkout.lines.count() == 2


def test_the_payment_page_says_so_when_stripe_is_unreachable(cart, two, monkeypatch):
    from ocop.payments.gateways import stripe as stripe_gateway

    cart.post("/checkout/address/", address_form())
    choose_deliveries(cart, two)
    checkout, payment = pay_page(cart)  # opening the page sends nothing to Stripe yet
    assert payment.psp_reference is None
    token = card_token()
    monkeypatch.setattr(stripe_gateway, "stripe_api_base", lambda: "http://127.0.0.1:9")
    response = cart.post("/checkout/payment/", {"payment": payment.pk, "card_token": token})
    page = response.content.decode()
    assert response.status_code == 503 and "payment-error" in page
    assert Checkout.objects.get().lines.count() == 2 and not Order.objects.exists()
    # The page offers a new attempt (its own idempotency key); with Stripe back, the card pays.
    retry = Payment.objects.exclude(pk=payment.pk).get()
    assert f'value="{retry.pk}"' in page and retry.status == PaymentStatus.PENDING
    monkeypatch.undo()
    response = cart.post("/checkout/payment/", {"payment": retry.pk, "card_token": card_token()})
    assert response.status_code == 302 and Order.objects.count() == 1


def paid_order(two, user=None):
    checkout = ready_checkout([(two[0], 1), (two[1], 1)], user=user)
    payment = payments.start_payment(checkout=checkout)
    return payments.pay(payment=payment, card_token=card_token())


def test_shoppers_see_their_orders_and_not_others(client, two):
    shopper, other = factories.user(), factories.user()
    order = paid_order(two, user=shopper)
    client.force_login(shopper)
    assert f"#{order.number}" in client.get("/accounts/orders/").content.decode()
    assert client.get(f"/accounts/orders/{order.token}/").status_code == 200
    client.force_login(other)
    assert client.get(f"/accounts/orders/{order.token}/").status_code == 404
    assert client.get(f"/checkout/complete/{order.token}/").status_code == 404


def owner_client(client, producer):
    person = factories.user()
    ProducerMember.objects.create(producer=producer, user=person, role="owner")
    client.force_login(person)
    return client


def test_producers_see_and_move_only_their_own_parcels(client, two):
    order = paid_order(two)
    mine = order.fulfillments.get(producer=two[0].product.producer)
    theirs = order.fulfillments.get(producer=two[1].product.producer)
    owner_client(client, mine.producer)
    listing = client.get("/seller/orders/").content.decode()
    assert f"#{order.number}" in listing and two[1].product.name not in listing
    assert client.get(f"/seller/orders/{theirs.pk}/").status_code == 404
    assert client.post(f"/seller/orders/{theirs.pk}/confirm/").status_code == 404
    client.post(f"/seller/orders/{mine.pk}/confirm/")
    response = client.post(f"/seller/orders/{mine.pk}/ship/", {"carrier": "", "tracking_number": ""})
    assert response.status_code == 400
    client.post(f"/seller/orders/{mine.pk}/ship/", {"carrier": "Viettel Post", "tracking_number": "VTP1"})
    mine.refresh_from_db()
    assert mine.status == "shipped" and mine.tracking_number == "VTP1"


def test_producer_balance_shows_credits_less_commission(client, two):
    order = paid_order(two)
    mine = order.fulfillments.get(producer=two[0].product.producer)
    owner_client(client, mine.producer)
    from ocop.core.money import format_vnd
    from ocop.payments.ledger import balance

    html = client.get("/seller/balance/").content.decode()
    assert format_vnd(balance(mine.producer), "vi") in html and balance(mine.producer) > 0


def test_producers_set_their_delivery_prices_and_provinces(client, two):
    producer = two[0].product.producer
    owner_client(client, producer)
    assert "Giao hàng tiêu chuẩn" in client.get("/seller/shipping/").content.decode()
    response = client.post("/seller/shipping/", {"name": "Giao trong tỉnh", "flat_amount": "150.5",
                                                 "per_kg_amount": "0"})
    assert response.status_code == 400 and "30000" in response.content.decode()
    client.post("/seller/shipping/", {"name": "Giao trong tỉnh", "flat_amount": "15.000", "per_kg_amount": "2000 ₫",
                                      "provinces": ["Phú Thọ"], "is_active": "on"})
    rate = ShippingRate.objects.get(producer=producer, name="Giao trong tỉnh")
    assert (rate.flat_amount, rate.per_kg_amount, rate.provinces) == (15000, 2000, ["Phú Thọ"])
    assert rate.price_for(1001) == 15000 + 2 * 2000
    other = ShippingRate.objects.exclude(producer=producer).first()
    assert client.post("/seller/shipping/", {"rate": other.pk, "name": "x", "flat_amount": "1",
                                             "per_kg_amount": "1"}).status_code == 404


def test_the_address_service_refuses_a_street_longer_than_its_column(two):
    from django.core.exceptions import ValidationError

    from ocop.checkout import services
    from tests.checkout_factories import ready_checkout

    checkout = ready_checkout([(two[0], 1)])
    before = checkout.shipping_address.street
    with pytest.raises(ValidationError) as caught:
        services.set_shipping_address(checkout=checkout, full_name="Nguyễn Thị Lan", phone="0912345678",
                                      province="TP. Hà Nội", commune="Phường Hoàn Kiếm", street="1" * 256,
                                      email="lan@example.vn")
    assert list(caught.value.error_dict) == ["street"]
    checkout.shipping_address.refresh_from_db()
    assert checkout.shipping_address.street == before


def test_a_card_that_wants_3d_secure_sends_the_browser_to_a_page_it_can_reload(cart, two):
    from tests.test_payments import THREE_D_SECURE

    cart.post("/checkout/address/", address_form())
    choose_deliveries(cart, two)
    checkout, payment = pay_page(cart)
    response = cart.post("/checkout/payment/", {"payment": payment.pk, "card_token": card_token(THREE_D_SECURE)})
    # A redirect, not the page itself: reloading it must not post the (single-use) card token again.
    assert response.status_code == 302 and response["Location"] == "/checkout/payment/"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUIRES_ACTION
    page = cart.get("/checkout/payment/").content.decode()
    assert 'data-requires-action="1"' in page and payment.client_secret in page
    assert cart.get("/checkout/payment/").content.decode().count(payment.client_secret) >= 1  # a reload: the same
    assert Payment.objects.count() == 1 and not Order.objects.exists()


def test_when_stripes_answer_is_lost_but_its_webhook_placed_the_order_the_shopper_sees_the_order(
        cart, two, monkeypatch):
    from ocop.payments.gateways.base import GatewayUnavailable

    cart.post("/checkout/address/", address_form())
    choose_deliveries(cart, two)
    checkout, payment = pay_page(cart)
    real_pay = payments.pay

    def answer_lost(*, payment, card_token, gateway=None):
        real_pay(payment=payment, card_token=card_token)  # Stripe charged; its webhook placed the order
        raise GatewayUnavailable("read timed out")

    monkeypatch.setattr(payments, "pay", answer_lost)
    response = cart.post("/checkout/payment/", {"payment": payment.pk, "card_token": card_token()})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/checkout/complete/{order.token}/"
    assert Payment.objects.count() == 1  # no second attempt offered


def test_the_address_step_follows_the_same_rules_as_the_api_and_the_address_book(cart, two):
    from ocop.checkout.models import CheckoutAddress

    response = cart.post("/checkout/address/", address_form(province="Tỉnh Vĩnh Phúc"))  # abolished in 2025
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not CheckoutAddress.objects.exists()
    # The province as people write it, stored as delivery rates name it.
    assert cart.post("/checkout/address/", address_form(province="Hà Nội")).status_code == 302
    assert CheckoutAddress.objects.get().province == "Hà Nội"  # as delivery rates name it
