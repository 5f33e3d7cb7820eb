"""Producers' parcels (/seller/orders/) and earnings (/seller/balance/). A producer sees only its
own parcels; another producer's parcel is 'not found'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.orders import selectors, services
from ocop.orders.models import FulfillmentStatus
from ocop.payments import ledger
from ocop.payments.gateways.base import GatewayError

from .access import approved_member_required


@approved_member_required
def fulfillment_list(request):
    status = request.GET.get("status", "")
    if status not in FulfillmentStatus.values:
        status = ""
    page = Paginator(selectors.fulfillments_for_producer(request.producer, status=status), 25).get_page(
        request.GET.get("page"))
    return render(request, "seller/orders/list.html",
                  {"page": page, "status": status, "statuses": FulfillmentStatus.choices})


def _own_fulfillment(request, fulfillment_id):
    fulfillment = selectors.fulfillment_for_member(request.user, fulfillment_id)
    if fulfillment is None or fulfillment.producer_id != request.producer.pk:
        raise Http404
    return fulfillment


@approved_member_required
def fulfillment_detail(request, fulfillment_id):
    return _detail(request, _own_fulfillment(request, fulfillment_id))


def _detail(request, fulfillment, errors=None, status=200):
    refundable = [line for line in fulfillment.lines.all() if line.quantity_remaining > 0]
    return render(request, "seller/orders/detail.html",
                  {"fulfillment": fulfillment, "order": fulfillment.order, "errors": errors or {},
                   "refundable_lines": refundable,
                   "values": request.POST if request.method == "POST" else {}}, status=status)


@require_POST
@approved_member_required
def fulfillment_action(request, fulfillment_id, action):
    _own_fulfillment(request, fulfillment_id)
    try:
        if action == "confirm":
            services.confirm_fulfillment(user=request.user, fulfillment_id=fulfillment_id)
            messages.success(request, _("Parcel confirmed."))
        elif action == "pack":
            services.pack_fulfillment(user=request.user, fulfillment_id=fulfillment_id)
            messages.success(request, _("Parcel marked as packed."))
        elif action == "ship":
            services.ship_fulfillment(user=request.user, fulfillment_id=fulfillment_id,
                                      carrier=request.POST.get("carrier", ""),
                                      tracking_number=request.POST.get("tracking_number", ""))
            messages.success(request, _("Parcel marked as shipped; the shopper has been told."))
        elif action == "cancel":
            services.cancel_fulfillment(user=request.user, fulfillment_id=fulfillment_id,
                                        reason=request.POST.get("reason", ""))
            messages.success(request, _("Parcel cancelled; the shopper is refunded for it."))
        elif action == "refund":
            line = services.refund_order_line(user=request.user, fulfillment_id=fulfillment_id,
                                              line_id=request.POST.get("line", ""),
                                              quantity=request.POST.get("quantity", ""),
                                              reason=request.POST.get("refund_reason", ""))
            messages.success(request, _("%(product)s refunded; the shopper has been told.") % {
                "product": line.product_name})
        else:
            raise Http404
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if "line" in errors and any(e.code == "not_found" for e in exc.error_dict.get("line", [])):
            raise Http404 from exc
        if action == "refund":
            errors = {f"refund_{field}": messages_ for field, messages_ in errors.items()}
        return _detail(request, _own_fulfillment(request, fulfillment_id), errors=errors, status=400)
    except GatewayError:
        messages.error(request, _("The refund could not be made because card payments are not reachable. "
                                  "Nothing was changed; try again in a few minutes."))
    return redirect("seller:order_detail", fulfillment_id=fulfillment_id)


@approved_member_required
def balance(request):
    entries = Paginator(ledger.statement(request.producer), 50).get_page(request.GET.get("page"))
    return render(request, "seller/orders/balance.html",
                  {"balance": ledger.balance(request.producer), "page": entries})
