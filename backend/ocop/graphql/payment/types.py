"""Saleor's payment-gateway types: the gateways a checkout can pay with, their public config, and
the `JSON` scalar the transaction mutations exchange with the client."""

from __future__ import annotations

from dataclasses import dataclass

import graphene
from django.conf import settings

from ocop.core.money import CURRENCY

STRIPE_APP_ID = "saleor.app.payment.stripe"
DUMMY_APP_ID = "mirumee.payments.dummy"


class JSON(graphene.types.Scalar):
    """Any JSON value (Saleor's JSON scalar): objects, lists, strings, numbers, booleans."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        from graphql import value_from_ast_untyped

        return value_from_ast_untyped(node, _variables)


@dataclass(frozen=True)
class ApiGateway:
    """A gateway as Saleor clients name it (`id`), and ours behind it (`gateway_name`)."""

    id: str
    name: str
    gateway_name: str

    def config(self) -> list[tuple[str, str]]:
        if self.gateway_name == "stripe":
            return [("api_key", settings.STRIPE_PUBLISHABLE_KEY)]
        return []


STRIPE = ApiGateway(id=STRIPE_APP_ID, name="Stripe", gateway_name="stripe")
DUMMY = ApiGateway(id=DUMMY_APP_ID, name="Dummy", gateway_name="dummy")


def available_gateways() -> list[ApiGateway]:
    """Stripe always; the dummy gateway (charges nothing, says paid) only when settings allow it."""
    return [STRIPE, DUMMY] if settings.OCOP_DUMMY_GATEWAY else [STRIPE]


def api_gateway(app_id: str | None) -> ApiGateway | None:
    return next((gateway for gateway in available_gateways() if gateway.id == app_id), None)


def api_gateway_for(gateway_name: str) -> ApiGateway | None:
    return next((gateway for gateway in (STRIPE, DUMMY) if gateway.gateway_name == gateway_name), None)


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    """A way to pay: `saleor.app.payment.stripe` (cards through Stripe) and, in tests and demos
    only, `mirumee.payments.dummy` (charges nothing and reports success)."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    config = graphene.List(graphene.NonNull(GatewayConfigLine), required=True,
                           description="Public settings: Stripe's publishable key as `api_key`.")
    currencies = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def resolve_config(root: ApiGateway, info):
        return [GatewayConfigLine(field=field, value=value) for field, value in root.config()]

    @staticmethod
    def resolve_currencies(root, info):
        return [CURRENCY]
