"""Information pages and menus through GraphQL, in Saleor's names: the storefront's own pages
(/about/, /terms/, /privacy/) and menus built from the category tree and those pages."""

import html

import pytest
from django.test import Client
from django.utils import translation

from ocop.catalog.models import Category, CategoryTranslation
from ocop.pages.content import STATIC_PAGES

from .graphql_client import gid, gql

PAGE = """query($slug: String, $id: ID) { page(slug: $slug, id: $id) { id title slug content seoTitle seoDescription
  isPublished url pageType { slug name } attributes { attribute { slug } } assignedAttributes { attribute { slug } }
  metadata { key } translation(languageCode: EN) { title content } } }"""
PAGES = """query($where: PageWhereInput, $first: Int) { pages(where: $where, first: $first) { totalCount
  edges { node { slug } } } }"""
MENU = """query($slug: String) { menu(slug: $slug) { id name slug items { id name level url
  category { slug } collection { slug } page { slug } translation(languageCode: EN) { name }
  children { name level category { slug } } } } }"""


@pytest.fixture
def tree(db):
    food = Category.objects.create(name="Thực phẩm", slug="thuc-pham", sort_order=1)
    honey = Category.objects.create(name="Mật ong", slug="mat-ong", parent=food)
    Category.objects.create(name="Thủ công mỹ nghệ", slug="thu-cong", sort_order=2)
    CategoryTranslation.objects.create(category=food, language_code="en", name="Food")
    return {"food": food, "honey": honey}


def test_each_page_says_what_the_storefront_page_shows(db):
    for page in STATIC_PAGES:
        for language in ("vi", "en"):
            text = html.unescape(Client(HTTP_ACCEPT_LANGUAGE=language).get(page.path).content.decode())
            with translation.override(language):
                assert str(page.title) in text
                for paragraph in page.paragraphs:
                    assert str(paragraph) in text, (page.slug, language)


def test_a_page_by_slug_in_vietnamese_with_an_english_translation(client, db):
    page = gql(client, PAGE, {"slug": "about"})["data"]["page"]
    assert page["id"] == gid("Page", 1) and page["slug"] == "about" and page["isPublished"] is True
    assert page["title"] == "Giới thiệu OCOP Market"
    assert page["seoTitle"] == page["title"] and page["seoDescription"]
    assert page["pageType"]["slug"] == "information" and page["url"] == "http://testserver/about/"
    assert page["attributes"] == [] and page["assignedAttributes"] == [] and page["metadata"] == []
    assert '"type": "paragraph"' in page["content"] and len(__import__("json").loads(page["content"])["blocks"]) == 3
    assert page["translation"]["title"] == "About OCOP Market"
    assert "One Commune One Product" in page["translation"]["content"]
    same = gql(client, PAGE, {"id": page["id"]})["data"]["page"]
    assert same["slug"] == "about"
    assert gql(client, PAGE, {"slug": "khong-co"})["data"]["page"] is None


def test_pages_are_listed_and_filtered_by_slug_ids_and_page_type(client, db):
    every = gql(client, PAGES, {"first": 10})["data"]["pages"]
    assert every["totalCount"] == 3 and [e["node"]["slug"] for e in every["edges"]] == ["about", "terms", "privacy"]
    by_slug = gql(client, PAGES, {"where": {"slug": {"oneOf": ["terms", "privacy"]}}})["data"]["pages"]
    assert [e["node"]["slug"] for e in by_slug["edges"]] == ["terms", "privacy"]
    by_id = gql(client, PAGES, {"where": {"ids": [gid("Page", 3)]}})["data"]["pages"]
    assert [e["node"]["slug"] for e in by_id["edges"]] == ["privacy"]
    either = gql(client, PAGES, {"where": {"OR": [{"slug": {"eq": "about"}}, {"ids": [gid("Page", 2)]}]}})
    assert either["data"]["pages"]["totalCount"] == 2
    other_type = gql(client, PAGES, {"where": {"pageType": {"eq": gid("PageType", 9)}}})["data"]["pages"]
    assert other_type["totalCount"] == 0
    metadata = gql(client, PAGES, {"where": {"metadata": {"key": "x"}}})["data"]["pages"]
    assert metadata["totalCount"] == 0


def test_the_navbar_menu_is_the_category_tree(client, tree):
    menu = gql(client, MENU, {"slug": "navbar"})["data"]["menu"]
    assert menu["slug"] == "navbar" and menu["id"] == gid("Menu", 1)
    first, second = menu["items"]
    assert first["name"] == "Thực phẩm" and first["level"] == 0 and first["category"] == {"slug": "thuc-pham"}
    assert first["translation"] == {"name": "Food"} and first["url"] is None and first["collection"] is None
    assert first["children"] == [{"name": "Mật ong", "level": 1, "category": {"slug": "mat-ong"}}]
    assert second["name"] == "Thủ công mỹ nghệ" and second["translation"] is None and second["children"] == []


def test_the_footer_menu_links_the_pages_and_the_sellers_entry(client, db):
    menu = gql(client, MENU, {"slug": "footer"})["data"]["menu"]
    items = menu["items"]
    assert [i["page"]["slug"] for i in items[:3]] == ["about", "terms", "privacy"]
    assert [i["translation"]["name"] for i in items] == ["About OCOP Market", "Terms of use", "Privacy",
                                                         "Sell on OCOP Market"]
    assert items[3]["url"] == "http://testserver/seller/start/" and items[3]["page"] is None
    assert gql(client, MENU, {"slug": "khong-co"})["data"]["menu"] is None
    by_name = gql(client, '{ menu(name: "footer") { slug } }')["data"]["menu"]
    assert by_name == {"slug": "footer"}
