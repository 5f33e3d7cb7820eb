"""Listing pages (search, category, collection, producer): filters, facets, sorting, pages.

Every value comes from the URL, so nonsense is ignored rather than trusted: an unknown sort is
"relevance", a price that is not a whole number is no bound, a stars value outside 3..5 no filter.
The number of SQL queries is fixed whatever the page size."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from ocop.areas.models import Area, AreaLevel
from ocop.catalog.selectors import VARIANT_AVAILABLE_SQL, product_cards
from ocop.core.money import parse_vnd
from ocop.producers.models import CertificateStatus, ProducerStatus

from . import elastic
from .services import TextMatch, listing_matches, normalize_query

PAGE_SIZE = 24
MAX_PRODUCER_CHOICES = 30
SORTS = ("relevance", "price", "-price", "newest", "stars")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _slug(value, max_length: int) -> str:
    """A slug from the URL, or "" (no filter) for anything that cannot be one: control characters,
    NUL (which PostgreSQL refuses in text), paths, spaces."""
    text = str(value or "")[:max_length]
    return text if SLUG.fullmatch(text) else ""


def _text(value, max_length: int) -> str:
    """Free text from the URL without control characters."""
    return CONTROL.sub(" ", str(value or "")[:max_length])


def _price(value):
    """A price bound as people write it ("150000", "150.000", "150.000 ₫"), or None."""
    try:
        number = parse_vnd(str(value or ""))
    except ValueError:
        return None
    return number if number >= 0 else None


def _int(value, lo=None, hi=None):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        return None
    return number


@dataclass
class ListingParams:
    q: str = ""
    category: str = ""
    collection: str = ""
    producer: str = ""
    area: int | None = None
    stars: int | None = None
    group: str = ""
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    sort: str = "relevance"
    page: int = 1
    fixed: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, data, **fixed) -> ListingParams:
        sort = data.get("sort", "relevance")
        return cls(
            q=_text(data.get("q"), 200),
            category=_slug(data.get("category"), 140),
            producer=_slug(data.get("producer"), 140),
            area=_int(data.get("area"), lo=1),
            stars=_int(data.get("stars"), lo=3, hi=5),
            group=_slug(data.get("group"), 20),
            min_price=_price(data.get("min_price")),
            max_price=_price(data.get("max_price")),
            in_stock=data.get("in_stock") in ("1", "on", "true"),
            sort=sort if sort in SORTS else "relevance",
            page=_int(data.get("page"), lo=1, hi=10_000) or 1,
            fixed=fixed,
        )

    @property
    def chosen_filters(self) -> int:
        """How many filters the shopper chose (a price range counts once; the page's own, such as
        a category page's category, not at all)."""
        chosen = [self.area, self.stars, self.group, self.in_stock,
                  self.min_price is not None or self.max_price is not None]
        chosen += [getattr(self, name) for name in ("category", "producer") if name not in self.fixed]
        return sum(1 for value in chosen if value)

    def as_query(self, **changes) -> dict:
        values = {"q": self.q, "category": self.category, "producer": self.producer, "area": self.area,
                  "stars": self.stars, "group": self.group, "min_price": self.min_price,
                  "max_price": self.max_price, "in_stock": "1" if self.in_stock else "", "sort": self.sort}
        values.update(changes)
        for key in self.fixed:
            values.pop(key, None)
        return {k: v for k, v in values.items() if v not in (None, "", "relevance")}


@dataclass
class Listing:
    products: list
    total: int
    page: int
    pages: int
    facets: dict
    params: ListingParams
    searched: bool
    corrected: str = ""  # what was searched for instead of a misspelt query that found nothing


# Every filter as a condition on the listing table (`l`, search.models.ListedProduct) and the
# certificate (`c`), with named parameters. Slugs, the area and the producers not approved are
# looked up inside the query (ARRAY(...) is computed once), so the table's indexes still apply.
SHOWS_STARS = "c.status = %(valid)s AND c.verified_at IS NOT NULL AND c.valid_until >= %(today)s"
IN_STOCK = f"EXISTS (SELECT 1 FROM catalog_productvariant v WHERE v.product_id = l.product_id AND {VARIANT_AVAILABLE_SQL})"  # nosec B608 - constants


def _conditions(params: ListingParams) -> tuple[list[str], dict]:
    """The listing's filters, as catalog.selectors.public_products() and valid_certificate_q() say."""
    # Sellers not approved (pending, suspended) are few: a product is listed unless its producer
    # is one of them, a check on each match cheaper than joining every match to its producer.
    conditions = ["l.is_published", "NOT (l.producer_id = ANY(ARRAY(SELECT id FROM producers_producer"
                  " WHERE status <> %(approved)s)))"]
    values = {"approved": ProducerStatus.APPROVED, "valid": CertificateStatus.VALID, "today": timezone.localdate()}
    category = params.fixed.get("category") or params.category
    if category:  # the category or one of its children
        conditions.append("l.category_id = ANY(ARRAY(SELECT cat.id FROM catalog_category cat"
                          " LEFT JOIN catalog_category parent ON parent.id = cat.parent_id"
                          " WHERE cat.slug = %(category)s OR parent.slug = %(category)s))")
        values["category"] = category
    if params.fixed.get("collection"):
        conditions.append("l.product_id IN (SELECT cp.product_id FROM catalog_collectionproduct cp"
                          " JOIN catalog_collection col ON col.id = cp.collection_id WHERE col.slug = %(collection)s)")
        values["collection"] = params.fixed["collection"]
    producer = params.fixed.get("producer") or params.producer
    if producer:
        conditions.append("l.producer_id = ANY(ARRAY(SELECT id FROM producers_producer WHERE slug = %(producer)s))")
        values["producer"] = producer
    if params.area:  # the area and every place inside it, or inside the areas merged into it (an unknown area: nothing)
        conditions.append("l.origin_area_id = ANY(ARRAY(SELECT a.id FROM areas_area a JOIN areas_area within"
                          " ON starts_with(a.path, within.path)"
                          " WHERE within.id = %(area)s OR within.successor_id = %(area)s))")
        values["area"] = params.area
    if params.stars:
        conditions.append(f"{SHOWS_STARS} AND c.stars >= %(stars)s")
        values["stars"] = params.stars
    if params.group:
        conditions.append(f"{SHOWS_STARS} AND c.product_group = %(group)s")
        values["group"] = params.group
    # Some variant priced within the bounds asked (the product's price range narrows it down first).
    if params.min_price is not None:
        conditions.append("l.max_price >= %(min_price)s")
        values["min_price"] = params.min_price
    if params.max_price is not None:
        conditions.append("l.min_price <= %(max_price)s")
        values["max_price"] = params.max_price
    if params.min_price is not None and params.max_price is not None:
        conditions.append("EXISTS (SELECT 1 FROM catalog_productvariant v WHERE v.product_id = l.product_id"
                          " AND v.price_amount BETWEEN %(min_price)s AND %(max_price)s)")
    if params.in_stock:  # stock is read live: orders change it without re-indexing the product
        conditions.append(IN_STOCK)
    return conditions, values


def _price_key(params: ListingParams) -> str:
    """A product's price for the price sorts: its lowest, among the variants the last of the
    variant filters kept (in stock; else within the prices asked), as the listing has always sorted."""
    variants = "SELECT min(v.price_amount) FROM catalog_productvariant v"
    if params.in_stock:
        return f"({variants} WHERE v.product_id = l.product_id AND {VARIANT_AVAILABLE_SQL})"
    if params.min_price is not None and params.max_price is not None:
        return (f"({variants} WHERE v.product_id = l.product_id"
                " AND v.price_amount BETWEEN %(min_price)s AND %(max_price)s)")
    if params.max_price is not None:
        return f"({variants} WHERE v.product_id = l.product_id AND v.price_amount <= %(max_price)s)"
    if params.min_price is not None:
        return f"({variants} WHERE v.product_id = l.product_id AND v.price_amount >= %(min_price)s)"
    return "l.min_price"


# One pass over the matching products: they are found (and, for a search, ranked) once into `m`
# from the narrow listing table. They are counted per combination of (category, producer, area,
# certificate) — a few thousand groups — and those groups summed per category, per producer, per
# area and per certificate in one aggregate (grouping sets), so only the facet values travel (a
# few hundred rows); the certificate's stars and OCOP group count only while it shows them. The
# page's ids are the first rows of `m` in the chosen order (a top-N sort: only the page is put in
# order). The certificate is joined to every match only when a filter or the sort needs it. Each
# area is counted with every area above it (its path lists their ids), and with the area each of
# them was merged into (`successor`: a province of the 2025 map counts the products of the
# provinces it took in), so the area facet needs no other query. Each row is (kind, id, value,
# name, count or position, area level): a page's product id, an area's id, path and level (with
# " former" after an abolished area's). GROUPING() tells the sums apart: 7 per category, 11 per
# producer, 13 per area, 14 per certificate, 15 the total.
LISTING_SQL = """
WITH m (id, category_id, producer_id, origin_area_id, certificate_id, k1, k2) AS MATERIALIZED (
    SELECT l.product_id, l.category_id, l.producer_id, l.origin_area_id, l.certificate_id, {k1}, {k2}
    FROM search_listedproduct l
    {certificate_join}
    WHERE {conditions}
),
counts AS (
    SELECT GROUPING(category_id, producer_id, origin_area_id, certificate_id) AS kind,
        category_id, producer_id, origin_area_id, certificate_id, sum(n) AS n
    FROM (SELECT category_id, producer_id, origin_area_id, certificate_id, count(*) AS n FROM m GROUP BY 1, 2, 3, 4) g
    GROUP BY GROUPING SETS ((category_id), (producer_id), (origin_area_id), (certificate_id), ())
),
page AS (
    SELECT id, row_number() OVER (ORDER BY {order}) AS position
    FROM (SELECT id, k1, k2 FROM m ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) top
)
SELECT 'total', NULL::bigint, NULL, NULL, n, NULL FROM counts WHERE kind = 15
UNION ALL
SELECT 'category', NULL, cat.slug, cat.name, k.n, NULL FROM counts k JOIN catalog_category cat ON cat.id = k.category_id
WHERE k.kind = 7
UNION ALL
SELECT 'producer', NULL, pr.slug, pr.name, k.n, NULL FROM counts k JOIN producers_producer pr ON pr.id = k.producer_id
WHERE k.kind = 11
UNION ALL
SELECT 'area', anc.id, anc.path, anc.name, sum(k.n), anc.level || CASE WHEN anc.valid_until IS NULL THEN '' ELSE ' former' END
FROM counts k
JOIN areas_area a ON a.id = k.origin_area_id
CROSS JOIN LATERAL (SELECT string_to_array(btrim(a.path, '/'), '/')::bigint[] AS ids) up
JOIN areas_area anc ON anc.id = ANY(up.ids || ARRAY(SELECT m.successor_id FROM areas_area m
                                                    WHERE m.id = ANY(up.ids) AND m.successor_id IS NOT NULL))
WHERE k.kind = 13
GROUP BY anc.id
UNION ALL
SELECT 'stars', NULL, c.stars::text, NULL, sum(k.n), NULL
FROM counts k JOIN producers_ocopcertificate c ON c.id = k.certificate_id
WHERE k.kind = 14 AND {shows_stars} GROUP BY c.stars
UNION ALL
SELECT 'group', NULL, c.product_group, NULL, sum(k.n), NULL
FROM counts k JOIN producers_ocopcertificate c ON c.id = k.certificate_id
WHERE k.kind = 14 AND {shows_stars} GROUP BY c.product_group
UNION ALL
SELECT 'page', id, NULL, NULL, position, NULL FROM page
"""
CERTIFICATE_JOIN = "LEFT JOIN producers_ocopcertificate c ON c.id = l.certificate_id"

# Each sort as the two keys it needs from a product and the ORDER BY over them (ties by id); a
# sort that needs one key carries none as the second (each match is copied into `m`).
SORT_KEYS = {
    "relevance": ("{rank}", "NULL::timestamptz", "k1 DESC, id"),
    "newest": ("l.created_at", "NULL::timestamptz", "k1 DESC, id"),
    "price": ("{price}", "NULL::timestamptz", "k1 ASC NULLS LAST, id"),
    "-price": ("{price}", "NULL::timestamptz", "k1 DESC NULLS LAST, id"),
    "stars": ("c.stars", "l.created_at", "k1 DESC NULLS LAST, k2 DESC, id"),
}


def _find(params: ListingParams, match: TextMatch | None, offset: int, limit: int) -> tuple[dict, int, list[int]]:
    """The facets, the number of matches and the ids of one page, from one query (LISTING_SQL)."""
    sort = "newest" if params.sort == "relevance" and match is None else params.sort
    first, second, order = SORT_KEYS[sort]
    conditions, values = _conditions(params)
    if match is not None:
        conditions.append(match.condition)
        values.update(match.params)
    keys = {"rank": match.rank if match else "", "price": _price_key(params)}
    k1, k2, where = first.format(**keys), second.format(**keys), " AND ".join(f"({c})" for c in conditions)
    needs_certificate = sort == "stars" or bool(params.stars or params.group)
    sql = LISTING_SQL.format(shows_stars=SHOWS_STARS, k1=k1, k2=k2, conditions=where, order=order,
                             certificate_join=CERTIFICATE_JOIN if needs_certificate else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, {**values, "limit": limit, "offset": offset})
        rows = cursor.fetchall()
    ids = [row[1] for row in sorted((row for row in rows if row[0] == "page"), key=lambda row: row[4])]
    facets, total = _facets_from_counts([row for row in rows if row[0] != "page"], chosen_area=params.area)
    return facets, total, ids


@dataclass(frozen=True)
class AreaChoice:
    """An area as the area facet offers it (what the filter's options show of an Area)."""

    pk: int
    name: str
    level: str
    path: str
    is_current: bool = True  # False: abolished (merged into another since)


def _facets_from_counts(rows, chosen_area: int | None = None) -> tuple[dict, int]:
    """The facets and the total from the counts per facet value: rows of (kind, id, value, name,
    n, level), kind one of total, category, producer, area (with its id, path and level: every
    area with the matches inside it), stars, group. The area facet offers provinces and
    districts, and once an area is chosen the communes inside it."""
    categories, producers, stars, groups, areas = {}, {}, {}, {}, []
    total = 0
    for kind, pk, value, name, n, level in rows:
        n = int(n or 0)
        if kind == "total":
            total = n
        elif kind == "category":
            categories.setdefault(value, {"category__slug": value, "category__name": name, "n": 0})["n"] += n
        elif kind == "producer":
            producers.setdefault(value, {"producer__slug": value, "producer__name": name, "n": 0})["n"] += n
        elif kind == "area":
            level, _space, former = level.partition(" ")
            if level != AreaLevel.COMMUNE or chosen_area:
                areas.append({"area": AreaChoice(pk, name, level, value, is_current=not former), "n": n})
        elif kind == "stars":
            stars[int(value)] = stars.get(int(value), 0) + n
        elif kind == "group":
            groups.setdefault(value, {"ocop_certificate__product_group": value, "n": 0})["n"] += n
    # "N★ and up" counts every product with at least N stars.
    at_least = {s: sum(n for star, n in stars.items() if star >= s) for s in (5, 4, 3)}
    facets = {"categories": sorted(categories.values(), key=lambda c: c["category__name"] or ""),
              # The producers with most matches (a list of hundreds helps nobody), by name.
              "producers": sorted(sorted(producers.values(), key=lambda p: (-p["n"], p["producer__name"]))
                                  [:MAX_PRODUCER_CHOICES], key=lambda p: p["producer__name"]),
              "stars": [(s, at_least[s]) for s in (5, 4, 3)],
              "groups": sorted(groups.values(), key=lambda g: g["ocop_certificate__product_group"]),
              "areas": sorted(areas, key=lambda row: row["area"].path)}
    return facets, total


def _cache_key(kind: str, params: ListingParams, normalized: str, version: int, *parts) -> str:
    described = repr((normalized, params.category, params.producer, params.area, params.stars, params.group,
                      params.min_price, params.max_price, params.in_stock, sorted(params.fixed.items()), parts))
    return f"listing:{kind}:{version}:{hashlib.sha256(described.encode()).hexdigest()[:40]}"


def product_listing(params: ListingParams, *, page_size: int | None = None) -> Listing:
    """One page of a listing with its facets.

    What a listing costs on a large catalogue is finding and counting the matches (ranking
    thousands of products for a broad search, counting them per facet); the cards of one page
    are cheap. The facets, the total and the page's ids come from one query (LISTING_SQL) over
    the narrow listing table (search.models.ListedProduct), and are kept for
    LISTING_CACHE_SECONDS in each web process's memory (the "listings" cache: no round trip, and
    a few thousand entries of ids and counts are small) under the catalogue version, which lives in
    the shared cache so that every process sees a change (`catalogue_changed()` moves it whenever
    products are re-indexed, a producer or certificate changes state): an edit shows at once,
    and only stock counts behind the "in stock" filter may lag by up to that many seconds. The
    cards themselves (price, stock, photos) are always read fresh, in one query
    (catalog.selectors.product_cards)."""
    page_size = page_size or PAGE_SIZE
    seconds = settings.LISTING_CACHE_SECONDS
    normalized = normalize_query(params.q)
    searched = bool(normalized)

    def find():
        use_elasticsearch = searched and elastic.enabled()
        if use_elasticsearch:  # Elasticsearch answers a text listing whole when it can (elastic.listing)
            try:
                answer = elastic.listing(params, normalized, page_size=page_size)
            except elastic.SearchUnavailable as exc:
                elastic.mark_degraded(exc)
                use_elasticsearch = False
            else:
                if answer is not None:
                    return (*answer, "")  # Elasticsearch's fuzziness says nothing of what it read
        # A search tries its ways of matching in turn (the words as typed, then close spellings)
        # until one finds something within the filters.
        matches = listing_matches(normalized, elasticsearch=use_elasticsearch) if searched else [None]
        for match in matches:
            facets, total, ids = _find(params, match, (params.page - 1) * page_size, page_size)
            if total:
                break
        last = max(1, -(-total // page_size))
        if params.page > last:  # past the end: the last page instead
            ids = _find(params, match, (last - 1) * page_size, page_size)[2]
        return facets, total, ids, (match.corrected if match is not None and total else "")

    key = _cache_key("page", params, normalized, catalogue_version(), params.sort, params.page, page_size) \
        if seconds > 0 else ""
    facets, total, ids, corrected = remembered(key, seconds, find)
    if params.area and all(row["area"].pk != params.area for row in facets["areas"]):
        facets = _with_chosen_area(facets, params.area)
    pages = max(1, -(-total // page_size))
    return Listing(products=product_cards(ids, get_language() or "vi"), total=total, page=min(params.page, pages), pages=pages,
                   facets=facets, params=params, searched=searched, corrected=corrected)


def _with_chosen_area(facets: dict, area_id: int) -> dict:
    """The chosen area stays a choice of the area facet even when nothing in it matches (or the
    backend does not count communes), so applying other filters does not quietly drop it."""
    chosen = Area.objects.filter(pk=area_id).only("pk", "name", "level", "path", "parent_id", "valid_until").first()
    if chosen is None:
        return facets
    return {**facets, "areas": sorted([*facets["areas"], {"area": chosen, "n": 0}], key=lambda row: row["area"].path)}


VERSION_KEY = "listing:catalogue-version"


def remembered(key: str, seconds: int, compute):
    """`compute()`'s value, kept `seconds` in this process's "listings" cache under `key` (callers
    put catalogue_version() in the key); seconds <= 0 computes every time."""
    if seconds <= 0:
        return compute()
    value = caches["listings"].get(key)
    if value is None:
        value = compute()
        caches["listings"].set(key, value, seconds)
    return value


def catalogue_version() -> int:
    """0 until the catalogue first changes (reading it never writes)."""
    return cache.get(VERSION_KEY, 0)


def catalogue_changed() -> None:
    """Cached listings stop being used: call after anything that changes what a listing shows."""
    cache.set(VERSION_KEY, int(time.time() * 1000), None)
