"""The shopper's address book: /accounts/addresses/. Every rule is the account services' (the same
as the API's: accounts.services, accounts.addresses); these pages only ask and show. Another
person's address is 'not found'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import addresses as address_rules
from ocop.accounts import services
from ocop.accounts.models import Address
from ocop.checkout.addresses import full_name, street
from ocop.checkout.provinces import match_province

from .checkout.forms import AddressForm

KINDS = ("shipping", "billing")


def _own(request, pk) -> Address:
    address = Address.objects.filter(pk=pk, user=request.user).first()
    if address is None:
        raise Http404
    return address


def form_values(address: Address) -> dict:
    """An address book entry as the storefront's address form shows it (also the checkout's first guess)."""
    return {"full_name": full_name(address.first_name, address.last_name), "phone": address.phone,
            "province": match_province(address.province) or address.province, "district": address.district,
            "commune": address.commune, "street": street({"street_address_1": address.street_address_1,
                                                           "street_address_2": address.street_address_2})}


@login_required
def address_list(request):
    user = request.user
    return render(request, "storefront/account/addresses.html", {
        "addresses": list(Address.objects.filter(user=user).order_by("pk")),
        "default_shipping": user.default_shipping_address_id, "default_billing": user.default_billing_address_id,
    })


def _save(request, address: Address | None):
    form = AddressForm(request.POST or None, needs_email=False, initial=form_values(address) if address else None)
    if request.method == "POST" and form.is_valid():
        data = address_rules.from_form(form.cleaned_data)
        try:
            if address is None:
                services.create_address(user=request.user, data=data,
                                        default_for="shipping" if request.POST.get("make_default") else None)
            else:
                services.update_address(user=request.user, address_id=address.pk, data=data)
        except ValidationError as exc:
            for field, error in address_rules.form_errors(exc).items():
                form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Address saved."))
            return redirect("account_addresses:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "storefront/account/address_form.html", {"form": form, "address": address}, status=status)


@login_required
def address_new(request):
    return _save(request, None)


@login_required
def address_edit(request, pk):
    return _save(request, _own(request, pk))


@login_required
def address_delete(request, pk):
    address = _own(request, pk)
    if request.method == "POST":
        services.delete_address(user=request.user, address_id=address.pk)
        messages.success(request, _("Address deleted."))
        return redirect("account_addresses:list")
    return render(request, "storefront/account/address_delete.html", {"address": address})


@login_required
@require_POST
def address_default(request, pk):
    address = _own(request, pk)
    kind = request.POST.get("kind")
    if kind not in KINDS:
        kind = "shipping"
    services.set_default_address(user=request.user, address_id=address.pk, kind=kind)
    messages.success(request, _("Default delivery address changed.") if kind == "shipping"
                     else _("Default billing address changed."))
    return redirect("account_addresses:list")
