"""Saleor's `productTranslate` and `productVariantTranslate`: a producer gives its products' names
and descriptions in another language the shop speaks (English). Thin faces over the catalogue
services, which decide membership: a product of another producer is "not found", as everywhere.

As in Saleor, the fields given replace that language's text and the ones left out keep theirs;
an empty name and description remove the translation (the page then shows the Vietnamese)."""

import graphene
from django.core.exceptions import ValidationError

from ocop.catalog import services

from ..core.enums import LanguageCodeEnum, language_tag
from ..core.mutations import AUTHENTICATED, BaseMutation
from .descriptions import from_editorjs
from .mutations import _pk, _variant_pk
from .types import Product, ProductVariant

TranslationErrorCode = graphene.Enum(
    "TranslationErrorCode", [(code, code) for code in ("GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED")])


class TranslationError(graphene.ObjectType):
    field = graphene.String(description="Name of the input field that caused the error, or null.")
    message = graphene.String()
    code = TranslationErrorCode(required=True)


class NameTranslationInput(graphene.InputObjectType):
    name = graphene.String()


class TranslationInput(NameTranslationInput):
    seo_title = graphene.String(description="Accepted for Saleor clients and ignored: the page's title is the "
                                            "translated name.")
    seo_description = graphene.String(description="Accepted for Saleor clients and ignored: the meta description "
                                                  "comes from the translated description.")
    description = graphene.JSONString(description="An EditorJS document, or plain text.")


def _language(language_code) -> str:
    """The language of a LanguageCodeEnum as the shop keys translations ("EN_US" → "en")."""
    return language_tag(language_code).split("-", 1)[0]


def _as_input_fields(exc: ValidationError, language: str) -> ValidationError:
    """The services name errors `translations.<language>.<field>`; this input has the field itself,
    and the language is the `languageCode` argument."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {}
    for key, errors in exc.error_dict.items():
        if key.startswith(f"translations.{language}."):
            key = key.rsplit(".", 1)[1]
        elif key.startswith("translations") or key == "language":
            key = "language_code"
        renamed.setdefault(key, []).extend(errors)
    return ValidationError(renamed)


class TranslateMutation(BaseMutation):
    class Meta:
        abstract = True

    permission = AUTHENTICATED
    error_type = TranslationError
    error_code_enum = TranslationErrorCode


class ProductTranslate(TranslateMutation):
    class Arguments:
        id = graphene.ID(required=True, description="The product's ID.")
        language_code = LanguageCodeEnum(required=True, description="The language of the translation (English).")
        input = TranslationInput(required=True)

    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(TranslationError), required=True)

    @classmethod
    def perform(cls, info, id, language_code, input):
        language = _language(language_code)
        given = {key: input[key] for key in ("name", "description") if key in input}
        if "description" in given:
            given["description"] = from_editorjs(given["description"]) if given["description"] is not None else ""
        try:
            product = services.translate_product(user=info.context.user, product_id=_pk(id, "Product"),
                                                 language=language, data=given)
        except ValidationError as exc:
            raise _as_input_fields(exc, language) from None
        return {"product": product}


class ProductVariantTranslate(TranslateMutation):
    class Arguments:
        id = graphene.ID(required=True, description="The variant's ID.")
        language_code = LanguageCodeEnum(required=True, description="The language of the translation (English).")
        input = NameTranslationInput(required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = graphene.List(graphene.NonNull(TranslationError), required=True)

    @classmethod
    def perform(cls, info, id, language_code, input):
        language = _language(language_code)
        try:
            variant = services.translate_variant(user=info.context.user, variant_id=_variant_pk(id),
                                                 language=language, data=dict(input))
        except ValidationError as exc:
            raise _as_input_fields(exc, language) from None
        return {"product_variant": variant}
