"""The cart: stock and limits checked when adding, grouped per producer, merged at log-in."""

import pytest

from ocop.catalog.models import ProductVariant, Stock
from ocop.catalog.selectors import public_products
from ocop.checkout.models import Checkout


@pytest.fixture
def variant(seeded):
    variant = ProductVariant.objects.filter(product__in=public_products(), track_inventory=True).first()
    Stock.objects.filter(product_variant=variant).update(quantity=5, quantity_allocated=0)
    return variant


def add(client, variant, quantity, follow=True):
    return client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity}, follow=follow)


def test_adding_shows_the_line_and_the_total_in_dong(client, variant):
    response = add(client, variant, 2)
    html = response.content.decode()
    assert variant.product.name in html
    from ocop.core.money import format_vnd

    assert format_vnd(variant.price_amount * 2, "vi") in html
    assert response.context["cart"].total == variant.price_amount * 2


@pytest.mark.parametrize("quantity,message", [(6, "Chỉ còn 5"), (0, "ít nhất 1"), (-2, "ít nhất 1"), ("hai", "số nguyên"),
                                              ("1.5", "số nguyên")])
def test_quantities_beyond_stock_or_nonsense_are_refused_with_a_clear_message(client, variant, quantity, message):
    response = add(client, variant, quantity)
    assert message in response.content.decode()
    assert not Checkout.objects.filter(lines__isnull=False).exists()


def test_on_english_pages_the_stock_message_names_the_product_in_english(client, variant):
    from ocop.catalog.models import ProductTranslation, ProductVariantTranslation

    ProductTranslation.objects.update_or_create(product=variant.product, language_code="en",
                                                defaults={"name": "Wild forest honey"})
    ProductVariantTranslation.objects.update_or_create(variant=variant, language_code="en",
                                                       defaults={"name": "1 kg jar"})
    page = client.post("/cart/add/", {"variant": variant.pk, "quantity": 6}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Only 5 of Wild forest honey – 1 kg jar left." in page
    assert f"Chỉ còn 5 sản phẩm {variant.product.name} – {variant.name}." in add(client, variant, 6).content.decode()
    Stock.objects.filter(product_variant=variant).update(quantity=0)
    page = client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wild forest honey – 1 kg jar is sold out." in page


def test_a_sold_out_or_unpublished_product_cannot_be_added(client, variant):
    Stock.objects.filter(product_variant=variant).update(quantity=0)
    assert "hết hàng" in add(client, variant, 1).content.decode()
    from ocop.catalog.models import Product

    hidden = ProductVariant.objects.filter(product__in=Product.objects.exclude(producer__status="approved")).first()
    assert "không còn bán" in add(client, hidden, 1).content.decode().lower()


def test_quantity_limit_per_customer(client, variant):
    ProductVariant.objects.filter(pk=variant.pk).update(quantity_limit_per_customer=2)
    add(client, variant, 2)
    assert "tối đa 2" in add(client, variant, 1).content.decode()


def test_lines_are_grouped_per_producer_with_subtotals(client, seeded):
    variants = []
    seen = set()
    for v in ProductVariant.objects.filter(product__in=public_products(), stocks__quantity__gt=3).select_related("product"):
        if v.product.producer_id not in seen:
            seen.add(v.product.producer_id)
            variants.append(v)
        if len(variants) == 2:
            break
    for v in variants:
        add(client, v, 1)
    cart = client.get("/cart/").context["cart"]
    assert len(cart.groups) == 2
    assert [g.subtotal for g in cart.groups] == [v.price_amount for v in variants]
    assert cart.total == sum(v.price_amount for v in variants)


def test_changing_and_removing_a_line(client, variant):
    add(client, variant, 1)
    client.post("/cart/update/", {"variant": variant.pk, "quantity": 3})
    assert client.get("/cart/").context["cart"].quantity == 3
    response = client.post("/cart/update/", {"variant": variant.pk, "quantity": 9}, follow=True)
    assert "Chỉ còn 5" in response.content.decode()
    client.post("/cart/update/", {"variant": variant.pk, "remove": "1"})
    assert client.get("/cart/").context["cart"].quantity == 0


def test_the_cart_joins_the_account_at_log_in(client, variant):
    from . import factories as f

    shopper = f.user(email="mua@example.vn", password="mat-khau-rat-dai")
    earlier = Checkout.objects.create(user=shopper)
    earlier.lines.create(variant=variant, quantity=1)
    add(client, variant, 2)
    client.post("/accounts/login/", {"username": "mua@example.vn", "password": "mat-khau-rat-dai"})
    cart = client.get("/cart/").context["cart"]
    assert cart.checkout.pk == earlier.pk and cart.quantity == 3
    assert Checkout.objects.count() == 1


def test_someone_elses_cart_token_in_the_session_is_not_used(client, variant):
    from . import factories as f

    owner = f.user()
    theirs = Checkout.objects.create(user=owner)
    theirs.lines.create(variant=variant, quantity=1)
    session = client.session
    session["checkout_token"] = str(theirs.token)
    session.save()
    assert client.get("/cart/").context["cart"].quantity == 0


def test_the_header_counts_the_items_in_the_cart_and_costs_no_query_without_one(client, variant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as empty:
        page = client.get("/about/").content.decode()
    assert 'class="cart-count"' not in page
    assert not any("checkoutline" in q["sql"] for q in empty.captured_queries)
    add(client, variant, 2)
    page = client.get("/about/").content.decode()
    assert '<span class="cart-count">(2<span class="visually-hidden"> sản phẩm</span>)</span>' in page
    english = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '(2<span class="visually-hidden"> items</span>)' in english
    session = client.session
    session["checkout_token"] = "not-a-token"
    session.save()
    assert client.get("/about/").status_code == 200


def test_a_signed_in_shopper_s_cart_count_is_read_with_the_user(client, variant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from . import factories as f

    f.user(email="dem@example.vn", password="mat-khau-rat-dai")
    client.post("/accounts/login/", {"username": "dem@example.vn", "password": "mat-khau-rat-dai"})
    add(client, variant, 3)
    with CaptureQueriesContext(connection) as read:
        page = client.get("/about/").content.decode()
    assert '<span class="cart-count">(3<span' in page
    assert not any("checkoutline" in q["sql"] and "accounts_user" not in q["sql"] for q in read.captured_queries)
