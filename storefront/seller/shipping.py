"""/seller/shipping/: the producer's delivery options (flat + per started kg, provinces served)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ocop.checkout import services
from ocop.checkout.models import ShippingRate
from ocop.checkout.provinces import PROVINCES

from .access import approved_member_required


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
    return render(request, "seller/orders/shipping.html",
                  {"forms": [{"rate": r, "key": str(r.pk), "show": posted == str(r.pk)} for r in rates],
                   "new_form": {"rate": None, "key": "new", "show": posted == "new"}, "provinces": PROVINCES, "errors": errors, "posted": posted,
                   "values": request.POST}, status=400 if errors else 200)
