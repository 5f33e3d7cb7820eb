"""The demo cooperative's owner tells its story in English in Chromium; English-speaking shoppers read it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER = ("owner.tamdao@ocop.example", "mat-ong-tam-dao")


@pytest.fixture
def site(live_server):
    from seeds.loader import load

    load(images=False, quiet=True)
    return live_server.url


def test_the_owner_writes_the_english_story_and_the_english_producer_page_shows_it(site, browser, artifacts_dir):
    from ocop.producers.models import ProducerMember

    producer = ProducerMember.objects.select_related("producer").get(user__email=OWNER[0]).producer
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.goto(site + "/accounts/login/?next=/seller/")
    page.fill("#id_username", OWNER[0])
    page.fill("#id_password", OWNER[1])
    page.locator("main form button").click()
    page.wait_for_url("**/seller/")
    page.get_by_role("link", name="Sửa câu chuyện, thông tin liên hệ và tài khoản nhận tiền").click()
    page.wait_for_url("**/seller/profile/")
    page.fill("#id_phone", "12")  # refused, beside the field
    page.get_by_role("button", name="Lưu thay đổi").click()
    assert page.locator("#id_phone_error").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts_dir / "seller-profile-error-390.png"), full_page=True)
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_description_en", "Beekeepers at the foot of Tam Dao, harvesting wild forest honey.")
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.wait_for_url("**/seller/")
    assert "Đã lưu thông tin" in page.locator("main").inner_text() or "Đã lưu thông tin" in page.content()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/seller/profile/")
    page.screenshot(path=str(artifacts_dir / "seller-profile-1280.png"), full_page=True)
    context.close()

    for width in (390, 1280):
        reader = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
        english = reader.new_page()
        english.goto(site + f"/producers/{producer.slug}/")
        assert "Beekeepers at the foot of Tam Dao" in english.locator("main").inner_text()
        english.screenshot(path=str(artifacts_dir / f"producer-en-{width}.png"), full_page=True)
        reader.close()
