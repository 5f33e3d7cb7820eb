"""Listing pages (search, category, collection, producer): filters, facets, sorting, pages.

Every value comes from the URL, so nonsense is ignored rather than trusted: an unknown sort is
"relevance", a price that is not a whole number is no bound, a stars value outside 3..5 no filter.
The number of SQL queries is fixed whatever the page size."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Case, F, Min, Q, QuerySet, When

from ocop.areas.models import Area
from ocop.catalog.selectors import listing_rows_for_ids, public_products, valid_certificate_q

from .services import normalize_query, search_products

PAGE_SIZE = 24
MAX_PRODUCER_CHOICES = 30
SORTS = ("relevance", "price", "-price", "newest", "stars")


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
            q=(data.get("q") or "")[:200],
            category=(data.get("category") or "")[:140],
            producer=(data.get("producer") or "")[:140],
            area=_int(data.get("area"), lo=1),
            stars=_int(data.get("stars"), lo=3, hi=5),
            group=(data.get("group") or "")[:20],
            min_price=_int(data.get("min_price"), lo=0),
            max_price=_int(data.get("max_price"), lo=0),
            in_stock=data.get("in_stock") in ("1", "on", "true"),
            sort=sort if sort in SORTS else "relevance",
            page=_int(data.get("page"), lo=1, hi=10_000) or 1,
            fixed=fixed,
        )

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


def _filtered(params: ListingParams, base: QuerySet) -> QuerySet:
    products = base
    category = params.fixed.get("category") or params.category
    if category:
        products = products.filter(Q(category__slug=category) | Q(category__parent__slug=category))
    if params.fixed.get("collection"):
        products = products.filter(collections__slug=params.fixed["collection"])
    producer = params.fixed.get("producer") or params.producer
    if producer:
        products = products.filter(producer__slug=producer)
    if params.area:
        area = Area.objects.filter(pk=params.area).only("path").first()
        products = products.filter(origin_area__path__startswith=area.path) if area else products.none()
    if params.stars:
        products = products.filter(valid_certificate_q(), ocop_certificate__stars__gte=params.stars)
    if params.group:
        products = products.filter(valid_certificate_q(), ocop_certificate__product_group=params.group)
    if params.min_price is not None:
        products = products.filter(variants__price_amount__gte=params.min_price).distinct()
    if params.max_price is not None:
        products = products.filter(variants__price_amount__lte=params.max_price).distinct()
    if params.in_stock:
        products = products.filter(variants__stocks__quantity__gt=F("variants__stocks__quantity_allocated")).distinct()
    return products


# One pass over the matching products: they are found (and, for a search, ranked) once into `m`;
# the facets are counted per combination of (category, producer, area, stars, OCOP group: the last
# two only while the certificate shows stars, catalog.selectors.valid_certificate_q) with the names
# joined to those few hundred groups, and the page's ids are the first rows of `m` in the chosen
# order. Rows of kind 0 are facet groups, rows of kind 1 the page's ids with their position.
LISTING_SQL = """
WITH m (id, category_id, producer_id, origin_area_id, stars, product_group, k1, k2) AS MATERIALIZED ({matched}),
groups AS (
    SELECT category_id, producer_id, origin_area_id, stars, product_group, count(*) AS n FROM m GROUP BY 1, 2, 3, 4, 5
),
page AS (
    SELECT id, row_number() OVER (ORDER BY {order}) AS position FROM m ORDER BY {order} LIMIT %s OFFSET %s
)
SELECT 0, NULL::bigint, cat.slug, cat.name, pr.slug, pr.name, a.path, g.stars, g.product_group, g.n
FROM groups g
JOIN producers_producer pr ON pr.id = g.producer_id
LEFT JOIN catalog_category cat ON cat.id = g.category_id
LEFT JOIN areas_area a ON a.id = g.origin_area_id
UNION ALL
SELECT 1, page.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, page.position FROM page
"""

# Each sort as the two keys it needs from a product and the ORDER BY over them (ties by id).
SORT_KEYS = {
    "relevance": (lambda: F("search_rank"), lambda: F("created_at"), "k1 DESC, id"),
    "newest": (lambda: F("created_at"), lambda: F("created_at"), "k1 DESC, id"),
    "price": (lambda: Min("variants__price_amount"), lambda: F("created_at"), "k1 ASC NULLS LAST, id"),
    "-price": (lambda: Min("variants__price_amount"), lambda: F("created_at"), "k1 DESC NULLS LAST, id"),
    "stars": (lambda: F("ocop_certificate__stars"), lambda: F("created_at"), "k1 DESC NULLS LAST, k2 DESC, id"),
}


def _find(products: QuerySet, sort: str, searched: bool, offset: int, limit: int) -> tuple[dict, int, list[int]]:
    """The facets, the number of matches and the ids of one page, from one query (LISTING_SQL)."""
    from django.db import connection

    if sort == "relevance" and not searched:
        sort = "newest"
    first, second, order = SORT_KEYS[sort]
    shows_stars = valid_certificate_q()
    matched = (products.order_by().annotate(
        _stars=Case(When(shows_stars, then=F("ocop_certificate__stars"))),
        _group=Case(When(shows_stars, then=F("ocop_certificate__product_group"))),
        _k1=first(), _k2=second(),
    ).values("pk", "category_id", "producer_id", "origin_area_id", "_stars", "_group", "_k1", "_k2"))
    matched_sql, matched_params = matched.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(LISTING_SQL.format(matched=matched_sql, order=order), (*matched_params, limit, offset))
        rows = cursor.fetchall()
    ids = [row[1] for row in sorted((row for row in rows if row[0] == 1), key=lambda row: row[-1])]
    facets, total = _facets_from_groups([row[2:] for row in rows if row[0] == 0])
    return facets, total, ids


def _facets_from_groups(rows) -> tuple[dict, int]:
    """Facet counts from the groups: Python adds them up per facet. Every product is in exactly
    one group, so the groups also sum to the total."""
    categories, producers, stars, groups, by_path = {}, {}, {}, {}, {}
    total = 0
    for cat_slug, cat_name, prod_slug, prod_name, path, star, grp, n in rows:
        total += n
        if cat_slug:
            categories.setdefault(cat_slug, {"category__slug": cat_slug, "category__name": cat_name, "n": 0})["n"] += n
        producers.setdefault(prod_slug, {"producer__slug": prod_slug, "producer__name": prod_name, "n": 0})["n"] += n
        if path:
            by_path[path] = by_path.get(path, 0) + n
        if star:
            stars[star] = stars.get(star, 0) + n
        if grp:
            groups.setdefault(grp, {"ocop_certificate__product_group": grp, "n": 0})["n"] += n
    ancestor_ids = {int(part) for path in by_path for part in path.strip("/").split("/")}
    areas = {a.pk: a for a in Area.objects.filter(pk__in=ancestor_ids).exclude(level="commune")} if by_path else {}
    area_counts: dict[int, int] = {}
    for path, n in by_path.items():
        for part in path.strip("/").split("/"):
            if int(part) in areas:
                area_counts[int(part)] = area_counts.get(int(part), 0) + n
    area_rows = sorted(({"area": areas[pk], "n": n} for pk, n in area_counts.items()), key=lambda r: r["area"].path)
    # "N★ and up" counts every product with at least N stars.
    at_least = {s: sum(n for star, n in stars.items() if star >= s) for s in (5, 4, 3)}
    facets = {"categories": sorted(categories.values(), key=lambda c: c["category__name"] or ""),
              # The producers with most matches (a list of hundreds helps nobody), by name.
              "producers": sorted(sorted(producers.values(), key=lambda p: (-p["n"], p["producer__name"]))
                                  [:MAX_PRODUCER_CHOICES], key=lambda p: p["producer__name"]),
              "stars": [(s, at_least[s]) for s in (5, 4, 3)],
              "groups": sorted(groups.values(), key=lambda g: g["ocop_certificate__product_group"]),
              "areas": area_rows}
    return facets, total


def _cache_key(kind: str, params: ListingParams, normalized: str, version: int, *parts) -> str:
    described = repr((normalized, params.category, params.producer, params.area, params.stars, params.group,
                      params.min_price, params.max_price, params.in_stock, sorted(params.fixed.items()), parts))
    return f"listing:{kind}:{version}:{hashlib.sha256(described.encode()).hexdigest()[:40]}"


def product_listing(params: ListingParams, base: QuerySet | None = None, *, page_size: int | None = None) -> Listing:
    """One page of a listing with its facets.

    What a listing costs on a large catalogue is finding and counting the matches (ranking
    thousands of products for a broad search, counting them per facet); the cards of one page
    are cheap. The facets, the total and the page's ids come from one query (LISTING_SQL), and are kept for
    LISTING_CACHE_SECONDS in each web process's memory (the "listings" cache: no round trip, and
    a few thousand entries of ids and counts are small) under the catalogue version, which lives in
    the shared cache so that every process sees a change (`catalogue_changed()` moves it whenever
    products are re-indexed, a producer or certificate changes state): an edit shows at once,
    and only stock counts behind the "in stock" filter may lag by up to that many seconds. The
    cards themselves (price, stock, photos) are always read fresh."""
    page_size = page_size or PAGE_SIZE
    # A caller's own base queryset is not cached (the key could not describe it).
    seconds = settings.LISTING_CACHE_SECONDS if base is None else 0
    base = base if base is not None else public_products()
    normalized = normalize_query(params.q)
    searched = bool(normalized)

    def matching() -> QuerySet:  # built only when the cache cannot answer (a search asks PostgreSQL once)
        products = _filtered(params, base)
        return search_products(normalized, queryset=products) if searched else products

    def find():
        products = matching()
        facets, total, ids = _find(products, params.sort, searched, (params.page - 1) * page_size, page_size)
        last = max(1, -(-total // page_size))
        if params.page > last:  # past the end: the last page instead
            ids = _find(products, params.sort, searched, (last - 1) * page_size, page_size)[2]
        return facets, total, ids

    key = _cache_key("page", params, normalized, catalogue_version(), params.sort, params.page, page_size) \
        if seconds > 0 else ""
    facets, total, ids = remembered(key, seconds, find)
    pages = max(1, -(-total // page_size))
    return Listing(products=listing_rows_for_ids(ids), total=total, page=min(params.page, pages), pages=pages,
                   facets=facets, params=params, searched=searched)


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
