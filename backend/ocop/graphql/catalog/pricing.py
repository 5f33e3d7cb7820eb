"""Saleor's pricing info from our variants' prices. One channel, no promotions: the price is
what the shopper pays; a compare-at ("was") price above it is the price before the producer's
reduction, so it is Saleor's undiscounted price and the difference its discount."""

from __future__ import annotations

from dataclasses import dataclass

import graphene

from ..core.money import Taxed, TaxedMoney, TaxedMoneyRange, taxed, taxed_range


@dataclass(frozen=True)
class Pricing:
    price_range: object
    price_range_undiscounted: object
    discount: Taxed | None
    display_gross_prices: bool = True

    @property
    def on_sale(self) -> bool:
        return self.discount is not None


def _undiscounted(variant) -> int:
    return max(variant.price_amount, variant.compare_at_price_amount or 0)


def _discount(price: int | None, undiscounted: int | None) -> Taxed | None:
    if price is None or undiscounted is None or undiscounted <= price:
        return None
    return taxed(undiscounted - price)


def product_pricing(variants) -> Pricing:
    prices = [v.price_amount for v in variants]
    undiscounted = [_undiscounted(v) for v in variants]
    return Pricing(price_range=taxed_range(prices), price_range_undiscounted=taxed_range(undiscounted),
                   discount=_discount(min(prices, default=None), min(undiscounted, default=None)))


def variant_pricing(variant) -> dict:
    undiscounted = _undiscounted(variant)
    return {"price": taxed(variant.price_amount), "price_undiscounted": taxed(undiscounted),
            "discount": _discount(variant.price_amount, undiscounted)}


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether some variant is sold below its compare-at price.")
    discount = graphene.Field(TaxedMoney, description="How far the cheapest variant is below its compare-at price.")
    price_range = graphene.Field(TaxedMoneyRange)
    price_range_undiscounted = graphene.Field(TaxedMoneyRange)
    display_gross_prices = graphene.Boolean(required=True)


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    discount = graphene.Field(TaxedMoney)
    price = graphene.Field(TaxedMoney)
    price_undiscounted = graphene.Field(TaxedMoney)

    @staticmethod
    def resolve_on_sale(root, info):
        return root["discount"] is not None
