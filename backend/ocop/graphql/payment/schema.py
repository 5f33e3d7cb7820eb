"""Paying through Saleor's transactions API."""

import graphene

from . import mutations


class PaymentMutations(graphene.ObjectType):
    payment_gateway_initialize = mutations.PaymentGatewayInitialize.Field()
    transaction_initialize = mutations.TransactionInitialize.Field()
    transaction_process = mutations.TransactionProcess.Field()
