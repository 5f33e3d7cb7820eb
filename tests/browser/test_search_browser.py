"""A shopper searches without tone marks, narrows by district and stars, and opens a product."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load(images=True, quiet=True)
    return live_server.url


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_search_mat_ong_filter_by_district_and_stars_then_open_a_product(shop, browser, artifacts_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.goto(shop + "/")
    page.get_by_label("Tìm sản phẩm").fill("mat ong")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_load_state()
    names = page.locator(".card-name").all_inner_texts()
    assert names and all("mật ong" in n.lower() for n in names[:3])
    page.screenshot(path=str(artifacts_dir / f"01-results-{width}.png"), full_page=True)

    toggle = page.locator(".facets-box > summary")
    if toggle.is_visible():  # phones: filters fold away under one button
        toggle.click()
    page.get_by_label("Địa bàn").select_option(label=page.locator("#f-area option", has_text="Huyện Tam Đảo")
                                               .first.inner_text())
    page.get_by_label("4★ trở lên").check()
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    page.wait_for_load_state()
    assert "q=mat+ong" in page.url and "stars=4" in page.url and "area=" in page.url
    cards = page.locator("li.card")
    assert cards.count() >= 1
    assert all("★★★★" in t for t in cards.all_inner_texts())
    page.screenshot(path=str(artifacts_dir / f"02-filtered-{width}.png"), full_page=True)
    name = cards.first.locator(".card-name").inner_text()
    cards.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    page.screenshot(path=str(artifacts_dir / f"03-product-{width}.png"), full_page=True)
    context.close()
