"""Staff pay producers out of the ledger: /staff/payouts/ lists what each producer is owed, and
each producer's page records a bank transfer (a `payout` debit, never beyond the balance).
Staff only: everyone else signed in gets 'not found', anonymous visitors the log-in page; staff
whose password was entered more than 30 minutes ago confirm it before recording money sent."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ocop.core.money import format_vnd
from ocop.core.security import recent_authentication_required
from ocop.payments import ledger
from ocop.producers.models import Producer


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)
    return wrapper


@staff_required
def producer_balances(request):
    page = Paginator(ledger.balances(), 50).get_page(request.GET.get("page"))
    return render(request, "staff/payouts/list.html", {"page": page})


PAYOUT_REAUTH_SECONDS = 30 * 60


@staff_required
@recent_authentication_required(PAYOUT_REAUTH_SECONDS)
@require_http_methods(["GET", "POST"])
def producer_payouts(request, producer_id):
    producer = get_object_or_404(Producer, pk=producer_id)
    errors, values, status = {}, {"paid_on": timezone.localdate().isoformat()}, 200
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ("amount", "reference", "paid_on", "note")}
        try:
            entry = ledger.record_payout(user=request.user, producer_id=producer.pk, amount=values["amount"],
                                         reference=values["reference"], paid_on=values["paid_on"],
                                         note=values["note"])
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
        else:
            messages.success(request, _("Payout of %(amount)s to %(name)s recorded.") % {
                "amount": format_vnd(-entry.amount), "name": producer.name})
            return redirect("staff:producer_payouts", producer_id=producer.pk)
    entries = Paginator(ledger.statement(producer), 50).get_page(request.GET.get("page"))
    return render(request, "staff/payouts/producer.html",
                  {"producer": producer, "balance": ledger.balance(producer), "page": entries,
                   "errors": errors, "values": values}, status=status)
