"""productTranslate / productVariantTranslate: a producer gives its products' English texts through
Saleor's translation mutations; the catalogue services decide who may."""

import json

import pytest

from ocop.catalog.models import ProductTranslation, ProductVariantTranslation

from . import factories as f
from .graphql_client import gid, gql
from .test_api_catalog import make_producer, make_product

ERRORS = "errors { field message code }"
TRANSLATE = f"""mutation($id: ID!, $lang: LanguageCodeEnum!, $input: TranslationInput!) {{
  productTranslate(id: $id, languageCode: $lang, input: $input) {{
    product {{ name translation(languageCode: $lang) {{ name description language {{ code }} }} }} {ERRORS} }} }}"""
VARIANT_TRANSLATE = f"""mutation($id: ID!, $lang: LanguageCodeEnum!, $input: NameTranslationInput!) {{
  productVariantTranslate(id: $id, languageCode: $lang, input: $input) {{
    productVariant {{ name translation(languageCode: $lang) {{ name }} }} {ERRORS} }} }}"""


@pytest.fixture
def seller(db):
    owner = f.user()
    producer = make_producer(owner=owner)
    return owner, make_product(producer, name="Mật ong rừng Tam Đảo")


def payload(body, name):
    assert "errors" not in body, body
    return body["data"][name]


def translate(client, user, product, lang="EN", **fields):
    return payload(gql(client, TRANSLATE, {"id": gid("Product", product.pk), "lang": lang, "input": fields}, user),
                   "productTranslate")


def test_a_member_translates_a_product_and_fields_left_out_keep_their_text(client, seller):
    owner, product = seller
    editorjs = json.dumps({"blocks": [{"type": "paragraph", "data": {"text": "Raw honey from <b>Tam Dao</b>."}}]})
    result = translate(client, owner, product, name="Tam Dao wild honey", description=editorjs, seoTitle="ignored")
    assert result["errors"] == []
    assert result["product"]["name"] == "Mật ong rừng Tam Đảo"  # the Vietnamese original is untouched
    assert result["product"]["translation"]["name"] == "Tam Dao wild honey"
    assert json.loads(result["product"]["translation"]["description"])["blocks"][0]["data"]["text"] == \
        "Raw honey from Tam Dao."
    result = translate(client, owner, product, lang="EN_US", name="Wild forest honey")
    assert result["errors"] == []
    saved = ProductTranslation.objects.get(product=product)
    assert (saved.language_code, saved.name, saved.description) == ("en", "Wild forest honey", "Raw honey from Tam Dao.")
    product.refresh_from_db()
    assert product.search_index_dirty  # the English name is searched too


def test_empty_texts_remove_the_translation(client, seller):
    owner, product = seller
    ProductTranslation.objects.create(product=product, language_code="en", name="Honey", description="Raw.")
    result = translate(client, owner, product, name="", description=None)
    assert result["errors"] == [] and result["product"]["translation"] is None
    assert not ProductTranslation.objects.filter(product=product).exists()


def test_a_variant_is_named_in_english(client, seller):
    owner, product = seller
    variant = product.variants.get()
    result = payload(gql(client, VARIANT_TRANSLATE, {"id": gid("ProductVariant", variant.pk), "lang": "EN",
                                                     "input": {"name": "500 g jar"}}, owner), "productVariantTranslate")
    assert result == {"productVariant": {"name": variant.name, "translation": {"name": "500 g jar"}}, "errors": []}
    result = payload(gql(client, VARIANT_TRANSLATE, {"id": gid("ProductVariant", variant.pk), "lang": "EN",
                                                     "input": {}}, owner), "productVariantTranslate")
    assert result["productVariant"]["translation"] == {"name": "500 g jar"}  # nothing given: kept


@pytest.mark.parametrize("lang, fields, expected", [
    ("EN", {"name": "x" * 251}, [("name", "INVALID")]),
    ("EN", {"description": json.dumps("x" * 20001)}, [("description", "INVALID")]),
    ("VI", {"name": "Mật ong"}, [("languageCode", "INVALID")]),
    ("FR", {"name": "Miel"}, [("languageCode", "INVALID")]),
])
def test_bad_input_names_the_field_and_nothing_is_saved(client, seller, lang, fields, expected):
    owner, product = seller
    result = translate(client, owner, product, lang=lang, **fields)
    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    assert all(e["message"] for e in result["errors"]) and result["product"] is None
    if lang == "VI":  # told in the caller's language, Vietnamese by default
        assert result["errors"][0]["message"].startswith("Tiếng Việt là ngôn ngữ gốc")
    assert not ProductTranslation.objects.exists()


def test_a_too_long_variant_name_is_refused(client, seller):
    owner, product = seller
    variant = product.variants.get()
    result = payload(gql(client, VARIANT_TRANSLATE, {"id": gid("ProductVariant", variant.pk), "lang": "EN",
                                                     "input": {"name": "x" * 121}}, owner), "productVariantTranslate")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("name", "INVALID")]
    assert not ProductVariantTranslation.objects.filter(variant=variant).exists()


def test_anonymous_callers_get_a_top_level_permission_error(client, seller):
    _owner, product = seller
    body = gql(client, TRANSLATE, {"id": gid("Product", product.pk), "lang": "EN", "input": {"name": "Honey"}})
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["data"] == {"productTranslate": None}


@pytest.mark.parametrize("who", ["shopper", "member of another producer", "producer not approved", "officer"])
def test_everyone_but_the_products_producer_is_told_not_found_and_nothing_changes(client, seller, who):
    owner, product = seller
    user = f.user()
    if who == "member of another producer":
        make_producer(owner=user)
    elif who == "producer not approved":  # its own member, while the producer is suspended
        user = owner
        type(product.producer).objects.filter(pk=product.producer_id).update(status="suspended", status_reason="Giấy tờ hết hạn")
    elif who == "officer":  # of the producer's own area
        user = f.officer(product.producer.area)
    variant = product.variants.get()
    result = translate(client, user, product, name="Mine")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")] and result["product"] is None
    result = payload(gql(client, VARIANT_TRANSLATE, {"id": gid("ProductVariant", variant.pk), "lang": "EN",
                                                     "input": {"name": "Mine"}}, user), "productVariantTranslate")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]
    assert not ProductTranslation.objects.exists() and not ProductVariantTranslation.objects.exists()


@pytest.mark.parametrize("bad_id", ["garbage", gid("Category", 1), gid("Product", 999999)])
def test_unknown_and_malformed_ids_are_not_found(client, seller, bad_id):
    owner, _product = seller
    body = gql(client, TRANSLATE, {"id": bad_id, "lang": "EN", "input": {"name": "Honey"}}, owner)
    assert [(e["field"], e["code"]) for e in payload(body, "productTranslate")["errors"]] == [("id", "NOT_FOUND")]
