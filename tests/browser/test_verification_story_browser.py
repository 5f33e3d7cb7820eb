"""The whole verification story in Chromium: register in Lập Thạch, hidden from Tam Đảo, rejected,
fixed, approved, on sale with stars."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAM_DAO = ("officer.tamdao@ocop.example", "can-bo-tam-dao")
LAP_THACH = ("officer.lapthach@ocop.example", "can-bo-lap-thach")
NEW_NAME = "Hợp tác xã Chè Tử Du Xanh"


@pytest.fixture
def shop(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load(images=False, quiet=True)
    return live_server.url


def log_in(page, url, email, password):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Địa chỉ e-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def test_register_reject_fix_approve_and_sell(shop, browser, artifacts_dir):
    from ocop.areas.models import Area
    from ocop.producers.models import Producer

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    shot = iter(range(1, 100))

    def snap(name):
        page.screenshot(path=str(artifacts_dir / f"{next(shot):02d}-{name}.png"), full_page=True)

    # 1. A new user signs up and registers a cooperative in Lập Thạch, one task per page.
    page.goto(shop + "/")
    page.get_by_role("link", name="Bán hàng", exact=True).click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Du")
    page.get_by_label("Địa chỉ e-mail").fill("du@example.vn")
    page.get_by_label("Mật khẩu").fill("che-xanh-tu-du-2026")
    snap("signup")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_label("Hợp tác xã", exact=True).check()
    page.get_by_label("Tên đăng ký").fill(NEW_NAME)
    page.get_by_label("Mã số đăng ký").fill("2500 777 888")
    snap("step-legal")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Người đại diện").fill("Nguyễn Văn Du")
    page.get_by_label("Điện thoại").fill("0987 654 321")
    page.get_by_label("E-mail nhận đơn hàng và thông báo").fill("htx.tudu@example.vn")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    commune = Area.objects.get(scheme="2008", name="Xã Tử Du")
    page.get_by_label("Huyện hoặc xã").select_option(str(commune.pk))
    page.get_by_label("Địa chỉ, thôn hoặc xóm").fill("Thôn Đồng Giãng")
    snap("step-area")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Câu chuyện của bạn").fill("Chè xanh trồng trên đồi Tử Du, sao tay.")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert "Giấy tờ" in page.locator("h1").inner_text()
    page.get_by_label("Loại giấy tờ").select_option("registration")
    page.get_by_label("Tệp (PDF, JPEG hoặc PNG, tối đa 10 MB)").set_input_files(
        files=[{"name": "giay-phep.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
    page.get_by_role("button", name="Tải lên").click()
    snap("documents")
    page.get_by_role("link", name="Tiếp tục kiểm tra và gửi").click()
    snap("check-answers")
    page.get_by_role("button", name="Gửi thẩm định").click()
    assert "Đã gửi thẩm định" in page.content()
    snap("submitted")
    producer = Producer.objects.get(name=NEW_NAME)
    assert producer.status == "submitted"
    # The producer has a product and a certificate waiting for the officer (catalogue tools are elsewhere).
    product = _product_with_certificate(producer)
    log_out(page)

    # 2. The Tam Đảo officer does not see it, not even by URL.
    log_in(page, shop, *TAM_DAO)
    page.goto(shop + "/officer/")
    assert NEW_NAME not in page.content()
    response = page.goto(shop + f"/officer/producers/{producer.pk}/")
    assert response.status == 404
    snap("tam-dao-not-found")
    page.goto(shop + "/")
    log_out(page)

    # 3. The Lập Thạch officer rejects it with a reason.
    log_in(page, shop, *LAP_THACH)
    page.goto(shop + "/officer/")
    page.get_by_role("link", name=NEW_NAME).click()
    assert "2500777888" in page.content()
    snap("review")
    page.get_by_label(re.compile("^Lý do \\(bắt buộc")).fill("Ảnh giấy phép thiếu trang 2; hãy tải lại bản đầy đủ.")
    page.get_by_role("button", name="Từ chối").click()
    assert "Bị từ chối" in page.content()
    snap("rejected")
    log_out(page)

    # 4. The user sees the reason, fixes and resubmits.
    log_in(page, shop, "du@example.vn", "che-xanh-tu-du-2026")
    page.goto(shop + "/seller/")
    assert "thiếu trang 2" in page.content()
    snap("reason-shown")
    page.get_by_role("link", name="Giấy tờ").first.click()
    page.get_by_label("Loại giấy tờ").select_option("registration")
    page.get_by_label("Tệp (PDF, JPEG hoặc PNG, tối đa 10 MB)").set_input_files(
        files=[{"name": "giay-phep-day-du.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\n2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_role("link", name="Tiếp tục kiểm tra và gửi").click()
    page.get_by_role("button", name="Gửi thẩm định").click()
    assert "Đã gửi thẩm định" in page.content()
    log_out(page)

    # 5. The officer verifies the certificate and approves.
    log_in(page, shop, *LAP_THACH)
    page.goto(shop + f"/officer/producers/{producer.pk}/")
    page.get_by_role("button", name="Xác minh").click()
    page.get_by_role("button", name="Duyệt").click()
    assert "Đã duyệt" in page.content()
    snap("approved")
    log_out(page)

    # 6. Its product is in the shop with its stars.
    page.goto(shop + "/")
    card = page.locator("li.card", has_text=product.name).first
    assert card.is_visible()
    assert "★★★★" in card.inner_text()
    snap("in-shop")
    card.click()
    page.wait_for_load_state()
    assert "OCOP 4★" in page.content() and "88/QĐ-UBND" in page.content()
    snap("product-with-stars")
    context.close()


def _product_with_certificate(producer):
    from datetime import date

    from ocop.catalog.models import Category, Product, ProductType, ProductVariant, Stock
    from ocop.producers.models import OcopCertificate

    certificate = OcopCertificate.objects.create(
        producer=producer, product_name="Chè xanh Tử Du", decision_number="88/QĐ-UBND", decision_date=date(2025, 5, 5),
        issuing_authority="UBND tỉnh Vĩnh Phúc", authority_level="province", product_group="food", stars=4, score=78)
    product = Product.objects.create(
        producer=producer, name="Chè xanh Tử Du sao tay", slug="che-xanh-tu-du-sao-tay", description="Chè búp sao tay.",
        category=Category.objects.get(slug="tra") if Category.objects.filter(slug="tra").exists() else Category.objects.first(),
        product_type=ProductType.objects.get(slug="hang-hoa"), ocop_certificate=certificate, origin_area=producer.area,
        is_published=True)
    variant = ProductVariant.objects.create(product=product, sku="TUDU-200", name="Gói 200 g", price_amount=120000)
    Stock.objects.create(warehouse=producer.warehouse, product_variant=variant, quantity=30)
    return product
