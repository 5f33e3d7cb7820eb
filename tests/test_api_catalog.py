"""Browsing the catalogue through the Saleor-shaped API: what a storefront asks, what it gets."""

import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ocop.catalog.models import (Category, CategoryTranslation, Collection, CollectionProduct, Product,
                                 ProductMedia, ProductTranslation, ProductType, ProductVariant, Stock, Thumbnail,
                                 Warehouse)
from ocop.producers.models import OcopCertificate

from . import factories as f
from .graphql_client import gid, gql

_seq = itertools.count(1)


# --------------------------------------------------------------------------- rows for the tests

def make_producer(status="approved", owner=None):
    producer = f.producer(f.area_tree()["quang_son"], status=status, owner=owner)
    Warehouse.objects.get_or_create(producer=producer, defaults={"name": producer.name, "area": producer.area})
    return producer


def make_category(name="Mật ong", parent=None):
    return Category.objects.create(name=name, slug=f"danh-muc-{next(_seq)}", parent=parent)


def goods():
    return ProductType.objects.get_or_create(slug="hang-hoa", defaults={"name": "Hàng hóa"})[0]


def make_product(producer, *, name=None, category=None, prices=(150000,), stock=10, published=True,
                 compare_at=None, **extra):
    n = next(_seq)
    product = Product.objects.create(
        producer=producer, name=name or f"Sản phẩm {n}", slug=extra.pop("slug", f"san-pham-{n}"),
        description=extra.pop("description", "Mô tả."), category=category or make_category(),
        product_type=goods(), is_published=published, published_at=timezone.now() if published else None, **extra)
    warehouse = Warehouse.objects.get(producer=producer)
    for index, price in enumerate(prices):
        variant = ProductVariant.objects.create(product=product, sku=f"SKU-{n}-{index}", name=f"Gói {index + 1}",
                                                price_amount=price, compare_at_price_amount=compare_at,
                                                sort_order=index)
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
    return product


def add_photo(product, alt="Ảnh", sizes=(160, 320, 640, 1280)):
    """A media row with thumbnails, without image files (URLs need no file)."""
    n = next(_seq)
    media = ProductMedia.objects.create(product=product, image=f"products/anh-{n}.jpg", width=900, height=900, alt=alt,
                                        sort_order=n)
    for size in sizes:
        Thumbnail.objects.create(media=media, size=size, image=f"thumbnails/anh-{n}-{size}.webp")
    return media


def make_certificate(producer, *, verified=True, stars=4, valid_until=None):
    return OcopCertificate.objects.create(
        producer=producer, product_name="Mật ong rừng", decision_number=f"{next(_seq)}/QĐ-UBND",
        decision_date=date.today() - timedelta(days=100), issuing_authority="UBND tỉnh", authority_level="province",
        product_group="food", stars=stars, status="valid",
        valid_until=valid_until or date.today() + timedelta(days=900),
        verified_at=timezone.now() if verified else None)


def names(body, root="products"):
    return [edge["node"]["name"] for edge in body["data"][root]["edges"]]


PRODUCTS = """query($first: Int, $last: Int, $after: String, $before: String, $filter: ProductFilterInput,
  $where: ProductWhereInput, $sortBy: ProductOrder, $search: String, $channel: String) {
  products(first: $first, last: $last, after: $after, before: $before, filter: $filter, where: $where,
           sortBy: $sortBy, search: $search, channel: $channel) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }"""


def products(client, **variables):
    variables.setdefault("first", 100)
    return gql(client, PRODUCTS, variables)


@pytest.fixture
def producer(db):
    return make_producer()


# --------------------------------------------------------------------------- channels

def test_there_is_one_channel_selling_in_dong_in_vietnam(client, db):
    body = gql(client, """{ channels { slug currencyCode isActive countries { code } }
      channel(slug: "default-channel") { name currencyCode defaultCountry { code country } metadata { key } }
      other: channel(slug: "eu") { slug } }""")
    assert body["data"]["channels"] == [{"slug": "default-channel", "currencyCode": "VND", "isActive": True,
                                         "countries": [{"code": "VN"}]}]
    channel = body["data"]["channel"]
    assert channel["currencyCode"] == "VND" and channel["defaultCountry"]["code"] == "VN"
    assert channel["defaultCountry"]["country"] in ("Việt Nam", "Vietnam")
    assert channel["metadata"] == [] and body["data"]["other"] is None


# --------------------------------------------------------------------------- the public listing

def test_only_published_products_of_approved_producers_are_listed(client, producer):
    make_product(producer, name="Mật ong bán")
    make_product(producer, name="Bản nháp", published=False)
    make_product(make_producer(status="suspended"), name="Của người bị đình chỉ")
    make_product(make_producer(status="submitted"), name="Chưa được duyệt")
    body = products(client)
    assert names(body) == ["Mật ong bán"] and body["data"]["products"]["totalCount"] == 1


def test_hidden_products_cannot_be_reached_by_slug_id_or_node_either(client, producer):
    draft = make_product(producer, published=False)
    suspended = make_product(make_producer(status="suspended"))
    for product in (draft, suspended):
        body = gql(client, """query($id: ID!, $slug: String) { product(slug: $slug) { name }
          byId: product(id: $id) { name } node(id: $id) { id } }""", {"id": gid("Product", product.pk),
                                                                    "slug": product.slug})
        assert body["data"] == {"product": None, "byId": None, "node": None}


def test_the_seeded_catalogue_is_browsable_from_categories_to_products(client, seeded):
    body = gql(client, """{ categories(first: 50, level: 0) { totalCount edges { node { slug
      products(first: 1, channel: "default-channel") { totalCount } } } }
      products(first: 100, channel: "default-channel") { totalCount } }""")
    categories = body["data"]["categories"]
    assert categories["totalCount"] == Category.objects.filter(parent=None).count() > 0
    from ocop.catalog.selectors import public_products

    assert body["data"]["products"]["totalCount"] == public_products().count()
    assert sum(e["node"]["products"]["totalCount"] for e in categories["edges"]) == public_products().count()


# --------------------------------------------------------------------------- pagination

def test_pages_forwards_and_backwards_cover_every_product_once(client, producer):
    for letter in "ABCDE":
        make_product(producer, name=f"Sản phẩm {letter}", slug=f"san-pham-{letter.lower()}")
    first = products(client, first=2)["data"]["products"]
    assert [e["node"]["name"] for e in first["edges"]] == ["Sản phẩm A", "Sản phẩm B"]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert first["totalCount"] == 5
    second = products(client, first=2, after=first["pageInfo"]["endCursor"])["data"]["products"]
    third = products(client, first=2, after=second["pageInfo"]["endCursor"])["data"]["products"]
    assert [e["node"]["name"][-1] for e in second["edges"] + third["edges"]] == ["C", "D", "E"]
    assert not third["pageInfo"]["hasNextPage"] and third["pageInfo"]["hasPreviousPage"]

    back = products(client, first=None, last=2, before=third["pageInfo"]["startCursor"])["data"]["products"]
    assert [e["node"]["name"][-1] for e in back["edges"]] == ["C", "D"]
    assert back["pageInfo"]["hasPreviousPage"] and back["pageInfo"]["hasNextPage"]
    tail = products(client, first=None, last=2)["data"]["products"]
    assert [e["node"]["name"][-1] for e in tail["edges"]] == ["D", "E"]


@pytest.mark.parametrize("variables", [{"first": 101}, {"first": -1}, {"first": None}, {"first": None, "last": 500}])
def test_page_sizes_outside_1_to_100_are_refused_with_a_clear_error(client, db, variables):
    body = products(client, **variables)
    assert body["data"]["products"] is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_ERROR"


def test_a_cursor_that_is_not_ours_is_an_error_not_a_crash(client, producer):
    make_product(producer)
    body = products(client, first=5, after="not-a-cursor")
    assert body["data"]["products"] is None and body["errors"][0]["message"] == "Invalid cursor."


# --------------------------------------------------------------------------- one product

PRODUCT = """query($slug: String, $id: ID, $lang: LanguageCodeEnum!) {
  product(slug: $slug, id: $id, slugLanguageCode: VI, channel: "default-channel") {
    id name slug description seoTitle seoDescription created isAvailable channel
    productType { slug isShippingRequired } category { name slug } producer { name slug }
    pricing { onSale discount { gross { amount } } priceRange { start { gross { amount currency } net { amount }
      tax { amount currency } } stop { gross { amount } } } priceRangeUndiscounted { stop { gross { amount } } } }
    variants { sku name quantityAvailable pricing { onSale price { gross { amount currency } } priceUndiscounted {
      gross { amount } } } }
    defaultVariant { sku } productVariants(first: 1) { totalCount edges { node { sku } } }
    translation(languageCode: $lang) { id name description seoTitle slug language { code language } }
    ocopStars ocopCertificate { stars showsStars }
    metadata { key } privateMetadata { key } metafield(key: "x") attributes { values { name } }
    assignedAttributes { attribute { name } } assignedAttribute(slug: "mau") { attribute { name } }
    media { url } thumbnail { url } } }"""


def product_query(client, product, lang="EN", **variables):
    variables = {"slug": product.slug, "lang": lang, **variables}
    return gql(client, PRODUCT, variables)


def test_prices_are_whole_dong_without_tax_and_a_compare_at_price_shows_a_reduction(client, producer):
    product = make_product(producer, prices=(150000, 290000), compare_at=320000)
    body = product_query(client, product)
    data = body["data"]["product"]
    start = data["pricing"]["priceRange"]["start"]
    assert start == {"gross": {"amount": 150000, "currency": "VND"}, "net": {"amount": 150000},
                     "tax": {"amount": 0, "currency": "VND"}}
    assert data["pricing"]["priceRange"]["stop"]["gross"]["amount"] == 290000
    assert data["pricing"]["onSale"] is True and data["pricing"]["discount"]["gross"]["amount"] == 170000
    assert data["pricing"]["priceRangeUndiscounted"]["stop"]["gross"]["amount"] == 320000
    assert [v["pricing"]["price"]["gross"]["amount"] for v in data["variants"]] == [150000, 290000]
    assert all(float(v["pricing"]["price"]["gross"]["amount"]).is_integer() for v in data["variants"])


def test_a_product_without_a_reduction_is_not_on_sale(client, producer):
    data = product_query(client, make_product(producer, prices=(95000,)))["data"]["product"]
    assert data["pricing"]["onSale"] is False and data["pricing"]["discount"] is None
    assert data["variants"][0]["pricing"]["priceUndiscounted"]["gross"]["amount"] == 95000


def test_quantity_available_is_what_orders_do_not_hold(client, producer):
    product = make_product(producer, prices=(150000, 200000), stock=10)
    first, second = product.variants.order_by("sort_order")
    Stock.objects.filter(product_variant=first).update(quantity_allocated=3)
    Stock.objects.filter(product_variant=second).update(quantity=4, quantity_allocated=4)
    data = product_query(client, product)["data"]["product"]
    assert [v["quantityAvailable"] for v in data["variants"]] == [7, 0]
    assert data["isAvailable"] is True
    Stock.objects.filter(product_variant=first).update(quantity_allocated=10)
    assert product_query(client, product)["data"]["product"]["isAvailable"] is False


def test_the_description_is_an_editorjs_document_with_the_text_escaped(client, producer):
    import json

    product = make_product(producer, description="Mật ong <nguyên chất>\nHũ 500 g\n\nGiao trong 2 ngày.")
    data = product_query(client, product)["data"]["product"]
    assert json.loads(data["description"]) == {"blocks": [
        {"type": "paragraph", "data": {"text": "Mật ong &lt;nguyên chất&gt;<br>Hũ 500 g"}},
        {"type": "paragraph", "data": {"text": "Giao trong 2 ngày."}}]}
    assert data["seoTitle"] == product.name
    assert data["seoDescription"] == "Mật ong <nguyên chất> Hũ 500 g Giao trong 2 ngày."
    product.description = ""
    product.save()
    assert product_query(client, product)["data"]["product"]["description"] is None


def test_english_translation_is_served_and_other_languages_answer_null(client, producer):
    import json

    product = make_product(producer, name="Mật ong rừng")
    ProductTranslation.objects.create(product=product, language_code="en", name="Wild honey",
                                      description="Raw honey.")
    for lang in ("EN", "EN_US", "EN_GB"):
        translation = product_query(client, product, lang=lang)["data"]["product"]["translation"]
        assert translation["name"] == "Wild honey" and translation["slug"] is None
        assert json.loads(translation["description"])["blocks"][0]["data"]["text"] == "Raw honey."
        assert translation["language"] == {"code": "EN", "language": "English"}
    for lang in ("FR", "VI"):
        assert product_query(client, product, lang=lang)["data"]["product"]["translation"] is None


def test_an_unknown_language_code_is_a_validation_error(client, producer):
    body = product_query(client, make_product(producer), lang="KLINGON")
    assert "errors" in body and body.get("data") is None


def test_stars_show_only_while_a_verified_valid_certificate_backs_them(client, producer):
    product = make_product(producer, ocop_certificate=make_certificate(producer, stars=4))
    data = product_query(client, product)["data"]["product"]
    assert data["ocopStars"] == 4 and data["ocopCertificate"] == {"stars": 4, "showsStars": True}
    for certificate in (make_certificate(producer, verified=False),
                        make_certificate(producer, valid_until=date.today() - timedelta(days=1))):
        product.ocop_certificate = certificate
        product.save()
        data = product_query(client, product)["data"]["product"]
        assert data["ocopStars"] is None and data["ocopCertificate"] is None


def test_attributes_and_metadata_answer_truthfully_empty(client, producer):
    data = product_query(client, make_product(producer))["data"]["product"]
    assert data["metadata"] == [] and data["privateMetadata"] == [] and data["metafield"] is None
    assert data["attributes"] == [] and data["assignedAttributes"] == [] and data["assignedAttribute"] is None


def test_product_by_id_and_by_slug_are_the_same_product_with_saleor_ids(client, producer):
    product = make_product(producer, prices=(1000, 2000))
    by_id = gql(client, PRODUCT, {"id": gid("Product", product.pk), "lang": "EN"})["data"]["product"]
    by_slug = product_query(client, product)["data"]["product"]
    assert by_id == by_slug and by_id["id"] == gid("Product", product.pk)
    assert by_id["defaultVariant"]["sku"] == by_id["variants"][0]["sku"]
    assert by_id["productVariants"]["totalCount"] == 2 and by_id["channel"] == "default-channel"


@pytest.mark.parametrize("bad_id", ["bm90IGFuIGlk", "garbage", "", "UHJvZHVjdDphYmM="])
def test_unknown_malformed_or_foreign_ids_find_nothing(client, producer, bad_id):
    product = make_product(producer)
    category_id = gid("Category", product.category_id)
    body = gql(client, """query($a: ID, $b: ID, $c: ID) { product(id: $a) { name } foreign: product(id: $b) { name }
      productVariant(id: $c) { name } category(id: $b) { name } collection(id: $a) { name } }""",
               {"a": bad_id, "b": gid("Product", 999999), "c": category_id})
    assert body["data"] == {"product": None, "foreign": None, "productVariant": None, "category": None,
                            "collection": None}
    assert gql(client, "query($id: ID!) { product(id: $id) { name } }",
               {"id": category_id})["data"]["product"] is None


def test_a_variant_is_found_by_id_or_sku_with_its_product(client, producer):
    product = make_product(producer, name="Chè xanh", prices=(95000,))
    variant = product.variants.get()
    query = """query($id: ID, $sku: String, $channel: String) { productVariant(id: $id, sku: $sku, channel: $channel) {
      id sku name quantityAvailable product { name } pricing { price { gross { amount } } } } }"""
    by_id = gql(client, query, {"id": gid("ProductVariant", variant.pk)})["data"]["productVariant"]
    by_sku = gql(client, query, {"sku": variant.sku.lower()})["data"]["productVariant"]
    assert by_id == by_sku and by_id["product"]["name"] == "Chè xanh"
    assert gql(client, query, {"sku": variant.sku, "channel": "eu"})["data"]["productVariant"] is None
    product.is_published = False
    product.save()
    assert gql(client, query, {"sku": variant.sku})["data"]["productVariant"] is None


def test_thumbnails_are_the_nearest_webp_and_media_urls_are_absolute(client, producer):
    product = make_product(producer)
    first = add_photo(product, alt="Hũ mật ong")
    add_photo(product)
    body = gql(client, """query($slug: String) { product(slug: $slug) { thumbnail { url alt }
      small: thumbnail(size: 100, format: WEBP) { url } huge: thumbnail(size: 4000) { url }
      media { alt type url small: url(size: 300) } } }""", {"slug": product.slug})
    data = body["data"]["product"]
    stem = first.image.name.removeprefix("products/").removesuffix(".jpg")
    assert data["thumbnail"]["url"].endswith(f"/media/thumbnails/{stem}-320.webp")
    assert data["thumbnail"]["url"].startswith("http://testserver/") and data["thumbnail"]["alt"] == "Hũ mật ong"
    assert data["small"]["url"].endswith("-160.webp") and data["huge"]["url"].endswith("-1280.webp")
    assert [m["type"] for m in data["media"]] == ["IMAGE", "IMAGE"]
    assert data["media"][0]["url"].endswith(first.image.name) and data["media"][0]["small"].endswith("-320.webp")


def test_a_product_without_photos_has_no_thumbnail(client, producer):
    assert product_query(client, make_product(producer))["data"]["product"]["thumbnail"] is None


# --------------------------------------------------------------------------- filters, where, sorting, search

def test_filter_by_category_includes_its_subcategories(client, producer):
    honey = make_category("Mật ong")
    forest = make_category("Mật ong rừng", parent=honey)
    tea = make_category("Chè")
    make_product(producer, name="A rừng", category=forest)
    make_product(producer, name="B ong", category=honey)
    make_product(producer, name="C chè", category=tea)
    body = products(client, filter={"categories": [gid("Category", honey.pk)]}, sortBy={"field": "NAME",
                                                                                        "direction": "ASC"})
    assert names(body) == ["A rừng", "B ong"]
    assert names(products(client, where={"category": {"eq": gid("Category", honey.pk)}})) == ["B ong"]
    body = gql(client, """query($slug: String) { category(slug: $slug) { level children(first: 5) { edges { node {
      name level parent { name } } } } products(first: 10, sortBy: {field: NAME, direction: DESC}) {
      edges { node { name } } } } }""", {"slug": honey.slug})
    category = body["data"]["category"]
    assert category["level"] == 0
    assert category["children"]["edges"] == [{"node": {"name": "Mật ong rừng", "level": 1,
                                                       "parent": {"name": "Mật ong"}}}]
    assert [e["node"]["name"] for e in category["products"]["edges"]] == ["B ong", "A rừng"]


def test_filters_on_ids_slugs_collections_prices_and_stock(client, producer):
    cheap = make_product(producer, name="Rẻ", prices=(50000, 400000))
    dear = make_product(producer, name="Đắt", prices=(300000,), stock=0)
    collection = Collection.objects.create(name="Quà biếu", slug="qua-bieu")
    CollectionProduct.objects.create(collection=collection, product=dear)

    def filtered(**kwargs):
        return sorted(names(products(client, **kwargs)))

    assert filtered(filter={"ids": [gid("Product", cheap.pk), "garbage", gid("Category", dear.pk)]}) == ["Rẻ"]
    assert filtered(filter={"slugs": [dear.slug]}) == ["Đắt"]
    assert filtered(filter={"collections": [gid("Collection", collection.pk)]}) == ["Đắt"]
    assert filtered(where={"collection": {"oneOf": [gid("Collection", collection.pk)]}}) == ["Đắt"]
    assert filtered(filter={"price": {"gte": 350000}}) == ["Rẻ"]  # a variant within the range
    assert filtered(filter={"minimalPrice": {"gte": 100000}}) == ["Đắt"]  # the cheapest within the range
    assert filtered(where={"price": {"range": {"gte": 250000, "lte": 350000}}}) == ["Đắt"]
    assert filtered(where={"minimalPrice": {"eq": 50000}}) == ["Rẻ"]
    assert filtered(filter={"stockAvailability": "IN_STOCK"}) == ["Rẻ"]
    assert filtered(where={"stockAvailability": "OUT_OF_STOCK"}) == ["Đắt"]
    assert filtered(filter={"stocks": {"quantity": {"gte": 5}}}) == ["Rẻ"]
    assert filtered(where={"name": {"oneOf": ["Rẻ", "Không có"]}}) == ["Rẻ"]
    assert filtered(where={"slug": {"eq": dear.slug}}) == ["Đắt"]
    assert filtered(where={"OR": [{"slug": {"eq": dear.slug}}, {"name": {"eq": "Rẻ"}}]}) == ["Rẻ", "Đắt"]
    assert filtered(where={"AND": [{"slug": {"eq": dear.slug}}, {"name": {"eq": "Rẻ"}}]}) == []
    assert filtered(filter={"hasCategory": False}) == []


def test_filters_for_what_we_do_not_have_match_nothing_and_their_opposites_change_nothing(client, producer):
    make_product(producer, name="Mật ong")
    everything = ["Mật ong"]
    nothing_cases = [
        {"filter": {"attributes": [{"slug": "mau", "values": ["do"]}]}},
        {"filter": {"metadata": [{"key": "k", "value": "v"}]}},
        {"filter": {"giftCard": True}}, {"filter": {"isPublished": False}}, {"filter": {"isAvailable": False}},
        {"filter": {"isVisibleInListing": False}}, {"filter": {"hasPreorderedVariants": True}},
        {"filter": {"channel": "eu"}}, {"channel": "eu"},
        {"where": {"attributes": [{"slug": "mau"}]}}, {"where": {"giftCard": True}},
        {"filter": {"productTypes": ["garbage"]}},
        {"filter": {"stocks": {"warehouseIds": [gid("Warehouse", "00000000-0000-0000-0000-000000000000")]}}},
    ]
    for case in nothing_cases:
        assert names(products(client, **case)) == [], case
    neutral_cases = [
        {"filter": {"giftCard": False}}, {"filter": {"isPublished": True, "isAvailable": True}},
        {"where": {"isVisibleInListing": True, "hasPreorderedVariants": False}},
        {"filter": {"publishedFrom": timezone.now().isoformat()}}, {"channel": "default-channel"},
        {"filter": {"channel": "default-channel", "attributes": []}},
        {"sortBy": {"field": "NAME", "direction": "ASC", "attributeId": gid("Attribute", 1)}},
    ]
    for case in neutral_cases:
        assert names(products(client, **case)) == everything, case


def test_every_sort_field_and_direction_answers(client, producer):
    make_product(producer, name="B", prices=(200000,), slug="b")
    make_product(producer, name="A", prices=(300000,), slug="a")
    make_product(producer, name="C", prices=(100000,), slug="c")
    from ocop.graphql.catalog.sorters import ProductOrderField

    for field in ProductOrderField._meta.enum.__members__:
        for direction in ("ASC", "DESC"):
            body = products(client, sortBy={"field": field, "direction": direction})
            assert "errors" not in body, (field, direction, body)
            assert sorted(names(body)) == ["A", "B", "C"]
    assert names(products(client, sortBy={"field": "NAME", "direction": "DESC"})) == ["C", "B", "A"]
    assert names(products(client, sortBy={"field": "PRICE", "direction": "ASC"})) == ["C", "B", "A"]
    assert names(products(client, sortBy={"field": "CREATED_AT", "direction": "DESC"})) == ["C", "A", "B"]
    assert names(products(client)) == ["A", "B", "C"]  # by slug, as Saleor


def test_search_ignores_tone_marks_and_puts_the_best_match_first(client, seeded):
    body = products(client, search="mat ong rung", first=5)
    found = names(body)
    assert found and all("ật ong" in name or "Mật ong" in name for name in found[:2])
    assert "Mật ong rừng Tam Đảo" in found
    ranked = products(client, search="mat ong rung", first=5, sortBy={"field": "RANK", "direction": "DESC"})
    assert names(ranked) == found
    assert names(products(client, filter={"search": "mat ong rung"}, first=5)) == found
    assert products(client, search="khong co san pham nao nhu vay")["data"]["products"]["totalCount"] == 0


def test_search_combines_with_filters(client, seeded):
    honey = Category.objects.get(slug="mat-ong")
    body = products(client, search="tam dao", filter={"categories": [gid("Category", honey.pk)]})
    assert body["data"]["products"]["totalCount"] > 0
    assert all(Product.objects.get(name=name).category.slug == "mat-ong" for name in names(body))


# --------------------------------------------------------------------------- categories and collections

def test_categories_filter_sort_and_translate(client, producer):
    honey = make_category("Mật ong")
    tea = make_category("Chè")
    CategoryTranslation.objects.create(category=honey, language_code="en", name="Honey")
    make_product(producer, category=honey)
    make_product(producer, category=honey)
    body = gql(client, """query($ids: [ID!]) {
      byIds: categories(first: 10, filter: {ids: $ids}) { edges { node { name translation(languageCode: EN) { name }
        products(first: 5) { totalCount } } } }
      search: categories(first: 10, filter: {search: "che"}) { edges { node { name } } }
      counted: categories(first: 10, sortBy: {field: PRODUCT_COUNT, direction: DESC}) { edges { node { name } } }
      bySlug: category(slug: "khong-co") { name } }""", {"ids": [gid("Category", honey.pk), gid("Category", tea.pk)]})
    data = body["data"]
    assert [(e["node"]["name"], e["node"]["translation"], e["node"]["products"]["totalCount"])
            for e in data["byIds"]["edges"]] == [("Chè", None, 0), ("Mật ong", {"name": "Honey"}, 2)]
    assert [e["node"]["name"] for e in data["search"]["edges"]] == ["Chè"]
    assert data["counted"]["edges"][0]["node"]["name"] == "Mật ong"
    assert data["bySlug"] is None


def test_a_collection_lists_its_public_products_in_its_own_order(client, producer):
    collection = Collection.objects.create(name="Đặc sản", slug="dac-san", description="Quà quê.")
    hidden = Collection.objects.create(name="Ẩn", slug="an", is_published=False)
    for position, name in enumerate(["Z cuối tên", "A đầu tên", "Nháp"]):
        product = make_product(producer, name=name, published=name != "Nháp")
        CollectionProduct.objects.create(collection=collection, product=product, sort_order=position)
    body = gql(client, """{ collection(slug: "dac-san", channel: "default-channel") { name channel description
        products(first: 10) { totalCount edges { node { name collections { slug } } } }
        sorted: products(first: 10, sortBy: {field: NAME, direction: ASC}) { edges { node { name } } } }
      hidden: collection(slug: "an") { name }
      collections(first: 10) { totalCount edges { node { slug } } } }""")
    data = body["data"]
    assert [e["node"]["name"] for e in data["collection"]["products"]["edges"]] == ["Z cuối tên", "A đầu tên"]
    assert data["collection"]["products"]["edges"][0]["node"]["collections"] == [{"slug": "dac-san"}]
    assert [e["node"]["name"] for e in data["collection"]["sorted"]["edges"]] == ["A đầu tên", "Z cuối tên"]
    assert data["hidden"] is None and data["collections"]["totalCount"] == 1
    assert hidden.pk


def test_a_producer_lists_its_products_on_sale(client, producer):
    make_product(producer, name="Bán")
    make_product(producer, name="Nháp", published=False)
    make_product(make_producer(), name="Của người khác")
    body = gql(client, """query($id: ID!) { producer(id: $id) { products(first: 10) { totalCount
      edges { node { name producer { slug } } } } } }""", {"id": gid("Producer", producer.pk)})
    connection = body["data"]["producer"]["products"]
    assert connection["totalCount"] == 1
    assert connection["edges"][0]["node"] == {"name": "Bán", "producer": {"slug": producer.slug}}


def test_catalogue_objects_are_reachable_as_relay_nodes(client, producer):
    product = make_product(producer)
    media = add_photo(product)
    variant = product.variants.get()
    body = gql(client, """query($p: ID!, $v: ID!, $c: ID!, $m: ID!, $bad: ID!) {
      p: node(id: $p) { __typename ... on Product { name } }
      v: node(id: $v) { __typename ... on ProductVariant { sku } }
      c: node(id: $c) { __typename } m: node(id: $m) { __typename } bad: node(id: $bad) { id } }""",
               {"p": gid("Product", product.pk), "v": gid("ProductVariant", variant.pk),
                "c": gid("Category", product.category_id), "m": gid("ProductMedia", media.pk),
                "bad": gid("Product", "abc")})
    assert body["data"] == {"p": {"__typename": "Product", "name": product.name},
                            "v": {"__typename": "ProductVariant", "sku": variant.sku},
                            "c": {"__typename": "Category"}, "m": {"__typename": "ProductMedia"}, "bad": None}


def test_every_category_and_collection_sort_field_answers(client, producer):
    make_product(producer, category=make_category("Chè"))
    Collection.objects.create(name="Quà", slug="qua")
    Collection.objects.create(name="Ăn vặt", slug="an-vat")
    from ocop.graphql.catalog.sorters import CategorySortField, CollectionSortField

    for root, enum in (("categories", CategorySortField), ("collections", CollectionSortField)):
        for field in enum._meta.enum.__members__:
            for direction in ("ASC", "DESC"):
                body = gql(client, f"{{ {root}(first: 5, sortBy: {{field: {field}, direction: {direction}}}) {{"
                                   " totalCount } }")
                assert "errors" not in body and body["data"][root]["totalCount"] >= 1, (root, field, body)
    hidden = gql(client, '{ collections(first: 5, filter: {published: HIDDEN}) { totalCount } }')
    assert hidden["data"]["collections"]["totalCount"] == 0


def test_without_the_search_service_search_still_ignores_tone_marks(client, producer, monkeypatch):
    import importlib

    from ocop.graphql.catalog import resolvers

    real_import = importlib.import_module

    def without_search(name, *args, **kwargs):
        if name == "ocop.search.services":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(resolvers.importlib, "import_module", without_search)
    make_product(producer, name="Đặc sản Tam Đảo")
    make_product(producer, name="Chè xanh")
    assert names(products(client, search="dac san")) == ["Đặc sản Tam Đảo"]


def test_a_repeated_product_list_comes_from_the_cache_until_the_catalogue_changes(client, producer):
    from ocop.catalog.models import Product
    from ocop.search.indexing import update_dirty_products

    make_product(producer, name="Chè Tân Cương")
    second = make_product(producer, name="Chè Thái")
    first_page = products(client, first=1)
    assert names(first_page) == ["Chè Tân Cương"] and first_page["data"]["products"]["pageInfo"]["hasNextPage"]
    assert products(client, first=5)["data"]["products"]["totalCount"] == 2
    Product.objects.filter(pk=second.pk).update(is_published=False, search_index_dirty=True)
    # The ids are cached; the rows are read fresh, so the hidden product is left out at once.
    assert names(products(client, first=5)) == ["Chè Tân Cương"]
    update_dirty_products()  # the catalogue version moves: counts and pages are found again
    body = products(client, first=1)["data"]["products"]
    assert body["totalCount"] == 1 and body["pageInfo"]["hasNextPage"] is False
