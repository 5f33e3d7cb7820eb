"""Forms of the seller's catalogue pages. They only collect and show input: every rule (required
fields, whole-number prices, unique SKUs) lives in ocop.catalog.services, whose errors the views put
beside these fields. So the forms are `novalidate` and their fields optional as far as Django knows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.catalog.models import Category
from ocop.producers.models import CertificateStatus

class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; catalog.services checks each of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [f for f in files if f]


STATUS_CHOICES = [("", _("All")), ("published", _("Published")), ("unpublished", _("Not published"))]


class SellerForm(forms.Form):
    def mark_errors(self) -> "SellerForm":
        """Point each field with an error at its message, for screen readers (GOV.UK pattern)."""
        for name, field in self.fields.items():
            described = []
            if field.help_text:
                described.append(f"{self[name].auto_id}_hint")
            if name in self.errors:
                described.append(f"{self[name].auto_id}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
        return self


def category_choices():
    categories = list(Category.objects.order_by("sort_order", "name"))
    children: dict = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    choices = [("", _("Choose a category"))]

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            choices.append((str(category.pk), "— " * depth + category.name))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return choices


def _number_input(**attrs):
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input-short", **attrs})


class ProductForm(SellerForm):
    name = forms.CharField(label=_("Product name"), required=False, max_length=250,
                           help_text=_("As shoppers should see it, for example “Mật ong rừng Tam Đảo”."))
    category = forms.ChoiceField(label=_("Category"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Where and how it is made, taste, how to store it."))
    weight_grams = forms.CharField(label=_("Weight in grams (optional)"), required=False, widget=_number_input(),
                                   help_text=_("Used for shipping when a variant has no weight of its own."))
    ocop_certificate = forms.ChoiceField(label=_("OCOP certificate (optional)"), required=False,
                                         help_text=_("Stars show only while the certificate is valid and verified "
                                                     "by your area officer."))
    is_published = forms.BooleanField(label=_("Published: shoppers can see and buy it"), required=False)
    # What English-speaking shoppers read; left empty, they see the Vietnamese text.
    name_en = forms.CharField(label=_("Name in English (optional)"), required=False,
                              help_text=_("Shown on the English pages, for example “Tam Dao wild honey”."))
    description_en = forms.CharField(label=_("Description in English (optional)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))

    # Service error names (catalog.services.clean_translations) → these fields.
    TRANSLATION_FIELDS = {"translations.en.name": "name_en", "translations.en.description": "description_en"}

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        certificates = producer.certificates.exclude(
            status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED]).order_by("-decision_date")
        self.fields["ocop_certificate"].choices = [("", _("None"))] + [
            (str(c.pk), f"{c.product_name} – {c.stars}★ – {c.decision_number} ({c.get_status_display()})")
            for c in certificates]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in
                ("name", "category", "description", "weight_grams", "ocop_certificate", "is_published")}
        data["ocop_certificate"] = data["ocop_certificate"] or None
        data["translations"] = {"en": {"name": self.cleaned_data.get("name_en") or "",
                                       "description": self.cleaned_data.get("description_en") or ""}}
        return data

    @staticmethod
    def translation_initial(product) -> dict:
        english = next((t for t in product.translations.all() if t.language_code == "en"), None)
        return {"name_en": english.name if english else "", "description_en": english.description if english else ""}


class FirstVariantForm(SellerForm):
    """On the new-product page: the first variant, so that a product can be published at once."""

    prefix = "variant"
    name = forms.CharField(label=_("Variant name"), required=False, max_length=120,
                           help_text=_("For example “Jar 500 g”. Leave empty if there is only one kind."))
    sku = forms.CharField(label=_("SKU"), required=False, max_length=64,
                          help_text=_("Your own code for this variant, unique, for example MO-RUNG-500."))
    price_amount = forms.CharField(label=_("Price in đồng"), required=False, widget=_number_input(),
                                   help_text=_("In đồng, for example 150000 or 150.000."))
    stock = forms.CharField(label=_("Quantity in stock"), required=False, widget=_number_input())

    def is_empty(self) -> bool:
        return not any((self.cleaned_data.get(f) or "").strip() for f in ("name", "sku", "price_amount", "stock"))

    def service_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in ("name", "sku", "price_amount")}
        data["stock"] = self.cleaned_data.get("stock") or "0"
        return data


class VariantForm(SellerForm):
    name = forms.CharField(label=_("Variant name"), required=False, max_length=120,
                           help_text=_("For example “Jar 500 g”. Leave empty if there is only one kind."))
    sku = forms.CharField(label=_("SKU"), required=False, max_length=64,
                          help_text=_("Your own code for this variant, unique, for example MO-RUNG-500."))
    price_amount = forms.CharField(label=_("Price in đồng"), required=False, widget=_number_input(),
                                   help_text=_("In đồng, for example 150000 or 150.000."))
    compare_at_price_amount = forms.CharField(
        label=_("Price before discount (optional)"), required=False, widget=_number_input(),
        help_text=_("Shown crossed out beside the price."))
    weight_grams = forms.CharField(label=_("Weight with packaging, in grams (optional)"), required=False,
                                   widget=_number_input())
    stock = forms.CharField(label=_("Quantity in stock"), required=False, widget=_number_input())
    name_en = forms.CharField(label=_("Variant name in English (optional)"), required=False,
                              help_text=_("Shown on the English pages, for example “500 g jar”."))

    # Service error names (catalog.services.clean_variant_fields) → these fields.
    TRANSLATION_FIELDS = {"translations.en.name": "name_en", "quantity": "stock"}

    def service_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in self.fields if f != "name_en"}
        data["translations"] = {"en": {"name": self.cleaned_data.get("name_en") or ""}}
        return data

    @staticmethod
    def translation_initial(variant) -> dict:
        english = next((t for t in variant.translations.all() if t.language_code == "en"), None)
        return {"name_en": english.name if english else ""}


class PhotoUploadForm(SellerForm):
    images = MultipleFileField(label=_("Photos"), required=False,
                             help_text=_("JPEG, PNG or WebP, up to 10 MB each. You can choose several at once."),
                             widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    alt = forms.CharField(label=_("Describe the photos for people who cannot see them (optional)"),
                          required=False, max_length=250)


class ImportForm(SellerForm):
    file = forms.FileField(label=_("CSV file"), required=False,
                           help_text=_("UTF-8, one row per variant, up to 10 MB."),
                           widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Name or SKU"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. mat ong")}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    category = forms.ChoiceField(label=_("Category"), required=False)
    out_of_stock = forms.BooleanField(label=_("Out of stock only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + category_choices()[1:]
