"""The seller's catalogue pages (/seller/products/): who gets in, search, forms, photos, stock."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from ocop.catalog import services
from ocop.core.text import fold_vietnamese
from ocop.catalog.models import Product, ProductMedia, ProductVariant, Stock
from tests.test_catalog_helpers import (exif_with, jpeg_bytes, make_category, make_producer, make_user, new_product,
                                        seller, upload)

pytestmark = pytest.mark.django_db

LIST = "/seller/products/"


@pytest.fixture
def shop(client):
    user, producer, category = seller()
    client.force_login(user)
    return client, user, producer, category


def html(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- who gets in

def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("status", [None, "draft", "submitted", "rejected", "suspended"])
def test_shoppers_and_members_of_unapproved_producers_get_not_found(client, status):
    user = make_user()
    if status:
        make_producer(owner=user, status=status)
    client.force_login(user)
    assert client.get(LIST).status_code == 404
    assert client.get(LIST + "new/").status_code == 404


def test_another_producers_product_is_not_found_on_every_page(shop):
    client, _user, _producer, category = shop
    other_user, other_producer, _c = seller()
    product = new_product(other_user, other_producer, category, variants=[{"sku": "O-1", "price_amount": 1000}])
    variant = product.variants.get()
    media = services.add_images(user=other_user, product_id=product.pk, files=[upload("a.jpg", jpeg_bytes())])[0]
    base = f"{LIST}{product.pk}/"
    for url in (base, base + "variants/", base + "photos/", base + "delete/", base + "variants/new/",
                f"{base}variants/{variant.pk}/", f"{base}variants/{variant.pk}/delete/"):
        assert client.get(url).status_code == 404, url
    for url, data in ((base, {"name": "Của tôi"}), (base + "publish/", {"action": "unpublish"}),
                      (base + "duplicate/", {}), (base + "delete/", {}), (base + "variants/", {}),
                      (f"{base}photos/{media.pk}/", {"action": "delete"})):
        assert client.post(url, data).status_code == 404, url
    product.refresh_from_db()
    assert product.name != "Của tôi" and ProductMedia.objects.filter(pk=media.pk).exists()
    assert Product.objects.count() == 1


# --------------------------------------------------------------------------- the list

def _products(user, producer, category, names):
    """Products with one variant each; the i-th has a stock of i % 3 (so the first is out of stock)."""
    return [new_product(user, producer, category, name=name,
                        variants=[{"sku": f"SKU-{i}-{slugify(fold_vietnamese(name))[:8]}-{producer.pk}",
                                   "price_amount": 10000 * (i + 1), "stock": i % 3}])
            for i, name in enumerate(names)]


def test_the_list_shows_the_producers_own_products_only(shop):
    client, user, producer, category = shop
    _products(user, producer, category, ["Mật ong rừng", "Chè xanh"])
    other_user, other_producer, _c = seller()
    _products(other_user, other_producer, category, ["Rượu nếp của người khác"])
    page = html(client.get(LIST))
    assert "Mật ong rừng" in page and "Chè xanh" in page and "Rượu nếp" not in page


@pytest.mark.parametrize("query,found", [("mat ong", "Mật ong rừng"), ("MẬT ONG", "Mật ong rừng"),
                                         ("dac san", "Đặc sản Tam Đảo"), ("đặc", "Đặc sản Tam Đảo"),
                                         ("sku-1-dac", "Đặc sản Tam Đảo")])
def test_search_ignores_tone_marks_and_d_and_finds_skus(shop, query, found):
    client, user, producer, category = shop
    _products(user, producer, category, ["Mật ong rừng", "Đặc sản Tam Đảo", "Chè xanh"])
    page = html(client.get(LIST, {"q": query}))
    assert found in page and "Chè xanh" not in page


def test_filters_published_category_and_out_of_stock(shop):
    client, user, producer, category = shop
    honey, tea, wine = _products(user, producer, category, ["Mật ong", "Chè xanh", "Rượu nếp"])  # stock 0, 1, 2
    services.publish_product(user=user, product_id=tea.pk)
    services.update_product(user=user, product_id=wine.pk, data={"category": make_category(name="Rượu").pk})
    assert _names(client, status="published") == ["Chè xanh"]
    assert sorted(_names(client, status="unpublished")) == ["Mật ong", "Rượu nếp"]
    wine.refresh_from_db()
    assert _names(client, category=wine.category_id) == ["Rượu nếp"]
    assert _names(client, out_of_stock="on") == ["Mật ong"]


def _names(client, **params):
    return re.findall(r'class="sp-item-name"[^>]*>([^<]+)<', html(client.get(LIST, params)))


def test_the_list_is_paginated_and_keeps_the_filters_in_the_page_links(shop):
    client, user, producer, category = shop
    _products(user, producer, category, [f"Mật ong {n}" for n in range(27)])
    first = html(client.get(LIST, {"q": "mat"}))
    assert first.count('class="sp-item"') == 25 and "q=mat&amp;page=2" in first
    assert html(client.get(LIST, {"q": "mat", "page": 2})).count('class="sp-item"') == 2


def test_the_list_costs_the_same_number_of_queries_for_5_and_50_products(shop, django_capture_on_commit_callbacks):
    client, user, producer, category = shop

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    def with_photos(names):
        with django_capture_on_commit_callbacks(execute=True):
            for product in _products(user, producer, category, names):
                services.add_images(user=user, product_id=product.pk, files=[upload("a.jpg", jpeg_bytes((64, 64)))])

    with_photos([f"Sản phẩm {n}" for n in range(5)])
    five = queries()
    with_photos([f"Thêm {n}" for n in range(45)])
    assert Product.objects.filter(producer=producer).count() == 50
    assert queries() == five


# --------------------------------------------------------------------------- creating and editing

def test_a_product_is_created_with_its_first_variant_from_the_form(shop):
    client, _user, producer, category = shop
    response = client.post(LIST + "new/", {
        "name": "Mật ong hoa nhãn", "category": category.pk, "description": "Thơm mùi nhãn.", "weight_grams": "",
        "ocop_certificate": "", "variant-name": "Chai 500 ml", "variant-sku": "NHAN-500",
        "variant-price_amount": "180000", "variant-stock": "12", "is_published": "on"})
    product = Product.objects.get(producer=producer)
    assert response.status_code == 302 and response["Location"] == f"{LIST}{product.pk}/"
    assert product.is_published and product.slug == "mat-ong-hoa-nhan"
    assert Stock.objects.get(product_variant__sku="NHAN-500").quantity == 12


def test_errors_are_shown_beside_the_fields_and_summarised_on_top_in_vietnamese(shop):
    client, _user, producer, _category = shop
    response = client.post(LIST + "new/", {"name": "", "category": "", "variant-sku": "X-1",
                                           "variant-price_amount": "150.5"})
    page = html(response)
    assert response.status_code == 400 and Product.objects.count() == 0
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_name"' in summary and 'href="#id_category"' in summary
    assert 'href="#id_variant-price_amount"' in summary
    assert 'id="id_variant-price_amount_error"' in page and "150000" in summary
    assert 'aria-describedby="id_variant-price_amount_hint id_variant-price_amount_error"' in page
    assert "Có lỗi cần sửa" in page


def test_pages_are_complete_in_english(shop):
    client, user, producer, category = shop
    product = _products(user, producer, category, ["Mật ong"])[0]
    for url in (LIST, LIST + "new/", f"{LIST}{product.pk}/", f"{LIST}{product.pk}/variants/",
                f"{LIST}{product.pk}/photos/", LIST + "import/"):
        page = html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        assert 'lang="en"' in page
        for vietnamese in ("Sản phẩm của bạn", "Thêm sản phẩm", "Lưu", "Ảnh", "Tồn kho", "Nhập"):
            assert vietnamese not in page.replace("Mật ong", ""), (url, vietnamese)


def test_no_inline_scripts_or_styles_for_the_coming_content_security_policy(shop):
    client, user, producer, category = shop
    product = _products(user, producer, category, ["Mật ong"])[0]
    for url in (LIST, LIST + "new/", f"{LIST}{product.pk}/", f"{LIST}{product.pk}/variants/",
                f"{LIST}{product.pk}/variants/new/", f"{LIST}{product.pk}/photos/", LIST + "import/",
                f"{LIST}{product.pk}/delete/"):
        page = html(client.get(url))
        assert " style=" not in page and "<style" not in page, url
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], url
        assert not re.search(r"\son[a-z]+=", page), url


def test_editing_saves_the_details(shop):
    client, user, producer, category = shop
    product = _products(user, producer, category, ["Mật ong"])[0]
    response = client.post(f"{LIST}{product.pk}/", {"name": "Mật ong rừng", "category": category.pk,
                                                    "description": "Mới", "weight_grams": "700",
                                                    "ocop_certificate": ""})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.weight_grams, product.is_published) == ("Mật ong rừng", 700, False)


def test_publish_unpublish_duplicate_and_delete_buttons(shop):
    client, user, producer, category = shop
    product = _products(user, producer, category, ["Mật ong"])[0]
    client.post(f"{LIST}{product.pk}/publish/", {"action": "publish"})
    assert Product.objects.get(pk=product.pk).is_published
    client.post(f"{LIST}{product.pk}/publish/", {"action": "unpublish"})
    assert not Product.objects.get(pk=product.pk).is_published
    response = client.post(f"{LIST}{product.pk}/duplicate/")
    copy = Product.objects.exclude(pk=product.pk).get()
    assert response["Location"] == f"{LIST}{copy.pk}/"
    assert "(bản sao)" in copy.name
    assert client.get(f"{LIST}{product.pk}/delete/").status_code == 200
    client.post(f"{LIST}{product.pk}/delete/")
    assert list(Product.objects.values_list("pk", flat=True)) == [copy.pk]


def test_publishing_without_a_variant_explains_what_is_missing(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category)
    response = client.post(f"{LIST}{product.pk}/publish/", {"action": "publish"}, follow=True)
    assert "ít nhất một loại" in html(response) and not Product.objects.get(pk=product.pk).is_published


# --------------------------------------------------------------------------- variants and stock

def test_variants_are_added_edited_and_their_stock_set(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category)
    base = f"{LIST}{product.pk}/variants/"
    response = client.post(base + "new/", {"name": "Hũ 500 g", "sku": "MO-500", "price_amount": "150000",
                                           "compare_at_price_amount": "", "weight_grams": "720", "stock": "8",
                                           "then": "another"})
    assert response["Location"] == base + "new/"
    client.post(base + "new/", {"name": "Hũ 1 kg", "sku": "MO-1000", "price_amount": "280000", "stock": "3"})
    small, large = product.variants.all()
    client.post(f"{base}{large.pk}/", {"name": "Hũ 1 kg", "sku": "MO-1KG", "price_amount": "275000", "stock": "3"})
    assert ProductVariant.objects.get(pk=large.pk).sku == "MO-1KG"
    response = client.post(base, {f"stock-{small.pk}": "20", f"stock-{large.pk}": "0"})
    assert response.status_code == 302
    assert [Stock.objects.get(product_variant=v).quantity for v in (small, large)] == [20, 0]


def test_a_bad_stock_number_is_shown_beside_its_variant_and_nothing_is_saved(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category, variants=[{"sku": "A-1", "price_amount": 1000, "stock": 4},
                                                              {"sku": "A-2", "price_amount": 2000, "stock": 5}])
    first, second = product.variants.all()
    response = client.post(f"{LIST}{product.pk}/variants/", {f"stock-{first.pk}": "9", f"stock-{second.pk}": "-1"})
    page = html(response)
    assert response.status_code == 400 and f'href="#id_stock-{second.pk}"' in page
    assert f'id="id_stock-{second.pk}_error"' in page and 'value="-1"' in page
    assert [Stock.objects.get(product_variant=v).quantity for v in (first, second)] == [4, 5]


def test_a_duplicate_sku_is_shown_beside_the_sku_field(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category, variants=[{"sku": "A-1", "price_amount": 1000}])
    response = client.post(f"{LIST}{product.pk}/variants/new/", {"sku": "a-1", "price_amount": "5000", "stock": "1"})
    assert response.status_code == 400 and 'id="id_sku_error"' in html(response)
    assert ProductVariant.objects.count() == 1


# --------------------------------------------------------------------------- photos

def test_several_photos_are_uploaded_at_once_then_reordered_described_and_deleted(
        shop, django_capture_on_commit_callbacks):
    client, user, producer, category = shop
    product = new_product(user, producer, category)
    url = f"{LIST}{product.pk}/photos/"
    files = [upload("1.jpg", jpeg_bytes()), upload("2.jpg", jpeg_bytes(exif=exif_with(orientation=6))),
             upload("3.png", jpeg_bytes())]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"images": files, "alt": "Hũ mật ong"})
    assert response.status_code == 302
    a, b, c = product.media.order_by("sort_order").values_list("pk", flat=True)
    page = html(client.get(url))
    assert page.count('class="sp-photo"') == 3 and ".webp" in page
    client.post(f"{url}{c}/", {"action": "up"})
    client.post(f"{url}{a}/", {"action": "down"})
    assert list(product.media.order_by("sort_order").values_list("pk", flat=True)) == [c, a, b]
    client.post(f"{url}{b}/", {"action": "alt", "alt": "Mặt sau hũ"})
    assert ProductMedia.objects.get(pk=b).alt == "Mặt sau hũ"
    client.post(f"{url}{a}/", {"action": "delete"})
    assert list(product.media.values_list("pk", flat=True).order_by("sort_order")) == [c, b]


def test_a_renamed_pdf_among_the_photos_is_reported_and_none_is_saved(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category)
    response = client.post(f"{LIST}{product.pk}/photos/", {
        "images": [upload("1.jpg", jpeg_bytes()), upload("hoa-don.jpg", b"%PDF-1.4\n%%EOF\n")]})
    page = html(response)
    assert response.status_code == 400 and "hoa-don.jpg" in page and 'href="#id_images"' in page
    assert ProductMedia.objects.count() == 0


# --------------------------------------------------------------------------- with the sample data

def _log_in(client, email, password):
    response = client.post("/accounts/login/", {"username": email, "password": password,
                                                "next": "/seller/products/"})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_the_demo_owner_logs_in_and_sees_the_cooperatives_products_only(seeded, client):
    response = _log_in(client, "owner.tamdao@ocop.example", "mat-ong-tam-dao")
    assert response["Location"] == LIST
    page = html(client.get(LIST))
    own = Product.objects.filter(producer__slug="htx-mat-ong-tay-thien")
    assert own.exists() and all(p.name in page for p in own)
    assert "Chè xanh Lập Thạch" not in page
    assert "mat ong" in page  # the search hint


def test_another_cooperatives_owner_gets_not_found_for_the_demo_products(seeded, client):
    honey = Product.objects.get(slug="mat-ong-rung-tam-dao")
    _log_in(client, "owner.lapthach@ocop.example", "che-lap-thach")
    assert client.get(f"{LIST}{honey.pk}/").status_code == 404
    assert client.post(f"{LIST}{honey.pk}/publish/", {"action": "unpublish"}).status_code == 404
    assert Product.objects.get(pk=honey.pk).is_published


def test_an_officer_is_not_a_seller(seeded, client):
    _log_in(client, "officer.tamdao@ocop.example", "can-bo-tam-dao")
    assert client.get(LIST).status_code == 404


def test_a_new_product_named_like_a_sample_one_gets_a_suffixed_slug(seeded, client):
    from ocop.accounts.models import User
    from ocop.catalog.models import Category
    from ocop.producers.models import Producer

    owner = User.objects.get(email="owner.tamdao@ocop.example")
    producer = Producer.objects.get(slug="htx-mat-ong-tay-thien")
    product = new_product(owner, producer, Category.objects.get(slug="mat-ong"), name="Mật ong rừng Tam Đảo")
    assert product.slug == "mat-ong-rung-tam-dao-2"


def test_search_finds_the_sample_speciality_without_tone_marks(seeded, client):
    _log_in(client, "owner.tamdao@ocop.example", "mat-ong-tam-dao")
    assert _names(client, q="dac san nguyen sap") == ["Đặc sản Tam Đảo – Mật ong rừng nguyên sáp"]
    assert _names(client, q="MO-TT-NHAN") == ["Mật ong hoa nhãn Tây Thiên"]
