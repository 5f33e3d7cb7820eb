"""A page of products costs the same number of SQL queries whatever its size: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.catalog.models import CollectionTranslation, ProductTranslation

from .graphql_client import gql
from .test_api_catalog import add_photo, make_category, make_producer, make_product

LISTING = """query($first: Int!) { products(first: $first, channel: "default-channel") { edges { node {
  name slug thumbnail { url } pricing { priceRange { start { gross { amount currency } } } }
  category { name } } } } }"""

RICH_LISTING = """query($first: Int!) { products(first: $first, channel: "default-channel") { totalCount edges { node {
  id name slug description isAvailable ocopStars ocopCertificate { stars } producer { name area { name } }
  thumbnail(size: 320) { url alt } media { url(size: 160) }
  pricing { onSale priceRange { start { gross { amount } } stop { gross { amount } } } }
  category { name translation(languageCode: EN) { name } } productType { slug } collections { name }
  translation(languageCode: EN) { name }
  variants { sku quantityAvailable pricing { price { gross { amount } } } }
  defaultVariant { sku } } } } }"""

PRODUCT = """query($slug: String) { product(slug: $slug, channel: "default-channel") { name
  variants { id sku name quantityAvailable pricing { price { gross { amount } } priceUndiscounted { gross { amount } } }
    product { name } }
  productVariants(first: 100) { totalCount edges { node { sku quantityAvailable } } }
  pricing { priceRange { start { gross { amount } } stop { gross { amount } } } } isAvailable } }"""


def count_queries(client, query, variables):
    from django.core.cache import caches

    caches["listings"].clear()  # compare the uncached work (a cached count would save one query)
    with CaptureQueriesContext(connection) as captured:
        body = gql(client, query, variables)
    assert "errors" not in body, body
    return len(captured), body


@pytest.fixture
def catalogue(db):
    producer = make_producer()
    categories = [make_category(f"Danh mục {i}") for i in range(5)]
    for i in range(50):
        product = make_product(producer, category=categories[i % 5], prices=(100000 + i, 200000 + i))
        add_photo(product)
        ProductTranslation.objects.create(product=product, language_code="en", name=f"Product {i}")
    return producer


@pytest.mark.parametrize("query", [LISTING, RICH_LISTING], ids=["storefront listing", "every listed field"])
def test_a_page_of_50_products_costs_the_same_queries_as_a_page_of_1(client, catalogue, query):
    one, body_one = count_queries(client, query, {"first": 1})
    fifty, body_fifty = count_queries(client, query, {"first": 50})
    assert len(body_one["data"]["products"]["edges"]) == 1 and len(body_fifty["data"]["products"]["edges"]) == 50
    assert body_fifty["data"]["products"]["edges"][0]["node"]["thumbnail"]["url"]
    assert one == fifty, f"{one} queries for 1 product, {fifty} for 50"


def test_a_product_with_20_variants_costs_the_same_queries_as_one_with_1(client, db):
    producer = make_producer()
    small = make_product(producer, prices=(150000,))
    large = make_product(producer, prices=tuple(100000 + 1000 * i for i in range(20)))
    one, body_one = count_queries(client, PRODUCT, {"slug": small.slug})
    twenty, body_twenty = count_queries(client, PRODUCT, {"slug": large.slug})
    assert len(body_one["data"]["product"]["variants"]) == 1
    assert len(body_twenty["data"]["product"]["variants"]) == 20
    assert one == twenty, f"{one} queries for 1 variant, {twenty} for 20"


@pytest.mark.parametrize("query", [
    """query($first: Int!, $slug: String) { collection(slug: $slug) { translation(languageCode: EN) { name }
      products(first: $first) { edges { node { name thumbnail { url } category { name }
        pricing { priceRange { start { gross { amount } } } } } } } } }""",
    """query($first: Int!, $slug: String) { category(slug: $slug) { translation(languageCode: EN) { name }
      products(first: $first) { edges { node { name thumbnail { url } collections { name }
        variants { quantityAvailable } } } } } }""",
], ids=["collection", "category"])
def test_collection_and_category_pages_cost_the_same_queries_for_1_or_10_products(client, catalogue, query):
    from ocop.catalog.models import Category, Collection, CollectionProduct, Product

    collection = Collection.objects.create(name="Quà biếu", slug="qua-bieu")
    CollectionTranslation.objects.create(collection=collection, language_code="en", name="Gifts")
    for position, product in enumerate(Product.objects.all()[:30]):
        CollectionProduct.objects.create(collection=collection, product=product, sort_order=position)
    slug = "qua-bieu" if "collection(" in query else Category.objects.first().slug
    one, _ = count_queries(client, query, {"first": 1, "slug": slug})
    ten, body = count_queries(client, query, {"first": 10, "slug": slug})
    root = body["data"]["collection" if "collection(" in query else "category"]
    assert len(root["products"]["edges"]) == 10
    assert one == ten, f"{one} queries for 1 product, {ten} for 10"
