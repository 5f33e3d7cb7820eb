"""Load the sample catalogue. Idempotent: every row is found by its natural key and updated, so a
second run changes nothing and creates nothing (images are only drawn for products without one)."""

from __future__ import annotations

import io
import json
import math
import random
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from . import areas as area_data
from . import catalogue

SEEDS_DIR = Path(__file__).resolve().parent
SAMPLE_LABEL = "Dữ liệu mẫu (hư cấu) · Sample data (fictional)"


def load_accounts_file() -> list[dict]:
    return json.loads((SEEDS_DIR / "accounts.json").read_text(encoding="utf-8"))


def load(*, images: bool = True, quiet: bool = False) -> dict:
    steps = [
        ("areas", _load_areas),
        ("categories", _load_categories),
        ("producers", _load_producers),
        ("certificates", _load_certificates),
        ("products", _load_products),
        ("collections", _load_collections),
        ("accounts", _load_accounts),
    ]
    if images:
        steps.append(("images", _load_images))
    steps.append(("search index", index_for_search))
    steps.append(("shipping rates", _load_shipping_rates))
    counts: dict = {}
    with tqdm(total=len(steps), desc="Sample data", unit="step", disable=quiet) as bar:
        for name, step in steps:
            bar.set_postfix_str(name)
            with transaction.atomic():
                counts[name] = step(quiet=quiet)
            bar.update(1)
    return counts


# --------------------------------------------------------------------------- areas

def _area(scheme, code, name, level, parent=None, valid_until=None):
    from ocop.areas.models import Area

    area, _ = Area.objects.update_or_create(
        scheme=scheme, code=code,
        defaults={"name": name, "level": level, "parent": parent,
                  "valid_until": date.fromisoformat(valid_until) if valid_until else None},
    )
    return area


def _commune_code(district_code: str, index: int) -> str:
    return f"{int(district_code) * 40 + index:05d}"


def _load_areas(quiet=False) -> int:
    old = area_data.VINH_PHUC_2008
    new = area_data.PHU_THO_2025
    phu_tho = _area("2025", new["code"], new["name"], "province")
    vinh_phuc = _area("2008", old["code"], old["name"], "province", valid_until=old["valid_until"])
    count = 2
    for district_code, district_name, communes in old["districts"]:
        district = _area("2008", district_code, district_name, "district", vinh_phuc, old["valid_until"])
        count += 1
        for index, commune in enumerate(communes, start=1):
            _area("2008", _commune_code(district_code, index), commune, "commune", district, old["valid_until"])
            count += 1
    for code, name, _former_district in new["communes"]:
        _area("2025", code, name, "commune", phu_tho)
        count += 1
    vinh_phuc.successor = phu_tho
    vinh_phuc.save(update_fields=["successor"])
    for code, name in area_data.PROVINCES_2025:
        _area("2025", code, name, "province")
        count += 1
    return count


def _find_area(producer: dict):
    from ocop.areas.models import Area

    if producer.get("commune_2025"):
        return Area.objects.get(scheme="2025", level="commune", name=producer["commune_2025"])
    district = Area.objects.get(scheme="2008", level="district", name__endswith=producer["district"])
    commune = Area.objects.filter(parent=district, name=producer.get("commune")).first()
    return commune or district


# --------------------------------------------------------------------------- catalogue

def _load_categories(quiet=False) -> int:
    from ocop.catalog.models import Category, CategoryTranslation, ProductType

    for order, data in enumerate(catalogue.CATEGORIES):
        parent = Category.objects.get(slug=data["parent"]) if data.get("parent") else None
        category, _ = Category.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data["description"], "parent": parent, "sort_order": order},
        )
        CategoryTranslation.objects.update_or_create(
            category=category, language_code="en",
            defaults={"name": data["name_en"], "description": data["description_en"]},
        )
    ProductType.objects.update_or_create(slug="hang-hoa", defaults={"name": "Hàng hóa (giao hàng)",
                                                                     "is_shipping_required": True})
    ProductType.objects.update_or_create(slug="dich-vu", defaults={"name": "Dịch vụ du lịch cộng đồng",
                                                                    "is_shipping_required": False})
    return len(catalogue.CATEGORIES)


def _load_producers(quiet=False) -> int:
    from ocop.catalog.models import Warehouse
    from ocop.core.validators import normalize_phone
    from ocop.producers.models import Producer, ProducerEvent, ProducerTranslation

    for data in catalogue.PRODUCERS:
        area = _find_area(data)
        status = data["status"]
        producer, created = Producer.objects.update_or_create(
            slug=data["key"],
            defaults={
                "legal_form": data["legal_form"], "name": data["name"],
                "registration_number": data["registration_number"],
                "registration_date": date.fromisoformat(data["registration_date"]),
                "registration_issuer": data["registration_issuer"], "representative": data["representative"],
                "area": area, "address": data["address"], "phone": normalize_phone(data["phone"]),
                "email": data["email"], "description": data["description"],
                "bank_name": data.get("bank_name", ""), "bank_account_number": data.get("bank_account_number", ""),
                "bank_account_name": data.get("bank_account_name", ""),
                "status": status, "status_reason": data.get("status_reason", ""),
                "submitted_at": None if status == "draft" else timezone.now(),
                "decided_at": timezone.now() if status in ("approved", "suspended") else None,
            },
        )
        if created:
            ProducerEvent.objects.create(producer=producer, action="seeded", to_status=status, reason=SAMPLE_LABEL)
        if data.get("description_en"):
            ProducerTranslation.objects.update_or_create(producer=producer, language_code="en",
                                                         defaults={"description": data["description_en"]})
        Warehouse.objects.update_or_create(
            producer=producer, defaults={"name": f"Kho {producer.name}", "area": area, "address": data["address"]}
        )
    return len(catalogue.PRODUCERS)


def _load_certificates(quiet=False) -> int:
    from ocop.producers.models import OcopCertificate, Producer, default_valid_until

    for data in catalogue.CERTIFICATES:
        decided = date.fromisoformat(data["decision_date"])
        OcopCertificate.objects.update_or_create(
            decision_number=data["decision_number"], product_name=data["product_name"],
            defaults={
                "producer": Producer.objects.get(slug=data["producer"]),
                "decision_date": decided, "valid_until": default_valid_until(decided),
                "issuing_authority": data["issuing_authority"], "authority_level": data["authority_level"],
                "product_group": data["product_group"], "stars": data["stars"], "score": data.get("score"),
                "status": data["status"], "revoked_reason": data.get("revoked_reason", ""),
                "verified_at": timezone.make_aware(timezone.datetime(decided.year, decided.month, decided.day, 9))
                if data.get("verified") else None,
            },
        )
    return len(catalogue.CERTIFICATES)


def _certificates_by_key():
    from ocop.producers.models import OcopCertificate

    return {c["key"]: OcopCertificate.objects.get(decision_number=c["decision_number"], product_name=c["product_name"])
            for c in catalogue.CERTIFICATES}


def _load_products(quiet=False) -> int:
    from ocop.catalog.models import (Category, Product, ProductTranslation, ProductType, ProductVariant,
                                     ProductVariantTranslation, Stock)
    from ocop.producers.models import Producer

    certificates = _certificates_by_key()
    producers = {p.slug: p for p in Producer.objects.select_related("warehouse", "area")}
    categories = {c.slug: c for c in Category.objects.all()}
    goods = ProductType.objects.get(slug="hang-hoa")
    service = ProductType.objects.get(slug="dich-vu")
    variants = 0
    for index, data in enumerate(catalogue.PRODUCTS):
        producer = producers[data["producer"]]
        certificate = certificates.get(data.get("certificate")) if data.get("certificate") else None
        is_service = certificate is not None and certificate.product_group == "tourism"
        product, _ = Product.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "producer": producer, "name": data["name"], "description": data["description"],
                "category": categories[data["category"]], "product_type": service if is_service else goods,
                "ocop_certificate": certificate, "origin_area": producer.area,
                "is_published": data.get("published", True),
                "published_at": timezone.now() if data.get("published", True) else None,
                "search_index_dirty": True,
                # Spread creation dates so "newest" sorting has something to sort.
                "created_at": timezone.now() - timezone.timedelta(days=len(catalogue.PRODUCTS) - index),
            },
        )
        ProductTranslation.objects.update_or_create(
            product=product, language_code="en",
            defaults={"name": data["name_en"], "description": data["description_en"]},
        )
        for order, v in enumerate(data["variants"]):
            variant, _ = ProductVariant.objects.update_or_create(
                sku=v["sku"],
                defaults={"product": product, "name": v["name"], "price_amount": int(v["price"]),
                          "compare_at_price_amount": v.get("compare_at"), "weight_grams": v.get("weight_grams"),
                          "sort_order": order, "track_inventory": not is_service},
            )
            if v["name"] in catalogue.VARIANT_NAMES_EN:
                ProductVariantTranslation.objects.update_or_create(
                    variant=variant, language_code="en", defaults={"name": catalogue.VARIANT_NAMES_EN[v["name"]]})
            Stock.objects.update_or_create(
                warehouse=producer.warehouse, product_variant=variant,
                defaults={"quantity": int(v.get("stock", 0))},
            )
            variants += 1
    return len(catalogue.PRODUCTS)


def _load_collections(quiet=False) -> int:
    from ocop.catalog.models import Collection, CollectionProduct, CollectionTranslation, Product

    for order, data in enumerate(catalogue.COLLECTIONS):
        collection, _ = Collection.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data["description"], "is_featured": data.get("featured", False),
                      "sort_order": order, "is_published": True},
        )
        CollectionTranslation.objects.update_or_create(
            collection=collection, language_code="en",
            defaults={"name": data["name_en"], "description": data["description_en"]},
        )
        for position, slug in enumerate(data["products"]):
            CollectionProduct.objects.update_or_create(
                collection=collection, product=Product.objects.get(slug=slug), defaults={"sort_order": position}
            )
    return len(catalogue.COLLECTIONS)


def _load_accounts(quiet=False) -> int:
    from ocop.accounts.models import OfficerAssignment, User
    from ocop.areas.models import Area
    from ocop.producers.models import Producer, ProducerMember

    accounts = load_accounts_file()
    for account in accounts:
        user = User.objects.filter(email__iexact=account["email"]).first()
        if user is None:
            user = User.objects.create_user(account["email"], account["password"], full_name=account["full_name"])
        user.full_name = account["full_name"]
        user.is_staff = account["role"] == "staff"
        user.is_superuser = account["role"] == "staff"
        user.save()
        acts_for = account.get("acts_for") or {}
        if acts_for.get("producer"):
            ProducerMember.objects.update_or_create(
                producer=Producer.objects.get(slug=acts_for["producer"]), user=user, defaults={"role": "owner"}
            )
        for ref in acts_for.get("areas", []):
            scheme, code = ref.split(":")
            OfficerAssignment.objects.get_or_create(user=user, area=Area.objects.get(scheme=scheme, code=code))
    return len(accounts)


# --------------------------------------------------------------------------- pictures

# A few products show a gallery in the demo: besides the front, a close-up of the label and the
# set of sizes (drawn like the front, only for these, so loading the samples stays quick).
GALLERY_VIEWS = (("label", "cận cảnh nhãn"), ("set", "các cỡ đóng gói"))
GALLERY_PRODUCTS = ("mat-ong-rung-tam-dao", "che-xanh-lap-thach", "ca-phe-rang-xay-tam-dao", "mang-kho-song-lo",
                    "ruou-nep-cai-hoa-vang-tho-tang", "gio-tre-dan-tay-trung-my")


def _load_images(quiet=False) -> int:
    from django.db.models import Count

    from ocop.catalog.images import add_product_image
    from ocop.catalog.models import Product

    colours = {p["slug"]: p.get("color", "#7a8f5c") for p in catalogue.PRODUCTS}
    products = Product.objects.filter(slug__in=colours).annotate(photos=Count("media"))
    wanted = [(product, view) for product in products
              for view in ("front", *(v for v, _label in GALLERY_VIEWS if product.slug in GALLERY_PRODUCTS))]
    # A photo is drawn for each view the product lacks (front first), so a second run draws nothing.
    missing = [(product, view) for product, view in wanted
               if ["front", *(v for v, _label in GALLERY_VIEWS)].index(view) >= product.photos]
    labels = dict(GALLERY_VIEWS)
    for product, view in tqdm(missing, desc="Product pictures", unit="img", disable=quiet, leave=False):
        rng = random.Random(product.slug)  # the same shape in every view of one product
        described = product.name if view == "front" else f"{product.name}, {labels[view]}"
        add_product_image(product=product, data=draw_product_picture(colours[product.slug], rng, view=view),
                          alt=f"{described} – {SAMPLE_LABEL}")
    return len(missing)


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def _draw_container(draw, shape: str, box: tuple[float, float, float, float], base, dark, star_colour) -> None:
    """A jar, bag or bottle filling `box` (left, top, right, bottom), with a label and an OCOP star."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if shape == "jar":
        draw.rounded_rectangle([left, top + height * 0.14, right, bottom], radius=int(width * 0.15), fill=base)
        draw.rounded_rectangle([left + width * 0.08, top, right - width * 0.08, top + height * 0.16],
                               radius=int(width * 0.05), fill=dark)
    elif shape == "bag":
        draw.polygon([(left + width * 0.04, top + height * 0.08), (right - width * 0.04, top + height * 0.08),
                      (right, bottom), (left, bottom)], fill=base)
        draw.rectangle([left + width * 0.04, top, right - width * 0.04, top + height * 0.09], fill=dark)
    else:
        draw.rounded_rectangle([left, top + height * 0.36, right, bottom], radius=int(width * 0.28), fill=base)
        draw.rectangle([left + width * 0.32, top + height * 0.06, right - width * 0.32, top + height * 0.42], fill=base)
        draw.rectangle([left + width * 0.28, top, right - width * 0.28, top + height * 0.08], fill=dark)
    label_top = top + height * 0.5
    label = [left + width * 0.08, label_top, right - width * 0.08, label_top + height * 0.32]
    draw.rounded_rectangle(label, radius=max(4, int(width * 0.04)), fill=(250, 247, 238))
    cx, cy, r = (label[0] + label[2]) / 2, label_top + height * 0.12, min(width, height) * 0.1
    star = [(cx + r * math.cos(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.45),
             cy - r * math.sin(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.45)) for k in range(10)]
    draw.polygon(star, fill=star_colour)
    for line in range(2):  # the label's writing, as grey strokes
        y = label_top + height * (0.22 + 0.05 * line)
        draw.rounded_rectangle([label[0] + width * 0.12, y, label[2] - width * (0.12 + 0.1 * line), y + height * 0.02],
                               radius=3, fill=(150, 140, 120))


def draw_product_picture(colour: str, rng: random.Random, size: int = 900, view: str = "front") -> bytes:
    """A calm studio-style placeholder: a tinted backdrop, a soft shadow and a jar, bag or bottle;
    `view` "label" comes close to the label, "set" shows three sizes side by side."""
    from PIL import Image, ImageDraw, ImageFilter

    base = _hex(colour)
    light = tuple(min(255, int(c + (255 - c) * 0.82)) for c in base)
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    for y in range(size):  # vertical wash, lighter at the top
        t = y / size
        draw.line([(0, y), (size, y)], fill=tuple(int(light[i] * (1 - 0.18 * t)) for i in range(3)))
    shape = rng.choice(["jar", "bag", "bottle"])
    dark = tuple(int(c * 0.7) for c in base)
    gold = (200, 140, 20)
    if view == "label":  # the label fills the frame; the cap and base run off the picture
        boxes = [(size * 0.12, -size * 0.35, size * 0.88, size * 1.05)]
    elif view == "set":
        boxes = [(size * 0.08, size * 0.46, size * 0.32, size * 0.84), (size * 0.36, size * 0.3, size * 0.64, size * 0.84),
                 (size * 0.68, size * 0.52, size * 0.9, size * 0.84)]
    else:
        boxes = [(size * 0.3, size * 0.24, size * 0.7, size * 0.82)]
    shadow = Image.new("L", (size, size), 0)
    for left, _top, right, bottom in boxes:
        if bottom <= size:
            ImageDraw.Draw(shadow).ellipse([left - size * 0.06, bottom - size * 0.04, right + size * 0.06,
                                            bottom + size * 0.06], fill=110)
    image.paste((60, 60, 60), mask=shadow.filter(ImageFilter.GaussianBlur(18)))
    draw = ImageDraw.Draw(image)
    for box in boxes:
        _draw_container(draw, shape, box, base, dark, gold)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=86)
    return out.getvalue()


def index_for_search(quiet: bool = False) -> int:
    from ocop.search.indexing import update_dirty_products

    return update_dirty_products()


# --------------------------------------------------------------------------- delivery

def _load_shipping_rates(quiet=False) -> int:
    """Two sample options per producer: standard everywhere, and dearer next-day within the north
    (express costs more than standard at every weight: a higher flat price and per kilogram)."""
    from ocop.checkout.models import ShippingRate
    from ocop.checkout.provinces import NORTHERN_PROVINCES
    from ocop.producers.models import Producer

    count = 0
    for producer in Producer.objects.all():
        ShippingRate.objects.update_or_create(
            producer=producer, name="Giao hàng tiêu chuẩn (3–5 ngày)",
            defaults={"flat_amount": 30000, "per_kg_amount": 5000, "provinces": [], "is_active": True})
        ShippingRate.objects.update_or_create(
            producer=producer, name="Giao nhanh miền Bắc (1–2 ngày)",
            defaults={"flat_amount": 45000, "per_kg_amount": 8000, "provinces": NORTHERN_PROVINCES, "is_active": True})
        count += 2
    return count
