"""/seller/shipping/: the producer's delivery options (flat + per started kg, provinces served)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ocop.checkout import services
from ocop.checkout import shipping_rates as shipping_rates_service
from ocop.checkout.models import ShippingRate
from ocop.checkout.provinces import PROVINCES

from .access import approved_member_required


# The id of each field's input in seller/orders/_rate_form.html, "<prefix>-<form key>": the error
# summary links there. A province list links to its first checkbox (GOV.UK's pattern).
FIELD_IDS = {"name": "name", "flat_amount": "flat", "per_kg_amount": "kg", "provinces": "provinces"}


def error_summary(errors: dict, key: str) -> list[dict]:
    """The summary on top of the page: each message links to the field it is about."""
    return [{"href": f"#{FIELD_IDS[field]}-{key}" if field in FIELD_IDS else None, "message": message}
            for field, messages in errors.items() for message in messages]


@approved_member_required
@require_http_methods(["GET", "POST"])
def shipping_rates(request):
    rates = list(ShippingRate.objects.filter(producer=request.producer).order_by("id"))
    errors, posted = {}, None
    if request.method == "POST":
        rate_id = request.POST.get("rate", "")
        if rate_id and not ShippingRate.objects.filter(pk=rate_id if rate_id.isdigit() else None,
                                                       producer=request.producer).exists():
            raise Http404
        try:
            services.save_shipping_rate(
                user=request.user, producer=request.producer, rate_id=int(rate_id) if rate_id else None,
                name=request.POST.get("name", ""), flat_amount=request.POST.get("flat_amount", ""),
                per_kg_amount=request.POST.get("per_kg_amount", ""), provinces=request.POST.getlist("provinces"),
                is_active=request.POST.get("is_active") == "on")
        except ValidationError as exc:
            errors, posted = exc.message_dict, rate_id or "new"
        else:
            messages.success(request, _("Delivery option saved."))
            return redirect("seller:shipping")
    def form(rate, key):
        """One option's form: as saved, or as just posted when it is the one refused."""
        if posted == key:
            return {"rate": rate, "key": key, "show": True, "chosen": request.POST.getlist("provinces"),
                    "active": request.POST.get("is_active") == "on"}
        return {"rate": rate, "key": key, "show": False, "chosen": rate.provinces if rate else [],
                "active": rate.is_active if rate else True}

    return render(request, "seller/orders/shipping.html",
                  {"forms": [form(r, str(r.pk)) for r in rates], "new_form": form(None, "new"),
                   "provinces": PROVINCES, "errors": errors,
                   "error_summary": error_summary(errors, posted) if errors else [], "values": request.POST},
                  status=400 if errors else 200)


@approved_member_required
@require_http_methods(["GET", "POST"])
def shipping_rate_delete(request, rate_id):
    """Ask first (GET), delete on POST; another producer's option is "not found"."""
    rate = ShippingRate.objects.filter(pk=rate_id, producer=request.producer).first()
    if rate is None:
        raise Http404
    if request.method == "POST":
        try:
            shipping_rates_service.delete_shipping_rate(user=request.user, producer=request.producer, rate_id=rate.pk)
        except ValidationError:
            raise Http404 from None
        messages.success(request, _("The delivery option “%(name)s” was deleted.") % {"name": rate.name})
        return redirect("seller:shipping")
    return render(request, "seller/orders/shipping_delete.html", {"rate": rate})
