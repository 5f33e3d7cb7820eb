"""The Elasticsearch backend, used when ELASTICSEARCH_URL is set.

Index: one document per public product with the same folded text as PostgreSQL's, analysed with
lowercase + asciifolding (which folds every Vietnamese letter, đ included), an edge n-gram
sub-field for as-you-type prefixes and fuzziness for typos, plus the keyword, number and date
fields the listing filters, counts and sorts on (FACET_FIELDS_SQL). Index names are versioned
(`<prefix>-products-v<MAPPING_VERSION>-<timestamp>`) behind the alias
`<prefix>-products-v<MAPPING_VERSION>`, so `reindex` builds a new index and swaps the alias in one
atomic call: searches never see a half-built index, and code that needs new fields never reads an
index without them (until `reindex` has built one, the alias is missing and PostgreSQL answers).

What answers what:
- A listing with a text query (`listing()`, called by search.listing.product_listing), unless it
  asks for "in stock" only: Elasticsearch answers all of it in one request: the text match, every
  filter (`filter` clauses), the facet counts (aggregations), the total (`track_total_hits`), the
  order and the page of ids (from/size). The facets count the matches with every chosen filter
  applied, the facet's own included, exactly as the PostgreSQL path counts them, so both backends
  show the same numbers (hence no `post_filter`, which would leave a facet's own choice out of its
  counts). PostgreSQL then reads only the page's cards by id and the area facet's areas.
- Everything else is PostgreSQL's: listings without a text query; "in stock" listings, because
  PostgreSQL reads stock live and orders change it without re-indexing the product; a page past
  the 10,000th result; `search_products()` (GraphQL), which takes only the matching ids from here.
- Any failure (transport, timeout, server error, a missing index) raises SearchUnavailable; the
  caller marks the backend degraded (/healthz reports it) and PostgreSQL answers instead.

Certificates: the OCOP stars and product group count only while the certificate shows them
(catalog.selectors.valid_certificate_q: status valid, verified, `valid_until` not past). The
document keeps the raw stars and group, `certificate_verified` (valid and verified) and
`certificate_valid_until`; every query compares that date with Django's local date, as PostgreSQL
does, so a certificate that expires at midnight stops counting at once without a reindex. Verifying,
revoking and the daily expiry job mark the producer's products dirty: the batch that runs after the
commit re-indexes them.

Freshness: a document is as fresh as the product's last indexing. Product, producer and certificate
writes re-index it; a category's name or parent and a collection's products do not, so those may
lag until the product is next indexed (or `reindex`), where PostgreSQL reads them live. Stock is in
the document (`in_stock`, per variant) but not used while it can lag (see above). Terms counts are
exact because the index has one shard.

Not run against a real Elasticsearch server here (none runs on these machines): the request bodies
and the response parsing are unit-tested (tests/test_search_elastic.py), and the behaviour tests in
tests/test_search.py run against a server when ELASTICSEARCH_URL is set. Client: elasticsearch-py
9.x, which speaks to Elasticsearch 9 servers (docker-compose.yml)."""

from __future__ import annotations

import logging
import time
from datetime import date

from django.conf import settings
from django.core.cache import cache

from ocop.catalog.selectors import VARIANT_AVAILABLE_SQL

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2  # a search; the indexing batch, off the request path, waits longer
INDEXING_TIMEOUT_SECONDS = 30
DEGRADED_KEY = "search:elasticsearch:degraded"
DEGRADED_FOR_SECONDS = 300
# Bumped whenever MAPPINGS or the documents change shape: the alias moves with it (see alias()).
MAPPING_VERSION = 2

INDEX_SETTINGS = {
    # ~100,000 small documents: one shard keeps terms counts exact and scores comparable.
    "number_of_shards": 1,
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
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "name": {"type": "text", "analyzer": "folded",
                 "fields": {"prefix": {"type": "text", "analyzer": "folded_prefix", "search_analyzer": "folded"}}},
        "related": {"type": "text", "analyzer": "folded"},
        "places": {"type": "text", "analyzer": "folded"},
        "description": {"type": "text", "analyzer": "folded"},
        "category": {"type": "keyword"},
        "category_parent": {"type": "keyword"},
        "category_facet": {"type": "keyword"},  # "name\x1fslug": counted, and named, in one field
        "producer": {"type": "keyword"},
        "producer_facet": {"type": "keyword"},  # "name\x1fslug": ties in the top 30 go by name
        "area_path": {"type": "keyword"},
        "area_ids": {"type": "long"},  # every area of the origin's path: "inside area X" is one term
        "area_facet_ids": {"type": "long"},  # the provinces and districts of that path
        "certificate_stars": {"type": "byte"},
        "certificate_group": {"type": "keyword"},
        "certificate_verified": {"type": "boolean"},
        "certificate_valid_until": {"type": "date", "format": "yyyy-MM-dd"},
        "min_price": {"type": "long"},
        "max_price": {"type": "long"},
        "in_stock": {"type": "boolean"},
        # Each variant's price and stock, for the price sorts' "lowest price among the variants kept".
        "variants": {"type": "nested", "properties": {"price": {"type": "long"}, "in_stock": {"type": "boolean"}}},
        "collections": {"type": "keyword"},
        "created_at": {"type": "date_nanos"},  # PostgreSQL keeps microseconds; "newest" ties must agree
    },
}

FACET_SEPARATOR = "\x1f"
CATEGORY_BUCKETS = 1000
AREA_BUCKETS = 2000
GROUP_BUCKETS = 50
# Elasticsearch's default index.max_result_window: deeper pages are PostgreSQL's.
MAX_RESULT_WINDOW = 10_000
MAX_IDS = MAX_RESULT_WINDOW


class SearchUnavailable(Exception):
    pass


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def alias() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-products-v{MAPPING_VERSION}"


def client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=TIMEOUT_SECONDS, max_retries=0,
                         retry_on_timeout=False)


def mark_degraded(exc: Exception) -> None:
    logger.warning("Elasticsearch failed (%s); answering from PostgreSQL", exc.__class__.__name__)
    cache.set(DEGRADED_KEY, int(time.time()), DEGRADED_FOR_SECONDS)


def degraded_since() -> int | None:
    return cache.get(DEGRADED_KEY)


def _search(body: dict) -> dict:
    try:
        return client().search(index=alias(), body=body)
    except Exception as exc:  # any transport, timeout or server error: PostgreSQL takes over
        raise SearchUnavailable(str(exc)) from exc


# --------------------------------------------------------------------------- requests (pure)

TEXT_FIELDS = ["name^4", "related^2", "places", "description^0.5"]


def text_query(normalized_query: str, *, fuzzy: bool = False) -> dict:
    """The query as the PostgreSQL backend reads it: every word must be found, in whichever field
    (the name, the variants, the places or the description); the words before the last as typed
    (`fuzzy`: or within `fuzziness: AUTO` of it, the second try when the words as typed find
    nothing); the last one also as the start of a word (as-you-type), of a name word above all (the
    edge n-grams of `name.prefix`). A space after a word says it is finished, so "tra xanh" does
    not find "Trám xanh"."""
    *finished, last = normalized_query.split()

    def word(term: str) -> dict:
        query = {"query": term, "fields": TEXT_FIELDS}
        return {"multi_match": {**query, "fuzziness": "AUTO", "prefix_length": 1} if fuzzy else query}

    # The last word as the start of a word in any field: `prefix` queries (no cap on how many
    # indexed words they expand to, unlike phrase_prefix's 50), and the name's edge n-grams.
    prefixes = [{"prefix": {field: {"value": last, "boost": float(boost or 1)}}}
                for field, _hat, boost in (f.partition("^") for f in TEXT_FIELDS)]
    started = {"bool": {"should": [word(last), {"match": {"name.prefix": {"query": last, "boost": 2}}}, *prefixes],
                        "minimum_should_match": 1}}
    return {"bool": {"must": [*(word(term) for term in finished), started]}}


def shows_stars(today: date) -> list[dict]:
    """catalog.selectors.valid_certificate_q in the index's terms, for the given local date."""
    return [{"term": {"certificate_verified": True}},
            {"range": {"certificate_valid_until": {"gte": today.isoformat()}}}]


def filter_clauses(params, today: date) -> list[dict]:
    """search.listing's filters (the listing's fixed ones first) as `filter` clauses."""
    clauses = []
    category = params.fixed.get("category") or params.category
    if category:
        clauses.append({"bool": {"should": [{"term": {"category": category}},
                                            {"term": {"category_parent": category}}],
                                 "minimum_should_match": 1}})
    if params.fixed.get("collection"):
        clauses.append({"term": {"collections": params.fixed["collection"]}})
    producer = params.fixed.get("producer") or params.producer
    if producer:
        clauses.append({"term": {"producer": producer}})
    if params.area:
        clauses.append({"term": {"area_ids": params.area}})
    if params.stars:
        clauses += [*shows_stars(today), {"range": {"certificate_stars": {"gte": params.stars}}}]
    if params.group:
        clauses += [*shows_stars(today), {"term": {"certificate_group": params.group}}]
    # As in PostgreSQL, some variant priced within the bounds asked.
    if params.min_price is not None:
        clauses.append({"range": {"max_price": {"gte": params.min_price}}})
    if params.max_price is not None:
        clauses.append({"range": {"min_price": {"lte": params.max_price}}})
    if params.min_price is not None and params.max_price is not None:
        clauses.append({"nested": {"path": "variants", "query": {
            "range": {"variants.price": {"gte": params.min_price, "lte": params.max_price}}}}})
    if params.in_stock:
        clauses.append({"term": {"in_stock": True}})
    return clauses


def facet_aggregations(today: date) -> dict:
    from .listing import MAX_PRODUCER_CHOICES

    return {
        "categories": {"terms": {"field": "category_facet", "size": CATEGORY_BUCKETS}},
        "producers": {"terms": {"field": "producer_facet", "size": MAX_PRODUCER_CHOICES,
                                "order": [{"_count": "desc"}, {"_key": "asc"}]}},
        "areas": {"terms": {"field": "area_facet_ids", "size": AREA_BUCKETS}},
        "stars": {"filters": {"filters": {
            str(s): {"bool": {"filter": [*shows_stars(today), {"range": {"certificate_stars": {"gte": s}}}]}}
            for s in (5, 4, 3)}}},
        "groups": {"filter": {"bool": {"filter": shows_stars(today)}},
                   "aggs": {"group": {"terms": {"field": "certificate_group", "size": GROUP_BUCKETS}}}},
    }


SORTS = ("relevance", "newest", "price", "-price", "stars")
BY_ID = {"id": {"order": "asc"}}


def price_sort(params, order: str) -> dict:
    """search.listing._price_key: a product's lowest price among the variants the last of the
    variant filters kept (in stock; else within the prices asked)."""
    if params.in_stock:
        kept = {"term": {"variants.in_stock": True}}
    elif params.min_price is not None and params.max_price is not None:
        kept = {"range": {"variants.price": {"gte": params.min_price, "lte": params.max_price}}}
    elif params.max_price is not None:
        kept = {"range": {"variants.price": {"lte": params.max_price}}}
    elif params.min_price is not None:
        kept = {"range": {"variants.price": {"gte": params.min_price}}}
    else:
        return {"min_price": {"order": order, "missing": "_last"}}
    # mode "min" in both directions: descending would otherwise take each product's highest price.
    return {"variants.price": {"order": order, "mode": "min", "missing": "_last",
                               "nested": {"path": "variants", "filter": kept}}}


def sort_clauses(params, sort: str) -> list[dict]:
    """search.listing.SORT_KEYS in the index's terms; the id breaks ties as it does there."""
    if sort == "relevance":
        return [{"_score": {"order": "desc"}}, BY_ID]
    if sort == "newest":
        return [{"created_at": {"order": "desc"}}, BY_ID]
    if sort in ("price", "-price"):
        return [price_sort(params, "asc" if sort == "price" else "desc"), BY_ID]
    # Like PostgreSQL's, by the certificate's stars whether or not it still shows them.
    return [{"certificate_stars": {"order": "desc", "missing": "_last"}}, {"created_at": {"order": "desc"}}, BY_ID]


def listing_body(params, normalized_query: str, *, today: date, offset: int, size: int,
                 facets: bool = True, fuzzy: bool = False) -> dict:
    """The whole listing as one search request: text, filters, facets, total, order, one page."""
    sort = params.sort if params.sort in SORTS else "relevance"
    if sort == "relevance" and not normalized_query:
        sort = "newest"
    query = {"bool": {"filter": filter_clauses(params, today)}}
    if normalized_query:
        query["bool"]["must"] = [text_query(normalized_query, fuzzy=fuzzy)]
    body = {"query": query, "sort": sort_clauses(params, sort), "from": offset, "size": size, "_source": False,
            "track_total_hits": True}
    if facets:
        body["aggs"] = facet_aggregations(today)
    return body


# --------------------------------------------------------------------------- responses

def _named(bucket_key: str) -> tuple[str, str]:
    name, _, slug = bucket_key.rpartition(FACET_SEPARATOR)
    return slug, name


def _cut(aggregation: dict, what: str) -> None:
    if aggregation.get("sum_other_doc_count"):
        logger.warning("the %s facet has more values than the %s asked for", what, len(aggregation["buckets"]))


def page_ids(response: dict) -> list[int]:
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]


def area_rows(counts: dict[int, int]) -> list[dict]:
    """{area id: matches inside it} as the area facet's rows, ordered by path, communes left out
    (as search.listing makes them from PostgreSQL's counts)."""
    from ocop.areas.models import Area

    if not counts:
        return []
    areas = Area.objects.filter(pk__in=list(counts)).exclude(level="commune")
    return sorted(({"area": area, "n": counts[area.pk]} for area in areas), key=lambda row: row["area"].path)


def listing_from_response(response: dict) -> tuple[dict, int, list[int]]:
    """The facets, the total and the page's ids, in the shape of search.listing's own."""
    aggs = response["aggregations"]
    for what in ("categories", "areas"):
        _cut(aggs[what], what)
    categories = [{"category__slug": slug, "category__name": name, "n": b["doc_count"]}
                  for slug, name, b in ((*_named(b["key"]), b) for b in aggs["categories"]["buckets"])]
    producers = [{"producer__slug": slug, "producer__name": name, "n": b["doc_count"]}
                 for slug, name, b in ((*_named(b["key"]), b) for b in aggs["producers"]["buckets"])]
    stars = aggs["stars"]["buckets"]
    facets = {
        "categories": sorted(categories, key=lambda c: c["category__name"] or ""),
        "producers": sorted(producers, key=lambda p: p["producer__name"]),
        "stars": [(s, stars[str(s)]["doc_count"]) for s in (5, 4, 3)],
        "groups": sorted(({"ocop_certificate__product_group": b["key"], "n": b["doc_count"]}
                          for b in aggs["groups"]["group"]["buckets"]),
                         key=lambda g: g["ocop_certificate__product_group"]),
        "areas": area_rows({int(b["key"]): b["doc_count"] for b in aggs["areas"]["buckets"]}),
    }
    return facets, response["hits"]["total"]["value"], page_ids(response)


# --------------------------------------------------------------------------- searching

def listing(params, normalized_query: str, *, page_size: int) -> tuple[dict, int, list[int]] | None:
    """A listing's facets, total and page of ids from Elasticsearch (a page past the end: the last
    one, as in PostgreSQL). None, for PostgreSQL to answer, when "in stock" is chosen or the page
    lies beyond MAX_RESULT_WINDOW; SearchUnavailable when Elasticsearch cannot answer."""
    from django.utils import timezone

    offset = (params.page - 1) * page_size
    # PostgreSQL reads stock live (orders change it without re-indexing the product), so an
    # "in stock" listing is its; a page past Elasticsearch's result window too.
    if params.in_stock or offset + page_size > MAX_RESULT_WINDOW:
        return None
    today = timezone.localdate()
    for fuzzy in (False, True):  # the words as typed; only if they find nothing, close spellings
        facets, total, ids = listing_from_response(_search(listing_body(
            params, normalized_query, today=today, offset=offset, size=page_size, fuzzy=fuzzy)))
        if total:
            break
    last = max(1, -(-total // page_size))
    if params.page > last:
        ids = page_ids(_search(listing_body(params, normalized_query, today=today, offset=(last - 1) * page_size,
                                            size=page_size, facets=False, fuzzy=fuzzy)))
    return facets, total, ids


def search_ids(normalized_query: str, limit: int = MAX_IDS) -> list[int]:
    """Product ids matching the folded query, best first (search_products: the ids only)."""
    for fuzzy in (False, True):  # the words as typed; only if they find nothing, close spellings
        hits = _search({"size": limit, "_source": False,
                        "query": text_query(normalized_query, fuzzy=fuzzy)})["hits"]["hits"]
        if hits:
            break
    if len(hits) >= limit:
        logger.warning("search %r matched more than %s products; only the best %s are used", normalized_query,
                       limit, limit)
    return [int(hit["_id"]) for hit in hits]


# --------------------------------------------------------------------------- indexing

# What a document needs beyond the text (indexing.DOCUMENT_PARTS_SQL): the listing's filters,
# facets and sort keys. The area is the product's own origin, as search.listing filters on it.
_FACET_FIELDS_SQL = """
SELECT p.id, c.slug AS category, parent.slug AS category_parent, c.name AS category_name,
    pr.slug AS producer, pr.name AS producer_name, a.path AS area_path,
    (SELECT array_agg(anc.id ORDER BY anc.path) FROM areas_area anc
     WHERE anc.id = ANY(string_to_array(trim(BOTH '/' FROM a.path), '/')::bigint[])
       AND anc.level <> %(commune)s) AS area_facet_ids,
    ARRAY(SELECT anc.successor_id FROM areas_area anc
          WHERE anc.id = ANY(string_to_array(trim(BOTH '/' FROM a.path), '/')::bigint[])
            AND anc.successor_id IS NOT NULL) AS merged_into,
    cert.stars AS certificate_stars, cert.product_group AS certificate_group,
    (cert.status = %(valid)s AND cert.verified_at IS NOT NULL) AS certificate_verified,
    cert.valid_until AS certificate_valid_until,
    (SELECT min(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id) AS min_price,
    (SELECT max(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id) AS max_price,
    EXISTS (SELECT 1 FROM catalog_productvariant v WHERE v.product_id = p.id AND {available}) AS in_stock,
    (SELECT coalesce(json_agg(json_build_object('price', v.price_amount, 'in_stock', {available})
        ORDER BY v.id), '[]') FROM catalog_productvariant v WHERE v.product_id = p.id) AS variants,
    ARRAY(SELECT col.slug FROM catalog_collectionproduct cp JOIN catalog_collection col ON col.id = cp.collection_id
          WHERE cp.product_id = p.id ORDER BY col.slug) AS collections,
    p.created_at
FROM catalog_product p
JOIN producers_producer pr ON pr.id = p.producer_id
LEFT JOIN catalog_category c ON c.id = p.category_id
LEFT JOIN catalog_category parent ON parent.id = c.parent_id
LEFT JOIN areas_area a ON a.id = p.origin_area_id
LEFT JOIN producers_ocopcertificate cert ON cert.id = p.ocop_certificate_id
WHERE p.id = ANY(%(ids)s)
"""
FACET_FIELDS_SQL = _FACET_FIELDS_SQL.replace("{available}", VARIANT_AVAILABLE_SQL)  # constants; values are parameters


def _facet_key(name, slug) -> str | None:
    return f"{name}{FACET_SEPARATOR}{slug}" if slug else None


def document(text: dict, fields: dict) -> dict:
    """One product's document from its text parts (indexing.DOCUMENT_PARTS_SQL) and its
    FACET_FIELDS_SQL row."""
    path = fields["area_path"]
    until = fields["certificate_valid_until"]
    return {
        "id": fields["id"],
        "name": text["name"], "related": text["related"], "places": text["places"],
        "description": text["description"],
        "category": fields["category"], "category_parent": fields["category_parent"],
        "category_facet": _facet_key(fields["category_name"], fields["category"]),
        "producer": fields["producer"], "producer_facet": _facet_key(fields["producer_name"], fields["producer"]),
        "area_path": path,
        # The areas the origin's areas were merged into count it too (as search.listing does).
        "area_ids": ([int(part) for part in path.strip("/").split("/")] if path else [])
        + list(fields.get("merged_into") or []),
        "area_facet_ids": list(fields["area_facet_ids"] or []) + list(fields.get("merged_into") or []),
        "certificate_stars": fields["certificate_stars"], "certificate_group": fields["certificate_group"],
        "certificate_verified": bool(fields["certificate_verified"]),
        "certificate_valid_until": until.isoformat() if until else None,
        "min_price": fields["min_price"], "max_price": fields["max_price"],
        "in_stock": bool(fields["in_stock"]), "variants": list(fields["variants"]),
        "collections": list(fields["collections"]),
        "created_at": fields["created_at"].isoformat(),
    }


def _rows(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def documents(product_ids) -> dict[int, dict]:
    """{product id: its document}, two queries whatever the number of products."""
    from ocop.areas.models import AreaLevel
    from ocop.producers.models import CertificateStatus

    from .indexing import DOCUMENT_PARTS_SQL

    ids = list(product_ids)
    texts = {row["id"]: row for row in _rows(DOCUMENT_PARTS_SQL, [ids])}
    fields = _rows(FACET_FIELDS_SQL, {"ids": ids, "commune": AreaLevel.COMMUNE, "valid": CertificateStatus.VALID})
    return {row["id"]: document(texts[row["id"]], row) for row in fields if row["id"] in texts}


def index_products(product_ids, index: str | None = None) -> int:
    """Index (or delete, when no longer public) the given products; bulk, one request per 500."""
    from elasticsearch import helpers

    from ocop.catalog.selectors import public_products

    ids = list(product_ids)
    if not ids:
        return 0
    public = set(public_products().filter(pk__in=ids).values_list("pk", flat=True))
    actions = [{"_op_type": "index", "_index": index or alias(), "_id": pk, "_source": doc}
               for pk, doc in documents([pk for pk in ids if pk in public]).items()]
    actions += [{"_op_type": "delete", "_index": index or alias(), "_id": pk} for pk in ids if pk not in public]
    # Through the alias only while it exists (a write must never create an index by that name), and
    # visible to searches before the batch moves the catalogue version: a listing cached straight
    # after must not hold the old answer (about a second; a rebuild refreshes once at the end).
    live = {"require_alias": True, "refresh": "wait_for"} if index is None else {}
    try:
        _, errors = helpers.bulk(client().options(request_timeout=INDEXING_TIMEOUT_SECONDS), actions,
                                 chunk_size=500, raise_on_error=False, **live)
    except Exception as exc:
        raise SearchUnavailable(str(exc)) from exc
    # Deleting a product that was never indexed (404) is fine; anything else is left to `reindex`.
    errors = [e for e in errors if e.get("delete", {}).get("status") != 404]
    if errors:
        logger.warning("Elasticsearch refused %s of %s index actions, first: %s", len(errors), len(actions), errors[0])
    return len(actions)


def rebuild(progress=None) -> str:
    """Build a fresh versioned index, fill it, then point the alias at it and drop the old ones."""
    from ocop.catalog.selectors import public_products

    es = client().options(request_timeout=INDEXING_TIMEOUT_SECONDS)
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
    for o in old + _superseded_indices(es):
        es.indices.delete(index=o, ignore_unavailable=True)
    return name


def _superseded_indices(es) -> list[str]:
    """The indices behind the aliases of earlier mapping versions (version 1 had no "-v1")."""
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    earlier = [f"{prefix}-products"] + [f"{prefix}-products-v{v}" for v in range(2, MAPPING_VERSION)]
    return [index for name in earlier if es.indices.exists_alias(name=name)
            for index in es.indices.get_alias(name=name, ignore_unavailable=True)]
