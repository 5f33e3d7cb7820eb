"""In Chromium, at a phone's and a desktop's width: a producer adds a delivery option, is shown
what to fix when a price is typed with dots, changes it and deletes it; the producer's parcel list
and the shopper's order history show an order of two producers' goods."""

import pytest

from tests.browser.screens import shots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER = ("owner.tamdao@ocop.example", "mat-ong-tam-dao")
SHOPPER = ("shopper@ocop.example", "mua-hang-2026")


@pytest.fixture
def site(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load(images=False, quiet=True)
    return live_server.url


def logged_in(browser, site, account, next_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.fill("#id_username", account[0])
    page.fill("#id_password", account[1])
    page.locator("main form button").click()
    page.wait_for_url(f"**{next_url}")
    return context, page


def test_a_producer_adds_fixes_changes_and_deletes_a_delivery_option(site, browser, artifacts_dir):
    from ocop.checkout.models import ShippingRate

    context, page = logged_in(browser, site, OWNER, "/seller/shipping/")
    assert page.locator("h1").inner_text() == "Cách giao hàng"
    shots(page, artifacts_dir, "01-shipping")

    page.fill("#name-new", "Giao nhanh trong tỉnh")
    page.fill("#flat-new", "30.00")  # a fraction of a đồng: refused, saying how to write it
    page.fill("#kg-new", "5000")
    page.locator("form:has(#name-new) summary").click()  # the province list opens on demand
    page.locator("#provinces-new").check()
    page.locator("form:has(#name-new) button.button").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"  # keyboard users land on it
    link = summary.get_by_role("link")
    assert link.count() == 1 and link.get_attribute("href") == "#flat-new"
    assert "30000" in link.inner_text() and "30.000" in link.inner_text()
    assert page.locator("#flat-new").get_attribute("aria-invalid") == "true"
    assert page.locator("#flat-new").input_value() == "30.00" and page.locator("#provinces-new").is_checked()
    shots(page, artifacts_dir, "02-shipping-error")
    link.click()
    assert page.evaluate("document.activeElement.id") == "flat-new"  # the link takes them to the field
    assert not ShippingRate.objects.filter(name="Giao nhanh trong tỉnh").exists()

    page.fill("#flat-new", "30.000")  # as people write prices: read as 30000
    page.locator("form:has(#name-new) button.button").click()
    page.wait_for_load_state()
    rate = ShippingRate.objects.get(name="Giao nhanh trong tỉnh")
    assert (rate.flat_amount, rate.per_kg_amount, len(rate.provinces)) == (30000, 5000, 1)
    assert page.locator(".error-summary").count() == 0
    heading = page.locator(f"#rate-{rate.pk}-title")
    assert "30.000" in heading.inner_text()
    shots(page, artifacts_dir, "03-shipping-added")

    page.fill(f"#flat-{rate.pk}", "35000")
    page.locator(f"form:has(#flat-{rate.pk}) button.button").click()
    page.wait_for_load_state()
    assert "35.000" in page.locator(f"#rate-{rate.pk}-title").inner_text()
    rate.refresh_from_db()
    assert rate.flat_amount == 35000

    page.locator(f"form:has(#flat-{rate.pk})").get_by_role("link", name="Xóa").click()
    page.wait_for_url(f"**/seller/shipping/{rate.pk}/delete/")
    assert "Giao nhanh trong tỉnh" in page.locator("h1").inner_text()
    shots(page, artifacts_dir, "04-shipping-delete-confirm")
    page.get_by_role("button", name="Đồng ý xóa").click()
    page.wait_for_url("**/seller/shipping/")
    assert not ShippingRate.objects.filter(pk=rate.pk).exists()
    assert page.locator(f"#rate-{rate.pk}-title").count() == 0
    shots(page, artifacts_dir, "05-shipping-deleted")
    context.close()


def test_the_producers_parcels_and_the_shoppers_order_history_show_the_order(site, browser, artifacts_dir):
    from ocop.accounts.models import User
    from ocop.catalog.models import ProductVariant, Stock
    from ocop.producers.models import ProducerMember
    from tests.checkout_factories import variants_of_two_producers
    from tests.order_factories import place_order

    owner = User.objects.get(email=OWNER[0])
    producer = ProducerMember.objects.get(user=owner).producer
    honey = ProductVariant.objects.filter(product__producer=producer, product__is_published=True).first()
    other = next(v for v in variants_of_two_producers() if v.product.producer_id != producer.pk)
    Stock.objects.filter(product_variant__in=[honey, other]).update(quantity=10, quantity_allocated=0)
    shopper = User.objects.get(email=SHOPPER[0])
    order = place_order([(honey, 2), (other, 1)], user=shopper, email=shopper.email, paid=True)
    parcel = order.fulfillments.get(producer=producer)

    context, page = logged_in(browser, site, OWNER, "/seller/orders/")
    row = page.locator("table tbody tr", has_text=f"#{order.number}")
    assert row.count() == 1
    assert honey.product.name in row.inner_text() and other.product.name not in row.inner_text()
    shots(page, artifacts_dir, "10-seller-orders")
    row.get_by_role("link").click()
    page.wait_for_url(f"**/seller/orders/{parcel.pk}/")
    shots(page, artifacts_dir, "11-seller-order")
    context.close()

    context, page = logged_in(browser, site, SHOPPER, "/accounts/orders/")
    row = page.locator("table tbody tr", has_text=f"#{order.number}")
    assert row.count() == 1
    shots(page, artifacts_dir, "12-shopper-orders")
    row.get_by_role("link").click()
    page.wait_for_url(f"**/accounts/orders/{order.token}/")
    assert page.get_by_test_id("parcel-status").count() == 2
    shots(page, artifacts_dir, "13-shopper-order")
    context.close()
