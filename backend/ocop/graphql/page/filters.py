"""Saleor's PageWhereInput over the information pages (three of them, filtered in Python)."""

import graphene

from ..catalog.attributes import AssignedAttributeWhereInput
from ..core.filters import GlobalIDFilterInput, MetadataFilterInput, StringFilterInput
from ..core.ids import decode_id
from .types import PAGE_TYPE_ID


class PageWhereInput(graphene.InputObjectType):
    metadata = graphene.Field(MetadataFilterInput, description="Pages carry no metadata: matches nothing.")
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)
    page_type = graphene.Field(GlobalIDFilterInput)
    attributes = graphene.List(graphene.NonNull(AssignedAttributeWhereInput),
                               description="Pages carry no attributes: matches nothing.")
    AND = graphene.List(graphene.NonNull(lambda: PageWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: PageWhereInput))


def _one_of(value, data) -> bool:
    if data.get("eq") is not None and value != data["eq"]:
        return False
    return data.get("one_of") is None or value in data["one_of"]


def page_matches(page, where) -> bool:
    if not where:
        return True
    if where.get("ids") is not None and page.pk not in {decode_id(gid, "Page") for gid in where["ids"]}:
        return False
    if where.get("slug") is not None and not _one_of(page.slug, where["slug"]):
        return False
    if where.get("page_type") is not None and not _one_of(PAGE_TYPE_ID, where["page_type"]):
        return False
    if where.get("metadata") is not None or where.get("attributes"):
        return False
    if where.get("AND") and not all(page_matches(page, part) for part in where["AND"]):
        return False
    return not where.get("OR") or any(page_matches(page, part) for part in where["OR"])
