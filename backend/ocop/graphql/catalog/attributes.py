"""Saleor's attribute types. Our catalogue has no attributes (a variant's name says "500 g"), so
every product and variant answers with empty lists and a filter on attributes matches nothing;
the types exist so that a Saleor client's queries stay valid."""

import graphene
from graphene import relay

from ..core.enums import LanguageCodeEnum
from ..core.filters import DateRangeInput, DateTimeRangeInput, DecimalFilterInput, IntRangeInput, StringFilterInput
from ..core.metadata import ObjectWithMetadata


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    FILE = "file"
    REFERENCE = "reference"
    SINGLE_REFERENCE = "single-reference"
    NUMERIC = "numeric"
    RICH_TEXT = "rich-text"
    PLAIN_TEXT = "plain-text"
    SWATCH = "swatch"
    BOOLEAN = "boolean"
    DATE = "date"
    DATE_TIME = "date-time"


class VariantAttributeScope(graphene.Enum):
    ALL = "all"
    VARIANT_SELECTION = "variant_selection"
    NOT_VARIANT_SELECTION = "not_variant_selection"


class File(graphene.ObjectType):
    url = graphene.String(required=True)
    content_type = graphene.String()


class AttributeTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)


class Attribute(graphene.ObjectType):
    input_type = AttributeInputTypeEnum()
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    translation = graphene.Field(AttributeTranslation, language_code=LanguageCodeEnum(required=True))

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)

    @classmethod
    def get_node(cls, info, pk):
        return None


class AttributeValueTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)


class AttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    value = graphene.String()
    boolean = graphene.Boolean()
    date_time = graphene.DateTime()
    file = graphene.Field(File)
    translation = graphene.Field(AttributeValueTranslation, language_code=LanguageCodeEnum(required=True))

    class Meta:
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, pk):
        return None


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True)
    values = graphene.List(graphene.NonNull(AttributeValue), required=True)


class AssignedAttribute(graphene.Interface):
    attribute = graphene.Field(Attribute, required=True)


class AssignedChoiceAttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    translation = graphene.String(language_code=LanguageCodeEnum(required=True))


class AssignedBooleanAttribute(graphene.ObjectType):
    value = graphene.Boolean()

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedFileAttribute(graphene.ObjectType):
    value = graphene.Field(File)

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedMultiChoiceAttribute(graphene.ObjectType):
    value = graphene.List(graphene.NonNull(AssignedChoiceAttributeValue), required=True)

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedNumericAttribute(graphene.ObjectType):
    value = graphene.Float()

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedPlainTextAttribute(graphene.ObjectType):
    value = graphene.String()
    translation = graphene.String(language_code=LanguageCodeEnum(required=True))

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedSingleChoiceAttribute(graphene.ObjectType):
    value = graphene.Field(AssignedChoiceAttributeValue)

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedSingleCollectionReferenceAttribute(graphene.ObjectType):
    value = graphene.Field("ocop.graphql.catalog.categories.Collection")

    class Meta:
        interfaces = (AssignedAttribute,)


# Nothing returns these yet, so the schema must be told about them (graphene.Schema(types=...)).
ASSIGNED_ATTRIBUTE_TYPES = [AssignedBooleanAttribute, AssignedFileAttribute, AssignedMultiChoiceAttribute,
                            AssignedNumericAttribute, AssignedPlainTextAttribute, AssignedSingleChoiceAttribute,
                            AssignedSingleCollectionReferenceAttribute]


class ContainsFilterInput(graphene.InputObjectType):
    contains_any = graphene.List(graphene.NonNull(graphene.String))
    contains_all = graphene.List(graphene.NonNull(graphene.String))


class AssignedAttributeReferenceInput(graphene.InputObjectType):
    referenced_ids = graphene.Field(ContainsFilterInput)
    page_slugs = graphene.Field(ContainsFilterInput)
    product_slugs = graphene.Field(ContainsFilterInput)
    product_variant_skus = graphene.Field(ContainsFilterInput)
    category_slugs = graphene.Field(ContainsFilterInput)
    collection_slugs = graphene.Field(ContainsFilterInput)


class AssignedAttributeValueInput(graphene.InputObjectType):
    slug = graphene.Field(StringFilterInput)
    name = graphene.Field(StringFilterInput)
    numeric = graphene.Field(DecimalFilterInput)
    date = graphene.Field(DateRangeInput)
    date_time = graphene.Field(DateTimeRangeInput)
    boolean = graphene.Boolean()
    reference = graphene.Field(AssignedAttributeReferenceInput)


class AssignedAttributeWhereInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)
    values = graphene.List(graphene.NonNull(graphene.String), deprecation_reason="Use `value` instead.")
    values_range = graphene.Field(IntRangeInput, deprecation_reason="Use `value` instead.")
    date_time = graphene.Field(DateTimeRangeInput, deprecation_reason="Use `value` instead.")
    date = graphene.Field(DateRangeInput, deprecation_reason="Use `value` instead.")
    boolean = graphene.Boolean(deprecation_reason="Use `value` instead.")
