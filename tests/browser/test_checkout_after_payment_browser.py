"""The second half of the buying story: after the shopper pays for a two-producer cart with
4242…, each producer logs in and ships its parcel, one producer refunds one line, then the
shopper's order page shows each parcel's status and the refund, and both producers' balance pages
show sale − 5 % commission (− the refund less its commission). Screenshots at 390 px and 1280 px."""

import re

import pytest

from tests.browser.test_checkout_browser import enter_card, fill_cart_and_reach_payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-dai-2026"
WIDTHS = (390, 1280)


@pytest.fixture
def shop(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PLATFORM_COMMISSION_PERCENT = 5
    load(images=False, quiet=True)
    return live_server.url


def shots(page, artifacts_dir, name):
    """Full-page screenshots of the current page at a phone's and a desktop's width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(page, shop, email):
    page.goto(f"{shop}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button.button").click()
    page.wait_for_load_state()


def digits(text: str) -> int:
    sign = -1 if text.strip().startswith(("-", "−")) else 1
    return sign * int(re.sub(r"\D", "", text))


def test_producers_ship_and_refund_and_everyone_sees_the_right_figures(shop, browser, page, artifacts_dir):
    from ocop.core.money import format_vnd
    from ocop.orders.models import Order
    from ocop.producers.models import ProducerMember
    from tests import factories

    variants = fill_cart_and_reach_payment(page, shop, artifacts_dir)
    enter_card(page, "4242424242424242")
    page.get_by_test_id("order-confirmed").wait_for()
    order = Order.objects.get()
    parcels = {p.producer_id: p for p in order.fulfillments.all()}
    owners = {}
    for variant in variants:
        owner = factories.user(password=PASSWORD)
        ProducerMember.objects.create(producer=variant.product.producer, user=owner, role="owner")
        owners[variant.product.producer_id] = owner

    refunding = variants[0].product.producer_id
    for index, (producer_id, owner) in enumerate(owners.items()):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        seller = context.new_page()
        log_in(seller, shop, owner.email)
        seller.goto(f"{shop}/seller/orders/{parcels[producer_id].pk}/")
        seller.locator(f"form[action$='/confirm/'] button").click()
        seller.wait_for_load_state()
        seller.fill("#carrier", "Viettel Post")
        seller.fill("#tracking", f"VTP{order.number}{index}")
        seller.locator("form[action$='/ship/'] button").click()
        seller.wait_for_load_state()
        assert seller.get_by_test_id("fulfillment-status").inner_text() == "Đã gửi hàng"
        if producer_id == refunding:
            line = order.lines.get(fulfillment=parcels[producer_id])
            seller.select_option("#refund-line", str(line.pk))
            seller.fill("#refund-quantity", "1")
            seller.fill("#refund-reason", "Hũ mật ong bị nứt khi giao")
            shots(seller, artifacts_dir, "09-seller-refund-form")
            seller.locator("form[action$='/refund/'] button").click()
            seller.wait_for_load_state()
            seller.get_by_test_id("parcel-refunded").wait_for()
            shots(seller, artifacts_dir, "10-seller-parcel-refunded")
        context.close()

    # The shopper's order page: each parcel shipped with its tracking, the refund shown.
    order.refresh_from_db()
    refunded_line = order.lines.get(fulfillment=parcels[refunding])
    refund = refunded_line.unit_price_amount
    assert order.total_refunded_amount == refund and refunded_line.quantity_refunded == 1
    page.goto(f"{shop}/accounts/orders/{order.token}/")
    statuses = page.get_by_test_id("parcel-status").all_inner_texts()
    assert statuses == ["Đã gửi hàng", "Đã gửi hàng"]
    assert all("VTP" in page.locator("section.parcel").nth(i).inner_text() for i in range(2))
    assert digits(page.get_by_test_id("order-refunded").inner_text()) == refund
    assert digits(page.get_by_test_id("parcel-refunded").inner_text()) == refund
    shots(page, artifacts_dir, "11-shopper-order")

    # Each producer's balance: the sale less 5 % commission on the goods, plus delivery, less the
    # refund less the commission that came back with it.
    def commission(amount):
        return (amount * 5 + 50) // 100

    for producer_id, owner in owners.items():
        parcel = parcels[producer_id]
        expected = parcel.subtotal_amount - commission(parcel.subtotal_amount) + parcel.shipping_amount
        if producer_id == refunding:
            expected -= refund - commission(refund)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        seller = context.new_page()
        log_in(seller, shop, owner.email)
        seller.goto(f"{shop}/seller/balance/")
        shown = seller.get_by_test_id("balance").inner_text()
        assert shown == format_vnd(expected, "vi") and digits(shown) == expected
        kinds = seller.locator("table.statement tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)")
        assert sorted(kinds) == (["refund", "sale"] if producer_id == refunding else ["sale"])
        shots(seller, artifacts_dir, f"12-balance-{'refunded' if producer_id == refunding else 'other'}")
        context.close()

    # Staff pay the other producer out in full; its statement shows the payout, its balance is 0.
    other = next(pid for pid in owners if pid != refunding)
    staff = factories.user(password=PASSWORD, is_staff=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = context.new_page()
    log_in(desk, shop, staff.email)
    desk.goto(f"{shop}/staff/payouts/")
    shots(desk, artifacts_dir, "13-staff-payouts")
    desk.goto(f"{shop}/staff/payouts/{other}/")
    owed = digits(desk.get_by_test_id("balance").inner_text())
    desk.fill("#id_amount", str(owed + 1))
    desk.fill("#id_reference", "VCB 261126-01")
    desk.locator("main form.sp-form button").click()
    desk.wait_for_load_state()
    assert desk.locator(".field-error #id_amount").count() == 1
    shots(desk, artifacts_dir, "14-staff-payout-too-much")
    desk.fill("#id_amount", str(owed))
    desk.locator("main form.sp-form button").click()
    desk.wait_for_load_state()
    assert digits(desk.get_by_test_id("balance").inner_text()) == 0
    shots(desk, artifacts_dir, "15-staff-payout-recorded")
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    seller = context.new_page()
    log_in(seller, shop, owners[other].email)
    seller.goto(f"{shop}/seller/balance/")
    assert digits(seller.get_by_test_id("balance").inner_text()) == 0
    assert "VCB 261126-01" in seller.locator("tr[data-kind=payout]").inner_text()
    shots(seller, artifacts_dir, "16-balance-after-payout")
    context.close()


def test_coming_back_during_3d_secure_reuses_the_payment_and_completes(shop, page, artifacts_dir):
    from ocop.orders.models import Order
    from ocop.payments.models import Payment

    fill_cart_and_reach_payment(page, shop, artifacts_dir)
    enter_card(page, "4000002760003184")
    page.get_by_role("button", name="Complete authentication").wait_for()
    first = Payment.objects.get()
    assert first.status == "requires_action"
    # The shopper leaves the bank's window and opens the payment page again.
    page.goto(f"{shop}/checkout/payment/")
    page.get_by_role("button", name="Complete authentication").click()
    page.get_by_test_id("order-confirmed").wait_for()
    shots(page, artifacts_dir, "20-3ds-reused-confirmation")
    assert Payment.objects.count() == 1 and Order.objects.get().payments.get().pk == first.pk
