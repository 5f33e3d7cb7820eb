"""The producer's catalogue portal (/seller/products/). Thin: reads through catalog.selectors, writes
through catalog.services, whose ValidationErrors are shown beside the fields and summarised on top.
Every page works without JavaScript; seller-products.js only adds upload progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.catalog import csv_io, images, selectors, services
from ocop.catalog.errors import ProductErrorCode
from ocop.core.errors import add_to_form, error_list

from .access import approved_member_required
from .product_forms import FilterForm, FirstVariantForm, ImportForm, PhotoUploadForm, ProductForm, VariantForm

PAGE_SIZE = 25
FIRST_VARIANT_FIELDS = {"variants.0.name": "name", "variants.0.sku": "sku", "variants.0.price_amount": "price_amount",
                        "variants.0.stock": "stock"}


def _raise_if_not_found(exc: ValidationError) -> None:
    if any(item["code"] == ProductErrorCode.NOT_FOUND.value.upper() for item in error_list(exc)):
        raise Http404


def _summary(*forms) -> list[dict]:
    """The error summary on top of the page: each message links to its field."""
    items = []
    for form in forms:
        for field, errors in form.errors.items():
            href = f"#{form[field].auto_id}" if field in form.fields else None
            items.extend({"href": href, "message": message} for message in errors)
    return items


def _product_or_404(request, product_id):
    product = selectors.seller_product(request.producer, product_id)
    if product is None:
        raise Http404
    return product


# --------------------------------------------------------------------------- list, create, edit

@approved_member_required
def product_list(request):
    filters = FilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    products = selectors.seller_products(
        request.producer, query=values.get("q", ""), status=values.get("status", ""),
        category_id=int(values["category"]) if values.get("category") else None,
        out_of_stock=values.get("out_of_stock", False))
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for product in rows:
        product.thumbnail_url = default_storage.url(product.thumbnail_path) if product.thumbnail_path else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "seller/products/list.html", {
        "filters": filters, "page": page, "products": rows, "query": query.urlencode(),
        "filtered": any(values.get(f) for f in ("q", "status", "category", "out_of_stock")),
    })


@approved_member_required
@require_http_methods(["GET", "POST"])
def product_create(request):
    form = ProductForm(request.POST or None, producer=request.producer)
    variant = FirstVariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and variant.is_valid():
        data = form.service_data()
        if not variant.is_empty():
            data["variants"] = [variant.service_data()]
        try:
            product = services.create_product(user=request.user, producer_id=request.producer.pk, data=data)
        except ValidationError as exc:
            _raise_if_not_found(exc)
            first = {k: v for k, v in exc.error_dict.items() if k.startswith("variants.")}
            rest = {k: v for k, v in exc.error_dict.items() if not k.startswith("variants.")}
            if rest:
                add_to_form(form, ValidationError(rest), field_map=ProductForm.TRANSLATION_FIELDS)
            if first:
                add_to_form(variant, ValidationError(first), field_map=FIRST_VARIANT_FIELDS)
        else:
            messages.success(request, _("The product “%(name)s” was created.") % {"name": product.name})
            return redirect("seller:product_edit", product_id=product.pk)
    status = 400 if form.errors or variant.errors else 200
    return render(request, "seller/products/create.html",
                  {"form": form.mark_errors(), "variant_form": variant.mark_errors(),
                   "error_summary": _summary(form, variant)}, status=status)


@approved_member_required
@require_http_methods(["GET", "POST"])
def product_edit(request, product_id):
    product = _product_or_404(request, product_id)
    initial = {"name": product.name, "category": str(product.category_id or ""), "description": product.description,
               "weight_grams": "" if product.weight_grams is None else str(product.weight_grams),
               "ocop_certificate": str(product.ocop_certificate_id or ""), "is_published": product.is_published,
               **ProductForm.translation_initial(product)}
    form = ProductForm(request.POST or None, initial=initial, producer=request.producer)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(user=request.user, product_id=product.pk, data=form.service_data())
        except ValidationError as exc:
            _raise_if_not_found(exc)
            add_to_form(form, exc, field_map=ProductForm.TRANSLATION_FIELDS)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("seller:product_edit", product_id=product.pk)
    return render(request, "seller/products/edit.html",
                  {"product": product, "tab": "details", "form": form.mark_errors(), "error_summary": _summary(form)},
                  status=400 if form.errors else 200)


@approved_member_required
@require_POST
def product_publish(request, product_id):
    publish = request.POST.get("action") == "publish"
    try:
        if publish:
            services.publish_product(user=request.user, product_id=product_id)
            messages.success(request, _("Published: shoppers can now see the product."))
        else:
            services.unpublish_product(user=request.user, product_id=product_id)
            messages.success(request, _("Unpublished: the product is hidden from the shop."))
    except ValidationError as exc:
        _raise_if_not_found(exc)
        for item in error_list(exc):
            messages.error(request, item["message"])
    return redirect(_next_url(request, product_id))


def _next_url(request, product_id):
    target = request.POST.get("next", "")
    allowed = {"variants": "seller:product_variants", "photos": "seller:product_photos",
               "details": "seller:product_edit"}
    if target == "list":
        return reverse("seller:products")
    return reverse(allowed.get(target, "seller:product_edit"), kwargs={"product_id": product_id})


@approved_member_required
@require_POST
def product_duplicate(request, product_id):
    try:
        copy = services.duplicate_product(user=request.user, product_id=product_id)
    except ValidationError as exc:
        _raise_if_not_found(exc)
        raise
    messages.success(request, _("A copy was made. It is not published; give it new SKUs and stock if needed."))
    return redirect("seller:product_edit", product_id=copy.pk)


@approved_member_required
@require_http_methods(["GET", "POST"])
def product_delete(request, product_id):
    product = _product_or_404(request, product_id)
    if request.method == "POST":
        try:
            services.delete_product(user=request.user, product_id=product.pk)
        except ValidationError as exc:
            _raise_if_not_found(exc)
            for item in error_list(exc):
                messages.error(request, item["message"])
            return redirect("seller:product_edit", product_id=product.pk)
        messages.success(request, _("The product “%(name)s” was deleted.") % {"name": product.name})
        return redirect("seller:products")
    return render(request, "seller/products/delete.html", {"product": product, "tab": "details"})


# --------------------------------------------------------------------------- variants and stock

@approved_member_required
@require_http_methods(["GET", "POST"])
def variant_list(request, product_id):
    """The variants with one stock form for all of them."""
    product = _product_or_404(request, product_id)
    errors = {}
    if request.method == "POST":
        quantities = {v.pk: request.POST.get(f"stock-{v.pk}", "") for v in product.variants.all()}
        try:
            services.set_stocks(user=request.user, product_id=product.pk, quantities=quantities)
        except ValidationError as exc:
            _raise_if_not_found(exc)
            errors = {field: [str(m) for m in errs[0].messages] for field, errs in exc.error_dict.items()}
        else:
            messages.success(request, _("Stock saved."))
            return redirect("seller:product_variants", product_id=product.pk)
    rows = [{"variant": v, "field": f"stock-{v.pk}",
             "value": request.POST.get(f"stock-{v.pk}", v.stock_quantity) if errors else v.stock_quantity,
             "error": (errors.get(f"stock-{v.pk}") or [""])[0]} for v in product.variants.all()]
    return render(request, "seller/products/variants.html",
                  {"product": product, "tab": "variants", "rows": rows,
                   "error_summary": [{"href": f"#id_{r['field']}", "message": r["error"]} for r in rows if r["error"]]},
                  status=400 if errors else 200)


def _variant_of(product, variant_id):
    for variant in product.variants.all():
        if variant.pk == variant_id:
            return variant
    raise Http404


@approved_member_required
@require_http_methods(["GET", "POST"])
def variant_edit(request, product_id, variant_id=None):
    product = _product_or_404(request, product_id)
    variant = _variant_of(product, variant_id) if variant_id else None
    initial = {}
    if variant is not None:
        initial = {"name": variant.name, "sku": variant.sku, "price_amount": str(variant.price_amount),
                   "compare_at_price_amount": str(variant.compare_at_price_amount or ""),
                   "weight_grams": "" if variant.weight_grams is None else str(variant.weight_grams),
                   "stock": str(variant.stock_quantity), **VariantForm.translation_initial(variant)}
    form = VariantForm(request.POST or None, initial=initial or {"stock": "0"})
    if request.method == "POST" and form.is_valid():
        try:
            if variant is None:
                services.create_variant(user=request.user, product_id=product.pk, data=form.service_data())
            else:
                services.update_variant(user=request.user, variant_id=variant.pk, data=form.service_data())
        except ValidationError as exc:
            _raise_if_not_found(exc)
            add_to_form(form, exc, field_map=VariantForm.TRANSLATION_FIELDS)
        else:
            messages.success(request, _("Variant saved."))
            if variant is None and request.POST.get("then") == "another":
                return redirect("seller:variant_create", product_id=product.pk)
            return redirect("seller:product_variants", product_id=product.pk)
    return render(request, "seller/products/variant_form.html",
                  {"product": product, "tab": "variants", "variant": variant, "form": form.mark_errors(),
                   "error_summary": _summary(form)}, status=400 if form.errors else 200)


@approved_member_required
@require_http_methods(["GET", "POST"])
def variant_delete(request, product_id, variant_id):
    product = _product_or_404(request, product_id)
    variant = _variant_of(product, variant_id)
    error = None
    if request.method == "POST":
        try:
            services.delete_variant(user=request.user, variant_id=variant.pk)
        except ValidationError as exc:
            _raise_if_not_found(exc)
            error = error_list(exc)[0]["message"]
        else:
            messages.success(request, _("Variant deleted."))
            return redirect("seller:product_variants", product_id=product.pk)
    return render(request, "seller/products/variant_delete.html",
                  {"product": product, "tab": "variants", "variant": variant, "error": error},
                  status=400 if error else 200)


# --------------------------------------------------------------------------- photos

@approved_member_required
@require_http_methods(["GET", "POST"])
def product_photos(request, product_id):
    product = _product_or_404(request, product_id)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("images")
        try:
            saved = services.add_images(user=request.user, product_id=product.pk, files=files,
                                        alt=form.cleaned_data.get("alt", ""))
        except ValidationError as exc:
            _raise_if_not_found(exc)
            add_to_form(form, exc)
        else:
            messages.success(request, _("%(count)s photo(s) added.") % {"count": len(saved)})
            return redirect("seller:product_photos", product_id=product.pk)
    return render(request, "seller/products/photos.html",
                  {"product": product, "tab": "photos", "form": form.mark_errors(), "error_summary": _summary(form),
                   "photos": [_photo(m) for m in product.media.all()]}, status=400 if form.errors else 200)


def _photo(media, box: int = 320) -> dict:
    scale = box / max(media.width or box, media.height or box, 1)
    return {"media": media, "src": images.thumbnail_url(media, box),
            "width": round((media.width or box) * scale), "height": round((media.height or box) * scale)}


@approved_member_required
@require_POST
def photo_update(request, product_id, media_id):
    """One photo: move up or down, change its description, or delete it (one button each)."""
    product = _product_or_404(request, product_id)
    if media_id not in {m.pk for m in product.media.all()}:
        raise Http404
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.move_image(user=request.user, media_id=media_id, offset=-1 if action == "up" else 1)
            messages.success(request, _("Photo moved."))
        elif action == "alt":
            services.set_image_alt(user=request.user, media_id=media_id, alt=request.POST.get("alt", ""))
            messages.success(request, _("Photo description saved."))
        elif action == "delete":
            services.delete_image(user=request.user, media_id=media_id)
            messages.success(request, _("Photo deleted."))
        else:
            raise Http404
    except ValidationError as exc:
        _raise_if_not_found(exc)
        for item in error_list(exc):
            messages.error(request, item["message"])
    return redirect(f"{_photos_url(product.pk)}#photo-{media_id}" if action != "delete" else _photos_url(product.pk))


def _photos_url(product_id):
    return reverse("seller:product_photos", kwargs={"product_id": product_id})


# --------------------------------------------------------------------------- CSV

@approved_member_required
@require_http_methods(["GET", "POST"])
def product_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data.get("file")
        if uploaded is None:
            form.add_error("file", _("Choose a CSV file to upload."))
        else:
            try:
                result = services.import_products_csv(user=request.user, producer_id=request.producer.pk,
                                                      data=uploaded)
            except csv_io.ImportErrors as exc:
                report = exc.report
                form.add_error("file", _("Nothing was imported: fix the rows listed below and upload the file again."))
            except ValidationError as exc:
                _raise_if_not_found(exc)
                add_to_form(form, exc)
            else:
                messages.success(request, _(
                    "Imported: %(created)s new and %(updated)s updated products, %(vcreated)s new and %(vupdated)s "
                    "updated variants.") % {"created": result["products_created"], "updated": result["products_updated"],
                                            "vcreated": result["variants_created"],
                                            "vupdated": result["variants_updated"]})
                return redirect("seller:products")
    return render(request, "seller/products/import.html",
                  {"form": form.mark_errors(), "error_summary": _summary(form), "report": report, "columns": csv_io.COLUMNS,
                   "required_columns": csv_io.REQUIRED_COLUMNS}, status=400 if form.errors else 200)


@approved_member_required
def product_export(request):
    response = HttpResponse(csv_io.export_csv(request.producer), content_type="text/csv; charset=utf-8")
    filename = f"{request.producer.slug}-products-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
