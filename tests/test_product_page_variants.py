"""The product page without JavaScript: each variant is a link (?variant=<pk>) that brings the page
back with that variant's price, stock state and quantity limit; the form buys the variant shown;
the page cache keeps one entry per real variant; JSON-LD offers say what the page says; names in
the page's language."""

import json
import re
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.catalog.models import ProductTranslation, ProductVariant, Stock
from ocop.catalog.selectors import public_products
from ocop.core.money import format_vnd

IN_STOCK, OUT_OF_STOCK = "https://schema.org/InStock", "https://schema.org/OutOfStock"


@pytest.fixture
def product(seeded):
    """A public product with two variants: 90 000 ₫ limited to 2 with 5 in stock, 150 000 ₫
    without a limit and sold out."""
    from django.db.models import Count

    product = public_products().annotate(n=Count("variants")).filter(n__gte=2).order_by("pk").first()
    first, second = product.variants.order_by("sort_order", "pk")[:2]
    ProductVariant.objects.filter(pk=first.pk).update(price_amount=90000, compare_at_price_amount=None,
                                                      quantity_limit_per_customer=2, track_inventory=True)
    ProductVariant.objects.filter(pk=second.pk).update(price_amount=150000, compare_at_price_amount=None,
                                                       quantity_limit_per_customer=None, track_inventory=True)
    ProductVariant.objects.filter(product=product).exclude(pk__in=[first.pk, second.pk]).delete()
    set_stock(first, 5)
    set_stock(second, 0)
    return product, first, second


def set_stock(variant, quantity):
    assert Stock.objects.filter(product_variant=variant).exists()
    Stock.objects.filter(product_variant=variant).update(quantity=quantity, quantity_allocated=0)
    from django.core.cache import caches

    caches["listings"].clear()  # the page cache would show the old count for a few seconds


def page(client, product, lang="vi", **query):
    response = client.get(f"/products/{product.slug}/", query, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def big_price(html):
    return re.sub(r"<s.*?</s>", "", re.search(r'<p class="price big">(.*?)</p>', html, re.S).group(1)).strip()


def chosen(html):
    """The pk of the checked radio (the variant the form buys) and the variant links' pks."""
    checked = re.findall(r'<input type="radio" name="variant" value="(\d+)" checked>', html)
    links = re.findall(r'<a class="variant-choice" href="/products/[^"?]+/\?variant=(\d+)#buy">', html)
    assert len(checked) == 1, "exactly one variant is chosen"
    return int(checked[0]), [int(pk) for pk in links]


def quantity_box(html):
    match = re.search(r'<input id="qty" name="quantity"[^>]*>', html)
    return match and match.group(0)


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


# ---------------------------------------------------------------- choosing a variant without JavaScript

def test_the_default_is_the_first_variant_that_can_be_bought_the_others_are_links(client, product):
    product, first, second = product
    html = page(client, product)
    assert chosen(html) == (first.pk, [second.pk])
    assert big_price(html) == format_vnd(90000, "vi")
    assert format_vnd(150000, "vi") in html and "Tối đa 2 mỗi đơn." in html and "Hết hàng" in html


def test_the_default_skips_a_sold_out_first_variant(client, product):
    product, first, second = product
    set_stock(first, 0)
    set_stock(second, 3)
    html = page(client, product)
    assert chosen(html) == (second.pk, [first.pk]) and big_price(html) == format_vnd(150000, "vi")


def test_following_a_variant_link_shows_its_price_stock_and_limit(client, product):
    product, first, second = product
    set_stock(second, 40)
    html = page(client, product, variant=second.pk)
    assert chosen(html) == (second.pk, [first.pk])
    assert big_price(html) == format_vnd(150000, "vi")
    assert 'max="40"' in quantity_box(html)  # no limit: the stock left
    assert f'name="next" value="/products/{product.slug}/?variant={second.pk}#buy"' in html
    english = page(client, product, "en", variant=second.pk)
    assert big_price(english) == format_vnd(150000, "en") == "₫150,000"
    assert chosen(english)[0] == second.pk


def test_the_form_on_a_variant_page_buys_that_variant(client, product):
    product, first, second = product
    set_stock(second, 40)
    html = page(client, product, variant=second.pk)
    form = re.search(r'<form method="post" action="/cart/add/".*?</form>', html, re.S).group(0)
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form))
    assert fields["variant"] == str(second.pk) and fields["quantity"] == "1"
    fields["quantity"] = "7"  # more than the first variant's limit: this one has none
    response = client.post("/cart/add/", fields, follow=True)
    assert response.redirect_chain[-1][0] == "/cart/"
    cart = response.context["cart"]
    assert [(line.variant_id, line.quantity) for g in cart.groups for line in g.lines] == [(second.pk, 7)]


def test_an_error_when_adding_comes_back_to_the_same_variant(client, product):
    product, first, second = product
    response = client.post("/cart/add/", {"variant": first.pk, "quantity": 3,
                                          "next": f"/products/{product.slug}/?variant={first.pk}#buy"})
    assert response.status_code == 302 and response["Location"].endswith(f"?variant={first.pk}#buy")


@pytest.mark.parametrize("asked", ["abc", "999999", "", "1 OR 1=1", "\x00", "-1", "1.0", "٣", "9" * 40])
def test_a_nonsense_variant_shows_the_default_never_an_error(client, product, asked):
    product, first, second = product
    html = page(client, product, variant=asked)
    assert chosen(html) == (first.pk, [second.pk]) and big_price(html) == format_vnd(90000, "vi")


def test_another_product_s_variant_is_not_chosen(client, product):
    product, first, second = product
    other = ProductVariant.objects.exclude(product=product).first()
    html = page(client, product, variant=other.pk)
    form = re.search(r'<form method="post" action="/cart/add/".*?</form>', html, re.S).group(0)
    assert f'value="{other.pk}"' not in form and f"variant={other.pk}" not in form
    assert chosen(html) == (first.pk, [second.pk])


# ---------------------------------------------------------------- quantity limits

@pytest.mark.parametrize("limit,track,stock,expected", [
    (2, True, 5, 2),        # the per-customer limit
    (None, True, 5, 5),     # the stock left
    (None, False, 0, 999),  # not counted, no limit: the cart's line cap
    (50, False, 0, 50),
    (5000, True, 4000, 999),
])
def test_the_quantity_box_allows_what_the_cart_allows_for_the_variant_shown(client, product, limit, track, stock,
                                                                              expected):
    from ocop.checkout.models import Checkout
    from ocop.checkout.services import add_line

    product, first, second = product
    ProductVariant.objects.filter(pk=second.pk).update(quantity_limit_per_customer=limit, track_inventory=track)
    set_stock(second, stock)
    box = quantity_box(page(client, product, variant=second.pk))
    assert f'max="{expected}"' in box and 'min="1"' in box
    # the server agrees: the most is accepted, one more is not
    checkout = Checkout.objects.create()
    add_line(checkout=checkout, variant_id=second.pk, quantity=expected)
    with pytest.raises(Exception):
        add_line(checkout=Checkout.objects.create(), variant_id=second.pk, quantity=expected + 1)


def test_a_sold_out_variant_shown_has_no_quantity_box_nor_button(client, product):
    product, first, second = product
    html = page(client, product, variant=second.pk)
    assert chosen(html)[0] == second.pk and quantity_box(html) is None
    assert "Thêm vào giỏ" not in html and "đã hết hàng" in html


# ---------------------------------------------------------------- the page cache

def _product_queries(client, product, **query):
    with CaptureQueriesContext(connection) as ctx:
        html = page(client, product, **query)
    return html, any("catalog_product" in q["sql"] for q in ctx.captured_queries)


def test_each_variant_page_has_its_own_cache_entry(client, product, settings):
    settings.PRODUCT_PAGE_CACHE_SECONDS = 60
    product, first, second = product
    set_stock(second, 3)
    plain, queried = _product_queries(client, product)
    assert queried and chosen(plain)[0] == first.pk
    html, queried = _product_queries(client, product, variant=second.pk)
    assert queried and chosen(html)[0] == second.pk  # not the plain page's entry
    html, queried = _product_queries(client, product, variant=second.pk)
    assert not queried and chosen(html)[0] == second.pk and big_price(html) == format_vnd(150000, "vi")
    html, queried = _product_queries(client, product)
    assert not queried and chosen(html)[0] == first.pk and big_price(html) == format_vnd(90000, "vi")
    # other query strings share the plain page's entry; the English page has its own
    html, queried = _product_queries(client, product, utm_source="zalo")
    assert not queried and chosen(html)[0] == first.pk
    english = client.get(f"/products/{product.slug}/", {"variant": second.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert big_price(english.content.decode()) == "₫150,000"


def test_a_made_up_variant_is_never_kept_nor_served_from_the_cache(client, product, settings):
    settings.PRODUCT_PAGE_CACHE_SECONDS = 60
    product, first, second = product
    other = ProductVariant.objects.exclude(product=product).first()
    for asked in ("999999", str(other.pk), "999999"):
        html, queried = _product_queries(client, product, variant=asked)
        assert queried and chosen(html)[0] == first.pk
    html, queried = _product_queries(client, product, variant="abc")  # not a number: the plain page's entry
    assert queried and chosen(html)[0] == first.pk
    assert not _product_queries(client, product)[1]


def test_a_variant_page_uses_at_most_12_queries(client, product, django_assert_max_num_queries):
    product, first, second = product
    with django_assert_max_num_queries(12):
        page(client, product, variant=second.pk)
    with django_assert_max_num_queries(12):
        page(client, product, "en", variant=first.pk)


# ---------------------------------------------------------------- JSON-LD

def test_the_offers_say_what_the_page_says_about_stock_price_and_currency(client, product):
    product, first, second = product
    third = ProductVariant.objects.create(product=product, sku="MADE-TO-ORDER-1", name="Đặt làm",
                                          price_amount=210000, track_inventory=False, sort_order=99)
    html = page(client, product)
    offers = {o["sku"]: o for o in json_ld(html)["offers"]}
    assert {sku: (o["availability"], o["price"], o["priceCurrency"]) for sku, o in offers.items()} == {
        first.sku: (IN_STOCK, "90000", "VND"),            # counts stock, 5 left
        second.sku: (OUT_OF_STOCK, "150000", "VND"),      # counts stock, none left
        third.sku: (IN_STOCK, "210000", "VND"),           # does not count stock (no stock row at all)
    }
    assert offers[third.sku]["url"] == f"http://testserver/products/{product.slug}/?variant={third.pk}"
    # the page's own words agree
    row = re.search(rf'variant={third.pk}#buy">(.*?)</a>', html, re.S).group(1)
    assert "Có sẵn" in row and format_vnd(210000, "vi") in row
    row = re.search(rf'variant={second.pk}#buy">(.*?)</a>', html, re.S).group(1)
    assert "Hết hàng" in row


def test_an_untracked_variant_with_everything_allocated_is_still_in_stock(client, product):
    product, first, second = product
    ProductVariant.objects.filter(pk=second.pk).update(track_inventory=False)
    Stock.objects.filter(product_variant=second).update(quantity=3, quantity_allocated=3)
    html = page(client, product, variant=second.pk)
    offers = {o["sku"]: o for o in json_ld(html)["offers"]}
    assert offers[second.sku]["availability"] == IN_STOCK
    assert 'max="999"' in quantity_box(html)


# ---------------------------------------------------------------- certificate

def test_the_certificate_s_number_authority_and_validity_are_shown(client, seeded):
    from ocop.catalog.selectors import valid_certificate_q

    product = public_products().filter(valid_certificate_q()).select_related("ocop_certificate").first()
    cert = product.ocop_certificate
    assert cert.decision_number and cert.issuing_authority and cert.valid_until
    html = page(client, product)
    badge = re.search(r'<p class="stars ocop-badge">(.*?)</p>', html, re.S).group(1)
    assert f"OCOP {cert.stars}★" in badge
    assert (f"Quyết định {cert.decision_number}, {cert.issuing_authority}, "
            f"hiệu lực đến {cert.valid_until.strftime('%d/%m/%Y')}") in badge
    english = re.search(r'<p class="stars ocop-badge">(.*?)</p>', page(client, product, "en"), re.S).group(1)
    from ocop.areas.names import authority_name

    assert (f"Decision {cert.decision_number}, {escape(authority_name(cert.issuing_authority, 'en'))}, "
            f"valid until {cert.valid_until.strftime('%d/%m/%Y')}") in english


# ---------------------------------------------------------------- English

def _meta(html, attribute, name):
    return re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', html).group(1)


def test_english_pages_name_the_product_in_english(client, product):
    product, first, second = product
    ProductTranslation.objects.update_or_create(product=product, language_code="en",
                                                defaults={"name": "Wild forest honey", "description": "Raw honey."})
    html = page(client, product, "en")
    assert "<title>Wild forest honey – OCOP Market</title>" in html
    assert _meta(html, "name", "description") == "Raw honey."
    assert _meta(html, "property", "og:title") == "Wild forest honey"
    assert _meta(html, "property", "og:description") == "Raw honey."
    assert json_ld(html)["name"] == "Wild forest honey" and json_ld(html)["description"] == "Raw honey."
    assert "<h1>Wild forest honey</h1>" in html
    vietnamese = page(client, product, "vi")
    assert f"<title>{product.name} – OCOP Market</title>" in vietnamese and json_ld(vietnamese)["name"] == product.name
    assert _meta(vietnamese, "property", "og:title") == product.name

    origin = client.get(f"/origin/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Origin of Wild forest honey – OCOP Market</title>" in origin
    assert "<h1>Origin of Wild forest honey</h1>" in origin and product.name not in origin
    client.post("/cart/add/", {"variant": first.pk, "quantity": 1}, HTTP_ACCEPT_LANGUAGE="en")
    cart = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'?variant={first.pk}">Wild forest honey</a>' in cart and "Quantity of Wild forest honey" in cart
    assert product.name not in cart
    vietnamese = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert product.name in vietnamese and "Wild forest honey" not in vietnamese


def test_without_an_english_name_english_pages_fall_back_to_the_vietnamese_one(client, product):
    product, first, second = product
    ProductTranslation.objects.filter(product=product, language_code="en").delete()
    html = page(client, product, "en")
    assert f"<title>{product.name} – OCOP Market</title>" in html and json_ld(html)["name"] == product.name
    origin = client.get(f"/origin/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Origin of {product.name}" in origin


def test_the_english_cart_s_queries_do_not_grow_with_its_lines(client, seeded):
    products = public_products().filter(translations__language_code="en").distinct()[:4]
    variants = [p.variants.first() for p in products]
    for v in variants:
        ProductVariant.objects.filter(pk=v.pk).update(track_inventory=False, quantity_limit_per_customer=None)

    def cart_queries():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        return len(ctx.captured_queries), html

    client.post("/cart/add/", {"variant": variants[0].pk, "quantity": 1})
    one, _ = cart_queries()
    for v in variants[1:]:
        client.post("/cart/add/", {"variant": v.pk, "quantity": 1})
    four, html = cart_queries()
    assert four == one
    for p in products:
        assert p.translations.get(language_code="en").name in html


def test_the_cart_s_quantity_box_allows_the_variant_s_limit_and_links_back_to_the_variant(client, product):
    product, first, second = product
    set_stock(second, 40)
    client.post("/cart/add/", {"variant": first.pk, "quantity": 1})
    client.post("/cart/add/", {"variant": second.pk, "quantity": 1})
    html = client.get("/cart/").content.decode()
    assert re.search(rf'id="qty-{first.pk}" name="quantity" type="number" min="0" max="2"', html)
    assert re.search(rf'id="qty-{second.pk}" name="quantity" type="number" min="0" max="999"', html)
    assert f'href="/products/{product.slug}/?variant={second.pk}"' in html
    assert html.count('name="remove" value="1" formnovalidate') == 2  # removing needs no valid quantity
