"""Saleor's discount and gift-card types. We run no discounts, sell no gift cards and issue no
vouchers: `Order.discounts` and `giftCards` are empty and `voucher` is null, a truthful answer a
Saleor client understands."""

import graphene

from ..core.metadata import ObjectWithMetadata
from ..core.money import Money


class OrderDiscountType(graphene.Enum):
    SALE = "sale"
    VOUCHER = "voucher"
    MANUAL = "manual"
    PROMOTION = "promotion"
    ORDER_PROMOTION = "order_promotion"


class OrderDiscount(graphene.ObjectType):
    """We run no discounts: `Order.discounts` is always empty."""

    id = graphene.ID(required=True)
    type = OrderDiscountType(required=True)
    name = graphene.String()
    amount = graphene.Field(Money, required=True)


class GiftCard(graphene.ObjectType):
    """We sell no gift cards: `Order.giftCards` is always empty."""

    id = graphene.ID(required=True)
    display_code = graphene.String(required=True)
    last4_code_chars = graphene.String(required=True)
    current_balance = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (ObjectWithMetadata,)


class Voucher(graphene.ObjectType):
    """We issue no vouchers: `Order.voucher` is always null."""

    id = graphene.ID(required=True)
    code = graphene.String()
    name = graphene.String()

    class Meta:
        interfaces = (ObjectWithMetadata,)
