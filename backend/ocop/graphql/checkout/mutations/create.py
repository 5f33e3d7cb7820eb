"""Saleor's checkoutCreate: lines, e-mail, addresses and metadata at once, all or nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.checkout import addresses, services
from ocop.checkout.errors import CheckoutErrorCode as Codes

from ...channel.types import get_channel
from ..inputs import CheckoutCreateInput
from .base import CheckoutPayload, error, fresh, set_address
from .lines import add_lines
from .metadata import check_metadata_lengths


def _language(code) -> str:
    tag = str(getattr(code, "value", code) or "vi").lower()
    return "en" if tag.startswith("en") else "vi"


class CheckoutCreate(CheckoutPayload):
    class Arguments:
        input = CheckoutCreateInput(required=True)

    @classmethod
    def perform(cls, info, input):
        if input.get("channel") and get_channel(input["channel"]) is None:
            raise error("channel", _("There is no channel with this slug; ours is default-channel."), Codes.NOT_FOUND)
        user = info.context.user
        checkout = services.create_checkout(user=user, language_code=_language(input.get("language_code")))
        add_lines(checkout, input.get("lines") or [])
        if input.get("email"):
            services.set_email(checkout=checkout, email=input["email"])
        if input.get("shipping_address"):
            set_address(checkout, addresses.SHIPPING, input["shipping_address"])
        if input.get("billing_address"):
            set_address(checkout, addresses.BILLING, input["billing_address"])
        if input.get("metadata"):
            services.update_metadata(checkout=checkout, items=check_metadata_lengths(input["metadata"], "metadata"))
        return {"checkout": fresh(checkout)}
