"""Brings products' search state up to date. A write only marks a product dirty
(`search_index_dirty`); this batch job rebuilds the folded `search_document` and the weighted
`search_vector` in SQL, a batch at a time, skipping rows another worker is indexing, and in the
same statement the product's row of the listing table (search.models.ListedProduct) and any new
words of its vector (search.models.SearchLexeme)."""

from contextlib import contextmanager

from django.db import connection, transaction

# Weights: name A; variants, SKUs, category, producer and the English names (product, variants) B; area names C;
# description D. Everything is lower-cased and folded by ocop_unaccent (tone marks and đ).
UPDATE_BATCH_SQL = """
WITH batch AS (
    SELECT id FROM catalog_product WHERE search_index_dirty ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
), parts AS (
    SELECT p.id,
        lower(ocop_unaccent(p.name)) AS name,
        lower(ocop_unaccent(concat_ws(' ',
            (SELECT string_agg(v.name || ' ' || v.sku, ' ') FROM catalog_productvariant v WHERE v.product_id = p.id),
            c.name, pr.name,
            (SELECT string_agg(t.name, ' ') FROM catalog_producttranslation t WHERE t.product_id = p.id),
            (SELECT string_agg(vt.name, ' ') FROM catalog_productvarianttranslation vt
             JOIN catalog_productvariant tv ON tv.id = vt.variant_id WHERE tv.product_id = p.id)
        ))) AS related,
        lower(ocop_unaccent(coalesce((
            SELECT string_agg(anc.name, ' ') FROM areas_area anc
            WHERE a.path LIKE anc.path || '%%'), ''))) AS places,
        lower(ocop_unaccent(p.description)) AS description
    FROM catalog_product p
    JOIN batch ON batch.id = p.id
    LEFT JOIN catalog_category c ON c.id = p.category_id
    LEFT JOIN producers_producer pr ON pr.id = p.producer_id
    LEFT JOIN areas_area a ON a.id = coalesce(p.origin_area_id, pr.area_id)
), indexed AS (
    UPDATE catalog_product p SET
        search_document = concat_ws(' ', parts.name, parts.related, parts.places, parts.description),
        search_vector = setweight(to_tsvector('simple', parts.name), 'A')
            || setweight(to_tsvector('simple', parts.related), 'B')
            || setweight(to_tsvector('simple', parts.places), 'C')
            || setweight(to_tsvector('simple', parts.description), 'D'),
        search_index_dirty = false
    FROM parts WHERE parts.id = p.id
    RETURNING p.id, p.is_published, p.producer_id, p.category_id, p.origin_area_id, p.ocop_certificate_id,
        p.created_at, parts.name, left(p.search_document, 64) AS document_start, p.search_vector
), words AS (
    -- In order, so two batches adding the same new words wait for each other instead of deadlocking.
    INSERT INTO search_searchlexeme (word)
    SELECT DISTINCT word FROM indexed, unnest(tsvector_to_array(indexed.search_vector)) AS word ORDER BY word
    ON CONFLICT DO NOTHING
)
INSERT INTO search_listedproduct AS l (product_id, is_published, producer_id, category_id, origin_area_id,
    certificate_id, created_at, min_price, max_price, name, document_start, search_vector)
SELECT i.id, i.is_published, i.producer_id, i.category_id, i.origin_area_id, i.ocop_certificate_id, i.created_at,
    prices.low, prices.high, i.name, i.document_start, i.search_vector
FROM indexed i
LEFT JOIN LATERAL (SELECT min(v.price_amount) AS low, max(v.price_amount) AS high
                   FROM catalog_productvariant v WHERE v.product_id = i.id) prices ON true
ON CONFLICT (product_id) DO UPDATE SET
    is_published = EXCLUDED.is_published, producer_id = EXCLUDED.producer_id, category_id = EXCLUDED.category_id,
    origin_area_id = EXCLUDED.origin_area_id, certificate_id = EXCLUDED.certificate_id,
    created_at = EXCLUDED.created_at, min_price = EXCLUDED.min_price, max_price = EXCLUDED.max_price,
    name = EXCLUDED.name, document_start = EXCLUDED.document_start, search_vector = EXCLUDED.search_vector
RETURNING l.product_id
"""

# The same parts for Elasticsearch documents, for a list of product ids.
DOCUMENT_PARTS_SQL = """
SELECT p.id,
    lower(ocop_unaccent(p.name)) AS name,
    lower(ocop_unaccent(concat_ws(' ',
        (SELECT string_agg(v.name || ' ' || v.sku, ' ') FROM catalog_productvariant v WHERE v.product_id = p.id),
        c.name, pr.name,
        (SELECT string_agg(t.name, ' ') FROM catalog_producttranslation t WHERE t.product_id = p.id),
        (SELECT string_agg(vt.name, ' ') FROM catalog_productvarianttranslation vt
         JOIN catalog_productvariant tv ON tv.id = vt.variant_id WHERE tv.product_id = p.id)))) AS related,
    lower(ocop_unaccent(coalesce((SELECT string_agg(anc.name, ' ') FROM areas_area anc
        WHERE a.path LIKE anc.path || '%%'), ''))) AS places,
    lower(ocop_unaccent(p.description)) AS description,
    c.slug AS category, pr.slug AS producer, a.path AS area_path,
    (SELECT min(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id) AS min_price
FROM catalog_product p
LEFT JOIN catalog_category c ON c.id = p.category_id
LEFT JOIN producers_producer pr ON pr.id = p.producer_id
LEFT JOIN areas_area a ON a.id = coalesce(p.origin_area_id, pr.area_id)
WHERE p.id = ANY(%s)
"""


def update_dirty_products(batch_size: int = 500, max_batches: int | None = None, progress=None) -> int:
    """Index dirty products in batches; returns how many were indexed."""
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(UPDATE_BATCH_SQL, {"limit": batch_size})
            ids = [row[0] for row in cursor.fetchall()]
        count = len(ids)
        _push_to_elasticsearch(ids)
        done += count
        batches += 1
        if progress:
            progress(count)
        if count < batch_size:
            break
    if done:
        from .listing import catalogue_changed

        catalogue_changed()
    return done


class ListingBusy(Exception):
    """The listing table (or its words) stayed in use longer than a maintenance job may wait."""


@contextmanager
def _busy_as_listing_busy():
    """A lock not granted within the session's lock_timeout raises ListingBusy."""
    from django.db.utils import OperationalError

    try:
        yield
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
            raise ListingBusy(str(exc)) from exc
        raise


def order_listing_table(lock_timeout_seconds: int = 5) -> None:
    """Rewrites the listing table (search.models.ListedProduct) in category order, with fresh
    statistics and visibility map.

    A broad search reads every match's row: "mat ong" reads 14,000 of 100,000 rows. Most of them
    sit in one category, so when the rows of a category lie together those reads touch a third
    fewer pages, and pages read one after the other (measured in bench/README.md: the search
    query 35 ms instead of 57 ms). Rows the indexing batch rewrites later go to the end of the
    table, so the order wears off as products change: the scheduler runs this daily, and a full
    `reindex` ends with it. The rewrite (CLUSTER) keeps readers out while it runs, about a second
    per 30,000 products here; it waits at most `lock_timeout_seconds` for the table and then gives
    up (ListingBusy) rather than queueing every page behind a long reader. Must run outside a
    transaction (VACUUM)."""
    if connection.in_atomic_block:
        raise RuntimeError("order_listing_table() runs VACUUM, which cannot run inside a transaction")
    with connection.cursor() as cursor:
        try:
            with _busy_as_listing_busy():
                cursor.execute("SET lock_timeout = %s", [f"{int(lock_timeout_seconds * 1000)}ms"])
                cursor.execute("CLUSTER search_listedproduct USING listed_category_covering")
        finally:
            cursor.execute("RESET lock_timeout")
        cursor.execute("VACUUM ANALYZE search_listedproduct")


# The words no product's vector has any longer (a product renamed, rewritten or deleted).
PRUNE_LEXEMES_SQL = """
WITH used AS MATERIALIZED (
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) AS word FROM search_listedproduct
)
DELETE FROM search_searchlexeme w WHERE NOT EXISTS (SELECT 1 FROM used WHERE used.word = w.word)
"""


def prune_lexemes(lock_timeout_seconds: int = 5) -> int:
    """Forgets the indexed words (search.models.SearchLexeme) that no product's vector has any
    more, so that a misspelling of a word only a deleted product had is corrected again
    (services.corrected_query) and prefixes are matched cheaply again. Indexing batches add words
    and rows in one statement; the table is locked against them (not against searches) while this
    runs, so no word a batch is adding can be taken away. Returns how many words went; waits at
    most `lock_timeout_seconds` for running batches (then ListingBusy)."""
    with transaction.atomic(), connection.cursor() as cursor, _busy_as_listing_busy():
        cursor.execute("SET LOCAL lock_timeout = %s", [f"{int(lock_timeout_seconds * 1000)}ms"])
        cursor.execute("LOCK TABLE search_searchlexeme IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(PRUNE_LEXEMES_SQL)
        return cursor.rowcount


def order_listing_table_daily() -> None:
    """The scheduled run: a busy table is tried again the next day (logged, not raised)."""
    import logging

    try:
        order_listing_table()
    except ListingBusy as exc:
        logging.getLogger(__name__).warning("listing table not reordered, it stayed busy: %s", exc)
    try:
        prune_lexemes()
    except ListingBusy as exc:
        logging.getLogger(__name__).warning("indexed words not pruned, indexing stayed busy: %s", exc)


def _push_to_elasticsearch(ids) -> None:
    from . import elastic

    if not ids or not elastic.enabled():
        return
    try:
        elastic.index_products(ids)
    except elastic.SearchUnavailable as exc:
        # PostgreSQL is up to date; the products are marked dirty again so the next run retries.
        elastic.mark_degraded(exc)
        from ocop.catalog.models import Product

        Product.objects.filter(pk__in=ids).update(search_index_dirty=True)


def mark_all_dirty() -> int:
    from ocop.catalog.models import Product

    return Product.objects.update(search_index_dirty=True)


def schedule_update() -> None:
    """After a commit that dirtied products: index now (no broker) or in a worker. A run finds
    every dirty product, so a second call in the same transaction only costs one empty batch."""
    from .tasks import update_search_index

    transaction.on_commit(update_search_index.delay)


def product_saved(sender, instance, **kwargs) -> None:
    """Signal: a product saved with its dirty flag raised gets indexed after the commit."""
    if instance.search_index_dirty:
        schedule_update()


def product_deleted(sender, instance, **kwargs) -> None:
    from .listing import catalogue_changed

    transaction.on_commit(catalogue_changed)
