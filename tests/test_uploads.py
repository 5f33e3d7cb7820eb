"""Uploads are judged by their bytes, capped before being read, and public media never run in the
browser."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.core.uploads import DOCUMENT_MAX_BYTES, clean_document

VALID_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(out, format=fmt)
    return out.getvalue()


def error_code(exc: ValidationError, field: str = "file") -> str:
    return exc.value.error_dict[field][0].code


class HugeUpload:
    """Claims (like Django's UploadedFile) a size over the cap; reading it would fail the test."""

    name = "big.pdf"
    content_type = "application/pdf"
    size = DOCUMENT_MAX_BYTES + 1

    def chunks(self):
        raise AssertionError("the body was read although its size was already known to be too large")

    def read(self):
        raise AssertionError("the body was read although its size was already known to be too large")


def test_an_oversized_upload_is_refused_before_its_body_is_read():
    with pytest.raises(ValidationError) as exc:
        clean_document(HugeUpload())
    assert error_code(exc) == "file_too_large"


def test_an_upload_without_a_size_stops_being_read_at_the_cap():
    read = []

    class Stream:
        name = "stream.pdf"

        def chunks(self):
            for _ in range(100):
                read.append(1)
                yield b"%PDF-" + b"x" * (1024 * 1024)

    with pytest.raises(ValidationError) as exc:
        clean_document(Stream(), max_bytes=3 * 1024 * 1024)
    assert error_code(exc) == "file_too_large"
    assert len(read) <= 4


@pytest.mark.parametrize("name,content", [
    ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),  # a Windows program
    ("invoice.pdf", b"<!doctype html><script>alert(document.cookie)</script>%PDF-1.4 %%EOF"),
    ("photo.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
])
def test_a_renamed_program_or_page_claiming_to_be_a_document_is_refused(name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        clean_document(upload)
    assert error_code(exc) == "invalid_file_type"


def test_a_truncated_pdf_is_refused():
    with pytest.raises(ValidationError):
        clean_document(SimpleUploadedFile("cut.pdf", b"%PDF-1.4\n1 0 obj <<>>", content_type="application/pdf"))


@pytest.mark.parametrize("name,content,expected", [
    ("giay-phep.pdf", VALID_PDF, "application/pdf"),
    ("anh.png", image_bytes("PNG"), "image/png"),
    ("anh.jpg", image_bytes("JPEG"), "image/jpeg"),
    ("no-extension", image_bytes("PNG"), "image/png"),  # the content decides, not the name
])
def test_a_real_pdf_png_or_jpeg_is_accepted(name, content, expected):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    data, content_type, size = clean_document(upload)
    assert content_type == expected
    assert size == len(content) and data.read() == content


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        clean_document(SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"))
    assert error_code(exc) == "invalid_file_type"


def test_no_file_at_all_is_refused():
    with pytest.raises(ValidationError) as exc:
        clean_document(None)
    assert error_code(exc) == "required"


# --------------------------------------------------------------------------- serving public media

@pytest.fixture
def media(settings):
    root = settings.MEDIA_ROOT
    (root / "products").mkdir(parents=True)
    (root / "private" / "producers").mkdir(parents=True)
    (root / "products" / "mat-ong.png").write_bytes(image_bytes("PNG"))
    (root / "products" / "mat-ong.webp").write_bytes(image_bytes("WEBP"))
    (root / "products" / "trang.html").write_bytes(b"<script>alert(1)</script>")
    (root / "products" / "hinh.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    (root / "products" / "to-roi.pdf").write_bytes(VALID_PDF)
    (root / "private" / "producers" / "giay-phep.pdf").write_bytes(VALID_PDF)
    return root


@pytest.mark.parametrize("name,content_type", [("mat-ong.png", "image/png"), ("mat-ong.webp", "image/webp")])
def test_product_images_are_shown_inline_with_nosniff(db, client, media, name, content_type):
    response = client.get(f"/media/products/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.get("Content-Disposition", "").startswith("attachment")


@pytest.mark.parametrize("name", ["trang.html", "hinh.svg"])
def test_anything_else_is_a_download_that_cannot_run(db, client, media, name):
    response = client.get(f"/media/products/{name}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_public_pdf_downloads_as_a_pdf(db, client, media):
    response = client.get("/media/products/to-roi.pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("url", [
    "/media/private/producers/giay-phep.pdf",
    "/media//private/producers/giay-phep.pdf",
    "/media/products/../private/producers/giay-phep.pdf",
    "/media/./private/producers/giay-phep.pdf",
    "/media/private/",
])
def test_private_documents_are_never_served_as_media(db, client, media, url):
    assert client.get(url).status_code == 404
