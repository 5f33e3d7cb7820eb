"""Vietnamese search: with or without tone marks, prefixes, typos; PostgreSQL always, Elasticsearch
where ELASTICSEARCH_URL is set, and PostgreSQL again when Elasticsearch fails."""

import os

import pytest

from ocop.catalog.selectors import public_products
from ocop.search.services import normalize_query, search_products


ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(params=["postgres", "elasticsearch"])
def search_backend(request, settings):
    """The same behaviour is required of both backends; Elasticsearch only where a server is set."""
    if request.param == "elasticsearch":
        if not ELASTICSEARCH_URL:
            pytest.skip("Elasticsearch: no server here (set ELASTICSEARCH_URL to run these against one)")
        settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
        settings.ELASTICSEARCH_INDEX_PREFIX = f"ocop-test-{os.getpid()}"
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def catalogue(seeded, search_backend):
    if search_backend == "elasticsearch":
        from django.core.management import call_command

        call_command("reindex", verbosity=0)
    return public_products()


def names(queryset):
    return [p.name for p in queryset]


def test_queries_are_folded_like_the_documents():
    assert normalize_query("Đặc sản TAM ĐẢO!") == "dac san tam dao"
    assert normalize_query("  '; DROP TABLE x; --") == "drop table x"
    assert normalize_query("🍯🍯") == ""
    assert len(normalize_query("a " * 5000).split()) == 10


def test_with_and_without_tone_marks_find_the_same_products(catalogue):
    assert names(search_products("cà phê", queryset=catalogue)) == names(search_products("ca phe", queryset=catalogue))
    found = names(search_products("ca phe", queryset=catalogue))
    assert found and all("Cà phê" in n or "cà phê" in n.lower() for n in found[:2])


def test_mat_ong_finds_every_honey_and_a_typo_still_finds_it(catalogue):
    honey = {p.name for p in catalogue if p.name.lower().startswith("mật ong")}
    assert len(honey) >= 4
    assert honey <= set(names(search_products("mat ong", queryset=catalogue)))
    assert honey <= set(names(search_products("mật ong", queryset=catalogue)))
    typo = names(search_products("mat onng", queryset=catalogue))
    assert typo and typo[0].lower().startswith("mật ong")


def test_dac_san_tam_dao_finds_the_speciality_and_prefixes_work(catalogue):
    found = names(search_products("dac san tam dao", queryset=catalogue))
    assert any("Đặc sản Tam Đảo" in n for n in found[:3])
    assert any(n.lower().startswith("mật ong") for n in names(search_products("mat o", queryset=catalogue)))


def test_the_last_word_is_a_prefix_and_the_words_before_it_are_finished(db, search_backend):
    """As-you-type: "tra x" finds "Trà xanh"; a word followed by a space is finished, so "tra xanh"
    does not also find "Trám xanh" (close spellings are only the second try, on both backends)."""
    from . import factories as f
    from ocop.catalog.models import Category, Product, ProductType
    from ocop.search.indexing import update_dirty_products
    from ocop.search.listing import ListingParams, product_listing
    from ocop.search.services import text_query

    assert text_query(["tra", "xanh"]) == "tra & xanh:*"
    assert text_query(["xanh"], whole=lambda terms: set(terms)) == "xanh"
    areas = f.area_tree()
    producer = f.producer(areas["quang_son"], status="approved")
    category = Category.objects.create(name="Khác", slug="khac")
    kind = ProductType.objects.create(name="Hàng", slug="hang")
    made = {name: Product.objects.create(producer=producer, name=name, slug=slug, category=category,
                                         product_type=kind, is_published=True)
            for name, slug in (("Trà xanh Tân Cương", "tra-xanh"), ("Trám xanh muối", "tram-xanh"))}
    update_dirty_products()
    if search_backend == "elasticsearch":
        from django.core.management import call_command

        call_command("reindex", verbosity=0)

    def found(query):
        return {p.name for p in product_listing(ListingParams.from_query({"q": query})).products} | \
            set(names(search_products(query)))

    assert found("tra x") == {"Trà xanh Tân Cương"}
    assert found("tra xanh") == {"Trà xanh Tân Cương"}
    assert found("tra") == set(made)  # one unfinished word: every word starting with it
    assert found("tram xa") == {"Trám xanh muối"}


def test_edits_are_counted_like_elasticsearch_fuzziness():
    from ocop.search.services import allowed_edits, edit_distance, one_edit_away

    assert edit_distance("onng", "ong") == 1 and edit_distance("mta", "mat") == 1  # a letter added; two swapped
    assert edit_distance("huoongg", "huong") == 2 and edit_distance("che", "che") == 0
    assert {"on", "onga", "ongn", "oong", "ogn", "ang"} <= one_edit_away("ong") and "ong" not in one_edit_away("ong")
    assert all(edit_distance("tra", other) == 1 for other in one_edit_away("tra"))
    assert [allowed_edits(w) for w in ("ca", "che", "huong", "nguyen")] == [0, 1, 1, 2]


def test_a_misspelt_word_is_read_as_the_indexed_words_close_to_it(db):
    """"mat onng" finds what "mat ong" finds, description matches included, ranked the same way;
    "nam huoongg" (two edits in a long word) finds "Nấm hương"; short words must be right."""
    from . import factories as f
    from ocop.catalog.models import Category, Product, ProductType
    from ocop.search.indexing import update_dirty_products
    from ocop.search.listing import ListingParams, product_listing
    from ocop.search.services import corrected_query

    areas = f.area_tree()
    producer = f.producer(areas["quang_son"], status="approved")
    category = Category.objects.create(name="Khác", slug="khac")
    kind = ProductType.objects.create(name="Hàng", slug="hang")
    for name, slug, description in (("Mật ong rừng", "mat-ong-rung", "Hũ thủy tinh."),
                                    ("Bánh gai", "banh-gai", "Nhân đỗ xanh trộn mật ong."),
                                    ("Nấm hương khô", "nam-huong", "Nấm rừng."),
                                    ("Rượu ba kích", "ruou-ba-kich", "Ngâm đủ một năm, màu hồng.")):
        Product.objects.create(producer=producer, name=name, slug=slug, category=category, product_type=kind,
                               is_published=True, description=description)
    update_dirty_products()

    def found(query):
        return [p.name for p in product_listing(ListingParams.from_query({"q": query})).products]

    assert found("mat onng") == found("mat ong") == ["Mật ong rừng", "Bánh gai"]
    # the shopper is told what was searched for instead (and not when the words as typed matched)
    assert product_listing(ListingParams.from_query({"q": "mat onng"})).corrected == "mat ong"
    assert product_listing(ListingParams.from_query({"q": "mat ong"})).corrected == ""
    from django.test import Client

    page = Client().get("/search/", {"q": "Mật onng"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Không có kết quả cho “Mật onng”; đây là kết quả cho “mat ong”." in page
    english = Client().get("/search/", {"q": "mat onng"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing matches “mat onng”; showing results for “mat ong”." in english
    assert names(search_products("mat onng")) == ["Mật ong rừng", "Bánh gai"]
    assert corrected_query(["mat", "onng"]).tsquery == "mat & ong"
    typed = corrected_query(["mta", "ong"])  # two letters swapped
    assert typed.tsquery == "mat & ong:*" and typed.phrase == "mat ong"
    # only the closest words stand in: "huoongg" is "huong", not also "hong" (in the wine's
    # description, next to "năm"), which would find what "nam huong" does not
    assert found("nam huoongg") == ["Nấm hương khô"] and found("nam huoong") == ["Nấm hương khô"]
    assert corrected_query(["mat", "ong"]) is None  # nothing misspelt
    assert corrected_query(["mat", "xq"]) is None  # two letters: no edit allowed
    assert corrected_query(["zzzzqqq"]) is None  # nothing close
    assert found("zzzzqqq") == []


def test_words_no_product_has_any_more_are_forgotten_so_their_misspellings_are_corrected_again(db):
    """A deleted product's words stay in search_searchlexeme until prune_lexemes() (daily, and
    after a full reindex): until then "mut ong" (meant: "mat ong") counts "mut" as a known word."""
    from . import factories as f
    from ocop.catalog.models import Category, Product, ProductType
    from ocop.search.indexing import prune_lexemes, update_dirty_products
    from ocop.search.models import SearchLexeme
    from ocop.search.services import corrected_query

    areas = f.area_tree()
    producer = f.producer(areas["quang_son"], status="approved")
    category = Category.objects.create(name="Khác", slug="khac")
    kind = ProductType.objects.create(name="Hàng", slug="hang")
    for name, slug in (("Mật ong rừng", "mat-ong"), ("Mứt gừng", "mut-gung")):
        Product.objects.create(producer=producer, name=name, slug=slug, category=category, product_type=kind,
                               is_published=True)
    update_dirty_products()
    Product.objects.get(slug="mut-gung").delete()
    assert corrected_query(["mut", "ong"]) is None  # "mut" still looks known
    assert prune_lexemes() >= 1
    assert not SearchLexeme.objects.filter(word="mut").exists() and SearchLexeme.objects.filter(word="mat").exists()
    assert corrected_query(["mut", "ong"]).tsquery == "mat & ong:*"


def test_a_name_match_ranks_above_a_description_match(db, search_backend):
    from . import factories as f
    from ocop.catalog.models import Category, Product, ProductType
    from ocop.search.indexing import update_dirty_products

    areas = f.area_tree()
    producer = f.producer(areas["quang_son"], status="approved")
    category = Category.objects.create(name="Khác", slug="khac")
    kind = ProductType.objects.create(name="Hàng", slug="hang")
    in_description = Product.objects.create(producer=producer, name="Bánh gai", slug="banh-gai", category=category,
                                            product_type=kind, is_published=True,
                                            description="Nhân đỗ xanh trộn mật ong rừng.")
    in_name = Product.objects.create(producer=producer, name="Mật ong rừng", slug="mat-ong-rung", category=category,
                                     product_type=kind, is_published=True, description="Hũ thủy tinh.")
    update_dirty_products()
    if search_backend == "elasticsearch":
        from django.core.management import call_command

        call_command("reindex", verbosity=0)
    assert list(search_products("mat ong")) == [in_name, in_description]


@pytest.mark.parametrize("query", ["", "x" * 10000, "' OR 1=1 --", "title:(a AND b) OR c~2 ^3 \"\\", "🍯🐝",
                                   "\x00\x01\x1f", "%_%", "mật ong' UNION SELECT"])
def test_hostile_or_empty_queries_answer_a_normal_page(client, seeded, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("params", [
    {"stars": "9"}, {"stars": "abc"}, {"area": "-1"}, {"area": "xyz"}, {"min_price": "150,000đ"},
    {"max_price": "1e9"}, {"sort": "DROP"}, {"page": "99999"}, {"category": "khong-co"}, {"group": "<script>"},
    {"producer": "../../etc"}, {"category": "mat-ong\x00"}, {"producer": "\x00"}, {"group": "food\x00"},
    {"category": "\x1b[31m"}, {"sort": "\x00"}, {"area": "1\x00"}, {"min_price": "\x00"}, {"page": "2\x00"},
    {"in_stock": "\x00"}, {"category": "x" * 10000},
])
def test_nonsense_facet_values_are_ignored_not_errors(client, seeded, params):
    assert client.get("/search/", {"q": "mat ong", **params}).status_code == 200
    assert client.get("/categories/mat-ong/", params).status_code == 200


def test_the_filters_fold_away_saying_how_many_are_chosen_and_clear_keeps_a_clean_address(client, seeded):
    """The panel comes open once filters are chosen (listing.js folds it on a phone, where it sits
    above the results) and its button counts the choices; "Clear" goes back to the page's own
    address."""
    from ocop.areas.models import Area
    from ocop.search.listing import ListingParams

    area = Area.objects.filter(name__contains="Tam Đảo").first()
    page = client.get("/categories/mat-ong/", {"area": area.pk, "stars": 4, "min_price": "10000",
                                               "max_price": "900000"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<details class="facets-box" open>' in page and "Bộ lọc (3)</summary>" in page
    assert '<details class="facets-box">' in client.get("/categories/mat-ong/").content.decode()  # nothing chosen
    assert '<a href="/categories/mat-ong/">' in page  # Clear, without a stray "?"
    searched = client.get("/search/", {"q": "mat ong", "category": "mat-ong"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Bộ lọc (1)</summary>" in searched.content.decode()
    assert '<a href="/search/?q=mat%20ong">' in searched.content.decode()
    assert ListingParams.from_query({}, category="mat-ong").chosen_filters == 0  # the page's own is no choice
    assert ListingParams.from_query({"in_stock": "1", "producer": "x"}).chosen_filters == 2


def test_an_empty_result_offers_no_sorting(client, seeded):
    page = client.get("/search/", {"q": "zzzzqqq"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'class="empty"' in page and 'class="sorts"' not in page
    assert 'class="sorts"' in client.get("/search/", {"q": "mat ong"}).content.decode()


def test_a_price_bound_is_read_as_people_write_it():
    from ocop.search.listing import ListingParams

    params = ListingParams.from_query({"min_price": "150.000", "max_price": "300.000 ₫"})
    assert (params.min_price, params.max_price) == (150000, 300000)
    assert ListingParams.from_query({"min_price": "-5", "max_price": "1,5"}).min_price is None


def test_a_filter_value_with_a_nul_byte_is_no_filter_rather_than_an_error():
    from ocop.search.listing import ListingParams

    params = ListingParams.from_query({"category": "mat-ong\x00", "producer": "htx\x00", "group": "food",
                                       "q": "mat\x00ong"})
    assert (params.category, params.producer, params.group) == ("", "", "food")
    assert "\x00" not in params.q


def test_search_inside_a_facet_keeps_the_facet(client, catalogue):
    from ocop.areas.models import Area

    tam_dao = Area.objects.get(scheme="2008", name="Huyện Tam Đảo")
    response = client.get("/search/", {"q": "mat ong", "area": tam_dao.pk})
    products = as_products(response.context["listing"].products)
    assert products and all(p.origin_area.path.startswith(tam_dao.path) for p in products)
    html = response.content.decode()
    assert f'value="{tam_dao.pk}" selected' in html


def test_inside_a_chosen_district_its_communes_can_be_chosen_and_stay_chosen(client, catalogue):
    from ocop.areas.models import Area
    from ocop.catalog.models import Product

    tam_dao = Area.objects.get(scheme="2008", name="Huyện Tam Đảo")
    listing = client.get("/search/", {"q": "mat ong", "area": tam_dao.pk}).context["listing"]
    communes = [row for row in listing.facets["areas"] if row["area"].level == "commune"]
    assert communes and all(row["area"].path.startswith(tam_dao.path) for row in communes)
    for row in communes:  # each commune's count is what choosing it lists
        inside = client.get("/search/", {"q": "mat ong", "area": row["area"].pk})
        assert inside.context["listing"].total == row["n"] > 0
        assert f'value="{row["area"].pk}" selected' in inside.content.decode()
    empty = Area.objects.filter(level="commune", path__startswith=tam_dao.path).exclude(
        pk__in=Product.objects.values("origin_area")).first()
    if empty:  # a commune with nothing in it stays the choice, so other filters can be applied
        page = client.get("/search/", {"q": "mat ong", "area": empty.pk}).content.decode()
        assert f'value="{empty.pk}" selected' in page
    # Without a chosen area, the facet stops at districts.
    top = client.get("/search/", {"q": "mat ong"}).context["listing"].facets["areas"]
    assert {row["area"].level for row in top} <= {"province", "district"}


def test_a_province_of_the_2025_map_lists_and_counts_what_was_made_in_the_provinces_it_took_in(client, catalogue):
    """Vĩnh Phúc merged into Phú Thọ in July 2025; products registered under the old Vĩnh Phúc
    (old records keep its districts) are made in today's Phú Thọ."""
    from ocop.areas.models import Area

    phu_tho = Area.objects.get(scheme="2025", level="province", name="Tỉnh Phú Thọ")
    vinh_phuc = Area.objects.get(scheme="2008", level="province", name="Tỉnh Vĩnh Phúc")
    assert vinh_phuc.successor_id == phu_tho.pk
    everything = client.get("/search/", {"q": "mat ong"})
    rows = {row["area"].pk: row for row in everything.context["listing"].facets["areas"]}
    old_n = rows[vinh_phuc.pk]["n"]
    assert old_n > 0 and rows[phu_tho.pk]["n"] >= old_n
    inside = client.get("/search/", {"q": "mat ong", "area": phu_tho.pk}).context["listing"]
    assert inside.total == rows[phu_tho.pk]["n"]
    in_old = {p.pk for p in client.get("/search/", {"q": "mat ong", "area": vinh_phuc.pk}).context["listing"].products}
    assert in_old and in_old <= {p.pk for p in inside.products}
    html = everything.content.decode()  # the abolished province is offered, and said to be a former one
    assert f'<option value="{vinh_phuc.pk}">Tỉnh Vĩnh Phúc (cũ) ({old_n})</option>' in html
    assert f'<option value="{phu_tho.pk}">Tỉnh Phú Thọ ({rows[phu_tho.pk]["n"]})</option>' in html


def test_listing_pages_use_a_fixed_number_of_queries_whatever_the_page_size(client, seeded):
    import ocop.search.listing as listing
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cold, warm = [], []
    for size in (2, 24):
        listing.PAGE_SIZE = size
        caches["listings"].clear()
        try:
            for counts in (cold, warm):
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get("/search/", {"q": "mat ong"}).status_code == 200
                counts.append(len(ctx.captured_queries))
        finally:
            listing.PAGE_SIZE = 24
    assert cold[0] == cold[1] and warm[0] == warm[1], (cold, warm)
    assert cold[0] <= 12, cold
    # A repeated listing reads its ids and facets from the cache: only the cards are queried.
    assert warm[0] < cold[0], (cold, warm)


def test_a_cached_listing_shows_a_change_once_the_products_are_reindexed(client, seeded):
    from ocop.catalog.models import Product
    from ocop.search.indexing import update_dirty_products

    def names():
        response = client.get("/search/", {"q": "vai thieu"})
        return [p.name for p in response.context["listing"].products]

    assert "Vải thiều ghép" not in names()
    product = Product.objects.filter(name__startswith="Mật ong").first()
    product.name = "Vải thiều ghép"
    product.search_index_dirty = True
    product.save()
    # Without the version moving, the cached (empty) answer of the first search would come back.
    update_dirty_products()
    assert "Vải thiều ghép" in names()


def test_reindex_command_rebuilds_every_product_and_refuses_a_bad_batch_size(seeded):
    from django.core.management import CommandError, call_command

    from ocop.catalog.models import Product

    Product.objects.update(search_document="", search_index_dirty=False)
    call_command("reindex", verbosity=0)
    assert not Product.objects.filter(search_document="").exists()
    assert "mat ong" in Product.objects.filter(name__startswith="Mật ong").first().search_document
    with pytest.raises(CommandError):
        call_command("reindex", "--batch-size", "0", verbosity=0)


def test_when_elasticsearch_fails_postgres_answers_and_health_says_degraded(seeded, client, settings, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there: connection refused
    from django.core.cache import cache

    cache.delete("search:elasticsearch:degraded")
    found = [p.name for p in search_products("mat ong")]
    assert found and found[0].lower().startswith("mật ong")
    assert "answering from PostgreSQL" in caplog.text
    health = client.get("/healthz").json()["checks"]["search"]
    assert health["degraded"] is True and health["backend"] == "postgres"
    assert client.get("/search/", {"q": "mat ong"}).status_code == 200


def test_the_producer_facet_offers_the_30_with_most_matches_by_name():
    from ocop.search.listing import _facets_from_counts

    counts = [("producer", None, f"p{i:02d}", f"Producer {i:02d}", i + 1, None) for i in range(40)]
    facets, total = _facets_from_counts([("total", None, None, None, sum(range(1, 41)), None), *counts])
    assert total == sum(range(1, 41))
    names = [p["producer__name"] for p in facets["producers"]]
    assert names == [f"Producer {i:02d}" for i in range(10, 40)]  # the 10 smallest are left out


def test_facet_stars_and_groups_count_only_certificates_that_show_stars(client, seeded):
    from ocop.catalog.selectors import public_products, valid_certificate_q

    public = public_products()
    hidden = public.filter(ocop_certificate__isnull=False).exclude(valid_certificate_q())
    assert hidden.exists(), "the sample data has expired, revoked or unverified certificates"
    facets = client.get("/search/", {"q": ""}).context["listing"].facets
    shown = public.filter(valid_certificate_q())
    assert dict(facets["stars"]) == {s: shown.filter(ocop_certificate__stars__gte=s).count() for s in (5, 4, 3)}
    assert {g["ocop_certificate__product_group"]: g["n"] for g in facets["groups"]} == {
        group: shown.filter(ocop_certificate__product_group=group).count()
        for group in shown.values_list("ocop_certificate__product_group", flat=True).distinct()}


# --------------------------------------------------------------------------- facets, filters, sorts
# Both backends: with ELASTICSEARCH_URL set, Elasticsearch answers a search listing whole (text,
# filters, facet counts, total, order, page: search/elastic.py); these say what either must show.

BROAD = "ha"  # 29 of the 52 sample products, in most categories, areas and star levels


def listing_for(**query):
    from ocop.search.listing import ListingParams, product_listing

    return product_listing(ListingParams.from_query({"q": BROAD, **query}), page_size=1000)


def as_products(cards):
    """The products behind a listing's cards, in the same order, to check them against the models."""
    from ocop.catalog.models import Product

    by_id = Product.objects.select_related("category", "producer", "origin_area", "ocop_certificate").in_bulk(
        [card.pk for card in cards])
    return [by_id[card.pk] for card in cards]


def facet_choices(facets):
    """Every value a shopper can pick in the facets, with the count shown beside it."""
    yield from (({"category": c["category__slug"]}, c["n"]) for c in facets["categories"])
    yield from (({"producer": p["producer__slug"]}, p["n"]) for p in facets["producers"])
    yield from (({"area": str(row["area"].pk)}, row["n"]) for row in facets["areas"])
    yield from (({"stars": str(s)}, n) for s, n in facets["stars"] if n)
    yield from (({"group": g["ocop_certificate__product_group"]}, g["n"]) for g in facets["groups"])


def test_picking_a_facet_value_shows_as_many_products_as_its_count_said(catalogue):
    from ocop.catalog.models import Category

    facets = listing_for().facets
    parents = set(Category.objects.filter(children__isnull=False).values_list("slug", flat=True))
    choices = list(facet_choices(facets))
    assert len(choices) > 20
    for chosen, n in choices:
        if chosen.get("category") in parents:  # a parent also lists its subcategories' products
            assert listing_for(**chosen).total >= n, chosen
        else:
            assert listing_for(**chosen).total == n, chosen


def test_the_facets_count_exactly_the_products_listed_with_every_filter_applied(catalogue):
    from collections import Counter

    from ocop.areas.models import Area
    from ocop.catalog.selectors import public_products, valid_certificate_q

    for filters in ({}, {"stars": "3"}, {"in_stock": "1"}, {"min_price": "100000"}):
        listing = listing_for(**filters)
        products = as_products(listing.products)
        assert listing.total == len(products) > 0, filters
        facets = listing.facets
        assert {c["category__slug"]: c["n"] for c in facets["categories"]} == Counter(
            p.category.slug for p in products if p.category)
        assert {p["producer__slug"]: p["n"] for p in facets["producers"]} == Counter(p.producer.slug for p in products)
        # An area counts what lies inside it or inside the areas merged into it (a 2025 province).
        merged = {row["area"].pk: [a.path for a in Area.objects.filter(successor_id=row["area"].pk)]
                  for row in facets["areas"]}
        assert all(row["n"] == sum(bool(p.origin_area and any(p.origin_area.path.startswith(path) for path in
                                                              [row["area"].path, *merged[row["area"].pk]]))
                                   for p in products) for row in facets["areas"])
        shown = public_products().filter(valid_certificate_q(), pk__in=[p.pk for p in products])
        assert dict(facets["stars"]) == {s: shown.filter(ocop_certificate__stars__gte=s).count() for s in (5, 4, 3)}
        assert {g["ocop_certificate__product_group"]: g["n"] for g in facets["groups"]} == Counter(
            shown.values_list("ocop_certificate__product_group", flat=True))


def test_price_and_stock_filters_keep_exactly_the_products_that_qualify(catalogue):
    everything = listing_for().products
    prices = sorted(p.min_price for p in everything if p.min_price is not None)
    low, high = prices[len(prices) // 4], prices[3 * len(prices) // 4]
    from ocop.catalog.models import ProductVariant

    # some variant priced within the bounds: a product with one cheaper and one dearer variant is not
    in_range = set(ProductVariant.objects.filter(product__in=[p.pk for p in everything], price_amount__gte=low,
                                                 price_amount__lte=high).values_list("product_id", flat=True))
    straddling = {p.pk for p in everything if p.min_price < low and p.max_price > high} - in_range
    assert 0 < len(in_range) < len(everything)
    assert {p.pk for p in listing_for(min_price=str(low), max_price=str(high)).products} == in_range
    if not straddling:  # the sample data may have none: make one
        product = ProductVariant.objects.filter(product__in=[p.pk for p in everything]).exclude(
            product__in=in_range).first().product
        cheap, dear = list(product.variants.order_by("pk")[:2]) or [None, None]
        if cheap is not None and dear is not None and cheap.pk != dear.pk:
            ProductVariant.objects.filter(pk=cheap.pk).update(price_amount=low - 1)
            ProductVariant.objects.filter(pk=dear.pk).update(price_amount=high + 1)
            ProductVariant.objects.filter(product=product).exclude(pk__in=[cheap.pk, dear.pk]).update(
                price_amount=high + 1)
            from ocop.catalog.models import Product
            from ocop.search.indexing import update_dirty_products

            Product.objects.filter(pk=product.pk).update(search_index_dirty=True)
            update_dirty_products()
            straddling = {product.pk}
    listed = {p.pk for p in listing_for(min_price=str(low), max_price=str(high)).products}
    assert not straddling & listed
    assert {p.pk for p in listing_for(in_stock="1").products} == {p.pk for p in everything if p.has_stock}


@pytest.mark.parametrize("sort, key, descending", [
    ("price", lambda card, p: card.min_price, False),
    ("-price", lambda card, p: card.min_price, True),
    ("newest", lambda card, p: p.created_at, True),
    ("stars", lambda card, p: p.ocop_certificate.stars if p.ocop_certificate else None, True),
])
def test_each_sort_orders_the_same_products_with_blanks_last(catalogue, sort, key, descending):
    everything = listing_for()
    ordered = listing_for(sort=sort)
    assert ordered.total == everything.total and {p.pk for p in ordered.products} == {p.pk for p in everything.products}
    keys = [key(card, p) for card, p in zip(ordered.products, as_products(ordered.products))]
    known = [k for k in keys if k is not None]
    assert keys == known + [None] * (len(keys) - len(known))
    assert known == sorted(known, reverse=descending)


def test_a_page_past_the_end_shows_the_last_page(catalogue):
    from ocop.search.listing import ListingParams, product_listing

    last = product_listing(ListingParams.from_query({"q": BROAD, "page": "3"}), page_size=12)
    beyond = product_listing(ListingParams.from_query({"q": BROAD, "page": "40"}), page_size=12)
    assert last.pages == 3 and beyond.page == 3
    assert [p.pk for p in beyond.products] == [p.pk for p in last.products] and last.products

