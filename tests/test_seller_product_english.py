"""A producer gives a product's name and description in English on the seller pages; English pages
show them (the Vietnamese text when left empty) and English searches find them."""

import pytest
from django.core.exceptions import ValidationError

from ocop.catalog import services
from ocop.catalog.models import Product, ProductTranslation
from ocop.search.indexing import update_dirty_products
from tests.test_catalog_helpers import new_product, seller

pytestmark = pytest.mark.django_db

LIST = "/seller/products/"
FORM = {"name": "Mật ong hoa nhãn", "description": "Thơm mùi nhãn.", "weight_grams": "", "ocop_certificate": ""}


@pytest.fixture
def shop(client):
    user, producer, category = seller()
    client.force_login(user)
    return client, user, producer, category


def english(product):
    return ProductTranslation.objects.filter(product=product, language_code="en").first()


def test_a_new_product_is_created_with_its_english_name_and_description(shop):
    client, _user, producer, category = shop
    response = client.post(LIST + "new/", {**FORM, "category": category.pk, "name_en": "Longan flower honey",
                                           "description_en": "Smells of longan."})
    product = Product.objects.get(producer=producer)
    assert response.status_code == 302
    assert (english(product).name, english(product).description) == ("Longan flower honey", "Smells of longan.")


def test_the_edit_form_shows_the_english_text_and_saves_a_change(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category, translations={"en": {"name": "Forest honey"}})
    page = client.get(f"{LIST}{product.pk}/").content.decode()
    assert 'value="Forest honey"' in page and "Tên tiếng Anh" in page
    response = client.post(f"{LIST}{product.pk}/", {**FORM, "category": category.pk, "name_en": "Wild forest honey",
                                                    "description_en": "From Tam Dao."})
    assert response.status_code == 302
    assert (english(product).name, english(product).description) == ("Wild forest honey", "From Tam Dao.")


def test_emptying_both_english_fields_removes_the_translation(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category, translations={"en": {"name": "Forest honey"}})
    client.post(f"{LIST}{product.pk}/", {**FORM, "category": category.pk, "name_en": " ", "description_en": ""})
    assert english(product) is None


def test_a_too_long_english_name_is_refused_beside_its_field_and_nothing_is_saved(shop):
    client, user, producer, category = shop
    product = new_product(user, producer, category, translations={"en": {"name": "Forest honey"}})
    response = client.post(f"{LIST}{product.pk}/", {**FORM, "category": category.pk, "name": "Tên mới",
                                                    "name_en": "x" * 251})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_name_en_error"' in page and "250" in page
    product.refresh_from_db()
    assert product.name == "Mật ong rừng Tam Đảo" and english(product).name == "Forest honey"
    response = client.post(LIST + "new/", {**FORM, "category": category.pk, "name_en": "x" * 251},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Use at most 250 characters" in response.content.decode()
    assert Product.objects.filter(producer=producer).count() == 1


def test_the_service_refuses_other_languages_and_shapes_naming_each(shop):
    _client, user, producer, category = shop
    product = new_product(user, producer, category)
    with pytest.raises(ValidationError) as refused:
        services.update_product(user=user, product_id=product.pk,
                                data={"translations": {"fr": {"name": "Miel"}, "en": {"description": "y" * 20001}}})
    assert set(refused.value.error_dict) == {"translations.fr", "translations.en.description"}
    with pytest.raises(ValidationError) as refused:
        services.update_product(user=user, product_id=product.pk, data={"translations": ["en", "Honey"]})
    assert set(refused.value.error_dict) == {"translations"}
    assert not ProductTranslation.objects.filter(product=product).exists()


def test_a_translation_given_as_bare_text_is_refused_and_does_not_erase_the_one_there(shop):
    _client, user, producer, category = shop
    product = new_product(user, producer, category, translations={"en": {"name": "Forest honey"}})
    with pytest.raises(ValidationError) as refused:
        services.update_product(user=user, product_id=product.pk, data={"translations": {"en": "Wild honey"}})
    assert set(refused.value.error_dict) == {"translations.en"}
    assert english(product).name == "Forest honey"


def test_another_producer_cannot_give_my_product_an_english_name(shop, client):
    _client, user, producer, category = shop
    product = new_product(user, producer, category)
    other, _producer, _category = seller()
    client.force_login(other)
    response = client.post(f"{LIST}{product.pk}/", {**FORM, "category": category.pk, "name_en": "Mine now"})
    assert response.status_code == 404 and english(product) is None
    with pytest.raises(ValidationError):
        services.update_product(user=other, product_id=product.pk, data={"translations": {"en": {"name": "Mine"}}})
    assert english(product) is None


def test_english_pages_show_the_english_name_and_english_searches_find_it(shop):
    from django.core.cache import caches

    client, user, producer, category = shop
    product = new_product(user, producer, category, name="Mật ong hoa nhãn Hưng Yên",
                          variants=[{"sku": "NHAN-1", "price_amount": 150000, "stock": 5}],
                          translations={"en": {"name": "Hung Yen longan honey", "description": "Pale and sweet."}})
    services.publish_product(user=user, product_id=product.pk)
    update_dirty_products()
    caches["listings"].clear()
    page = client.get(f"/products/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hung Yen longan honey" in page and "Pale and sweet." in page
    page = client.get(f"/products/{product.slug}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Mật ong hoa nhãn Hưng Yên" in page and "Hung Yen longan honey" not in page
    found = client.get("/search/", {"q": "longan"}, HTTP_ACCEPT_LANGUAGE="en").context["listing"].products
    assert [card.pk for card in found] == [product.pk] and found[0].name == "Hung Yen longan honey"
