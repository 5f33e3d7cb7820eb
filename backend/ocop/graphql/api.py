"""Joins every domain's queries and mutations into the one schema served at /graphql/."""

import graphene
from graphene import relay

from .account.schema import AccountMutations, AccountQueries
from .catalog.attributes import ASSIGNED_ATTRIBUTE_TYPES
from .catalog.schema import CatalogMutations, CatalogQueries
from .channel.schema import ChannelQueries
from .checkout.schema import CheckoutMutations, CheckoutQueries
from .menu.schema import MenuQueries
from .order.schema import OrderMutations, OrderQueries
from .page.schema import PageQueries
from .payment.schema import PaymentMutations
from .producers.schema import ProducerMutations, ProducerQueries


class Query(AccountQueries, ChannelQueries, CatalogQueries, ProducerQueries, PageQueries, MenuQueries,
            OrderQueries, CheckoutQueries, graphene.ObjectType):
    node = relay.Node.Field()


class Mutation(AccountMutations, CatalogMutations, ProducerMutations, OrderMutations, CheckoutMutations,
               PaymentMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation, types=ASSIGNED_ATTRIBUTE_TYPES)
