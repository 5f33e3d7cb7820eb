"""Saleor's Page, PageType and PageTranslation over the storefront's information pages
(ocop.pages.content). Base fields are in the shop's default language (Vietnamese); other
languages come through `translation(languageCode:)`, as for products."""

import graphene
from django.conf import settings
from django.utils import translation
from graphene import relay
from graphql_relay import to_global_id

from ocop.pages.content import PAGE_TYPE_NAME, PAGE_TYPE_SLUG, StaticPage, page_by_pk

from ..catalog.attributes import AssignedAttribute, SelectedAttribute
from ..catalog.descriptions import to_editorjs
from ..core.connection import CountableConnection
from ..core.enums import language_tag
from ..core.metadata import ObjectWithMetadata
from ..catalog.translations import translation_field


def in_language(page_text, language: str | None = None) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(page_text)


def page_content(page: StaticPage, language: str | None = None):
    with translation.override(language or settings.LANGUAGE_CODE):
        return to_editorjs("\n\n".join(str(paragraph) for paragraph in page.paragraphs))


def served_language(language_code) -> str | None:
    """The language we have text in for a LanguageCodeEnum, or None (EN_US -> "en")."""
    tag = language_tag(language_code)
    known = {code for code, _name in settings.LANGUAGES}
    for candidate in (tag, tag.split("-", 1)[0]):
        if candidate in known:
            return candidate
    return None


class PageType(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_pages = graphene.Boolean()

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)

    @classmethod
    def get_node(cls, info, id):
        return PAGE_TYPE_SLUG if str(id) == "1" else None

    @staticmethod
    def resolve_id(root, info):
        return "1"

    @staticmethod
    def resolve_name(root, info):
        return in_language(PAGE_TYPE_NAME)

    @staticmethod
    def resolve_slug(root, info):
        return PAGE_TYPE_SLUG

    @staticmethod
    def resolve_has_pages(root, info):
        return True


PAGE_TYPE_ID = to_global_id("PageType", 1)


class PageTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language_code = graphene.String(required=True)
    title = graphene.String()
    slug = graphene.String()
    content = graphene.JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()


class Page(graphene.ObjectType):
    title = graphene.String(required=True)
    slug = graphene.String(required=True)
    content = graphene.JSONString(description="Editor.js blocks, as Saleor's.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    is_published = graphene.Boolean(required=True)
    published_at = graphene.DateTime()
    created = graphene.DateTime()
    page_type = graphene.Field(PageType, required=True)
    attributes = graphene.List(graphene.NonNull(SelectedAttribute), required=True)
    assigned_attributes = graphene.List(graphene.NonNull(AssignedAttribute), required=True)
    translation = translation_field(PageTranslation)
    url = graphene.String(required=True, description="The page on the storefront (OCOP extension).")

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)

    @classmethod
    def get_node(cls, info, id):
        return page_by_pk(id)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_title(root, info):
        return in_language(root.title)

    @staticmethod
    def resolve_seo_title(root, info):
        return in_language(root.title)

    @staticmethod
    def resolve_seo_description(root, info):
        return in_language(root.seo_description)

    @staticmethod
    def resolve_content(root, info):
        return page_content(root)

    @staticmethod
    def resolve_is_published(root, info):
        return True

    @staticmethod
    def resolve_page_type(root, info):
        return PAGE_TYPE_SLUG

    @staticmethod
    def resolve_attributes(root, info):
        return []

    @staticmethod
    def resolve_assigned_attributes(root, info):
        return []

    @staticmethod
    def resolve_url(root, info):
        return info.context.build_absolute_uri(root.path)

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = served_language(language_code)
        if language is None:
            return None
        return PageTranslation(
            id=to_global_id("PageTranslation", f"{root.pk}-{language}"), language_code=language,
            title=in_language(root.title, language), slug=root.slug, content=page_content(root, language),
            seo_title=in_language(root.title, language), seo_description=in_language(root.seo_description, language))


class PageCountableConnection(CountableConnection):
    class Meta:
        node = Page
