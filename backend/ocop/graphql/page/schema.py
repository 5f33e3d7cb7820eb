import graphene

from ocop.pages.content import STATIC_PAGES, page_by_pk, page_by_slug

from ..core.connection import paginate
from ..core.enums import LanguageCodeEnum
from ..core.ids import decode_id
from .filters import PageWhereInput, page_matches
from .types import Page, PageCountableConnection


class PageQueries(graphene.ObjectType):
    page = graphene.Field(Page, id=graphene.ID(), slug=graphene.String(), slug_language_code=LanguageCodeEnum(),
                          description="An information page by ID or slug (about, terms, privacy); slugs are the "
                                      "same in every language.")
    pages = graphene.Field(PageCountableConnection, where=PageWhereInput(), channel=graphene.String(),
                           first=graphene.Int(), last=graphene.Int(), after=graphene.String(),
                           before=graphene.String(), description="The information pages, in menu order.")

    @staticmethod
    def resolve_page(root, info, id=None, slug=None, slug_language_code=None):
        if id is not None:
            return page_by_pk(decode_id(id, "Page"))
        return page_by_slug(slug)

    @staticmethod
    def resolve_pages(root, info, where=None, channel=None, first=None, last=None, after=None, before=None):
        if first is None and last is None:
            first = 100
        rows = [page for page in STATIC_PAGES if page_matches(page, where)]
        return paginate(rows, PageCountableConnection, first=first, last=last, after=after, before=before)
