"""Joins every domain's queries and mutations into the one schema served at /graphql/."""

import graphene
from graphene import relay

from .account.schema import AccountMutations, AccountQueries
from .catalog.attributes import ASSIGNED_ATTRIBUTE_TYPES
from .catalog.schema import CatalogMutations, CatalogQueries
from .channel.schema import ChannelQueries
from .menu.schema import MenuQueries
from .page.schema import PageQueries
from .producers.schema import ProducerMutations, ProducerQueries


class Query(AccountQueries, ChannelQueries, CatalogQueries, ProducerQueries, PageQueries, MenuQueries,
            graphene.ObjectType):
    node = relay.Node.Field()


class Mutation(AccountMutations, CatalogMutations, ProducerMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation, types=ASSIGNED_ATTRIBUTE_TYPES)
