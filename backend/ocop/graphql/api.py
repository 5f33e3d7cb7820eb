"""Joins every domain's queries and mutations into the one schema served at /graphql/."""

import graphene
from graphene import relay

from .account.schema import AccountMutations, AccountQueries
from .producers.schema import ProducerMutations, ProducerQueries


class Query(AccountQueries, ProducerQueries, graphene.ObjectType):
    node = relay.Node.Field()


class Mutation(AccountMutations, ProducerMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
