"""The producer's catalogue as a CSV file: one row per variant, repeated product columns.

Import is all or nothing: every row is checked with the same rules as the single writes in
catalog.services, and only a file without a single error is saved (in bulk, so thousands of rows
take seconds). Errors come back as a report of (row, column, what to fix)."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max, Prefetch
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.core import translations as core_translations
from ocop.core.text import fold_vietnamese

from . import services
from .errors import ProductErrorCode as Code
from .models import Category, Product, ProductTranslation, ProductVariant, ProductVariantTranslation, Stock

COLUMNS = ("product_slug", "product_name", "category_slug", "description", "variant_name", "sku", "price_vnd",
           "stock", "weight_grams", "product_name_en", "description_en", "variant_name_en")
REQUIRED_COLUMNS = ("product_name", "category_slug", "sku", "price_vnd")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_REPORTED = 200
FORMULA_START = ("=", "+", "-", "@")
VARIANT_COLUMNS = {"sku": "sku", "name": "variant_name", "price_amount": "price_vnd", "weight_grams": "weight_grams",
                   "stock": "stock"}
PRODUCT_COLUMNS = {"name": "product_name", "slug": "product_slug", "description": "description",
                   "category": "category_slug"}
# The English texts (optional columns): an empty cell leaves what the product or variant has.
ENGLISH_PRODUCT_COLUMNS = {"name": "product_name_en", "description": "description_en"}
ENGLISH_VARIANT_COLUMNS = {"name": "variant_name_en"}


class ImportErrors(ValidationError):
    """A ValidationError on `file` whose `report` lists {row, column, message} for the report table."""

    def __init__(self, report: list[dict], code: Code = Code.INVALID):
        self.report = report
        super().__init__({"file": [
            ValidationError(_("Row %(row)s, column %(column)s: %(message)s")
                            % {"row": item["row"], "column": item["column"] or "–", "message": item["message"]},
                            code=item.get("code", code.value))
            for item in report]})


def decode(data: bytes) -> str:
    """UTF-8, with or without the byte-order mark Excel writes; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _encoding_error()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _encoding_error() from None


def _encoding_error() -> ImportErrors:
    return ImportErrors([{"row": 1, "column": "", "code": Code.INVALID_ENCODING.value, "message": _(
        "The file is not saved as UTF-8, so Vietnamese letters would be garbled. In Excel choose "
        "“Save as” › “CSV UTF-8 (Comma delimited)”; in LibreOffice choose the character set "
        "“Unicode (UTF-8)”, then upload it again.")}], code=Code.INVALID_ENCODING)


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """[(row number as a spreadsheet shows it, {column: text})], or ImportErrors for the file as a whole."""
    if len(data) > MAX_BYTES:
        raise ImportErrors([{"row": 1, "column": "", "code": Code.FILE_TOO_LARGE.value,
                             "message": _("The file is larger than 10 MB; split it into several files.")}])
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        header = []
    _check_header(header)
    rows = []
    try:
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                rows.append((line, None))
                continue
            rows.append((line, {name: _from_cell(values[i]) if i < len(values) else ""
                                for i, name in enumerate(header)}))
            if len(rows) > MAX_ROWS:
                raise ImportErrors([{"row": line, "column": "", "message": _(
                    "The file has more than %(max)s rows; split it into several files.") % {"max": MAX_ROWS}}])
    except csv.Error:
        raise ImportErrors([{"row": reader.line_num, "column": "", "message": _(
            "This row cannot be read as CSV; check the quotation marks.")}]) from None
    if not rows:
        raise ImportErrors([{"row": 2, "column": "", "code": Code.REQUIRED.value,
                             "message": _("The file has a header but no products.")}])
    return rows


def _check_header(header: list[str]) -> None:
    report = []
    expected = ", ".join(COLUMNS)
    for name in header:
        if name and name not in COLUMNS:
            report.append({"row": 1, "column": name, "code": Code.INVALID_COLUMNS.value, "message": _(
                "Unknown column. The columns are: %(columns)s.") % {"columns": expected}})
    seen = set()
    for name in header:
        if name in seen:
            report.append({"row": 1, "column": name, "code": Code.DUPLICATED_INPUT_ITEM.value,
                           "message": _("This column appears twice; keep one.")})
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in header:
            report.append({"row": 1, "column": name, "code": Code.INVALID_COLUMNS.value, "message": _(
                "This column is missing. The first row must name the columns: %(columns)s.") % {"columns": expected}})
    if report:
        raise ImportErrors(report, code=Code.INVALID_COLUMNS)


def _from_cell(value: str) -> str:
    value = value.strip()
    # Export protects cells that a spreadsheet would run as formulas; undo that here.
    if value.startswith("'") and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _to_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not text.lstrip("-").isdigit():
        return "'" + text
    return text


# --------------------------------------------------------------------------- import

def update_rows(model, objects: list, fields: list[str], batch_size: int = 1000) -> None:
    """UPDATE … FROM (VALUES …), a statement per batch. Django's bulk_update writes a CASE WHEN per
    column that PostgreSQL evaluates row by row: 5,000 variants took about 20 s that way, well under
    a second this way."""
    columns = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    names = [pk.column] + [c.column for c in columns]
    casts = [pk.db_type(connection)] + [c.db_type(connection) for c in columns]
    row = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    assignments = ", ".join(f'"{c.column}" = v."{c.column}"' for c in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            batch = objects[start:start + batch_size]
            params = []
            for obj in batch:
                params.append(obj.pk)
                params.extend(c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns)
            # Only identifiers from the model's own metadata are formatted in; every value is a parameter.
            sql = (f'UPDATE "{model._meta.db_table}" AS t SET {assignments} '  # nosec B608
                   f'FROM (VALUES {", ".join([row] * len(batch))}) '
                   f'AS v({", ".join(chr(34) + n + chr(34) for n in names)}) WHERE t."{pk.column}" = v."{pk.column}"')
            cursor.execute(sql, params)


class _Plan:
    """What a valid file will do: the products and variants to create or update."""

    def __init__(self):
        self.products: dict[str, dict] = {}   # key -> {"row", "fields", "product" (existing or None), "slug"}
        self.variants: list[dict] = []        # {"row", "product_key", "fields", "stock", "variant" (existing)}
        self.report: list[dict] = []

    def error(self, row: int, column: str, exc_or_message, code: str | None = None) -> None:
        if isinstance(exc_or_message, ValidationError):
            for error in exc_or_message.error_list:
                self.report.append({"row": row, "column": column, "message": error.messages[0],
                                    "code": error.code or Code.INVALID.value})
        else:
            self.report.append({"row": row, "column": column, "message": exc_or_message,
                                "code": code or Code.INVALID.value})


def import_rows(producer, data: bytes) -> dict:
    rows = read_rows(data)
    plan = _Plan()
    categories = {c.slug: c for c in Category.objects.all()}
    slugs = {r["product_slug"].lower() for _, r in rows if r and r.get("product_slug")}
    by_slug = {p.slug: p for p in Product.objects.filter(slug__in=slugs)}
    names = {fold_vietnamese(r["product_name"]).lower() for _, r in rows if r and not r.get("product_slug")}
    by_name = {}
    if names:
        for product in Product.objects.filter(producer=producer).only("pk", "name", "slug", "producer_id"):
            by_name.setdefault(fold_vietnamese(product.name).lower(), product)
    skus = {r["sku"].upper() for _, r in rows if r and r.get("sku")}
    by_sku = {v.sku.lower(): v for v in ProductVariant.objects.annotate(upper_sku=Upper("sku"))
              .filter(upper_sku__in=skus).select_related("product")} if skus else {}
    seen_skus: dict[str, int] = {}
    for line, row in rows:
        if row is None:
            plan.error(line, "", _("This row has more values than there are columns; put text that contains "
                                   "commas in quotation marks."))
            continue
        key = _plan_product(plan, producer, line, row, categories, by_slug, by_name)
        _plan_variant(plan, producer, line, row, key, by_sku, seen_skus)
        if len(plan.report) >= MAX_REPORTED:
            break
    if plan.report:
        raise ImportErrors(plan.report[:MAX_REPORTED])
    return _apply(plan, producer)


def _plan_product(plan, producer, line, row, categories, by_slug, by_name) -> str | None:
    fields = {"name": row.get("product_name", ""), "description": row.get("description", "")}
    slug = row.get("product_slug", "").lower()
    if slug:
        fields["slug"] = slug
    try:
        cleaned = services.clean_product_fields(fields, producer=producer, partial=True)
    except ValidationError as exc:
        for field, errors in exc.error_dict.items():
            plan.error(line, PRODUCT_COLUMNS[field], ValidationError(errors))
        return None
    if not cleaned.get("name"):
        plan.error(line, "product_name", _("Enter the product's name."), Code.REQUIRED.value)
        return None
    category_slug = row.get("category_slug", "").lower()
    category = categories.get(category_slug)
    if category is None:
        plan.error(line, "category_slug", _("No category has this slug. Use one of: %(slugs)s.")
                   % {"slugs": ", ".join(sorted(categories))},
                   Code.PRODUCT_WITHOUT_CATEGORY.value if not category_slug else Code.INVALID.value)
        return None
    cleaned["category"] = category
    existing = None
    if slug:
        existing = by_slug.get(slug)
        if existing is not None and existing.producer_id != producer.pk:
            plan.error(line, "product_slug", _("This web address belongs to another producer's product; "
                                               "choose another product_slug."), Code.UNIQUE.value)
            return None
        key = "slug:" + slug
    else:
        folded = fold_vietnamese(cleaned["name"]).lower()
        existing = by_name.get(folded)
        key = "name:" + folded
    english = _plan_english(plan, line, row, ENGLISH_PRODUCT_COLUMNS, {"name": 250, "description": 20000})
    known = plan.products.get(key)
    if known is None:
        plan.products[key] = {"row": line, "fields": cleaned, "product": existing, "english": english}
        return key
    for field, text in english.items():  # any row of the product may carry its English texts
        known["english"].setdefault(field, text)
    first = known["fields"]
    for field, column in (("name", "product_name"), ("category", "category_slug"), ("description", "description")):
        if cleaned.get(field) and first.get(field) and cleaned[field] != first[field]:
            plan.error(line, column, _("Rows of the same product must agree: this differs from row %(row)s.")
                       % {"row": known["row"]})
    return key


def _plan_english(plan, line, row, columns: dict, limits: dict) -> dict:
    """The row's non-empty English texts {field: text}, checked as the forms check them."""
    given = {field: row.get(column, "") for field, column in columns.items() if row.get(column, "")}
    if not given:
        return {}
    try:
        cleaned = core_translations.clean_translations({"en": given}, {f: limits[f] for f in given},
                                                       code=Code.INVALID.value)
    except ValidationError as exc:
        for name, errors in exc.error_dict.items():
            plan.error(line, columns[name.rsplit(".", 1)[-1]], ValidationError(errors))
        return {}
    return cleaned["en"]


def _plan_variant(plan, producer, line, row, product_key, by_sku, seen_skus) -> None:
    sku, price = row.get("sku", ""), row.get("price_vnd", "")
    if not sku and not price and not row.get("variant_name"):
        return  # a product without variants: only its own columns count
    fields = {"sku": sku, "name": row.get("variant_name", ""), "price_amount": price,
              "weight_grams": row.get("weight_grams", "")}
    if row.get("stock", "") != "":
        fields["stock"] = row["stock"]
    try:
        cleaned = services.clean_variant_fields(fields, partial=False)
    except ValidationError as exc:
        for field, errors in exc.error_dict.items():
            plan.error(line, VARIANT_COLUMNS[field], ValidationError(errors))
        return
    folded = cleaned["sku"].lower()
    if folded in seen_skus:
        plan.error(line, "sku", _("This SKU is already on row %(row)s; every variant needs its own.")
                   % {"row": seen_skus[folded]}, Code.DUPLICATED_INPUT_ITEM.value)
        return
    seen_skus[folded] = line
    existing = by_sku.get(folded)
    if existing is not None:
        if existing.product.producer_id != producer.pk:
            plan.error(line, "sku", _("This SKU is used by another seller; choose another."), Code.UNIQUE.value)
            return
        target = plan.products.get(product_key or "", {}).get("product")
        if target is None or target.pk != existing.product_id:
            plan.error(line, "sku", _("This SKU belongs to your product “%(name)s” (%(slug)s); write that "
                                      "product_slug or use a new SKU.")
                       % {"name": existing.product.name, "slug": existing.product.slug}, Code.UNIQUE.value)
            return
    english = _plan_english(plan, line, row, ENGLISH_VARIANT_COLUMNS, {"name": 120})
    if product_key is not None:
        plan.variants.append({"row": line, "product_key": product_key, "fields": cleaned,
                              "stock": cleaned.pop("stock", None), "variant": existing, "english": english})


def _apply(plan: _Plan, producer) -> dict:
    now = timezone.now()
    goods = services.product_type_for(None, None)
    service = None
    reserved = {p["fields"]["slug"] for p in plan.products.values() if p["fields"].get("slug")}
    bases = {}
    for entry in plan.products.values():
        if entry["product"] is None and not entry["fields"].get("slug"):
            bases.setdefault(slugify(fold_vietnamese(entry["fields"]["name"]))[:200].strip("-") or "san-pham", [])
    busy = set(Product.objects.filter(slug__in=list(bases)).values_list("slug", flat=True))
    created, updated = [], []
    for entry in plan.products.values():
        fields, product = entry["fields"], entry["product"]
        if product is None:
            slug = fields.get("slug")
            if not slug:
                base = slugify(fold_vietnamese(fields["name"]))[:200].strip("-") or "san-pham"
                slug = services.unique_slug(fields["name"], reserved) if base in busy or base in reserved else base
            reserved.add(slug)
            if fields["category"].slug == "du-lich-cong-dong":
                service = service or services.product_type_for(None, fields["category"])
            product = Product(producer=producer, origin_area_id=producer.area_id, slug=slug, name=fields["name"],
                              description=fields.get("description", ""), category=fields["category"],
                              product_type=service if fields["category"].slug == "du-lich-cong-dong" else goods,
                              search_index_dirty=True, created_at=now)
            created.append(product)
        else:
            product.name, product.category = fields["name"], fields["category"]
            if fields.get("description"):
                product.description = fields["description"]
            product.search_index_dirty, product.updated_at = True, now
            updated.append(product)
        entry["product"] = product
    Product.objects.bulk_create(created, batch_size=1000)
    update_rows(Product, updated, ["name", "category", "description", "search_index_dirty", "updated_at"])
    _save_english(ProductTranslation, "product", {e["product"].pk: e["english"] for e in plan.products.values()
                                                  if e["english"]})
    from ocop.search.indexing import schedule_update

    schedule_update()
    return _apply_variants(plan, producer, now, len(created), len(updated))


def _save_english(model, owner: str, texts: dict[int, dict]) -> None:
    """English rows for {owner id: {field: text}}: the given fields set, the others kept (two
    statements at most, whatever the number of rows)."""
    if not texts:
        return
    existing = {getattr(t, f"{owner}_id"): t for t in model.objects.filter(**{f"{owner}_id__in": list(texts)},
                                                                          language_code="en")}
    new, changed, fields = [], [], set()
    for owner_id, given in texts.items():
        row = existing.get(owner_id)
        if row is None:
            new.append(model(**{f"{owner}_id": owner_id}, language_code="en", **given))
        else:
            for field, text in given.items():
                setattr(row, field, text)
            fields.update(given)
            changed.append(row)
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=1000)


def _apply_variants(plan, producer, now, products_created, products_updated) -> dict:
    warehouse = services.warehouse_for(producer)
    product_ids = {e["product"].pk for e in plan.products.values()}
    next_order = {row["product"]: row["last"] + 1 for row in ProductVariant.objects.filter(product__in=product_ids)
                  .values("product").annotate(last=Max("sort_order"))}
    new_variants, changed, stock_for = [], [], {}
    for item in plan.variants:
        product = plan.products[item["product_key"]]["product"]
        variant = item["variant"]
        if variant is None:
            order = next_order.get(product.pk, 0)
            next_order[product.pk] = order + 1
            variant = ProductVariant(product=product, sort_order=order, created_at=now,
                                     track_inventory=product.product_type.is_shipping_required, **item["fields"])
            new_variants.append(variant)
            item["new"] = True
        else:
            for field, value in item["fields"].items():
                setattr(variant, field, value)
            variant.updated_at = now
            changed.append(variant)
        item["variant"] = variant
    ProductVariant.objects.bulk_create(new_variants, batch_size=1000)
    update_rows(ProductVariant, changed, ["sku", "name", "price_amount", "weight_grams", "updated_at"])
    _save_english(ProductVariantTranslation, "variant", {item["variant"].pk: item["english"]
                                                         for item in plan.variants if item["english"]})
    for item in plan.variants:
        if item["stock"] is not None or item.get("new"):
            stock_for[item["variant"].pk] = (item["row"], item["stock"] or 0)
    existing = {s.product_variant_id: s for s in Stock.objects.select_for_update()
                .filter(warehouse=warehouse, product_variant__in=list(stock_for))}
    report, new_stocks, changed_stocks = [], [], []
    for variant_id, (line, quantity) in stock_for.items():
        stock = existing.get(variant_id)
        if stock is None:
            new_stocks.append(Stock(warehouse=warehouse, product_variant_id=variant_id, quantity=quantity))
        elif quantity < stock.quantity_allocated:
            report.append({"row": line, "column": "stock", "code": Code.INVALID.value, "message": _(
                "%(count)s are reserved by orders; the stock cannot go below that.") % {"count": stock.quantity_allocated}})
        else:
            stock.quantity = quantity
            changed_stocks.append(stock)
    if report:
        raise ImportErrors(report)
    Stock.objects.bulk_create(new_stocks, batch_size=1000)
    update_rows(Stock, changed_stocks, ["quantity"])
    return {"products_created": products_created, "products_updated": products_updated,
            "variants_created": len(new_variants), "variants_updated": len(changed)}


# --------------------------------------------------------------------------- export

def export_rows(producer):
    """Yield the header then one row per variant (one bare row for a product without variants)."""
    yield list(COLUMNS)
    stocks = Stock.objects.filter(warehouse__producer=producer)
    english_variants = ProductVariantTranslation.objects.filter(language_code="en")
    variants = ProductVariant.objects.order_by("sort_order", "id").prefetch_related(
        Prefetch("stocks", stocks), Prefetch("translations", english_variants))
    products = (Product.objects.filter(producer=producer).select_related("category").order_by("slug")
                .prefetch_related(Prefetch("variants", variants),
                                  Prefetch("translations", ProductTranslation.objects.filter(language_code="en"))))
    for product in products.iterator(chunk_size=500):
        head = [product.slug, product.name, product.category.slug if product.category else "", product.description]
        english = next(iter(product.translations.all()), None)
        tail = [english.name if english else "", english.description if english else ""]
        rows = list(product.variants.all())
        if not rows:
            yield [_to_cell(v) for v in head + ["", "", "", "", ""] + tail + [""]]
        for variant in rows:
            quantity = sum(s.quantity for s in variant.stocks.all())
            variant_english = next(iter(variant.translations.all()), None)
            yield [_to_cell(v) for v in head + [variant.name, variant.sku, variant.price_amount, quantity,
                                                variant.weight_grams] + tail
                   + [variant_english.name if variant_english else ""]]


def export_csv(producer) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel opens the Vietnamese letters as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(export_rows(producer))
    return out.getvalue()
