"""The listing table (search.models.ListedProduct): what search and category pages read instead of
the wide product table. It follows the products as the indexing batch catches up with them; the
producer's status, the certificate's stars and stock are read live."""

import pytest
from django.utils import timezone

from ocop.catalog.models import Product
from ocop.search.indexing import update_dirty_products
from ocop.search.listing import ListingParams, product_listing
from ocop.search.models import ListedProduct


def listed(**query):
    """The products listed, as a first visit finds them (not from the per-process cache)."""
    from django.core.cache import caches

    caches["listings"].clear()
    return {p.pk for p in product_listing(ListingParams.from_query(query), page_size=1000).products}


@pytest.fixture
def honey(seeded):
    return Product.objects.filter(name__startswith="Mật ong", is_published=True).select_related("category").first()


def reindex(product):
    Product.objects.filter(pk=product.pk).update(search_index_dirty=True)
    update_dirty_products()


def test_every_indexed_product_has_its_row_with_its_prices(seeded):
    from django.db.models import Max, Min

    assert ListedProduct.objects.count() == Product.objects.count()
    product = Product.objects.annotate(low=Min("variants__price_amount"), high=Max("variants__price_amount")).first()
    row = ListedProduct.objects.get(product=product)
    assert (row.min_price, row.max_price, row.category_id, row.is_published) == (
        product.low, product.high, product.category_id, product.is_published)


def test_an_unpublished_product_leaves_the_listings_once_indexed(honey):
    assert honey.pk in listed(q="mat ong")
    honey.is_published = False
    honey.save(update_fields=["is_published"])
    reindex(honey)
    assert honey.pk not in listed(q="mat ong")
    assert honey.pk not in listed(category=honey.category.slug)


def test_a_new_price_moves_the_product_in_and_out_of_the_price_filter_once_indexed(honey):
    honey.variants.update(price_amount=9_990_000)
    reindex(honey)
    assert honey.pk in listed(q="mat ong", min_price="9000000")
    assert honey.pk not in listed(q="mat ong", max_price="9000000")
    assert ListedProduct.objects.get(product=honey).min_price == 9_990_000


def test_a_suspended_producer_s_products_leave_without_a_reindex(honey):
    from ocop.producers.models import Producer

    Producer.objects.filter(pk=honey.producer_id).update(status="suspended", status_reason="Kiểm tra")
    assert honey.pk not in listed(q="mat ong")
    assert honey.pk not in listed(category=honey.category.slug)


def test_a_certificate_past_its_date_stops_counting_stars_without_a_reindex(seeded):
    from ocop.producers.models import OcopCertificate

    shown = listed(stars="3")
    assert shown
    product = Product.objects.filter(pk__in=shown).first()
    OcopCertificate.objects.filter(pk=product.ocop_certificate_id).update(
        valid_until=timezone.localdate() - timezone.timedelta(days=1))
    assert product.pk not in listed(stars="3")


def test_a_deleted_product_takes_its_row_with_it(honey):
    from ocop.orders.models import OrderLine

    if OrderLine.objects.filter(variant__product=honey).exists():
        pytest.skip("the sample orders refer to this product")
    honey.delete()
    assert not ListedProduct.objects.filter(product_id=honey.pk).exists()


def test_reindex_fills_the_listing_table_again(seeded):
    from django.core.management import call_command

    ListedProduct.objects.all().delete()
    assert listed(q="mat ong") == set()
    call_command("reindex", verbosity=0)
    assert ListedProduct.objects.count() == Product.objects.count()
    assert listed(q="mat ong")


@pytest.mark.parametrize("url", ["/categories/mat-ong/", "/categories/mat-ong/?stars=4&sort=price&in_stock=1",
                                 "/search/?q=mat+ong&min_price=1000&max_price=900000&sort=-price&area=1"])
def test_listing_pages_stay_within_12_queries(client, seeded, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]
