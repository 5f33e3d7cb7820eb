"""The product page without JavaScript: each variant's price, stock and limit; the price range
until one is asked for; JSON-LD offers as the page says; names in the page's language."""

import json
import re

import pytest

from ocop.catalog.models import ProductTranslation, ProductVariant, Stock
from ocop.catalog.selectors import public_products
from ocop.core.money import format_vnd


@pytest.fixture
def product(seeded):
    """A public product with two variants at different prices, the first with a limit."""
    from django.db.models import Count

    product = public_products().annotate(n=Count("variants")).filter(n__gte=2).order_by("pk").first()
    first, second = product.variants.order_by("sort_order", "pk")[:2]
    ProductVariant.objects.filter(pk=first.pk).update(price_amount=90000, quantity_limit_per_customer=2,
                                                      track_inventory=True)
    ProductVariant.objects.filter(pk=second.pk).update(price_amount=150000, quantity_limit_per_customer=None,
                                                       track_inventory=True)
    ProductVariant.objects.filter(product=product).exclude(pk__in=[first.pk, second.pk]).delete()
    Stock.objects.filter(product_variant=first).update(quantity=5, quantity_allocated=0)
    Stock.objects.filter(product_variant=second).update(quantity=0, quantity_allocated=0)
    return product, first, second


def page(client, product, **query):
    response = client.get(f"/products/{product.slug}/", query)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_without_a_variant_asked_the_big_price_is_the_range_and_each_row_has_its_own(client, product):
    product, first, second = product
    html = page(client, product)
    big = re.search(r'<p class="price big">(.*?)</p>', html, re.S).group(1)
    assert big.strip() == "từ " + format_vnd(90000, "vi")
    assert format_vnd(150000, "vi") in html and "Tối đa 2 mỗi đơn." in html
    # the browser's own check lets through what the unlimited variant allows
    assert 'max="999"' in html


def test_a_variant_asked_for_in_the_url_is_chosen_with_its_price(client, product):
    product, first, second = product
    html = page(client, product, variant=second.pk)
    assert re.search(r'<p class="price big">(.*?)</p>', html, re.S).group(1).strip() == format_vnd(150000, "vi")
    assert re.search(rf'value="{second.pk}" checked', html)


@pytest.mark.parametrize("asked", ["abc", "999999", "", "1 OR 1=1", "\x00"])
def test_a_nonsense_or_foreign_variant_shows_the_default_never_an_error(client, product, asked):
    product, first, second = product
    html = page(client, product, variant=asked)
    assert re.search(rf'value="{first.pk}" checked', html)


def test_another_product_s_variant_is_not_chosen(client, product):
    product, first, second = product
    other = ProductVariant.objects.exclude(product=product).first()
    html = page(client, product, variant=other.pk)
    assert f'value="{other.pk}"' not in html and re.search(rf'value="{first.pk}" checked', html)


def test_when_every_variant_has_a_limit_the_quantity_box_allows_the_largest(client, product):
    product, first, second = product
    ProductVariant.objects.filter(pk=second.pk).update(quantity_limit_per_customer=4)
    assert 'max="4"' in page(client, product)


def test_the_offers_say_what_the_page_says_about_stock(client, product):
    product, first, second = product
    offers = {o["sku"]: o for o in json_ld(page(client, product))["offers"]}
    assert offers[first.sku]["availability"] == "https://schema.org/InStock"
    assert offers[second.sku]["availability"] == "https://schema.org/OutOfStock"
    assert (offers[first.sku]["price"], offers[first.sku]["priceCurrency"]) == ("90000", "VND")
    ProductVariant.objects.filter(pk=second.pk).update(track_inventory=False)  # made to order
    offers = {o["sku"]: o for o in json_ld(page(client, product, variant=second.pk))["offers"]}
    assert offers[second.sku]["availability"] == "https://schema.org/InStock"


def test_the_certificate_s_number_authority_and_validity_are_shown(client, seeded):
    from ocop.catalog.selectors import valid_certificate_q

    product = public_products().filter(valid_certificate_q()).select_related("ocop_certificate").first()
    cert = product.ocop_certificate
    html = page(client, product)
    assert cert.decision_number in html and cert.issuing_authority in html
    assert cert.valid_until.strftime("%d/%m/%Y") in html and f"OCOP {cert.stars}★" in html


def test_english_pages_name_the_product_in_english(client, product):
    product, first, second = product
    ProductTranslation.objects.update_or_create(product=product, language_code="en",
                                                defaults={"name": "Wild forest honey", "description": "Raw honey."})
    html = client.get(f"/products/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Wild forest honey – OCOP Market</title>" in html
    assert json_ld(html)["name"] == "Wild forest honey" and json_ld(html)["description"] == "Raw honey."
    assert 'content="Raw honey."' in html
    origin = client.get(f"/origin/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Origin of Wild forest honey" in origin
    Stock.objects.filter(product_variant=first).update(quantity=5)
    client.post("/cart/add/", {"variant": first.pk, "quantity": 1}, HTTP_ACCEPT_LANGUAGE="en")
    cart = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wild forest honey" in cart
    vietnamese = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert product.name in vietnamese
