"""checkout.services.merge_into_user_checkout: the anonymous cart joins the account's cart at
log-in within the limits that adding to a cart has."""

import pytest

from ocop.catalog.models import ProductVariant, Stock
from ocop.catalog.selectors import public_products
from ocop.checkout import services
from ocop.checkout.models import Checkout, CheckoutLine

from . import factories as f


@pytest.fixture
def variants(seeded):
    chosen = list(ProductVariant.objects.filter(product__in=public_products(), track_inventory=True)
                  .select_related("product")[:3])
    Stock.objects.filter(product_variant__in=chosen).update(quantity=50, quantity_allocated=0)
    return chosen


def carts(*lines_of_each):
    shopper = f.user()
    account = Checkout.objects.create(user=shopper)
    anonymous = Checkout.objects.create()
    for cart, lines in zip((account, anonymous), lines_of_each):
        for variant, quantity in lines:
            cart.lines.create(variant=variant, quantity=quantity)
    return shopper, account, anonymous


def quantities(cart):
    return {line.variant_id: line.quantity for line in cart.lines.all()}


def test_quantities_are_added_and_nothing_is_cut_within_the_limits(variants):
    honey, tea, _ = variants
    shopper, account, anonymous = carts([(honey, 1)], [(honey, 2), (tea, 4)])
    merged = services.merge_into_user_checkout(checkout=anonymous, user=shopper)
    assert merged.pk == account.pk and quantities(merged) == {honey.pk: 3, tea.pk: 4}
    assert merged.merge_cuts == [] and not Checkout.objects.filter(pk=anonymous.pk).exists()


def test_the_per_customer_limit_holds_across_the_two_carts(variants):
    honey, tea, _ = variants
    ProductVariant.objects.filter(pk=honey.pk).update(quantity_limit_per_customer=3)
    shopper, account, anonymous = carts([(honey, 3)], [(honey, 3), (tea, 1)])
    merged = services.merge_into_user_checkout(checkout=anonymous, user=shopper)
    assert quantities(merged) == {honey.pk: 3, tea.pk: 1}
    assert [(variant.pk, kept) for variant, kept in merged.merge_cuts] == [(honey.pk, 3)]


def test_stock_caps_the_sum_and_a_sold_out_item_is_left_out(variants):
    honey, tea, _ = variants
    Stock.objects.filter(product_variant=honey).update(quantity=4, quantity_allocated=0)
    Stock.objects.filter(product_variant=tea).update(quantity=2, quantity_allocated=2)
    shopper, account, anonymous = carts([(honey, 2)], [(honey, 5), (tea, 1)])
    merged = services.merge_into_user_checkout(checkout=anonymous, user=shopper)
    assert quantities(merged) == {honey.pk: 4}
    assert sorted((variant.pk, kept) for variant, kept in merged.merge_cuts) == sorted([(honey.pk, 4), (tea.pk, 0)])


def test_a_full_account_cart_takes_no_new_lines(variants, monkeypatch):
    honey, tea, jam = variants
    monkeypatch.setattr(services, "MAX_LINES", 2)
    shopper, account, anonymous = carts([(honey, 1), (tea, 1)], [(honey, 1), (jam, 1)])
    merged = services.merge_into_user_checkout(checkout=anonymous, user=shopper)
    assert quantities(merged) == {honey.pk: 2, tea.pk: 1}
    assert [(variant.pk, kept) for variant, kept in merged.merge_cuts] == [(jam.pk, 0)]
    assert CheckoutLine.objects.filter(checkout=merged).count() == 2


def test_without_an_account_cart_the_anonymous_one_becomes_it(variants):
    honey, _, _ = variants
    shopper = f.user()
    anonymous = Checkout.objects.create()
    anonymous.lines.create(variant=honey, quantity=2)
    merged = services.merge_into_user_checkout(checkout=anonymous, user=shopper)
    assert merged.pk == anonymous.pk and merged.user == shopper and merged.merge_cuts == []


def test_logging_in_says_what_the_joined_cart_had_to_cut(client, variants):
    honey, _, _ = variants
    ProductVariant.objects.filter(pk=honey.pk).update(quantity_limit_per_customer=3)
    shopper = f.user(email="mua@example.vn", password="mat-khau-rat-dai")
    earlier = Checkout.objects.create(user=shopper)
    earlier.lines.create(variant=honey, quantity=2)
    client.post("/cart/add/", {"variant": honey.pk, "quantity": 3})
    response = client.post("/accounts/login/", {"username": "mua@example.vn", "password": "mat-khau-rat-dai"},
                           follow=True)
    page = response.content.decode()
    assert "Giỏ hàng của bạn đã được gộp" in page and honey.product.name in page
    assert client.get("/cart/").context["cart"].quantity == 3


def test_on_english_pages_the_cut_is_told_with_the_english_product_name(client, variants):
    from ocop.catalog.models import ProductTranslation

    honey, _, _ = variants
    ProductVariant.objects.filter(pk=honey.pk).update(quantity_limit_per_customer=3)
    ProductTranslation.objects.update_or_create(product=honey.product, language_code="en",
                                                defaults={"name": "Wild forest honey"})
    shopper = f.user(email="buyer@example.vn", password="mat-khau-rat-dai")
    Checkout.objects.create(user=shopper).lines.create(variant=honey, quantity=2)
    client.post("/cart/add/", {"variant": honey.pk, "quantity": 3}, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"username": "buyer@example.vn", "password": "mat-khau-rat-dai"},
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Your carts were joined: Wild forest honey" in page
    assert honey.product.name not in page.split("Your carts were joined")[1].split("</")[0]


def test_every_cut_is_told_with_its_english_variant_name_looked_up_once(client, variants):
    from django.db import connection

    from ocop.catalog.models import ProductVariantTranslation

    honey, tea, _ = variants
    ProductVariant.objects.filter(pk__in=[honey.pk, tea.pk]).update(quantity_limit_per_customer=3)
    for variant, name in ((honey, "Gift jar"), (tea, "Tin of 100 g")):
        ProductVariantTranslation.objects.update_or_create(variant=variant, language_code="en",
                                                           defaults={"name": name})
    shopper = f.user(email="buyer2@example.vn", password="mat-khau-rat-dai")
    account = Checkout.objects.create(user=shopper)
    account.lines.create(variant=honey, quantity=2)
    account.lines.create(variant=tea, quantity=3)
    client.post("/cart/add/", {"variant": honey.pk, "quantity": 3}, HTTP_ACCEPT_LANGUAGE="en")
    client.post("/cart/add/", {"variant": tea.pk, "quantity": 2}, HTTP_ACCEPT_LANGUAGE="en")
    sent = []
    with connection.execute_wrapper(lambda execute, sql, *rest: sent.append(sql) or execute(sql, *rest)):
        client.post("/accounts/login/", {"username": "buyer2@example.vn", "password": "mat-khau-rat-dai"},
                    HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("Your carts were joined") == 2
    assert "– Gift jar is now 3" in page and "– Tin of 100 g is now 3" in page
    assert sum("catalog_productvarianttranslation" in sql for sql in sent) == 1
