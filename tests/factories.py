"""Small factories for tests: real rows in the real database, nothing mocked."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.models import OfficerAssignment, User
from ocop.areas.models import Area
from ocop.producers.models import DocumentKind, Producer, ProducerDocument, ProducerMember

_seq = itertools.count(1)


def area_tree():
    """Vĩnh Phúc with Lập Thạch and Tam Đảo, each with one commune."""
    province, _ = Area.objects.get_or_create(scheme="t", code="26", defaults={"name": "Tỉnh Vĩnh Phúc", "level": "province"})
    lap_thach, _ = Area.objects.get_or_create(scheme="t", code="246", defaults={
        "name": "Huyện Lập Thạch", "level": "district", "parent": province})
    tam_dao, _ = Area.objects.get_or_create(scheme="t", code="248", defaults={
        "name": "Huyện Tam Đảo", "level": "district", "parent": province})
    quang_son, _ = Area.objects.get_or_create(scheme="t", code="08800", defaults={
        "name": "Xã Quang Sơn", "level": "commune", "parent": lap_thach})
    dai_dinh, _ = Area.objects.get_or_create(scheme="t", code="08950", defaults={
        "name": "Thị trấn Đại Đình", "level": "commune", "parent": tam_dao})
    return {"province": province, "lap_thach": lap_thach, "tam_dao": tam_dao, "quang_son": quang_son,
            "dai_dinh": dai_dinh}


def user(email=None, password="mat-khau-dai-2026", **extra):
    email = email or f"user{next(_seq)}@example.vn"
    return User.objects.create_user(email, password, full_name=extra.pop("full_name", "Người Dùng"), **extra)


def officer(*areas, **extra):
    person = user(**extra)
    for area in areas:
        OfficerAssignment.objects.create(user=person, area=area)
    return person


def producer_data(area_obj, **overrides):
    n = next(_seq)
    data = {
        "legal_form": "cooperative", "name": f"Hợp tác xã Chè Thử {n}", "registration_number": f"2500{n:06d}",
        "registration_date": "2020-05-04", "registration_issuer": "Phòng Tài chính – Kế hoạch",
        "representative": "Lê Thị Hoa", "area": area_obj.pk, "address": "Thôn Đồng", "phone": "0912 345 678",
        "email": f"htx{n}@example.vn", "description": "Chè xanh trồng trên đồi.",
    }
    data.update(overrides)
    return data


def producer(area, status="draft", owner=None, **overrides):
    data = producer_data(area, **overrides)
    from ocop.core.validators import normalize_phone

    data["phone"] = normalize_phone(data["phone"])
    data["area"] = area
    prod = Producer.objects.create(slug=f"p-{next(_seq)}", status=status,
                                   status_reason="lý do" if status in ("rejected", "suspended") else "", **data)
    if owner is not None:
        ProducerMember.objects.create(producer=prod, user=owner, role="owner")
    return prod


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(name="giay-phep.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(), content_type=content_type)


def add_registration_document(prod, by=None):
    from django.core.files.base import ContentFile

    doc = ProducerDocument(producer=prod, kind=DocumentKind.REGISTRATION, original_name="gp.pdf",
                           content_type="application/pdf", size=len(pdf_bytes()), uploaded_by=by)
    doc.file.save("document", ContentFile(pdf_bytes()), save=False)
    doc.save()
    return doc
