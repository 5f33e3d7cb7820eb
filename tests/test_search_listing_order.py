"""The listing table kept in category order (search.indexing.order_listing_table): broad searches
read their matches from fewer, neighbouring pages. A full reindex ends with it, the scheduler runs
it daily, `manage.py order_listing` runs it by hand; it never waits long for a busy table."""

import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ocop.catalog.models import Product
from ocop.search.indexing import ListingBusy, order_listing_table, update_dirty_products

pytestmark = pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside a test's transaction


@pytest.fixture
def sample():
    from seeds.loader import load

    load(images=False, quiet=True)


def categories_in_table_order() -> list:
    with connection.cursor() as cursor:
        cursor.execute("SELECT category_id FROM search_listedproduct ORDER BY ctid")
        return [row[0] for row in cursor.fetchall()]


def in_category_order(categories: list) -> bool:
    keyed = [(c is None, c or 0) for c in categories]
    return keyed == sorted(keyed)


@contextmanager
def held_by_another_connection(sql: str):
    """Another session runs `sql` in an open transaction (keeping the locks it took) until the
    block ends."""
    import psycopg

    holding, release = threading.Event(), threading.Event()

    def other_session():
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute(sql)
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=other_session)
    thread.start()
    try:
        assert holding.wait(10)
        yield
    finally:
        release.set()
        thread.join(30)


def scramble():
    """Re-indexes the first category's products: their rows move to the end of the table."""
    first = Product.objects.order_by("category_id").values_list("category_id", flat=True).first()
    Product.objects.filter(category_id=first).update(search_index_dirty=True)
    update_dirty_products()
    assert not in_category_order(categories_in_table_order())


def test_the_command_puts_every_row_in_category_order_and_keeps_them_all(sample):
    scramble()
    before = sorted(categories_in_table_order(), key=lambda c: (c is None, c or 0))
    call_command("order_listing", verbosity=0)
    after = categories_in_table_order()
    assert in_category_order(after)
    assert sorted(after, key=lambda c: (c is None, c or 0)) == before
    assert len(after) == Product.objects.count()


def test_a_full_reindex_leaves_the_table_in_category_order(sample):
    scramble()
    call_command("reindex", verbosity=0)
    assert in_category_order(categories_in_table_order())


def test_search_finds_the_same_products_in_the_same_order_after_reordering(sample, client):
    from django.core.cache import caches

    scramble()
    pages = {}
    for label in ("before", "after"):
        caches["listings"].clear()
        response = client.get("/search/", {"q": "mat ong"})
        pages[label] = [card.pk for card in response.context["listing"].products]
        if label == "before":
            order_listing_table()
    assert pages["before"] and pages["before"] == pages["after"]


def test_a_busy_table_is_left_alone_after_the_lock_timeout_with_a_clear_error(sample):
    scramble()
    order = categories_in_table_order()
    with held_by_another_connection("SELECT count(*) FROM search_listedproduct"):  # a long reader
        with pytest.raises(CommandError, match="stayed in use for 1 s"):
            call_command("order_listing", "--lock-timeout", "1", verbosity=0)
        with pytest.raises(ListingBusy):
            order_listing_table(lock_timeout_seconds=1)
    assert categories_in_table_order() == order
    with connection.cursor() as cursor:  # the session's lock timeout is back to none
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"


def test_the_daily_task_logs_a_busy_table_instead_of_failing(sample, caplog, monkeypatch):
    from ocop.search import indexing, tasks

    def busy(**kwargs):
        raise ListingBusy("canceling statement due to lock timeout")

    monkeypatch.setattr(indexing, "order_listing_table", busy)
    tasks.order_listing_table_daily()
    assert "listing table not reordered" in caplog.text


def test_the_scheduler_runs_it_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["order-listing-table"]
    assert entry["task"] == "ocop.search.tasks.order_listing_table_daily" and entry["schedule"] == 24 * 60 * 60
    from ocop.search import tasks

    assert tasks.order_listing_table_daily.name == entry["task"]


@pytest.mark.parametrize("seconds", ["0", "-3", "601"])
def test_a_lock_timeout_out_of_range_is_refused(seconds):
    with pytest.raises(CommandError, match="--lock-timeout must be a number of seconds from 1 to 600"):
        call_command("order_listing", "--lock-timeout", seconds, verbosity=0)


def test_a_lock_timeout_that_is_not_a_number_is_refused():
    with pytest.raises(CommandError, match="invalid int value"):
        call_command("order_listing", "--lock-timeout", "soon", verbosity=0)


def test_inside_a_transaction_it_refuses_before_touching_the_table():
    from django.db import transaction

    with transaction.atomic():
        with pytest.raises(CommandError, match="cannot run inside a transaction"):
            call_command("order_listing", verbosity=0)
        with pytest.raises(RuntimeError):
            order_listing_table()


def test_the_command_also_forgets_words_no_product_has_and_waits_only_so_long_for_indexing(sample):
    """`order_listing` (and the daily job) prunes search_searchlexeme; an indexing batch still
    adding words holds it off, for at most the lock timeout, with a clear error."""
    from ocop.search.indexing import prune_lexemes
    from ocop.search.models import SearchLexeme

    SearchLexeme.objects.create(word="khongsanphamnaoco")
    # a batch in the middle of adding its words
    with held_by_another_connection("INSERT INTO search_searchlexeme (word) VALUES ('mat') ON CONFLICT DO NOTHING"):
        with pytest.raises(CommandError, match="indexing kept the indexed words busy for 1 s"):
            call_command("order_listing", "--lock-timeout", "1", verbosity=0)
        with pytest.raises(ListingBusy):
            prune_lexemes(lock_timeout_seconds=1)
    assert SearchLexeme.objects.filter(word="khongsanphamnaoco").exists()
    call_command("order_listing", verbosity=0)
    assert not SearchLexeme.objects.filter(word="khongsanphamnaoco").exists()
    assert SearchLexeme.objects.filter(word="mat").exists()  # in the sample honey's vector
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"
