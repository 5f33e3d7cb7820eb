"""A shopper buys from two producers: cart → address → delivery per producer → card in the Card
Element (localstripe's Stripe.js stand-in) → confirmation; a declined card shows the reason, and
a 3-D Secure card passes the bank's step. Real Chromium, real localstripe, real webhooks."""

import pytest

from tests.browser.screens import shots  # 390 px and 1280 px

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load(images=False, quiet=True)
    return live_server.url


def fill_cart_and_reach_payment(page, shop, artifacts_dir):
    from tests.checkout_factories import ADDRESS, variants_of_two_producers

    variants = variants_of_two_producers(stock=10)
    for variant in variants:
        page.goto(f"{shop}/products/{variant.product.slug}/")
        page.locator(f"input[name=variant][value='{variant.pk}']").check()
        page.get_by_role("button", name="Thêm vào giỏ").click()
        page.wait_for_load_state()
    shots(page, artifacts_dir, "01-cart")
    page.get_by_test_id("checkout-button").click()
    page.fill("#id_email", "lan@example.vn")
    for field in ("full_name", "phone", "commune", "street"):
        page.fill(f"#id_{field}", ADDRESS[field])
    page.select_option("#id_province", "Hà Nội")
    shots(page, artifacts_dir, "02-address")
    page.locator("main form button.button").click()
    page.wait_for_url("**/checkout/delivery/")
    for variant in variants:
        page.locator(f"input[name='rate-{variant.product.producer_id}']").first.check()
    shots(page, artifacts_dir, "03-delivery")
    page.locator("main form button.button").click()
    page.wait_for_url("**/checkout/payment/")
    page.locator("#card-element input").first.wait_for()
    return variants


def enter_card(page, number):
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("10000")
    page.locator("#pay-button").click()


def test_buying_from_two_producers_with_a_card(shop, page, artifacts_dir):
    from ocop.orders.models import Order

    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    fill_cart_and_reach_payment(page, shop, artifacts_dir)
    shots(page, artifacts_dir, "04-payment")
    enter_card(page, "4242 4242 4242 4242".replace(" ", ""))
    page.get_by_test_id("order-confirmed").wait_for()
    shots(page, artifacts_dir, "05-confirmation")
    order = Order.objects.get()
    assert f"#{order.number}" in page.get_by_test_id("order-confirmed").inner_text()
    assert order.fulfillments.count() == 2 and order.payments.get().status == "succeeded"
    assert not [e for e in errors if "Content Security Policy" in e], errors
    # localstripe's payment_intent.succeeded webhook arrives after the browser: recorded, no second order.
    import time

    from ocop.payments.models import StripeEvent

    deadline = time.monotonic() + 10
    while not StripeEvent.objects.filter(type="payment_intent.succeeded", processed_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the webhook never arrived"
        time.sleep(0.2)
    assert Order.objects.count() == 1


def test_a_declined_card_shows_the_reason(shop, page, artifacts_dir):
    from ocop.orders.models import Order

    fill_cart_and_reach_payment(page, shop, artifacts_dir)
    enter_card(page, "4000000000000002")
    error = page.get_by_test_id("payment-error")
    error.wait_for()
    shots(page, artifacts_dir, "04-declined")
    assert "từ chối" in error.inner_text().lower()
    assert not Order.objects.exists()


def test_a_3d_secure_card_passes_the_banks_step(shop, page, artifacts_dir):
    from ocop.orders.models import Order

    fill_cart_and_reach_payment(page, shop, artifacts_dir)
    enter_card(page, "4000002500003155")
    page.get_by_role("button", name="Complete authentication").click()
    page.get_by_test_id("order-confirmed").wait_for()
    shots(page, artifacts_dir, "05-3ds-confirmation")
    assert Order.objects.count() == 1
