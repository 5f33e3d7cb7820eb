"""Saleor's updateMetadata: public metadata, kept on checkouts."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.checkout import services
from ocop.checkout.errors import CheckoutErrorCode as Codes

from ...account.types import MetadataInput
from ..access import checkout_for, token_from_id
from ..inputs import MetadataError, MetadataErrorCode
from .base import CheckoutMutation, error, fresh

# What `services.update_metadata` keeps of a key and of a value. It cuts anything longer, so a
# longer one is refused here first: a client must not believe it stored what it did not.
METADATA_KEY_MAX_LENGTH = 256
METADATA_VALUE_MAX_LENGTH = 2000


def check_metadata_lengths(items, field: str) -> list[tuple[str, str]]:
    """[(key, value)] from MetadataInputs; a key or a value longer than the checkout keeps is refused
    (ValidationError on `field`, one message per item, naming its key)."""
    pairs = [(item["key"], item["value"]) for item in items]
    refused = []
    for key, value in pairs:
        shown = (key or "").strip()
        if len(shown) > METADATA_KEY_MAX_LENGTH:
            refused.append(ValidationError(
                _("The metadata key “%(key)s…” is longer than %(limit)s characters."), code=Codes.INVALID.value,
                params={"key": shown[:20], "limit": METADATA_KEY_MAX_LENGTH}))
        elif len(str(value if value is not None else "")) > METADATA_VALUE_MAX_LENGTH:
            refused.append(ValidationError(
                _("The value of the metadata key “%(key)s” is longer than %(limit)s characters."),
                code=Codes.INVALID.value, params={"key": shown, "limit": METADATA_VALUE_MAX_LENGTH}))
    if refused:
        raise ValidationError({field: refused})
    return pairs


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
        services.update_metadata(checkout=checkout, items=check_metadata_lengths(input, "input"))
        return {"item": fresh(checkout)}
