"""Every public page's <head>: one title, a meta description and the Open Graph tags, in Vietnamese
(the default) and in English (the header's language switch); a canonical URL that is the page's own
absolute path with at most the page number; search results and filtered or sorted listings are
followed but not indexed."""

import re
from html import unescape

import pytest

from ocop.catalog.selectors import public_products

OG = ["og:title", "og:description", "og:url", "og:type", "og:site_name"]


def public_pages():
    from ocop.catalog.models import Collection
    from ocop.producers.models import Producer

    collection = Collection.objects.filter(is_published=True).order_by("pk").first()
    producer = Producer.objects.filter(status="approved").order_by("pk").first()
    return {"home": "/", "category": "/categories/mat-ong/", "collection": f"/collections/{collection.slug}/",
            "producer": f"/producers/{producer.slug}/", "search": "/search/?q=mat+ong", "about": "/about/",
            "terms": "/terms/", "privacy": "/privacy/"}


def head_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("</head>", 1)[0]


def tags(head: str, pattern: str) -> list[str]:
    return [unescape(v) for v in re.findall(pattern, head)]


def meta(head: str, attribute: str, name: str) -> list[str]:
    return tags(head, rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">')


def heads(client, language: str) -> dict:
    """Each page's head after choosing `language` with the header's switch (no language is the default)."""
    if language != "vi":
        assert client.post("/i18n/setlang/", {"language": language, "next": "/"}).status_code == 302
    return {name: head_of(client.get(url)) for name, url in public_pages().items()}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_public_page_has_a_title_a_description_and_open_graph_tags(client, seeded, language):
    for name, head in heads(client, language).items():
        assert f'<html lang="{language}">' in head, name
        titles = tags(head, r"<title>([^<]*)</title>")
        assert len(titles) == 1 and len(titles[0].strip()) > 5, (name, titles)
        descriptions = meta(head, "name", "description")
        assert len(descriptions) == 1 and len(descriptions[0].strip()) > 30, (name, descriptions)
        for prop in OG:
            assert len(meta(head, "property", prop)) == 1, (name, prop)
        assert meta(head, "property", "og:type") == ["website"], name
        assert meta(head, "property", "og:site_name") == ["OCOP Market"], name
        assert meta(head, "property", "og:description") == descriptions, name
        assert meta(head, "property", "og:title")[0].strip(), name
        canonical = tags(head, r'<link rel="canonical" href="([^"]*)">')
        assert len(canonical) == 1 and canonical[0].startswith("http://testserver/"), (name, canonical)
        assert meta(head, "property", "og:url") == canonical, name
        assert ("noindex" in head) is (name == "search"), name


def test_english_pages_are_titled_and_described_in_english(client, seeded):
    vi, en = heads(client, "vi"), heads(client, "en")
    for name in ["home", "category", "collection", "about", "terms", "privacy"]:
        assert tags(vi[name], "<title>([^<]*)</title>") != tags(en[name], "<title>([^<]*)</title>"), name
        assert meta(vi[name], "name", "description") != meta(en[name], "name", "description"), name
    assert meta(en["home"], "name", "description") == [
        "Certified OCOP products straight from Vietnamese cooperatives and farmers."]
    assert tags(en["category"], "<title>([^<]*)</title>") == ["Honey – OCOP Market"]
    assert tags(en["terms"], "<title>([^<]*)</title>") == ["Terms of use – OCOP Market"]
    assert meta(en["search"], "property", "og:title") == ["Results for “mat ong”"]
    # The URL does not change with the language: the canonical is the same page.
    for name in vi:
        assert tags(vi[name], 'rel="canonical" href="([^"]*)"') == tags(en[name], 'rel="canonical" href="([^"]*)"')


def test_a_listing_s_canonical_keeps_only_the_page_number_and_filters_or_sorts_are_not_indexed(client, seeded):
    pages = public_pages()
    for name in ["category", "collection", "producer"]:
        url = pages[name]
        head = head_of(client.get(url))
        assert tags(head, 'rel="canonical" href="([^"]*)"') == [f"http://testserver{url}"]
        assert "noindex" not in head
        head = head_of(client.get(url, {"page": "2"}))
        assert tags(head, 'rel="canonical" href="([^"]*)"') == [f"http://testserver{url}?page=2"]
        assert "noindex" not in head
        for query in ({"sort": "price"}, {"stars": "4"}, {"q": "mat"}, {"page": "2", "sort": "newest"}):
            head = head_of(client.get(url, query))
            assert '<meta name="robots" content="noindex,follow">' in head, (name, query)
            expected = f"http://testserver{url}" + ("?page=2" if "page" in query else "")
            assert tags(head, 'rel="canonical" href="([^"]*)"') == [expected], (name, query)
    for query in ({}, {"q": "mat ong"}, {"q": "mat ong", "page": "2"}):
        head = head_of(client.get("/search/", query))
        assert head.count('<meta name="robots" content="noindex,follow">') == 1, query
    # Static pages ignore stray query strings (tracking parameters): canonical without them.
    head = head_of(client.get("/about/", {"utm_source": "zalo"}))
    assert tags(head, 'rel="canonical" href="([^"]*)"') == ["http://testserver/about/"]


def test_a_listing_without_a_description_is_still_described(client, seeded):
    from ocop.catalog.models import Category
    from ocop.producers.models import Producer

    Category.objects.filter(slug="mat-ong").update(description="")
    head = head_of(client.get("/categories/mat-ong/"))
    assert meta(head, "name", "description") == ["Sản phẩm OCOP được chứng nhận, mua tận gốc từ hợp tác xã và nông hộ Việt Nam."]
    producer = Producer.objects.filter(status="approved").select_related("area").order_by("pk").first()
    Producer.objects.filter(pk=producer.pk).update(description="")
    head = head_of(client.get(f"/producers/{producer.slug}/"))
    [description] = meta(head, "name", "description")
    assert description.startswith(str(producer.get_legal_form_display()) + " – ") and producer.area.name in description
    assert meta(head, "property", "og:description") == [description]


def test_product_pages_keep_their_own_open_graph_tags_once(client, seeded):
    product = public_products().order_by("pk").first()
    head = head_of(client.get(f"/products/{product.slug}/"))
    assert meta(head, "property", "og:type") == ["product"]
    for prop in OG:
        assert len(meta(head, "property", prop)) == 1, prop
    assert tags(head, 'rel="canonical" href="([^"]*)"') == [f"http://testserver/products/{product.slug}/"]
    assert "noindex" not in head


def test_listing_pages_share_their_first_product_s_photo(client, seeded):
    from django.core.cache import caches

    from ocop.producers.models import Producer

    from .test_api_catalog import add_photo

    page = client.get("/categories/mat-ong/")
    assert 'property="og:image"' not in page.content.decode()  # the sample data here has no photos
    first = page.context["listing"].products[0]
    from ocop.catalog.models import Product

    add_photo(Product.objects.get(pk=first.pk))
    caches["listings"].clear()
    for url in ("/categories/mat-ong/", f"/producers/{Producer.objects.get(products__pk=first.pk).slug}/"):
        response = client.get(url)
        card = response.context["listing"].products[0]
        assert card.image and card.image.src.startswith("/")
        assert f'<meta property="og:image" content="http://testserver{card.image.src}">' in response.content.decode(), url
