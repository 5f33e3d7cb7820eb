from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.checkout.provinces import PROVINCES


class AddressForm(forms.Form):
    email = forms.EmailField(label=_("E-mail for the receipt"), max_length=254)
    full_name = forms.CharField(label=_("Recipient's full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, help_text=_("For example 0912 345 678"),
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    province = forms.ChoiceField(label=_("Province or city"))
    district = forms.CharField(label=_("District (old address)"), max_length=120, required=False,
                               help_text=_("Only if your address still uses one."))
    commune = forms.CharField(label=_("Commune or ward"), max_length=120)
    street = forms.CharField(label=_("House number, street or hamlet"), max_length=255)

    def __init__(self, *args, needs_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Choose…"))] + [(p, p) for p in PROVINCES]
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        if not needs_email:
            del self.fields["email"]
