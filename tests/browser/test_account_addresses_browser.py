"""A shopper keeps an address book in Chromium, on a phone and on a desktop, without JavaScript."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server):
    from seeds.loader import load
    from tests import factories as f

    load(images=False, quiet=True)  # the provinces (a transactional test empties the migrations' rows)
    f.user(email="lan@example.vn", password="mua-dac-san-2026", full_name="Nguyễn Thị Lan")
    return live_server.url


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_a_shopper_adds_an_address_fixes_a_mistake_and_makes_another_the_default(shop, browser, artifacts_dir,
                                                                                  width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(shop + "/accounts/login/?next=/accounts/addresses/")
    page.fill("#id_username", "lan@example.vn")
    page.fill("#id_password", "mua-dac-san-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/addresses/")
    page.get_by_role("link", name="Thêm địa chỉ").click()
    page.fill("#id_full_name", "Nguyễn Thị Lan")
    page.fill("#id_phone", "12345")  # too short
    page.select_option("#id_province", label="Phú Thọ")
    page.fill("#id_commune", "Xã Đại Đình")
    page.fill("#id_street", "Thôn Sơn Đình, số 12")
    page.get_by_role("button", name="Lưu địa chỉ").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "Điện thoại" in summary.inner_text()
    assert page.input_value("#id_street") == "Thôn Sơn Đình, số 12"  # what was typed stays
    page.screenshot(path=str(artifacts_dir / f"address-error-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.fill("#id_phone", "0912 345 678")
    page.get_by_role("button", name="Lưu địa chỉ").click()
    page.wait_for_url("**/accounts/addresses/")
    page.get_by_role("link", name="Thêm địa chỉ").click()
    page.fill("#id_full_name", "Nguyễn Thị Lan")
    page.fill("#id_phone", "0912345678")
    page.select_option("#id_province", label="Hà Nội")
    page.fill("#id_commune", "Phường Hoàn Kiếm")
    page.fill("#id_street", "Số 9 phố Huế")
    page.get_by_role("button", name="Lưu địa chỉ").click()
    page.wait_for_url("**/accounts/addresses/")
    cards = page.locator(".address-card")
    assert cards.count() == 2
    assert "Địa chỉ giao hàng mặc định" in cards.nth(0).inner_text()
    cards.nth(1).get_by_role("button", name="Giao đến đây theo mặc định").click()
    page.wait_for_url("**/accounts/addresses/")
    assert "Địa chỉ giao hàng mặc định" in page.locator(".address-card").nth(1).inner_text()
    assert "Đã đổi địa chỉ giao hàng mặc định" in page.locator(".messages").inner_text()
    page.screenshot(path=str(artifacts_dir / f"addresses-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.locator(".address-card").nth(0).get_by_role("link", name="Xóa").click()  # asks first
    assert page.get_by_role("heading", name="Xóa địa chỉ này?").is_visible()
    page.screenshot(path=str(artifacts_dir / f"address-delete-{width}.png"), full_page=True)
    page.get_by_role("button", name="Xóa địa chỉ").click()
    page.wait_for_url("**/accounts/addresses/")
    assert page.locator(".address-card").count() == 1
    context.close()
