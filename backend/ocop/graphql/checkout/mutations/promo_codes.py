"""Promo codes: we issue no vouchers or gift cards, and say so."""

from __future__ import annotations

import graphene

from ocop.checkout import services

from .base import CheckoutPayload, _id, _token, fresh, get_checkout


class CheckoutAddPromoCode(CheckoutPayload):
    """We issue no vouchers or gift cards: every code is refused with VOUCHER_NOT_APPLICABLE."""

    class Arguments:
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        promo_code = graphene.String(required=True)
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, promo_code, checkout_id=None, id=None, token=None):
        checkout = get_checkout(info, id or checkout_id, token)
        services.apply_promo_code(checkout=checkout, promo_code=promo_code)
        return {"checkout": fresh(checkout)}


class CheckoutRemovePromoCode(CheckoutPayload):
    """Nothing to remove: no code is ever applied. Answers with the checkout as it is."""

    class Arguments:
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        promo_code = graphene.String()
        promo_code_id = graphene.ID()
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, checkout_id=None, id=None, token=None, promo_code=None, promo_code_id=None):
        return {"checkout": fresh(get_checkout(info, id or checkout_id, token))}
