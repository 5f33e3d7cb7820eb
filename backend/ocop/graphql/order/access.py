"""Who sees an order, and how much of it.

As in Saleor, an order's ID carries its unguessable UUID, so whoever holds the ID of a guest order
(the shopper who just paid, a link in the confirmation e-mail) may read it, with the customer's
e-mail, name, phone and street reduced to initials unless they are its owner or staff; its
`user` and `events` raise PermissionDenied for them, as in Saleor. An order that belongs to an
account is that account's alone (and staff's): anyone else gets null.

Producers reach the orders of their parcels through `producerFulfillments`. A member of an
approved producer who is neither the order's owner nor staff reads it "as a producer": only their
own parcels and lines, the delivery address in full (they ship to it), the e-mail as initials (the
seller portal does not show it either), and none of the order-level money, payment state, status,
last change (`updatedAt`), account or events: those describe other producers' parcels too, and
raise PermissionDenied, as Saleor does for a field its reader may not see (the money fields, the
status and `updatedAt` are non-null, so the error nulls the order, and the parcel, in the answer).
A producer follows its own parcel through the parcel's `status`, `ocopStatus` and `updatedAt`."""

from __future__ import annotations


def is_owner_or_staff(user, order) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or (order.user_id is not None and order.user_id == user.pk)


def may_read(user, order) -> bool:
    return order.user_id is None or is_owner_or_staff(user, order)


def can_see_private(info, order) -> bool:
    """The account, the events and the payments: the owner and staff only (and, for the rest of
    the request, whoever just placed the order: see `grant_for_request`)."""
    return is_owner_or_staff(info.context.user, order) or order.pk in getattr(info.context, "_orders_granted", ())


def grant_for_request(info, order) -> None:
    """Let this request read the whole order: Saleor's checkoutComplete answers the guest who just
    paid with the order in full, though a later `order(id)` shows them initials."""
    granted = getattr(info.context, "_orders_granted", None)
    if granted is None:
        granted = info.context._orders_granted = set()
    granted.add(order.pk)


def producer_scope(info, order) -> frozenset | None:
    """The producers whose parcels of this order the requester sees, when they read it only as a
    member of those producers; None when they read the whole order (owner, staff, whoever placed it
    in this request, or a guest order's ID holder, who sees it all with initials)."""
    if can_see_private(info, order):
        return None
    mine = member_producer_ids(info)
    if not mine:
        return None
    theirs = frozenset(parcel.producer_id for parcel in order.fulfillments.all()) & mine
    return theirs or None


def can_see_address(info, order) -> bool:
    """The delivery address in full: the owner, staff, and the producers who ship to it."""
    return can_see_private(info, order) or producer_scope(info, order) is not None


def can_see_email(info, order) -> bool:
    return can_see_private(info, order)


def approved_producers_of(user):
    """Producers whose parcels the user may handle: those they belong to, while approved."""
    from ocop.producers.models import ProducerStatus
    from ocop.producers.selectors import producers_for_member

    return producers_for_member(user).filter(status=ProducerStatus.APPROVED)


def member_producer_ids(info) -> frozenset:
    """The approved producers the requester belongs to, looked up once per request."""
    context = info.context
    found = getattr(context, "_order_member_producer_ids", None)
    if found is None:
        user = context.user
        found = frozenset(approved_producers_of(user).values_list("pk", flat=True)) if user.is_authenticated \
            else frozenset()
        context._order_member_producer_ids = found
    return found


def obfuscate_text(value: str) -> str:
    """'Nguyễn' -> 'N.....' (Saleor shows the first character of each private field)."""
    value = (value or "").strip()
    return value[:1] + "." * (len(value) - 1) if value else ""


def obfuscate_email(value: str) -> str:
    """'lan.nguyen@example.com' -> 'l...@example.com'."""
    if not value or "@" not in value:
        return obfuscate_text(value)
    local, domain = value.split("@", 1)
    return f"{local[:1]}...@{domain}"
