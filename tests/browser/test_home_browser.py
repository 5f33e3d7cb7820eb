"""A shopper opens the shop in Chromium on a phone and on a desktop."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load(images=True, quiet=True)
    return live_server.url


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_home_shows_products_with_pictures_and_opens_a_product(shop, browser, artifacts_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.goto(shop + "/")
    cards = page.locator("ul.grid li.card")
    assert cards.count() >= 12
    first_img = cards.first.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first_img.element_handle())
    assert ".webp" in first_img.evaluate("img => img.currentSrc")
    page.screenshot(path=str(artifacts_dir / f"home-{width}.png"), full_page=False)
    page.select_option("#near", label="Tỉnh Phú Thọ")
    page.get_by_role("button", name="Hiển thị", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#prod-h").inner_text() == "Nhà sản xuất ở Tỉnh Phú Thọ"
    assert page.locator("ul.producers li").count() >= 1
    page.locator("#prod-h").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"home-near-{width}.png"), full_page=False)
    cards = page.locator("ul.grid li.card")
    name = cards.first.locator(".card-name").inner_text()
    cards.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    assert "₫" in page.locator(".price.big").inner_text()
    page.screenshot(path=str(artifacts_dir / f"product-{width}.png"), full_page=True)
    context.close()


def test_language_switch_to_english_and_back(shop, page):
    page.goto(shop + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="New products").is_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
