"""Saleor's `translation(languageCode:)` over our translation rows (Vietnamese is the original;
English rows hold the translation). A language we hold no row for answers null, and the client
shows the original, as with Saleor."""

from __future__ import annotations

import graphene
from babel import Locale, UnknownLocaleError
from graphql_relay import to_global_id

from ..core.enums import LanguageCodeEnum, language_tag
from .descriptions import seo_description, to_editorjs


def pick_translation(rows: dict, language_code):
    """The row for "en-us", else for its language "en"."""
    tag = language_tag(language_code)
    return rows.get(tag) or rows.get(tag.split("-", 1)[0])


def translation_field(translation_type):
    return graphene.Field(translation_type, language_code=LanguageCodeEnum(
        required=True, description="A language code to return the translation for."))


class LanguageDisplay(graphene.ObjectType):
    code = LanguageCodeEnum(required=True)
    language = graphene.String(required=True, description="The language's name in English.")

    @staticmethod
    def resolve_code(root, info):
        return root.lower()

    @staticmethod
    def resolve_language(root, info):
        try:
            return Locale.parse(root.replace("-", "_")).english_name or root
        except (ValueError, UnknownLocaleError):
            return root


class _Translation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String()
    description = graphene.JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String(description="Web addresses are not translated: always null.")

    class Meta:
        abstract = True

    @staticmethod
    def resolve_language(root, info):
        return root.language_code

    @staticmethod
    def resolve_name(root, info):
        return root.name or None

    @staticmethod
    def resolve_description(root, info):
        return to_editorjs(root.description)

    @staticmethod
    def resolve_seo_title(root, info):
        return root.name or None

    @staticmethod
    def resolve_seo_description(root, info):
        return seo_description(root.description)

    @staticmethod
    def resolve_slug(root, info):
        return None


def _id_resolver(type_name):
    return staticmethod(lambda root, info: to_global_id(type_name, root.pk))


class ProductTranslation(_Translation):
    resolve_id = _id_resolver("ProductTranslation")


class CategoryTranslation(_Translation):
    resolve_id = _id_resolver("CategoryTranslation")


class CollectionTranslation(_Translation):
    resolve_id = _id_resolver("CollectionTranslation")


class ProductVariantTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)

    resolve_id = _id_resolver("ProductVariantTranslation")

    @staticmethod
    def resolve_language(root, info):
        return root.language_code
