"""Saleor's money types. VND has no minor unit, so every amount is a whole number of đồng; our
prices carry no tax of their own, so gross = net and tax is 0."""

from __future__ import annotations

from dataclasses import dataclass

import graphene

from ocop.core.money import CURRENCY


@dataclass(frozen=True)
class Amount:
    amount: int
    currency: str = CURRENCY


@dataclass(frozen=True)
class Taxed:
    net: Amount
    gross: Amount
    tax: Amount

    @property
    def currency(self) -> str:
        return self.gross.currency


@dataclass(frozen=True)
class TaxedRange:
    start: Taxed | None
    stop: Taxed | None


def money(amount: int | None) -> Amount | None:
    return None if amount is None else Amount(int(amount))


def taxed(amount: int | None) -> Taxed | None:
    if amount is None:
        return None
    price = Amount(int(amount))
    return Taxed(net=price, gross=price, tax=Amount(0))


def taxed_range(amounts) -> TaxedRange | None:
    amounts = [int(a) for a in amounts if a is not None]
    if not amounts:
        return None
    return TaxedRange(start=taxed(min(amounts)), stop=taxed(max(amounts)))


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code (VND).")
    amount = graphene.Float(required=True, description="Amount; whole đồng for VND (150.000 ₫ is 150000).")
    fractional_amount = graphene.Int(required=True, description="Amount in the currency's minor unit.")
    fraction_digits = graphene.Int(required=True, description="Digits after the decimal point (0 for VND).")

    @staticmethod
    def resolve_amount(root, info):
        return float(int(root.amount))

    @staticmethod
    def resolve_fractional_amount(root, info):
        return int(root.amount)

    @staticmethod
    def resolve_fraction_digits(root, info):
        return 0


class TaxedMoney(graphene.ObjectType):
    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True, description="Amount including taxes.")
    net = graphene.Field(Money, required=True, description="Amount without taxes.")
    tax = graphene.Field(Money, required=True, description="Tax (none of our prices carries one of its own).")


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money)
    stop = graphene.Field(Money)


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney, description="Lower bound of the price range.")
    stop = graphene.Field(TaxedMoney, description="Upper bound of the price range.")
