"""The Elasticsearch backend, used when ELASTICSEARCH_URL is set.

Index: one document per public product with the same folded text as PostgreSQL's, analysed with
lowercase + asciifolding (which folds every Vietnamese letter, đ included), an edge n-gram
sub-field for as-you-type prefixes and fuzziness for typos. Index names are versioned
(`<prefix>-products-<timestamp>`) behind the alias `<prefix>-products`, so `reindex` builds a
new index and swaps the alias in one atomic call: searches never see a half-built index.

Every call has a short timeout; any failure raises SearchUnavailable and the search service
answers from PostgreSQL instead (and /healthz reports the degraded state)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
DEGRADED_KEY = "search:elasticsearch:degraded"
DEGRADED_FOR_SECONDS = 300

INDEX_SETTINGS = {
    "analysis": {
        "filter": {"prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}},
        "analyzer": {
            "folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
            "folded_prefix": {"type": "custom", "tokenizer": "standard",
                              "filter": ["lowercase", "asciifolding", "prefixes"]},
        },
    },
}
MAPPINGS = {
    "properties": {
        "name": {"type": "text", "analyzer": "folded",
                 "fields": {"prefix": {"type": "text", "analyzer": "folded_prefix", "search_analyzer": "folded"}}},
        "related": {"type": "text", "analyzer": "folded"},
        "places": {"type": "text", "analyzer": "folded"},
        "description": {"type": "text", "analyzer": "folded"},
        "category": {"type": "keyword"},
        "producer": {"type": "keyword"},
        "area_path": {"type": "keyword"},
        "stars": {"type": "integer"},
        "min_price": {"type": "long"},
    }
}


class SearchUnavailable(Exception):
    pass


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def alias() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-products"


def client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=TIMEOUT_SECONDS, max_retries=0,
                         retry_on_timeout=False)


def mark_degraded(exc: Exception) -> None:
    logger.warning("Elasticsearch failed (%s); answering from PostgreSQL", exc.__class__.__name__)
    cache.set(DEGRADED_KEY, int(time.time()), DEGRADED_FOR_SECONDS)


def degraded_since() -> int | None:
    return cache.get(DEGRADED_KEY)


# Elasticsearch's default index.max_result_window. PostgreSQL applies the listing's filters and
# counts its facets over these ids, so a query matching more products than this is counted over
# its best LIMIT matches only (a warning is logged when that happens).
MAX_IDS = 10_000


def search_ids(normalized_query: str, limit: int = MAX_IDS) -> list[int]:
    """Product ids matching the folded query, best first."""
    body = {
        "size": limit,
        "_source": False,
        "query": {"multi_match": {
            "query": normalized_query,
            "fields": ["name^4", "name.prefix^2", "related^2", "places", "description^0.5"],
            "type": "best_fields", "operator": "and", "fuzziness": "AUTO", "prefix_length": 1,
        }},
    }
    try:
        result = client().search(index=alias(), body=body)
    except Exception as exc:  # any transport, timeout or server error: PostgreSQL takes over
        raise SearchUnavailable(str(exc)) from exc
    hits = result["hits"]["hits"]
    if len(hits) >= limit:
        logger.warning("search %r matched more than %s products; facets count the best %s", normalized_query,
                       limit, limit)
    return [int(hit["_id"]) for hit in hits]


def _documents(product_ids):
    from django.db import connection

    from .indexing import DOCUMENT_PARTS_SQL

    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_PARTS_SQL, [list(product_ids)])
        columns = [c[0] for c in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(columns, row))


def index_products(product_ids, index: str | None = None) -> int:
    """Index (or delete, when no longer public) the given products; bulk, one request per 500."""
    from elasticsearch import helpers

    from ocop.catalog.selectors import public_products

    ids = list(product_ids)
    if not ids:
        return 0
    public = set(public_products().filter(pk__in=ids).values_list("pk", flat=True))
    actions = [{"_op_type": "index", "_index": index or alias(), "_id": doc["id"],
                "_source": {k: v for k, v in doc.items() if k != "id"}}
               for doc in _documents([pk for pk in ids if pk in public])]
    actions += [{"_op_type": "delete", "_index": index or alias(), "_id": pk} for pk in ids if pk not in public]
    try:
        helpers.bulk(client(), actions, chunk_size=500, raise_on_error=False)
    except Exception as exc:
        raise SearchUnavailable(str(exc)) from exc
    return len(actions)


def rebuild(progress=None) -> str:
    """Build a fresh versioned index, fill it, then point the alias at it and drop the old ones."""
    from ocop.catalog.selectors import public_products

    es = client()
    name = f"{alias()}-{int(time.time())}"
    es.indices.create(index=name, settings=INDEX_SETTINGS, mappings=MAPPINGS)
    ids = list(public_products().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        index_products(chunk, index=name)
        if progress:
            progress(len(chunk))
    es.indices.refresh(index=name)
    old = list(es.indices.get_alias(name=alias(), ignore_unavailable=True).keys()) if es.indices.exists_alias(
        name=alias()) else []
    actions = [{"remove": {"index": o, "alias": alias()}} for o in old] + [{"add": {"index": name, "alias": alias()}}]
    es.indices.update_aliases(actions=actions)
    for o in old:
        es.indices.delete(index=o, ignore_unavailable=True)
    return name
