"""Variant names in English ("Hũ 500 g" → "500 g jar"): the producer gives them on the variant page;
the English product page, cart, checkout, order, e-mail and API show them, the Vietnamese ones
where there is none."""

import json
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ocop.catalog import services
from ocop.catalog.models import ProductVariant, ProductVariantTranslation
from ocop.catalog.selectors import public_products
from ocop.orders import services as order_services
from tests.checkout_factories import ready_checkout
from tests.graphql_client import gid, gql
from tests.test_catalog_helpers import new_product, seller

pytestmark = pytest.mark.django_db

LIST = "/seller/products/"


def english(variant):
    return ProductVariantTranslation.objects.filter(variant=variant, language_code="en").first()


@pytest.fixture
def shop(client):
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=[{"sku": "MO-500", "name": "Hũ 500 g",
                                                               "price_amount": 150000, "stock": 5}])
    client.force_login(user)
    return client, user, product, product.variants.get()


def form(variant, **changes):
    return {"name": variant.name, "sku": variant.sku, "price_amount": str(variant.price_amount),
            "compare_at_price_amount": "", "weight_grams": "", "stock": "5", **changes}


def test_the_variant_page_saves_shows_and_clears_the_english_name(shop):
    client, _user, product, variant = shop
    url = f"{LIST}{product.pk}/variants/{variant.pk}/"
    assert client.post(url, form(variant, name_en="500 g jar")).status_code == 302
    assert english(variant).name == "500 g jar"
    assert 'value="500 g jar"' in client.get(url).content.decode()
    client.post(url, form(variant, name_en=""))
    assert english(variant) is None


def test_a_too_long_english_name_is_refused_beside_its_field_and_nothing_is_saved(shop):
    client, _user, product, variant = shop
    url = f"{LIST}{product.pk}/variants/{variant.pk}/"
    response = client.post(url, form(variant, name="Hũ mới", name_en="x" * 121))
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_name_en_error"' in page and "120" in page
    variant.refresh_from_db()
    assert variant.name == "Hũ 500 g" and english(variant) is None


def test_the_service_names_each_bad_translation_and_a_new_variant_keeps_its_english_name(shop):
    _client, user, product, variant = shop
    with pytest.raises(ValidationError) as refused:
        services.update_variant(user=user, variant_id=variant.pk, data={"translations": {"ja": {"name": "瓶"}}})
    assert set(refused.value.error_dict) == {"translations.ja"}
    added = services.create_variant(user=user, product_id=product.pk, data={
        "sku": "MO-1000", "name": "Hũ 1 kg", "price_amount": 280000, "translations": {"en": {"name": "1 kg jar"}}})
    assert english(added).name == "1 kg jar"
    copy = services.duplicate_product(user=user, product_id=product.pk)
    assert sorted(t.name for t in ProductVariantTranslation.objects.filter(variant__product=copy)) == ["1 kg jar"]


def test_another_producer_cannot_name_my_variant(shop, client):
    _client, _user, product, variant = shop
    other, _producer, _category = seller()
    client.force_login(other)
    response = client.post(f"{LIST}{product.pk}/variants/{variant.pk}/", form(variant, name_en="Mine"))
    assert response.status_code == 404 and english(variant) is None
    with pytest.raises(ValidationError):
        services.update_variant(user=other, variant_id=variant.pk, data={"translations": {"en": {"name": "Mine"}}})
    assert english(variant) is None


def sample_variant_with_english_name():
    variant = (ProductVariant.objects.filter(product__in=public_products(), translations__language_code="en",
                                             name__startswith="Hũ").select_related("product").first())
    assert variant is not None, "the sample data names its jars in English"
    return variant, english(variant).name


def test_the_english_product_page_cart_and_checkout_show_the_english_variant_name(seeded, client):
    variant, name_en = sample_variant_with_english_name()
    page = client.get(f"/products/{variant.product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert name_en in page and variant.name not in page
    offers = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))["offers"]
    assert name_en in {offer["name"] for offer in offers}
    page = client.get(f"/products/{variant.product.slug}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert variant.name in page and name_en not in page
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert name_en in client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert variant.name in client.get("/cart/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_an_english_order_keeps_the_english_variant_name_for_the_shopper_not_the_producer(seeded, client):
    variant, name_en = sample_variant_with_english_name()
    order = order_services.complete_checkout(ready_checkout([(variant, 1)], language_code="en"))
    line = order.lines.get()
    assert (line.variant_name, line.translated_variant_name, line.shopper_variant_name) == (
        variant.name, name_en, name_en)
    to_shopper = next(m for m in mail.outbox if m.to == ["khach@example.vn"])
    assert name_en in to_shopper.body
    to_producer = next(m for m in mail.outbox if m.to != ["khach@example.vn"])
    assert variant.name in to_producer.body and name_en not in to_producer.body
    vietnamese = order_services.complete_checkout(ready_checkout([(variant, 1)], language_code="vi"))
    assert vietnamese.lines.get().translated_variant_name == ""


def test_the_api_answers_the_variant_translation(seeded, client):
    variant, name_en = sample_variant_with_english_name()
    query = """query($id: ID!) { productVariant(id: $id) { name en: translation(languageCode: EN_US) { id name
                language { code } } fr: translation(languageCode: FR) { name } } }"""
    data = gql(client, query, {"id": gid("ProductVariant", variant.pk)})["data"]["productVariant"]
    assert data["name"] == variant.name
    assert data["en"]["name"] == name_en and data["en"]["language"]["code"] == "EN"
    assert data["fr"] is None


def test_an_english_search_finds_a_product_by_its_variant_s_english_name(shop, client):
    from django.core.cache import caches

    from ocop.search.indexing import update_dirty_products

    _client, user, product, variant = shop
    services.update_variant(user=user, variant_id=variant.pk, data={"translations": {"en": {"name": "Gift jar"}}})
    services.publish_product(user=user, product_id=product.pk)
    update_dirty_products()
    caches["listings"].clear()
    found = client.get("/search/", {"q": "gift jar"}, HTTP_ACCEPT_LANGUAGE="en").context["listing"].products
    assert [card.pk for card in found] == [product.pk]
