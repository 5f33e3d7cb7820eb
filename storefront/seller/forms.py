"""Forms of the seller portal. Validation rules live in the services; forms only collect input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.areas.selectors import area_choices
from ocop.producers.models import DocumentKind, LegalForm


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 10 characters, not only digits."))


class LegalStepForm(forms.Form):
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Registered name"), max_length=200,
                           help_text=_("As written on the registration certificate."))
    registration_number = forms.CharField(label=_("Registration number"), max_length=30)
    registration_date = forms.DateField(label=_("Registration date"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    registration_issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)


class ContactStepForm(forms.Form):
    representative = forms.CharField(label=_("Representative"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, help_text=_("For example 0912 345 678."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("E-mail for orders and notices"))


class AreaStepForm(forms.Form):
    area = forms.TypedChoiceField(label=_("District or commune"), coerce=int)
    address = forms.CharField(label=_("Street address, village or hamlet"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Choose…"))] + area_choices()


class AboutStepForm(forms.Form):
    description = forms.CharField(label=_("Your story"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("What you make, where and how. Shoppers read this."))
    bank_name = forms.CharField(label=_("Bank"), max_length=120, required=False)
    bank_account_number = forms.CharField(label=_("Account number"), max_length=30, required=False)
    bank_account_name = forms.CharField(label=_("Account holder"), max_length=150, required=False)


class ProfileForm(forms.Form):
    """What an approved producer keeps up to date: the story shoppers read (also in English), contact
    and payout details. What the officer verified (legal details, area) is not here."""

    description = forms.CharField(label=_("Your story"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("What you make, where and how. Shoppers read this."))
    description_en = forms.CharField(label=_("Your story in English"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 6}),
                                     help_text=_("Shown on the English pages; left empty, they show the "
                                                 "Vietnamese story."))
    representative = forms.CharField(label=_("Representative"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, help_text=_("For example 0912 345 678."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("E-mail for orders and notices"))
    bank_name = forms.CharField(label=_("Bank"), max_length=120, required=False)
    bank_account_number = forms.CharField(label=_("Account number"), max_length=30, required=False)
    bank_account_name = forms.CharField(label=_("Account holder"), max_length=150, required=False)

    def service_data(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name != "description_en"}
        data["translations"] = {"en": {"description": self.cleaned_data.get("description_en") or ""}}
        return data

    @classmethod
    def initial_for(cls, producer) -> dict:
        initial = {name: getattr(producer, name) for name in cls.base_fields if name != "description_en"}
        initial["phone"] = producer.phone_display
        english = next((t for t in producer.translations.all() if t.language_code == "en"), None)
        initial["description_en"] = english.description if english else ""
        return initial


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, up to 10 MB)"))


STEPS = [
    ("legal", LegalStepForm, _("Legal details")),
    ("contact", ContactStepForm, _("Contact")),
    ("area", AreaStepForm, _("Where you produce")),
    ("about", AboutStepForm, _("About you and payouts")),
]
