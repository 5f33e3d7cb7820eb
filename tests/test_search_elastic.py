"""The Elasticsearch listing's translation code: the request it sends for a listing (text, filters,
facets, order, page) and how it reads the answer, checked here without a server (none runs on these
machines). The behaviour against a real server is in tests/test_search.py (ELASTICSEARCH_URL).

Where a test must say which products a filter clause selects, `selects()` reads the few clauses
this code emits (bool, term, range) as Elasticsearch documents them: a term on an array matches
any element, a missing field matches neither a term nor a range. The documents are the real ones,
built from the sample catalogue in PostgreSQL, and the answer is compared with PostgreSQL's."""

from datetime import date, datetime, timedelta

import pytest

from ocop.search import elastic
from ocop.search.listing import MAX_PRODUCER_CHOICES, ListingParams, product_listing

TODAY = date(2026, 11, 26)
SHOWS_STARS = [{"term": {"certificate_verified": True}},
               {"range": {"certificate_valid_until": {"gte": "2026-11-26"}}}]


def params(**values):
    fixed = values.pop("fixed", {})
    return ListingParams(**values, fixed=fixed)


def postgres_ids(chosen) -> list[int]:
    """The products PostgreSQL lists for these choices without a text query, in order."""
    return [p.pk for p in product_listing(params(**chosen), page_size=1000).products]


# --------------------------------------------------------------------------- filters

@pytest.mark.parametrize("chosen, clauses", [
    ({}, []),
    ({"category": "mat-ong"}, [{"bool": {"should": [{"term": {"category": "mat-ong"}},
                                                    {"term": {"category_parent": "mat-ong"}}],
                                         "minimum_should_match": 1}}]),
    ({"producer": "htx-che-thu"}, [{"term": {"producer": "htx-che-thu"}}]),
    ({"area": 17}, [{"term": {"area_ids": 17}}]),
    ({"stars": 4}, [*SHOWS_STARS, {"range": {"certificate_stars": {"gte": 4}}}]),
    ({"group": "food"}, [*SHOWS_STARS, {"term": {"certificate_group": "food"}}]),
    ({"min_price": 50_000}, [{"range": {"max_price": {"gte": 50_000}}}]),
    ({"max_price": 0}, [{"range": {"min_price": {"lte": 0}}}]),
    ({"min_price": 10, "max_price": 90}, [{"range": {"max_price": {"gte": 10}}}, {"range": {"min_price": {"lte": 90}}},
                                          {"nested": {"path": "variants", "query": {
                                              "range": {"variants.price": {"gte": 10, "lte": 90}}}}}]),
    ({"in_stock": True}, [{"term": {"in_stock": True}}]),
    ({"fixed": {"collection": "qua-tet"}}, [{"term": {"collections": "qua-tet"}}]),
])
def test_each_chosen_filter_becomes_its_filter_clause(chosen, clauses):
    assert elastic.filter_clauses(params(**chosen), TODAY) == clauses


def test_a_listing_s_fixed_category_and_producer_win_over_the_url():
    clauses = elastic.filter_clauses(params(category="tra", producer="other",
                                            fixed={"category": "che", "producer": "htx"}), TODAY)
    assert clauses[0]["bool"]["should"][0] == {"term": {"category": "che"}}
    assert clauses[1] == {"term": {"producer": "htx"}}


def test_every_chosen_filter_applies_at_once():
    clauses = elastic.filter_clauses(params(category="che", producer="htx", area=3, stars=5, group="drink",
                                            min_price=1, max_price=2, in_stock=True), TODAY)
    assert len(clauses) == 1 + 1 + 1 + 3 + 3 + 1 + 1 + 1 + 1  # both price bounds: also one variant within them


# --------------------------------------------------------------------------- the request

def test_the_words_before_the_last_are_finished_and_the_last_is_also_a_prefix():
    """As the PostgreSQL backend reads a query: "tra xanh" needs "tra" as a word (or within the
    fuzziness of one) and "xanh" as a word or the start of one, each in whichever field."""
    must = elastic.text_query("tra xanh")["bool"]["must"]
    assert must[0] == {"multi_match": {"query": "tra", "fields": elastic.TEXT_FIELDS}}
    fuzzy = elastic.text_query("tra xanh", fuzzy=True)["bool"]["must"]  # the second try
    assert fuzzy[0] == {"multi_match": {"query": "tra", "fields": elastic.TEXT_FIELDS, "fuzziness": "AUTO",
                                        "prefix_length": 1}}
    assert fuzzy[1]["bool"]["should"][0]["multi_match"]["fuzziness"] == "AUTO"
    assert not any("prefix" in field for field in elastic.TEXT_FIELDS)  # no word but the last is a prefix
    last = must[1]["bool"]
    assert last["minimum_should_match"] == 1 and last["should"][0]["multi_match"]["query"] == "xanh"
    assert {"match": {"name.prefix": {"query": "xanh", "boost": 2}}} in last["should"]
    prefixes = {field: query["value"] for clause in last["should"] for field, query in clause.get("prefix", {}).items()}
    assert prefixes == {"name": "xanh", "related": "xanh", "places": "xanh", "description": "xanh"}
    assert len(elastic.text_query("mat")["bool"]["must"]) == 1


def test_close_spellings_are_asked_for_only_when_the_words_as_typed_find_nothing(monkeypatch):
    """The order of the two tries (the server's answers are canned here; tests/test_search.py runs
    the same searches against a real server where ELASTICSEARCH_URL is set)."""
    asked = []
    answers = iter([{"hits": {"hits": []}}, {"hits": {"hits": [{"_id": "7"}]}}])
    monkeypatch.setattr(elastic, "_search", lambda body: asked.append(body) or next(answers))
    assert elastic.search_ids("mat onng") == [7]
    assert [body["query"] for body in asked] == [elastic.text_query("mat onng"),
                                                 elastic.text_query("mat onng", fuzzy=True)]
    asked.clear()
    monkeypatch.setattr(elastic, "_search", lambda body: asked.append(body) or {"hits": {"hits": [{"_id": "3"}]}})
    assert elastic.search_ids("mat ong") == [3] and len(asked) == 1


def test_a_listing_asks_again_with_close_spellings_only_when_nothing_matched(db, monkeypatch):
    """elastic.listing(): the words as typed, then (nothing found) the fuzzy query, whose answer
    is the listing's; the same fuzzy query again for a page past the end."""
    empty = {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}, "aggregations": {
        "categories": {"buckets": []}, "producers": {"buckets": []}, "areas": {"buckets": []},
        "stars": {"buckets": {"5": {"doc_count": 0}, "4": {"doc_count": 0}, "3": {"doc_count": 0}}},
        "groups": {"doc_count": 0, "group": {"buckets": []}}}}
    found = {**empty, "hits": {"total": {"value": 3, "relation": "eq"}, "hits": [{"_id": "9"}]}}
    asked = []
    answers = iter([empty, found, found])
    monkeypatch.setattr(elastic, "_search", lambda body: asked.append(body) or next(answers))
    facets, total, ids = elastic.listing(params(q="mat onng", page=3), "mat onng", page_size=24)
    assert (total, ids) == (3, [9])
    assert [body["query"]["bool"]["must"][0] for body in asked] == [
        elastic.text_query("mat onng"), elastic.text_query("mat onng", fuzzy=True),
        elastic.text_query("mat onng", fuzzy=True)]
    assert asked[2]["from"] == 0 and "aggs" not in asked[2]  # page 3 of 1: the last page instead


def test_a_search_request_asks_for_the_page_the_exact_total_and_every_facet():
    body = elastic.listing_body(params(q="mat ong", stars=4, sort="price"), "mat ong", today=TODAY, offset=48,
                                size=24)
    assert body["query"]["bool"]["must"] == [elastic.text_query("mat ong")]
    assert body["query"]["bool"]["filter"] == elastic.filter_clauses(params(stars=4), TODAY)
    assert (body["from"], body["size"], body["_source"], body["track_total_hits"]) == (48, 24, False, True)
    assert set(body["aggs"]) == {"categories", "producers", "areas", "stars", "groups"}
    # Facets count the matches with every filter applied, as PostgreSQL does: no post_filter.
    assert "post_filter" not in body
    assert "aggs" not in elastic.listing_body(params(q="x"), "x", today=TODAY, offset=0, size=24, facets=False)


@pytest.mark.parametrize("sort, order", [
    ("relevance", [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}]),
    ("newest", [{"created_at": {"order": "desc"}}, {"id": {"order": "asc"}}]),
    ("price", [{"min_price": {"order": "asc", "missing": "_last"}}, {"id": {"order": "asc"}}]),
    ("-price", [{"min_price": {"order": "desc", "missing": "_last"}}, {"id": {"order": "asc"}}]),
    ("stars", [{"certificate_stars": {"order": "desc", "missing": "_last"}}, {"created_at": {"order": "desc"}},
               {"id": {"order": "asc"}}]),
])
def test_each_sort_orders_like_postgres_with_the_id_breaking_ties(sort, order):
    assert elastic.listing_body(params(sort=sort), "mat ong", today=TODAY, offset=0, size=24)["sort"] == order


@pytest.mark.parametrize("chosen, kept", [
    ({"min_price": 10}, {"range": {"variants.price": {"gte": 10}}}),
    ({"min_price": 10, "max_price": 90}, {"range": {"variants.price": {"gte": 10, "lte": 90}}}),
    ({"max_price": 90, "in_stock": True}, {"term": {"variants.in_stock": True}}),
])
def test_a_price_sort_under_a_variant_filter_takes_the_lowest_price_of_the_variants_it_kept(chosen, kept):
    for sort, order in (("price", "asc"), ("-price", "desc")):
        clause = elastic.listing_body(params(sort=sort, **chosen), "x", today=TODAY, offset=0, size=24)["sort"][0]
        assert clause == {"variants.price": {"order": order, "mode": "min", "missing": "_last",
                                             "nested": {"path": "variants", "filter": kept}}}


def test_relevance_without_words_is_newest_first_as_in_postgres():
    body = elastic.listing_body(params(), "", today=TODAY, offset=0, size=24)
    assert body["sort"][0] == {"created_at": {"order": "desc"}}
    assert "must" not in body["query"]["bool"]


def test_the_facets_count_producers_top_30_stars_and_up_and_groups_only_while_shown():
    aggs = elastic.facet_aggregations(TODAY)
    assert aggs["producers"]["terms"]["size"] == MAX_PRODUCER_CHOICES == 30
    # The 30 with most matches; equal counts by name, as the PostgreSQL facet breaks ties.
    assert aggs["producers"]["terms"]["order"] == [{"_count": "desc"}, {"_key": "asc"}]
    assert aggs["stars"]["filters"]["filters"]["4"] == {
        "bool": {"filter": [*SHOWS_STARS, {"range": {"certificate_stars": {"gte": 4}}}]}}
    assert aggs["groups"]["filter"] == {"bool": {"filter": SHOWS_STARS}}
    assert aggs["areas"]["terms"]["field"] == "area_facet_ids"


def test_a_page_beyond_elasticsearch_s_result_window_is_left_to_postgres(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # would refuse: None must come before any request
    assert elastic.listing(params(q="mat ong", page=500), "mat ong", page_size=24) is None


def test_an_in_stock_listing_is_left_to_postgres_which_reads_stock_live(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert elastic.listing(params(q="mat ong", in_stock=True), "mat ong", page_size=24) is None


def test_an_unreachable_server_is_reported_as_unavailable_without_client_deprecations(settings, recwarn):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there: connection refused
    with pytest.raises(elastic.SearchUnavailable):
        elastic.listing(params(q="mat ong", category="che", stars=4, sort="-price", max_price=9), "mat ong",
                        page_size=24)
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning) and "elastic" in str(w.filename)]


def test_the_request_and_the_documents_are_json_the_client_can_send(documents, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    serializer = elastic.client().transport.serializers.get_serializer("application/json")
    body = elastic.listing_body(params(q="mat ong", stars=4, min_price=1, sort="-price"), "mat ong",
                                today=TODAY, offset=0, size=24)
    assert serializer.loads(serializer.dumps(body)) == body
    for doc in documents.values():
        assert serializer.loads(serializer.dumps(doc)) == doc


# --------------------------------------------------------------------------- the answer

def _bucket(key, n):
    return {"key": key, "doc_count": n}


def test_the_answer_becomes_the_same_facets_postgres_makes_from_the_same_matches(db):
    from . import factories as f

    areas = f.area_tree()
    province, lap_thach, tam_dao = areas["province"], areas["lap_thach"], areas["tam_dao"]
    # Seven matches: 2 honey (HTX A, from Quang Sơn in Lập Thạch, 5★ food), 1 tea (HTX B, from Đại
    # Đình in Tam Đảo, 4★ drink), 3 tea (HTX A, from Tam Đảo itself, no stars shown), 1 with no
    # category (HTX B, no origin, 3★ food), as Elasticsearch counts them (a product counts in each
    # province and district of its origin's path)...
    response = {
        "hits": {"total": {"value": 7, "relation": "eq"}, "hits": [{"_id": "12"}, {"_id": "5"}]},
        "aggregations": {
            "categories": {"sum_other_doc_count": 0, "buckets": [_bucket("Chè\x1fche", 4),
                                                                  _bucket("Mật ong\x1fmat-ong", 2)]},
            "producers": {"sum_other_doc_count": 0, "buckets": [_bucket("HTX A\x1fhtx-a", 5),
                                                                 _bucket("HTX B\x1fhtx-b", 2)]},
            "areas": {"sum_other_doc_count": 0, "buckets": [_bucket(province.pk, 6), _bucket(tam_dao.pk, 4),
                                                             _bucket(lap_thach.pk, 2)]},
            "stars": {"buckets": {"5": {"doc_count": 2}, "4": {"doc_count": 3}, "3": {"doc_count": 4}}},
            "groups": {"doc_count": 4, "group": {"buckets": [_bucket("food", 3), _bucket("drink", 1)]}},
        },
    }
    # ...and as the listing shows them (search.listing's facets: names sorted, "N★ and up", areas by path).
    facets = {
        "categories": [{"category__slug": "che", "category__name": "Chè", "n": 4},
                       {"category__slug": "mat-ong", "category__name": "Mật ong", "n": 2}],
        "producers": [{"producer__slug": "htx-a", "producer__name": "HTX A", "n": 5},
                      {"producer__slug": "htx-b", "producer__name": "HTX B", "n": 2}],
        "stars": [(5, 2), (4, 3), (3, 4)],
        "groups": [{"ocop_certificate__product_group": "drink", "n": 1},
                   {"ocop_certificate__product_group": "food", "n": 3}],
        "areas": [{"area": province, "n": 6}, {"area": lap_thach, "n": 2}, {"area": tam_dao, "n": 4}],
    }
    assert elastic.listing_from_response(response) == (facets, 7, [12, 5])


def test_an_answer_with_no_matches_has_the_empty_facets_postgres_shows(db):
    response = {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}, "aggregations": {
        "categories": {"buckets": []}, "producers": {"buckets": []}, "areas": {"buckets": []},
        "stars": {"buckets": {"5": {"doc_count": 0}, "4": {"doc_count": 0}, "3": {"doc_count": 0}}},
        "groups": {"doc_count": 0, "group": {"buckets": []}}}}
    empty = product_listing(params(q="khong co san pham nao nhu the nay")).facets
    assert elastic.listing_from_response(response) == (empty, 0, [])


def test_the_area_facet_leaves_communes_out_as_postgres_does(db):
    from . import factories as f

    areas = f.area_tree()
    rows = elastic.area_rows({areas["quang_son"].pk: 1, areas["lap_thach"].pk: 1, areas["province"].pk: 1})
    assert [row["area"] for row in rows] == [areas["province"], areas["lap_thach"]]


# --------------------------------------------------------------------------- documents

def selects(clause, doc) -> bool:
    """Whether Elasticsearch's `clause` matches `doc` (bool, nested, term and range only)."""
    (kind, spec), = clause.items()
    if kind == "nested":  # some object of the nested list matches, its fields named path.field
        path = spec["path"]
        return any(selects(spec["query"], {f"{path}.{k}": v for k, v in item.items()}) for item in doc.get(path, []))
    if kind == "bool":
        return (all(selects(c, doc) for c in spec.get("filter", []) + spec.get("must", []))
                and sum(selects(c, doc) for c in spec.get("should", [])) >= spec.get("minimum_should_match", 0))
    (field, wanted), = spec.items()
    values = doc.get(field)
    values = [v for v in (values if isinstance(values, list) else [values]) if v is not None]
    if kind == "term":
        return wanted in values
    if kind == "range":
        assert set(wanted) <= {"gte", "lte"}, wanted
        return any(all(v >= bound if op == "gte" else v <= bound for op, bound in wanted.items()) for v in values)
    raise AssertionError(f"not a clause this code emits: {kind}")


@pytest.fixture
def documents(seeded):
    """The sample catalogue's documents; its certificates include expired ones, and here one still
    in date but never verified and one revoked, the three ways a certificate stops showing stars."""
    from ocop.catalog.selectors import public_products
    from ocop.producers.models import CertificateStatus, OcopCertificate

    in_date = OcopCertificate.objects.filter(products__in=public_products(), status=CertificateStatus.VALID,
                                             verified_at__isnull=False).distinct().order_by("pk")
    unverified, revoked = in_date[0], in_date[1]
    OcopCertificate.objects.filter(pk=unverified.pk).update(verified_at=None)
    OcopCertificate.objects.filter(pk=revoked.pk).update(status=CertificateStatus.REVOKED)
    # And a product whose cheapest variant, the cheapest in the shop, is sold out.
    from django.db.models import Count

    from ocop.catalog.models import ProductVariant, Stock

    product = public_products().annotate(n=Count("variants")).filter(n__gt=1).order_by("pk").first()
    cheapest = product.variants.order_by("price_amount").first()
    ProductVariant.objects.filter(pk=cheapest.pk).update(price_amount=1)
    Stock.objects.filter(product_variant=cheapest).update(quantity=0, quantity_allocated=0)
    assert Stock.objects.filter(product_variant__product=product, quantity__gt=0).exists()
    from ocop.search.indexing import update_dirty_products

    # As a write would: the product is marked dirty and the batch brings its listing row up to date.
    type(product).objects.filter(pk=product.pk).update(search_index_dirty=True)
    update_dirty_products()
    return elastic.documents(public_products().values_list("pk", flat=True))


def test_every_document_field_is_in_the_strict_mapping(documents):
    assert documents
    for doc in documents.values():
        assert set(doc) == set(elastic.MAPPINGS["properties"])


def _choices(documents):
    from ocop.areas.models import Area
    from ocop.catalog.models import Category, Collection

    docs = documents.values()
    yield from ({"category": slug} for slug in Category.objects.values_list("slug", flat=True))
    yield from ({"producer": slug} for slug in {d["producer"] for d in docs})
    yield from ({"area": pk} for pk in Area.objects.filter(
        pk__in={pk for d in docs for pk in d["area_ids"]}).values_list("pk", flat=True))
    yield from ({"stars": s} for s in (3, 4, 5))
    yield from ({"group": g} for g in {d["certificate_group"] for d in docs if d["certificate_group"]})
    prices = sorted({p for d in docs for p in (d["min_price"], d["max_price"]) if p is not None})
    middle = prices[len(prices) // 2]
    yield from ({"min_price": middle}, {"max_price": middle}, {"min_price": middle, "max_price": middle},
                {"min_price": 0}, {"in_stock": True})
    yield from ({"fixed": {"collection": slug}} for slug in Collection.objects.values_list("slug", flat=True))


def test_each_filter_selects_in_the_index_what_it_selects_in_postgres(documents):
    from django.utils import timezone

    today = timezone.localdate()
    checked = 0
    for chosen in _choices(documents):
        clauses = elastic.filter_clauses(params(**chosen), today)
        in_index = {pk for pk, doc in documents.items() if all(selects(c, doc) for c in clauses)}
        in_postgres = set(postgres_ids(chosen))
        assert in_index == in_postgres, chosen
        checked += bool(in_postgres)
    assert checked > 20  # the sample data gives most filters something to find


def sort_key(sort: list[dict], doc: dict):
    """Where Elasticsearch's `sort` puts `doc` (field sorts, missing last, nested "min")."""
    key = []
    for clause in sort:
        (field, spec), = clause.items()
        if "nested" in spec:
            kept = spec["nested"]["filter"]
            values = [v["price"] for v in doc["variants"]
                      if selects(kept, {"variants.price": v["price"], "variants.in_stock": v["in_stock"]})]
            mode = spec.get("mode", "max" if spec["order"] == "desc" else "min")
            value = (min if mode == "min" else max)(values) if values else None
        else:
            value = doc[field]
        if value is None:
            key.append((1, 0))
        else:
            value = datetime.fromisoformat(value).timestamp() if field == "created_at" else value
            key.append((0, -value if spec["order"] == "desc" else value))
    return key


@pytest.mark.parametrize("chosen", [{}, {"min_price": 120_000}, {"max_price": 120_000},
                                    {"min_price": 50_000, "max_price": 200_000}, {"in_stock": True},
                                    {"max_price": 120_000, "in_stock": True}])
@pytest.mark.parametrize("sort", ["price", "-price", "stars"])
def test_each_sort_orders_the_index_as_postgres_orders_the_listing(documents, sort, chosen):
    from django.utils import timezone

    wanted = params(sort=sort, **chosen)
    body = elastic.listing_body(wanted, "", today=timezone.localdate(), offset=0, size=1000)
    matching = [d for d in documents.values() if all(selects(c, d) for c in body["query"]["bool"]["filter"])]
    in_index = [d["id"] for d in sorted(matching, key=lambda d: sort_key(body["sort"], d))]
    assert len(in_index) > 3
    assert in_index == postgres_ids({"sort": sort, **chosen})


def test_the_star_and_group_facets_count_in_the_index_what_postgres_counts(documents):
    from django.utils import timezone

    from ocop.catalog.selectors import public_products, valid_certificate_q

    aggs = elastic.facet_aggregations(timezone.localdate())
    shown = public_products().filter(valid_certificate_q())
    assert shown.exists() and shown.count() < public_products().filter(ocop_certificate__isnull=False).count()
    for s in (5, 4, 3):
        star_filter = aggs["stars"]["filters"]["filters"][str(s)]
        assert sum(selects(star_filter, d) for d in documents.values()) == \
            shown.filter(ocop_certificate__stars__gte=s).count()
    in_groups = {pk for pk, d in documents.items() if selects(aggs["groups"]["filter"], d)}
    assert in_groups == set(shown.values_list("pk", flat=True))


def test_a_certificate_stops_showing_stars_the_day_after_it_expires_without_a_reindex(documents):
    doc = next(d for d in documents.values() if d["certificate_verified"])
    until = date.fromisoformat(doc["certificate_valid_until"])
    clause = {"bool": {"filter": elastic.shows_stars(until)}}
    assert selects(clause, doc)
    assert not selects({"bool": {"filter": elastic.shows_stars(until + timedelta(days=1))}}, doc)


def test_a_document_places_its_product_in_its_province_and_district_not_its_commune(db):
    from ocop.catalog.models import Category, Product, ProductType
    from . import factories as f

    areas = f.area_tree()
    producer = f.producer(areas["quang_son"], status="approved")
    tea = Category.objects.create(name="Chè", slug="che")
    green = Category.objects.create(name="Chè xanh", slug="che-xanh", parent=tea)
    product = Product.objects.create(producer=producer, name="Chè búp", slug="che-bup", category=green,
                                     origin_area=areas["quang_son"], is_published=True,
                                     product_type=ProductType.objects.create(name="Hàng", slug="hang"))
    doc = elastic.documents([product.pk])[product.pk]
    assert doc["area_facet_ids"] == [areas["province"].pk, areas["lap_thach"].pk]
    assert doc["area_ids"] == [areas["province"].pk, areas["lap_thach"].pk, areas["quang_son"].pk]
    assert (doc["category"], doc["category_parent"]) == ("che-xanh", "che")
    assert doc["category_facet"] == "Chè xanh\x1fche-xanh"
    assert (doc["min_price"], doc["max_price"], doc["in_stock"], doc["variants"], doc["collections"]) == (
        None, None, False, [], [])
    assert doc["certificate_stars"] is None and doc["certificate_verified"] is False


def test_a_document_counts_its_product_in_the_province_its_old_province_was_merged_into(db):
    from ocop.areas.models import Area
    from ocop.catalog.models import Category, Product, ProductType
    from . import factories as f

    areas = f.area_tree()
    merged_into = Area.objects.create(scheme="2025", code="99", name="Tỉnh Mới", level="province")
    Area.objects.filter(pk=areas["province"].pk).update(successor=merged_into)
    producer = f.producer(areas["quang_son"], status="approved")
    product = Product.objects.create(producer=producer, name="Chè búp", slug="che-bup",
                                     category=Category.objects.create(name="Chè", slug="che"),
                                     origin_area=areas["quang_son"], is_published=True,
                                     product_type=ProductType.objects.create(name="Hàng", slug="hang"))
    doc = elastic.documents([product.pk])[product.pk]
    assert doc["area_ids"][-1] == merged_into.pk and doc["area_facet_ids"][-1] == merged_into.pk
    assert all(selects(c, doc) for c in elastic.filter_clauses(params(area=merged_into.pk), None))
    from ocop.search.indexing import update_dirty_products

    update_dirty_products()
    assert product.pk in postgres_ids({"area": merged_into.pk})
