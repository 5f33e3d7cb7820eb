import graphene

from ..core.ids import decode_id
from .types import Menu, menu_by_pk, menu_by_slug


class MenuQueries(graphene.ObjectType):
    menu = graphene.Field(Menu, id=graphene.ID(), name=graphene.String(), slug=graphene.String(),
                          channel=graphene.String(),
                          description='A menu by ID, name or slug: "navbar" (categories) or "footer" (pages).')

    @staticmethod
    def resolve_menu(root, info, id=None, name=None, slug=None, channel=None):
        if id is not None:
            return menu_by_pk(decode_id(id, "Menu"))
        if name is not None and slug is None:
            slug = {"navigation": "navbar"}.get(name.strip().lower(), name.strip().lower())
        return menu_by_slug(slug)
