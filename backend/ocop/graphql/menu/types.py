"""Saleor's Menu and MenuItem. Two menus, built from what the shop has rather than edited by hand:
"navbar" (the category tree, two levels) and "footer" (the information pages and the sellers' entry)."""

from __future__ import annotations

from dataclasses import dataclass, field

import graphene
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from graphene import relay
from graphql_relay import to_global_id

from ocop.pages.content import STATIC_PAGES

from ..catalog import dataloaders as loaders
from ..catalog.categories import Category, Collection
from ..catalog.translations import pick_translation, translation_field
from ..core.metadata import ObjectWithMetadata
from ..page.types import Page, in_language, served_language

MENUS = {"navbar": (1, _("Navigation")), "footer": (2, _("Footer"))}
SELL_ON_OCOP = _("Sell on OCOP Market")


@dataclass
class MenuEntry:
    key: str
    level: int
    name: object = ""
    category: object = None
    page: object = None
    url: str | None = None
    children: list = field(default_factory=list)


@dataclass
class MenuData:
    slug: str

    @property
    def pk(self) -> int:
        return MENUS[self.slug][0]


def menu_by_slug(slug: str | None) -> MenuData | None:
    return MenuData(slug) if slug in MENUS else None


def menu_by_pk(pk) -> MenuData | None:
    return next((MenuData(slug) for slug, (number, _name) in MENUS.items() if str(number) == str(pk)), None)


def _category_entries(info) -> list[MenuEntry]:
    categories = loaders.all_categories(info).values()  # ordered by sort_order, name
    children: dict = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    return [MenuEntry(key=f"category-{root.pk}", level=0, category=root, children=[
        MenuEntry(key=f"category-{child.pk}", level=1, category=child) for child in children.get(root.pk, [])])
        for root in children.get(None, [])]


def menu_entries(info, menu: MenuData) -> list[MenuEntry]:
    if menu.slug == "navbar":
        return _category_entries(info)
    entries = [MenuEntry(key=f"page-{page.pk}", level=0, page=page) for page in STATIC_PAGES]
    entries.append(MenuEntry(key="sell", level=0, name=SELL_ON_OCOP,
                             url=info.context.build_absolute_uri(reverse("seller:start"))))
    return entries


class MenuItemTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language_code = graphene.String(required=True)
    name = graphene.String(required=True)


class MenuItem(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    level = graphene.Int(required=True)
    url = graphene.String(description="Only for links that are not a category, collection or page, as in Saleor.")
    category = graphene.Field(Category)
    collection = graphene.Field(Collection, description="Our menus link no collection: always null.")
    page = graphene.Field(Page)
    children = graphene.List(graphene.NonNull(lambda: MenuItem))
    translation = translation_field(MenuItemTranslation)

    class Meta:
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("MenuItem", root.key)

    @staticmethod
    def resolve_name(root, info):
        if root.category is not None:
            return root.category.name
        if root.page is not None:
            return in_language(root.page.title)
        return in_language(root.name)

    @staticmethod
    def resolve_collection(root, info):
        return None

    @staticmethod
    def resolve_translation(root, info, language_code):
        if root.category is not None:
            row = pick_translation(loaders.TranslationsByCategory.for_request(info).load(root.category), language_code)
            if row is None or not row.name:
                return None
            return MenuItemTranslation(id=to_global_id("MenuItemTranslation", f"{root.key}-{row.language_code}"),
                                       language_code=row.language_code, name=row.name)
        language = served_language(language_code)
        if language is None:
            return None
        name = root.page.title if root.page is not None else root.name
        return MenuItemTranslation(id=to_global_id("MenuItemTranslation", f"{root.key}-{language}"),
                                   language_code=language, name=in_language(name, language))


class Menu(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(MenuItem))

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)

    @classmethod
    def get_node(cls, info, id):
        return menu_by_pk(id)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_name(root, info):
        with translation.override(settings.LANGUAGE_CODE):
            return str(MENUS[root.slug][1])

    @staticmethod
    def resolve_items(root, info):
        return menu_entries(info, root)
