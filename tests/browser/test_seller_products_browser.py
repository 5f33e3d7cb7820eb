"""A producer puts a new product on sale from the seller portal in Chromium, then finds it in the shop."""

import pytest

from tests.test_catalog_helpers import exif_with, jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER = ("owner.tamdao@ocop.example", "mat-ong-tam-dao")


@pytest.fixture
def site(live_server, settings, tmp_path):
    from seeds.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load(images=False, quiet=True)
    return live_server.url


def _photo(name, **kwargs):
    return {"name": name, "mimeType": "image/jpeg", "buffer": jpeg_bytes(**kwargs)}


def test_the_owner_creates_photographs_stocks_and_publishes_a_product(site, browser, artifacts_dir):
    from ocop.catalog.models import Product, Stock

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(site + "/accounts/login/?next=/seller/products/")
    page.fill("#id_username", OWNER[0])
    page.fill("#id_password", OWNER[1])
    page.locator("main form button").click()
    page.wait_for_url("**/seller/products/")
    assert page.locator("h1").inner_text() == "Sản phẩm của bạn"
    assert page.locator(".sp-item").count() == 6  # the cooperative's sample products

    # the product and its first variant, on one page
    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.fill("#id_name", "Mật ong bạc hà Tam Đảo")
    page.select_option("#id_category", label="Mật ong")
    page.fill("#id_description", "Mật ong từ hoa bạc hà dại, vị the mát.")
    page.fill("#id_name_en", "Tam Dao mint honey")  # what the English pages show
    page.fill("#id_description_en", "Honey from wild mint flowers, cool and fresh.")
    page.fill("#id_variant-name", "Hũ 500 g")
    page.fill("#id_variant-sku", "MO-BH-500")
    page.fill("#id_variant-price_amount", "150,5")
    page.get_by_role("button", name="Lưu sản phẩm").click()
    # a price with a fraction of a đồng is refused, beside the field and in the summary on top
    assert page.locator("#error-summary").is_visible()
    assert "150.000" in page.locator("#id_variant-price_amount_error").inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.fill("#id_variant-price_amount", "150.000 ₫")  # written the Vietnamese way: read as 150000
    page.get_by_role("button", name="Lưu sản phẩm").click()
    page.wait_for_url("**/seller/products/*/")
    product = Product.objects.get(slug="mat-ong-bac-ha-tam-dao")

    # a second variant
    page.get_by_role("link", name="Loại hàng và tồn kho").click()
    page.get_by_role("link", name="Thêm loại hàng").click()
    page.fill("#id_name", "Hũ 1 kg")
    page.fill("#id_sku", "MO-BH-1000")
    page.fill("#id_price_amount", "280000")
    page.get_by_role("button", name="Lưu loại hàng").click()
    page.wait_for_url(f"**/seller/products/{product.pk}/variants/")

    # three photos at once, one taken sideways on a phone (EXIF orientation 6)
    page.get_by_role("link", name="Ảnh").click()
    page.set_input_files("#id_images", [
        _photo("hu-mat-ong.jpg", size=(1200, 900), color=(190, 130, 30)),
        _photo("dien-thoai.jpg", size=(1600, 1200), color=(120, 150, 60), exif=exif_with(orientation=6)),
        _photo("to-ong.jpg", size=(1000, 1000), color=(220, 180, 80)),
    ])
    page.fill("#id_alt", "Hũ mật ong bạc hà")
    page.get_by_role("button", name="Tải ảnh lên").click()
    page.wait_for_selector(".sp-photo >> nth=2")
    assert page.locator(".sp-photo").count() == 3
    sideways = product.media.order_by("sort_order")[1]
    assert (sideways.width, sideways.height) == (1200, 1600)
    page.locator(f"#photo-{sideways.pk}").get_by_role("button", name="Lên trên").click()
    page.wait_for_load_state()
    assert list(product.media.order_by("sort_order").values_list("pk", flat=True))[0] == sideways.pk
    page.screenshot(path=str(artifacts_dir / "seller-photos-1280.png"), full_page=True)

    # stock for both variants, then publish
    page.get_by_role("link", name="Loại hàng và tồn kho").click()
    small, large = product.variants.order_by("sort_order")
    page.fill(f"#id_stock-{small.pk}", "30")
    page.fill(f"#id_stock-{large.pk}", "12")
    page.get_by_role("button", name="Lưu tồn kho").click()
    page.wait_for_load_state()
    assert [Stock.objects.get(product_variant=v).quantity for v in (small, large)] == [30, 12]
    page.screenshot(path=str(artifacts_dir / "seller-variants-1280.png"), full_page=True)
    page.get_by_role("button", name="Đăng bán").click()
    page.wait_for_load_state()
    assert page.locator(".sp-product-head .tag-on").is_visible()

    # the shop shows it, with WebP thumbnails
    page.get_by_role("link", name="Xem trong cửa hàng").click()
    page.wait_for_url(f"**/products/{product.slug}/")
    assert page.locator("h1").inner_text() == "Mật ong bạc hà Tam Đảo"
    image = page.locator(".gallery img").first
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.currentSrc").endswith(".webp")
    assert image.evaluate("img => img.naturalHeight > img.naturalWidth")  # the upright phone photo comes first
    assert "150.000\u00a0₫" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "shop-product-1280.png"), full_page=True)
    page.goto(site + "/seller/products/")
    page.screenshot(path=str(artifacts_dir / "seller-list-1280.png"), full_page=True)
    page.goto(site + f"/seller/products/{product.pk}/")
    assert page.input_value("#id_name_en") == "Tam Dao mint honey"
    page.screenshot(path=str(artifacts_dir / "seller-edit-1280.png"), full_page=True)
    state = context.storage_state()
    context.close()

    # a shopper reading English sees the English name and description
    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    english = reader.new_page()
    english.goto(site + f"/products/{product.slug}/")
    assert english.locator("h1").inner_text() == "Tam Dao mint honey"
    assert "Honey from wild mint flowers" in english.locator("main").inner_text()
    english.screenshot(path=str(artifacts_dir / "shop-product-en-1280.png"), full_page=True)
    reader.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", storage_state=state)
    page = phone.new_page()
    for name, path in (("seller-list", "/seller/products/"), ("seller-edit", f"/seller/products/{product.pk}/"),
                       ("seller-variants", f"/seller/products/{product.pk}/variants/"),
                       ("seller-photos", f"/seller/products/{product.pk}/photos/"),
                       ("seller-new", "/seller/products/new/"), ("shop-product", f"/products/{product.slug}/")):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name  # no sideways scroll
        page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)
    image = page.locator(".gallery img").first
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.currentSrc").endswith(".webp")
    phone.close()
