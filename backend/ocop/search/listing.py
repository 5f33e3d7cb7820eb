"""Listing pages (search, category, collection, producer): filters, facets, sorting, pages.

Every value comes from the URL, so nonsense is ignored rather than trusted: an unknown sort is
"relevance", a price that is not a whole number is no bound, a stars value outside 3..5 no filter.
The number of SQL queries is fixed whatever the page size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone

from ocop.areas.models import Area
from ocop.catalog.selectors import listing_rows, public_products, valid_certificate_q

from .services import normalize_query, search_products

PAGE_SIZE = 24
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


FACETS_SQL = """
SELECT GROUPING(m.category_slug) AS g_cat, GROUPING(m.producer_slug) AS g_prod, GROUPING(m.area_path) AS g_area,
       GROUPING(m.stars) AS g_stars, GROUPING(m.grp) AS g_grp,
       m.category_slug, max(m.category_name), m.producer_slug, max(m.producer_name), m.area_path, m.stars, m.grp,
       count(*)
FROM (
    SELECT cat.slug AS category_slug, cat.name AS category_name, pr.slug AS producer_slug, pr.name AS producer_name,
           a.path AS area_path,
           CASE WHEN c.status = 'valid' AND c.verified_at IS NOT NULL AND c.valid_until >= %s THEN c.stars END AS stars,
           CASE WHEN c.status = 'valid' AND c.verified_at IS NOT NULL AND c.valid_until >= %s
                THEN c.product_group END AS grp
    FROM ({ids}) AS matched(id)
    JOIN catalog_product p ON p.id = matched.id
    JOIN producers_producer pr ON pr.id = p.producer_id
    LEFT JOIN catalog_category cat ON cat.id = p.category_id
    LEFT JOIN areas_area a ON a.id = p.origin_area_id
    LEFT JOIN producers_ocopcertificate c ON c.id = p.ocop_certificate_id
) m
GROUP BY GROUPING SETS ((m.category_slug), (m.producer_slug), (m.area_path), (m.stars), (m.grp))
"""


def _facets(products: QuerySet) -> dict:
    """All facet counts in one pass over the matching products (GROUPING SETS), plus one small
    query for the names of the areas they roll up into."""
    from django.db import connection

    ids_sql, ids_params = products.order_by().values("pk").distinct().query.sql_with_params()
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(FACETS_SQL.format(ids=ids_sql), (today, today, *ids_params))
        rows = cursor.fetchall()
    categories, producers, stars, groups, by_path = [], [], {}, [], {}
    for g_cat, g_prod, g_area, g_stars, g_grp, cat_slug, cat_name, prod_slug, prod_name, path, star, grp, n in rows:
        if not g_cat and cat_slug:
            categories.append({"category__slug": cat_slug, "category__name": cat_name, "n": n})
        elif not g_prod and prod_slug:
            producers.append({"producer__slug": prod_slug, "producer__name": prod_name, "n": n})
        elif not g_area and path:
            by_path[path] = n
        elif not g_stars and star:
            stars[star] = n
        elif not g_grp and grp:
            groups.append({"ocop_certificate__product_group": grp, "n": n})
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
    return {"categories": sorted(categories, key=lambda c: c["category__name"] or ""),
            "producers": sorted(producers, key=lambda p: p["producer__name"]),
            "stars": [(s, at_least[s]) for s in (5, 4, 3)], "groups": sorted(groups, key=lambda g: g[
                "ocop_certificate__product_group"]), "areas": area_rows}


def product_listing(params: ListingParams, base: QuerySet | None = None, *, page_size: int | None = None) -> Listing:
    page_size = page_size or PAGE_SIZE
    base = base if base is not None else public_products()
    normalized = normalize_query(params.q)
    searched = bool(normalized)
    products = _filtered(params, base)
    if searched:
        products = search_products(normalized, queryset=products)
    order = {
        "price": ("sort_price", "pk"), "-price": ("-sort_price", "pk"), "newest": ("-created_at", "pk"),
        "stars": (F("ocop_certificate__stars").desc(nulls_last=True), "-created_at", "pk"),
    }.get(params.sort)
    if params.sort in ("price", "-price"):
        products = products.annotate(sort_price=Min("variants__price_amount"))
    if order:
        products = products.order_by(*order)
    elif not searched:
        products = products.order_by("-created_at", "pk")
    total = products.count()
    pages = max(1, -(-total // page_size))
    page = min(params.page, pages)
    rows = listing_rows(products, (page - 1) * page_size, page * page_size)
    return Listing(products=rows, total=total, page=page, pages=pages, facets=_facets(_filtered(params, base)
                   if not searched else products), params=params, searched=searched)
