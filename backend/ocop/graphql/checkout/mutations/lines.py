"""Saleor's line mutations over checkout.services: add, update (0 removes), delete."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql_relay import to_global_id

from ocop.checkout import services
from ocop.checkout.errors import CheckoutErrorCode as Codes

from ...core.ids import decode_id
from ..inputs import CheckoutError, CheckoutLineInput, CheckoutLineUpdateInput
from .base import CheckoutPayload, MutationErrors, _id, _token, checkout_errors, error, fresh, get_checkout


def _variant_pk(global_id) -> int:
    pk = decode_id(global_id, "ProductVariant") if global_id else None
    if pk is None:
        raise MutationErrors([CheckoutError(field="variantId", code="NOT_FOUND", variants=[global_id],
                                            message=_("Couldn't find a product variant with this ID."))])
    return pk


def _refuse_price(line) -> None:
    if line.get("price") is not None or line.get("price_override_reason"):
        raise error("price", _("Prices are set by the producers; a checkout cannot change them."), Codes.INVALID)


def add_lines(checkout, lines) -> None:
    if len(lines) > services.MAX_LINES:
        raise error("lines", _("A cart can hold at most %(max)s different items."), Codes.INVALID,
                    max=services.MAX_LINES)
    for line in lines:
        _refuse_price(line)
        pk = _variant_pk(line["variant_id"])
        try:
            services.add_line(checkout=checkout, variant_id=pk, quantity=line["quantity"])
        except ValidationError as exc:
            raise MutationErrors(checkout_errors(exc, variants=[line["variant_id"]])) from exc


class CheckoutLinesAdd(CheckoutPayload):
    class Arguments:
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, lines, id=None, token=None, checkout_id=None):
        checkout = get_checkout(info, id or checkout_id, token)
        add_lines(checkout, lines)
        return {"checkout": fresh(checkout)}


def _line_variant(checkout, line) -> tuple[int, str]:
    if line.get("line_id"):
        pk = decode_id(line["line_id"], "CheckoutLine")
        variant_id = checkout.lines.filter(pk=pk).values_list("variant_id", flat=True).first() if pk else None
        if variant_id is None:
            raise MutationErrors([CheckoutError(field="lineId", code="NOT_FOUND", lines=[line["line_id"]],
                                                message=_("This item is not in your cart."))])
        return variant_id, line["line_id"]
    if line.get("variant_id"):
        return _variant_pk(line["variant_id"]), None
    raise error("lineId", _("Give the line's ID."), Codes.REQUIRED)


class CheckoutLinesUpdate(CheckoutPayload):
    class Arguments:
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, lines, id=None, token=None, checkout_id=None):
        checkout = get_checkout(info, id or checkout_id, token)
        for line in lines:
            _refuse_price(line)
            variant_id, line_id = _line_variant(checkout, line)
            if line.get("quantity") is None:
                continue
            try:
                services.update_lines(checkout=checkout, lines=[(variant_id, line["quantity"])])
            except ValidationError as exc:
                found = checkout_errors(exc, variants=[to_global_id("ProductVariant", variant_id)])
                for item in found:
                    item.lines = [line_id] if line_id else None
                raise MutationErrors(found) from exc
        return {"checkout": fresh(checkout)}


def _line_pks(global_ids) -> list[int]:
    pks = []
    for global_id in global_ids:
        pk = decode_id(global_id, "CheckoutLine")
        if pk is None:
            raise MutationErrors([CheckoutError(field="lineId", code="NOT_FOUND", lines=[global_id],
                                                message=_("This item is not in your cart."))])
        pks.append(pk)
    return pks


class CheckoutLinesDelete(CheckoutPayload):
    class Arguments:
        lines_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, lines_ids, id=None, token=None):
        checkout = get_checkout(info, id, token)
        services.remove_lines(checkout=checkout, line_ids=_line_pks(lines_ids))
        return {"checkout": fresh(checkout)}


class CheckoutLineDelete(CheckoutPayload):
    """The one-line form of checkoutLinesDelete (deprecated in Saleor)."""

    class Arguments:
        line_id = graphene.ID()
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, line_id=None, id=None, token=None):
        checkout = get_checkout(info, id, token)
        services.remove_lines(checkout=checkout, line_ids=_line_pks([line_id] if line_id else ["-"]))
        return {"checkout": fresh(checkout)}
