"""Saleor's channels. We sell in one: Vietnam, in đồng. It is a constant, not a table, until a
second market exists."""

from __future__ import annotations

from dataclasses import dataclass

import graphene
from babel import Locale
from django.utils.translation import get_language
from graphene import relay

from ocop.core.money import CURRENCY

from ..core.metadata import ObjectWithMetadata

DEFAULT_CHANNEL_SLUG = "default-channel"


@dataclass(frozen=True)
class SalesChannel:
    pk: int
    slug: str
    name: str
    currency_code: str
    country_code: str
    is_active: bool = True

    @property
    def id(self) -> int:
        return self.pk


DEFAULT_CHANNEL = SalesChannel(pk=1, slug=DEFAULT_CHANNEL_SLUG, name="OCOP Market", currency_code=CURRENCY,
                               country_code="VN")


def get_channel(slug: str | None) -> SalesChannel | None:
    """The channel a `channel` argument names; no argument means the default one."""
    if slug is None or slug == DEFAULT_CHANNEL.slug:
        return DEFAULT_CHANNEL
    return None


def country_name(code: str) -> str:
    """The country's name in the request's language (Babel's CLDR data): 'Việt Nam', 'Vietnam'."""
    language = (get_language() or "vi")[:2]
    try:
        return Locale.parse(language).territories.get(code, code)
    except (ValueError, LookupError):
        return code


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True, description="Country code (ISO 3166-1 alpha-2).")
    country = graphene.String(required=True, description="Country name.")

    @staticmethod
    def resolve_code(root, info):
        return root

    @staticmethod
    def resolve_country(root, info):
        return country_name(root)


class Channel(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    currency_code = graphene.String(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    countries = graphene.List(graphene.NonNull(CountryDisplay), description="Countries the channel sells to.")

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)
        possible_types = (SalesChannel,)

    @classmethod
    def get_node(cls, info, pk):
        return DEFAULT_CHANNEL if str(pk) == str(DEFAULT_CHANNEL.pk) else None

    @staticmethod
    def resolve_default_country(root, info):
        return root.country_code

    @staticmethod
    def resolve_countries(root, info):
        return [root.country_code]
