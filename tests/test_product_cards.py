"""catalog.selectors.product_cards: what a card in a list shows, read in one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.catalog import images
from ocop.catalog.models import ProductTranslation
from ocop.catalog.selectors import product_cards
from tests.test_catalog_helpers import jpeg_bytes, make_certificate, new_product, seller

pytestmark = pytest.mark.django_db

TWO_SIZES = [{"name": "Hũ 250 g", "sku": "MO-250", "price_amount": 90000, "stock": 0},
             {"name": "Hũ 500 g", "sku": "MO-500", "price_amount": 150000, "stock": 4}]


def published(user, producer, category, **data):
    product = new_product(user, producer, category, **data)
    product.is_published = True
    product.save(update_fields=["is_published"])
    return product


@pytest.fixture
def shop():
    user, producer, category = seller()
    honey = published(user, producer, category, name="Mật ong rừng", variants=TWO_SIZES)
    tea = published(user, producer, category, name="Chè xanh",
                    variants=[{"name": "Gói 200 g", "sku": "CX-200", "price_amount": 60000, "stock": 0}])
    return user, producer, category, honey, tea


def test_a_card_has_the_price_range_stock_producer_and_order_asked_for(shop):
    user, producer, category, honey, tea = shop
    cards = product_cards([tea.pk, honey.pk])
    assert [c.pk for c in cards] == [tea.pk, honey.pk]
    tea_card, honey_card = cards
    assert (honey_card.min_price, honey_card.max_price, honey_card.has_stock) == (90000, 150000, True)
    assert (tea_card.min_price, tea_card.max_price, tea_card.has_stock) == (60000, 60000, False)
    assert honey_card.producer_name == producer.name and honey_card.slug == honey.slug
    assert honey_card.image is None and honey_card.stars is None


def test_products_no_longer_public_are_left_out(shop):
    user, producer, category, honey, tea = shop
    tea.is_published = False
    tea.save(update_fields=["is_published"])
    assert [c.pk for c in product_cards([tea.pk, honey.pk, 10**9])] == [honey.pk]
    type(producer).objects.filter(pk=producer.pk).update(status="suspended", status_reason="Giấy tờ hết hạn")
    assert product_cards([honey.pk]) == []
    assert product_cards([]) == []


def test_the_name_is_in_the_language_asked_for_when_translated(shop):
    user, producer, category, honey, tea = shop
    ProductTranslation.objects.create(product=honey, language_code="en", name="Wild honey")
    ProductTranslation.objects.create(product=tea, language_code="en", name="")  # blank: the Vietnamese name
    by_pk = {c.pk: c.name for c in product_cards([honey.pk, tea.pk], "en")}
    assert by_pk == {honey.pk: "Wild honey", tea.pk: "Chè xanh"}
    assert {c.name for c in product_cards([honey.pk], "vi")} == {"Mật ong rừng"}


@pytest.mark.parametrize("certificate, shown", [
    ({}, False),  # not verified yet
    ({"verified_at": True}, True),
    ({"verified_at": True, "status": "revoked"}, False),
    ({"verified_at": True, "valid_until": -1}, False),  # past its date
    ({"verified_at": True, "valid_until": 0}, True),  # its last day
])
def test_stars_show_only_while_the_certificate_is_verified_valid_and_in_date(shop, certificate, shown):
    user, producer, category, honey, tea = shop
    fields = {"stars": 5, "valid_until": timezone.localdate() + timedelta(days=certificate.get("valid_until", 400))}
    if certificate.get("verified_at"):
        fields["verified_at"] = timezone.now()
    if "status" in certificate:
        fields["status"] = certificate["status"]
    honey.ocop_certificate = make_certificate(producer, **fields)
    honey.save(update_fields=["ocop_certificate"])
    assert product_cards([honey.pk])[0].stars == (5 if shown else None)
    assert honey.ocop_certificate.shows_stars is shown  # the same rule as the product page


def test_the_picture_is_the_first_photo_with_its_thumbnails(shop):
    user, producer, category, honey, tea = shop
    second = images.add_product_image(product=honey, data=jpeg_bytes(color=(10, 10, 10)), alt="", sort_order=2)
    first = images.add_product_image(product=honey, data=jpeg_bytes(), alt="Hũ mật ong", sort_order=1)
    image = product_cards([honey.pk])[0].image
    # no thumbnails yet (they are made after the upload commits): the original
    assert image.src == first.image.url and image.srcset == "" and image.alt == "Hũ mật ong"
    images.make_thumbnails(first)
    images.make_thumbnails(second)
    image = product_cards([honey.pk])[0].image
    thumbs = {t.size: t.image.url for t in first.thumbnails.all()}
    assert image.src == thumbs[320]
    assert image.srcset == ", ".join(f"{thumbs[size]} {size}w" for size in sorted(thumbs))
    second.sort_order = 0
    second.save(update_fields=["sort_order"])
    image = product_cards([honey.pk])[0].image
    assert image.alt == "Mật ong rừng"  # a photo without alt text is described by the product's name
    assert image.src == {t.size: t.image.url for t in second.thumbnails.all()}[320]
    second.sort_order = 3
    second.save(update_fields=["sort_order"])
    from ocop.catalog.models import ProductTranslation

    assert product_cards([honey.pk], "en")[0].image.alt == "Mật ong rừng"  # no English name: the Vietnamese one
    ProductTranslation.objects.create(product=honey, language_code="en", name="Wild honey")
    # the producer's alt text is Vietnamese: an English page describes the photo by the English name
    assert product_cards([honey.pk], "en")[0].image.alt == "Wild honey"
    assert product_cards([honey.pk], "vi")[0].image.alt == "Hũ mật ong"


def test_one_query_whatever_the_number_of_cards(shop):
    user, producer, category, honey, tea = shop
    more = [published(user, producer, category, name=f"Mật ong {n}", variants=[
        {"name": "Hũ", "sku": f"MO-X{n}", "price_amount": 100000 + n, "stock": 1}]) for n in range(6)]
    for product in (honey, *more):
        images.make_thumbnails(images.add_product_image(product=product, data=jpeg_bytes()))
    with CaptureQueriesContext(connection) as few:
        assert len(product_cards([honey.pk])) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(product_cards([honey.pk, tea.pk, *(p.pk for p in more)], "en")) == 8
    assert len(few.captured_queries) == len(many.captured_queries) == 1


def test_cards_are_drawn_escaped_with_the_price_in_the_page_language(shop):
    from django.utils import translation

    from storefront.templatetags.shop import product_cards as draw

    user, producer, category, honey, tea = shop
    type(honey).objects.filter(pk=honey.pk).update(name='Mật ong <script>alert("x")</script>')
    honey.ocop_certificate = make_certificate(producer, stars=4, verified_at=timezone.now(),
                                              valid_until=timezone.localdate() + timedelta(days=30))
    honey.save(update_fields=["ocop_certificate"])
    with translation.override("vi"):
        html = draw(product_cards([honey.pk, tea.pk], "vi"))
    assert "<script>" not in html and "Mật ong &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert f'href="/vi/products/{honey.slug}/"' in html or f'href="/products/{honey.slug}/"' in html
    assert "từ 90.000\xa0₫" in html and "60.000\xa0₫" in html
    assert 'aria-label="OCOP 4 sao">★★★★ <small>OCOP</small>' in html
    assert html.count('<li class="card">') == 2 and 'class="noimg"' in html
    with translation.override("en"):
        html = draw(product_cards([honey.pk], "en"))
    assert "from ₫90,000" in html and 'aria-label="OCOP 4 stars"' in html


def test_filter_options_are_escaped_counted_and_keep_the_choice():
    from types import SimpleNamespace

    from storefront.templatetags.shop import facet_options

    rows = [{"producer__slug": "htx-a", "producer__name": 'HTX "A" & con', "n": 12},
            {"producer__slug": "htx-b", "producer__name": "HTX B", "n": 3}]
    html = facet_options("producers", rows, "htx-b")
    assert html == ('<option value="htx-a">HTX &quot;A&quot; &amp; con (12)</option>'
                    '<option value="htx-b" selected>HTX B (3)</option>')
    areas = [{"area": SimpleNamespace(pk=7, level="province", name="Tỉnh Phú Thọ", path="/7/"), "n": 5},
             {"area": SimpleNamespace(pk=9, level="district", name="Huyện Tam Đảo", path="/7/9/"), "n": 2},
             {"area": SimpleNamespace(pk=11, level="commune", name="Xã Đại Đình", path="/7/9/11/"), "n": 1}]
    assert facet_options("areas", areas, 9) == ('<option value="7">Tỉnh Phú Thọ (5)</option>'
                                                '<option value="9" selected>— Huyện Tam Đảo (2)</option>'
                                                '<option value="11">— — Xã Đại Đình (1)</option>')
    categories = [{"category__slug": "", "category__name": None, "n": 4}, {"category__slug": "mat-ong", "category__name": "Mật ong", "n": 4}]
    assert facet_options("categories", categories, "") == '<option value="mat-ong">Mật ong (4)</option>'
    with pytest.raises(ValueError):
        facet_options("colour", rows, "")


def test_a_variant_that_does_not_count_stock_can_always_be_bought(shop):
    from ocop.catalog.models import ProductVariant
    from ocop.search.indexing import update_dirty_products
    from ocop.search.listing import ListingParams, product_listing

    user, producer, category, honey, tea = shop
    assert product_cards([tea.pk])[0].has_stock is False  # its one variant counts stock and has none
    ProductVariant.objects.filter(product=tea).update(track_inventory=False)  # e.g. made to order
    assert product_cards([tea.pk])[0].has_stock is True
    update_dirty_products()
    listed = {card.pk for card in product_listing(ListingParams.from_query({"in_stock": "1"}), page_size=100).products}
    assert {honey.pk, tea.pk} <= listed


def test_a_card_says_when_nothing_is_left(shop):
    from django.utils import translation

    from storefront.templatetags.shop import product_cards as draw

    user, producer, category, honey, tea = shop
    with translation.override("vi"):
        html = draw(product_cards([honey.pk, tea.pk], "vi"))
    honey_html, tea_html = html.split('<li class="card">')[1:]
    assert "Hết hàng" in tea_html and "Hết hàng" not in honey_html
    with translation.override("en"):
        assert "Out of stock" in draw(product_cards([tea.pk], "en"))


def test_the_category_filter_names_categories_in_the_page_language(client, seeded):
    from django.core.cache import caches

    caches["listings"].clear()
    english = client.get("/search/", {"q": "mat ong"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get("/search/", {"q": "mat ong"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    category_select = lambda page: page.split('id="f-cat"')[1].split("</select>")[0]  # noqa: E731
    assert '<option value="mat-ong">Honey (' in category_select(english)
    assert '<option value="mat-ong">Mật ong (' in category_select(vietnamese)


def test_a_product_page_photo_is_described_in_the_page_s_language(shop):
    from django.utils import translation

    from storefront.templatetags.shop import product_media_image

    user, producer, category, honey, tea = shop
    photo = images.add_product_image(product=honey, data=jpeg_bytes(), alt="Hũ mật ong", sort_order=1)
    with translation.override("vi"):
        assert product_media_image(photo, 640, "Mật ong rừng")["alt"] == "Hũ mật ong"
    with translation.override("en"):
        assert product_media_image(photo, 640, "Wild honey")["alt"] == "Wild honey"
        assert product_media_image(photo, 640)["alt"] == "Hũ mật ong"


def test_the_product_page_shows_every_photo_and_a_thumbnail_link_to_each(shop, client, settings, tmp_path,
                                                                          django_capture_on_commit_callbacks):
    """The photos sit side by side in a strip that swipes (CSS scroll snap); each thumbnail is a
    link to its photo, so choosing one works without JavaScript and from the keyboard."""
    import re

    settings.MEDIA_ROOT = tmp_path
    user, producer, category, honey, tea = shop
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            images.add_product_image(product=honey, data=jpeg_bytes(), alt=f"Ảnh {n}")
        images.add_product_image(product=tea, data=jpeg_bytes(), alt="Chè")
    page = client.get(f"/products/{honey.slug}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert re.findall(r'<figure class="photo" id="(photo-\d)"', page) == ["photo-1", "photo-2", "photo-3"]
    assert re.findall(r'<a href="#(photo-\d)"( aria-current="true")?><img', page) == [
        ("photo-1", ' aria-current="true"'), ("photo-2", ""), ("photo-3", "")]  # the first is in view
    assert 'alt="Ảnh 2 trên 3"' in page and page.count('loading="lazy"') >= 2 + 3  # only the first photo loads at once
    ProductTranslation.objects.create(product=honey, language_code="en", name="Wild honey")
    english = client.get(f"/products/{honey.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.findall(r'<figure class="photo" id="photo-\d"><img [^>]*alt="([^"]*)"', english) == [
        "Wild honey", "Wild honey, photo 2 of 3", "Wild honey, photo 3 of 3"]
    single = client.get(f"/products/{tea.slug}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'id="photo-1"' in single and 'class="thumbs"' not in single and 'role="region"' not in single
