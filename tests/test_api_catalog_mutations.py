"""Producers manage their catalogue through Saleor's mutations; the catalogue services decide."""

import io
import json

import pytest
from PIL import Image

from ocop.catalog.models import Product, ProductMedia, ProductVariant, Stock

from . import factories as f
from .graphql_client import gid, gql
from .test_api_catalog import add_photo, make_category, make_certificate, make_producer, make_product

ERRORS = "errors { field message code }"

CREATE = f"""mutation($input: ProductCreateInput!) {{ productCreate(input: $input) {{
  product {{ id name slug description category {{ slug }} productType {{ slug }} producer {{ slug }} ocopStars }}
  {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: ProductInput!) {{ productUpdate(id: $id, input: $input) {{
  product {{ name slug }} {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ productDelete(id: $id) {{ product {{ id name }} {ERRORS} }} }}"
VARIANT_CREATE = f"""mutation($input: ProductVariantCreateInput!) {{ productVariantCreate(input: $input) {{
  productVariant {{ id sku name quantityAvailable pricing {{ price {{ gross {{ amount currency }} }}
    priceUndiscounted {{ gross {{ amount }} }} }} product {{ name }} }} {ERRORS} }} }}"""
VARIANT_UPDATE = f"""mutation($id: ID, $sku: String, $input: ProductVariantInput!) {{
  productVariantUpdate(id: $id, sku: $sku, input: $input) {{ productVariant {{ sku name pricing {{ price {{ gross {{
  amount }} }} }} }} {ERRORS} }} }}"""
VARIANT_DELETE = f"""mutation($id: ID) {{ productVariantDelete(id: $id) {{ productVariant {{ sku }} {ERRORS} }} }}"""
STOCKS = f"""mutation($id: ID, $stocks: [StockInput!]!) {{
  productVariantStocksUpdate(variantId: $id, stocks: $stocks) {{
  productVariant {{ quantityAvailable }} {ERRORS} }} }}"""
MEDIA_CREATE = f"""mutation($product: ID!, $image: Upload, $alt: String) {{
  productMediaCreate(input: {{product: $product, image: $image, alt: $alt}}) {{
  product {{ name }} media {{ id alt url type }} {ERRORS} }} }}"""
MEDIA_DELETE = f"mutation($id: ID!) {{ productMediaDelete(id: $id) {{ media {{ id }} product {{ name }} {ERRORS} }} }}"
MEDIA_REORDER = f"""mutation($product: ID!, $media: [ID!]!) {{
  productMediaReorder(productId: $product, mediaIds: $media) {{
  media {{ id }} product {{ media {{ alt }} }} {ERRORS} }} }}"""


def jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 140, 20)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def seller(db):
    owner = f.user()
    return owner, make_producer(owner=owner)


@pytest.fixture
def stranger(db):
    """A member of another approved producer."""
    owner = f.user()
    make_producer(owner=owner)
    return owner


def payload(body, name):
    assert "errors" not in body, body
    return body["data"][name]


# --------------------------------------------------------------------------- who may call

@pytest.mark.parametrize("query,variables", [
    (CREATE, {"input": {"name": "Mật ong"}}),
    (DELETE, {"id": gid("Product", 1)}),
    (VARIANT_DELETE, {"id": gid("ProductVariant", 1)}),
    (STOCKS, {"id": gid("ProductVariant", 1), "stocks": [{"quantity": 1}]}),
])
def test_anonymous_callers_get_a_top_level_permission_error(client, db, query, variables):
    body = gql(client, query, variables)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert list(body["data"].values()) == [None]


def test_another_producers_member_is_told_not_found_and_nothing_changes(client, seller, stranger):
    owner, producer = seller
    product = make_product(producer, name="Mật ong rừng")
    variant = product.variants.get()
    media = add_photo(product)
    cases = [
        (UPDATE, {"id": gid("Product", product.pk), "input": {"name": "Của tôi"}}, "productUpdate"),
        (DELETE, {"id": gid("Product", product.pk)}, "productDelete"),
        (VARIANT_UPDATE, {"id": gid("ProductVariant", variant.pk), "input": {"price": 1}}, "productVariantUpdate"),
        (VARIANT_UPDATE, {"sku": variant.sku, "input": {"price": 1}}, "productVariantUpdate"),
        (VARIANT_DELETE, {"id": gid("ProductVariant", variant.pk)}, "productVariantDelete"),
        (STOCKS, {"id": gid("ProductVariant", variant.pk), "stocks": [{"quantity": 0}]},
         "productVariantStocksUpdate"),
        (VARIANT_CREATE, {"input": {"product": gid("Product", product.pk), "sku": "X-1", "price": 1}},
         "productVariantCreate"),
        (MEDIA_DELETE, {"id": gid("ProductMedia", media.pk)}, "productMediaDelete"),
        (MEDIA_REORDER, {"product": gid("Product", product.pk), "media": [gid("ProductMedia", media.pk)]},
         "productMediaReorder"),
    ]
    for query, variables, name in cases:
        result = payload(gql(client, query, variables, stranger), name)
        assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"], (name, result)
        assert all(value is None for key, value in result.items() if key != "errors"), name
    product.refresh_from_db()
    assert product.name == "Mật ong rừng" and ProductMedia.objects.filter(pk=media.pk).exists()
    assert Stock.objects.get(product_variant=variant).quantity == 10
    assert ProductVariant.objects.filter(pk=variant.pk, price_amount=150000).exists()


def test_unknown_and_foreign_ids_are_not_found_too(client, seller):
    owner, producer = seller
    product = make_product(producer)
    for bad in ("garbage", gid("Category", product.category_id), gid("Product", 999999)):
        result = payload(gql(client, UPDATE, {"id": bad, "input": {"name": "x"}}, owner), "productUpdate")
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]


# --------------------------------------------------------------------------- products

def test_a_member_creates_a_product_with_an_editorjs_description(client, seller):
    owner, producer = seller
    category = make_category("Mật ong")
    certificate = make_certificate(producer, stars=4)
    description = {"time": 1, "blocks": [{"type": "paragraph", "data": {"text": "Mật ong <b>rừng</b><br>Tam Đảo"}},
                                          {"type": "list", "data": {"items": ["Hũ 500 g", "Hũ 1 kg"]}}]}
    body = gql(client, CREATE, {"input": {"name": "Mật ong rừng Tam Đảo", "category": gid("Category", category.pk),
                                          "description": json.dumps(description), "productType": gid("ProductType", 9),
                                          "ocopCertificate": gid("OcopCertificate", certificate.pk)}}, owner)
    result = payload(body, "productCreate")
    assert result["errors"] == []
    created = result["product"]
    assert created["slug"] == "mat-ong-rung-tam-dao" and created["producer"]["slug"] == producer.slug
    assert created["category"] == {"slug": category.slug} and created["productType"]["slug"] == "hang-hoa"
    assert created["ocopStars"] == 4
    product = Product.objects.get(slug="mat-ong-rung-tam-dao")
    assert product.description == "Mật ong rừng\nTam Đảo\n\nHũ 500 g\nHũ 1 kg"
    assert product.is_published is False
    assert json.loads(created["description"])["blocks"][0]["data"]["text"] == "Mật ong rừng<br>Tam Đảo"


def test_bad_product_input_comes_back_as_field_errors_and_nothing_is_saved(client, seller):
    owner, producer = seller
    body = gql(client, CREATE, {"input": {"name": "", "category": "garbage", "slug": "Không Hợp Lệ"}}, owner)
    errors = {e["field"]: e["code"] for e in payload(body, "productCreate")["errors"]}
    assert errors == {"name": "REQUIRED", "category": "INVALID", "slug": "INVALID"}
    assert not Product.objects.exists()


def test_a_member_of_several_producers_must_say_which(client, seller):
    owner, producer = seller
    make_producer(owner=owner)
    category = make_category()
    body = gql(client, CREATE, {"input": {"name": "Chè", "category": gid("Category", category.pk)}}, owner)
    assert [(e["field"], e["code"]) for e in payload(body, "productCreate")["errors"]] == [("producer", "NOT_FOUND")]
    body = gql(client, CREATE, {"input": {"name": "Chè", "category": gid("Category", category.pk),
                                          "producer": gid("Producer", producer.pk)}}, owner)
    assert payload(body, "productCreate")["product"]["producer"]["slug"] == producer.slug


def test_a_producer_not_yet_approved_cannot_sell(client, db):
    owner = f.user()
    make_producer(status="submitted", owner=owner)
    body = gql(client, CREATE, {"input": {"name": "Chè", "category": gid("Category", make_category().pk)}}, owner)
    assert payload(body, "productCreate")["errors"][0]["code"] == "NOT_FOUND"


def test_publishing_needs_a_variant_and_then_lists_the_product(client, seller):
    owner, producer = seller
    product = make_product(producer, name="Chè xanh", published=False, prices=())
    result = payload(gql(client, UPDATE, {"id": gid("Product", product.pk), "input": {"isPublished": True}}, owner),
                     "productUpdate")
    assert [e["code"] for e in result["errors"]] == ["CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT"]
    result = payload(gql(client, VARIANT_CREATE, {"input": {
        "product": gid("Product", product.pk), "sku": "CHE-200", "name": "Gói 200 g", "price": "95000",
        "compareAtPrice": 110000, "stocks": [{"quantity": 25, "warehouse": gid("Warehouse", "x")}]}}, owner),
        "productVariantCreate")
    assert result["errors"] == []
    assert result["productVariant"]["pricing"] == {"price": {"gross": {"amount": 95000, "currency": "VND"}},
                                                   "priceUndiscounted": {"gross": {"amount": 110000}}}
    assert result["productVariant"]["quantityAvailable"] == 25
    result = payload(gql(client, UPDATE, {"id": gid("Product", product.pk), "input": {"isPublished": True,
                                                                                      "name": "Chè xanh Lập Thạch"}},
                         owner), "productUpdate")
    assert result["errors"] == [] and result["product"]["name"] == "Chè xanh Lập Thạch"
    listed = gql(client, "{ products(first: 10) { edges { node { name } } } }")["data"]["products"]["edges"]
    assert listed == [{"node": {"name": "Chè xanh Lập Thạch"}}]


def test_deleting_a_product_returns_it_as_it_was(client, seller):
    owner, producer = seller
    product = make_product(producer, name="Măng khô")
    result = payload(gql(client, DELETE, {"id": gid("Product", product.pk)}, owner), "productDelete")
    assert result == {"product": {"id": gid("Product", product.pk), "name": "Măng khô"}, "errors": []}
    assert not Product.objects.filter(pk=product.pk).exists()


# --------------------------------------------------------------------------- variants and stock

@pytest.mark.parametrize("price,code", [(150000.5, "INVALID_PRICE"), (0, "INVALID_PRICE"), (None, "REQUIRED")])
def test_prices_must_be_whole_dong_above_zero(client, seller, price, code):
    owner, producer = seller
    product = make_product(producer)
    result = payload(gql(client, VARIANT_CREATE, {"input": {"product": gid("Product", product.pk), "sku": "MO-1",
                                                            "price": price}}, owner), "productVariantCreate")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("price", code)]
    assert result["productVariant"] is None


def test_a_negative_price_is_refused_before_it_reaches_the_catalogue(client, seller):
    owner, producer = seller
    product = make_product(producer)
    body = gql(client, VARIANT_CREATE, {"input": {"product": gid("Product", product.pk), "sku": "MO-1",
                                                  "price": -5}}, owner)
    assert body["errors"] and product.variants.count() == 1


def test_a_taken_sku_is_refused(client, seller):
    owner, producer = seller
    product = make_product(producer)
    taken = product.variants.get().sku
    result = payload(gql(client, VARIANT_CREATE, {"input": {"product": gid("Product", product.pk), "sku": taken,
                                                            "price": 1000}}, owner), "productVariantCreate")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("sku", "UNIQUE")]


def test_a_variant_is_updated_by_id_or_sku(client, seller):
    owner, producer = seller
    variant = make_product(producer).variants.get()
    result = payload(gql(client, VARIANT_UPDATE, {"sku": variant.sku, "input": {"price": 175000, "name": "Hũ lớn"}},
                         owner), "productVariantUpdate")
    assert result == {"productVariant": {"sku": variant.sku, "name": "Hũ lớn",
                                         "pricing": {"price": {"gross": {"amount": 175000}}}}, "errors": []}
    result = payload(gql(client, VARIANT_UPDATE, {"id": gid("ProductVariant", variant.pk),
                                                  "input": {"sku": "co dau cach"}}, owner), "productVariantUpdate")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("sku", "INVALID")]


def test_stock_is_set_per_variant_and_never_below_what_orders_hold(client, seller):
    owner, producer = seller
    variant = make_product(producer).variants.get()
    Stock.objects.filter(product_variant=variant).update(quantity_allocated=4)
    result = payload(gql(client, STOCKS, {"id": gid("ProductVariant", variant.pk), "stocks": [{"quantity": 30}]},
                         owner), "productVariantStocksUpdate")
    assert result == {"productVariant": {"quantityAvailable": 26}, "errors": []}
    for stocks, field in (([{"quantity": 2}], "stocks"), ([{"quantity": -1}], "stocks"),
                          ([{"quantity": 1}, {"quantity": 2}], "stocks"), ([], "stocks")):
        result = payload(gql(client, STOCKS, {"id": gid("ProductVariant", variant.pk), "stocks": stocks}, owner),
                         "productVariantStocksUpdate")
        assert [e["field"] for e in result["errors"]] == [field], stocks
    assert Stock.objects.get(product_variant=variant).quantity == 30


def test_the_last_variant_of_a_published_product_stays(client, seller):
    owner, producer = seller
    product = make_product(producer, prices=(1000, 2000))
    first, second = product.variants.order_by("sort_order")
    result = payload(gql(client, VARIANT_DELETE, {"id": gid("ProductVariant", first.pk)}, owner),
                     "productVariantDelete")
    assert result == {"productVariant": {"sku": first.sku}, "errors": []}
    result = payload(gql(client, VARIANT_DELETE, {"id": gid("ProductVariant", second.pk)}, owner),
                     "productVariantDelete")
    assert [e["code"] for e in result["errors"]] == ["CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT"]


# --------------------------------------------------------------------------- photos

def test_a_photo_is_uploaded_as_multipart_then_reordered_and_deleted(client, seller,
                                                                    django_capture_on_commit_callbacks):
    owner, producer = seller
    product = make_product(producer, name="Chè búp")
    existing = add_photo(product, alt="Ảnh cũ")
    with django_capture_on_commit_callbacks(execute=True):
        body = gql(client, MEDIA_CREATE, {"product": gid("Product", product.pk), "image": None, "alt": "Gói chè"},
                   owner, files={"variables.image": f.upload("che.jpg", jpeg(), "image/jpeg")})
    result = payload(body, "productMediaCreate")
    assert result["errors"] == [] and result["product"] == {"name": "Chè búp"}
    media = result["media"]
    assert media["alt"] == "Gói chè" and media["type"] == "IMAGE" and media["url"].startswith("http://testserver/")
    new = ProductMedia.objects.get(product=product, alt="Gói chè")
    assert new.thumbnails.count() > 0

    order = [gid("ProductMedia", new.pk), gid("ProductMedia", existing.pk)]
    result = payload(gql(client, MEDIA_REORDER, {"product": gid("Product", product.pk), "media": order}, owner),
                     "productMediaReorder")
    assert result["errors"] == [] and [m["id"] for m in result["media"]] == order
    assert result["product"]["media"] == [{"alt": "Gói chè"}, {"alt": "Ảnh cũ"}]
    result = payload(gql(client, MEDIA_REORDER, {"product": gid("Product", product.pk), "media": order[:1]}, owner),
                     "productMediaReorder")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("mediaIds", "REQUIRED")]

    result = payload(gql(client, MEDIA_DELETE, {"id": gid("ProductMedia", existing.pk)}, owner), "productMediaDelete")
    assert result == {"media": {"id": gid("ProductMedia", existing.pk)}, "product": {"name": "Chè búp"},
                      "errors": []}
    assert list(product.media.values_list("alt", flat=True)) == ["Gói chè"]


def test_a_file_that_is_not_an_image_is_refused(client, seller):
    owner, producer = seller
    product = make_product(producer)
    body = gql(client, MEDIA_CREATE, {"product": gid("Product", product.pk), "image": None}, owner,
               files={"variables.image": f.upload("anh.jpg", b"MZ not an image", "image/jpeg")})
    result = payload(body, "productMediaCreate")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("image", "INVALID_IMAGE")]
    assert "anh.jpg" in result["errors"][0]["message"] and not product.media.exists()
    body = gql(client, MEDIA_CREATE, {"product": gid("Product", product.pk), "image": None}, owner)
    assert [(e["field"], e["code"]) for e in payload(body, "productMediaCreate")["errors"]] == [("image", "REQUIRED")]


def test_a_photos_alt_text_is_updated(client, seller, stranger):
    owner, producer = seller
    media = add_photo(make_product(producer), alt="Cũ")
    query = f"""mutation($id: ID!) {{ productMediaUpdate(id: $id, input: {{alt: "Hũ mật ong 500 g"}}) {{
      media {{ alt }} {ERRORS} }} }}"""
    assert payload(gql(client, query, {"id": gid("ProductMedia", media.pk)}, stranger),
                   "productMediaUpdate")["errors"][0]["code"] == "NOT_FOUND"
    result = payload(gql(client, query, {"id": gid("ProductMedia", media.pk)}, owner), "productMediaUpdate")
    assert result == {"media": {"alt": "Hũ mật ong 500 g"}, "errors": []}
