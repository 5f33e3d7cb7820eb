"""Saleor's updateMetadata: public metadata, kept on checkouts."""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from ocop.checkout import services
from ocop.checkout.errors import CheckoutErrorCode as Codes

from ...account.types import MetadataInput
from ..access import checkout_for, token_from_id
from ..inputs import MetadataError, MetadataErrorCode
from .base import CheckoutMutation, error, fresh


class UpdateMetadata(CheckoutMutation):
    """Public metadata: kept on checkouts only (other objects answer NOT_FOUND)."""

    error_type = MetadataError
    error_code_enum = MetadataErrorCode

    class Arguments:
        id = graphene.ID(required=True)
        input = graphene.List(graphene.NonNull(MetadataInput), required=True)

    item = graphene.Field("ocop.graphql.core.metadata.ObjectWithMetadata")
    errors = graphene.List(graphene.NonNull(MetadataError), required=True)

    @classmethod
    def perform(cls, info, id, input):
        checkout = checkout_for(info, id) if token_from_id(id) else None
        if checkout is None:
            raise error("id", _("Couldn't find an object with this ID that keeps metadata."), Codes.NOT_FOUND)
        services.update_metadata(checkout=checkout, items=[(item["key"], item["value"]) for item in input])
        return {"item": fresh(checkout)}
