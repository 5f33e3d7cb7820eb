"""Factories and image makers shared by the catalogue tests (no tests here)."""

import io
import itertools
import struct
import zlib

from PIL import Image

_counter = itertools.count(1)


def make_user(email=None, password="mat-khau-dai-du-10"):
    from ocop.accounts.models import User

    return User.objects.create_user(email or f"user{next(_counter)}@ocop.example", password, full_name="Người Dùng")


def make_area():
    from ocop.areas.models import Area

    n = next(_counter)
    province = Area.objects.create(scheme="test", code=f"P{n}", name="Tỉnh Thử", level="province")
    return Area.objects.create(scheme="test", code=f"C{n}", name="Xã Thử", level="commune", parent=province)


def make_producer(*, owner=None, status="approved", name=None):
    from ocop.catalog.models import Warehouse
    from ocop.producers.models import Producer, ProducerMember

    n = next(_counter)
    area = make_area()
    producer = Producer.objects.create(
        slug=f"htx-thu-{n}", legal_form="cooperative", name=name or f"Hợp tác xã Thử {n}",
        registration_number=f"{1000000 + n}", representative="Nguyễn Văn A", area=area, address="Thôn 1",
        phone="+84912345678", email=f"htx{n}@ocop.example", status=status,
        status_reason="Lý do" if status in ("rejected", "suspended") else "")
    Warehouse.objects.create(producer=producer, name=producer.name, area=area)
    if owner is not None:
        ProducerMember.objects.create(producer=producer, user=owner, role="owner")
    return producer


def make_category(slug=None, name="Mật ong"):
    from ocop.catalog.models import Category

    return Category.objects.create(slug=slug or f"danh-muc-{next(_counter)}", name=name)


def make_certificate(producer, **extra):
    from datetime import date

    from ocop.producers.models import OcopCertificate

    fields = {"product_name": "Mật ong rừng", "decision_number": f"{next(_counter)}/QĐ-UBND",
              "decision_date": date(2025, 3, 1), "issuing_authority": "UBND tỉnh", "authority_level": "province",
              "product_group": "food", "stars": 4, "status": "valid"}
    fields.update(extra)
    return OcopCertificate.objects.create(producer=producer, **fields)


def seller(status="approved"):
    """(user, producer, category): a member of a producer, and a category to file products under."""
    user = make_user()
    producer = make_producer(owner=user, status=status)
    return user, producer, make_category()


def new_product(user, producer, category, *, name="Mật ong rừng Tam Đảo", variants=None, **data):
    from ocop.catalog import services

    payload = {"name": name, "category": category.pk, "description": "Mật ong nguyên chất.", **data}
    if variants is not None:
        payload["variants"] = variants
    return services.create_product(user=user, producer_id=producer.pk, data=payload)


def jpeg_bytes(size=(800, 600), color=(200, 140, 20), exif=None, noise=False) -> bytes:
    image = Image.effect_noise(size, 60).convert("RGB") if noise else Image.new("RGB", size, color)
    if not noise:
        # a mark in the top-left corner, so that orientation can be checked on the result
        image.paste((10, 10, 10), (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header (IHDR) says it is width x height, with a correct CRC."""
    data = bytearray(png_bytes((8, 8)))
    # PNG signature (8) + length (4) + b"IHDR" (4), then width and height.
    struct.pack_into(">II", data, 16, width, height)
    ihdr = bytes(data[12:29])  # type + 13 bytes of data
    struct.pack_into(">I", data, 29, zlib.crc32(ihdr) & 0xFFFFFFFF)
    return bytes(data)


def exif_with(orientation=None, gps=False):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 27.0, 30.0), 3: "E", 4: (105.0, 38.0, 40.0)}
    return exif


def upload(name, data, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)
