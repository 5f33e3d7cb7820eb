"""Upload safety shared by every upload: a size cap checked before reading the whole body, the type
decided from the content (never the name or the browser's claim), a random stored name."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def read_capped(uploaded, max_bytes: int, field: str, code: str = "file_too_large") -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError({field: ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}, code=code)})
    chunks, total = [], 0
    for chunk in (uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]):
        total += len(chunk)
        if total > max_bytes:
            raise ValidationError({field: ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}, code=code)})
        chunks.append(chunk)
    return b"".join(chunks)


def sniff_document_type(data: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


def clean_document(uploaded, field: str = "file", max_bytes: int = DOCUMENT_MAX_BYTES) -> tuple[ContentFile, str, int]:
    """A PDF, JPEG or PNG document: returns (content, content type decided from the bytes, size)."""
    if uploaded is None:
        raise ValidationError({field: ValidationError(_("Choose a file to upload."), code="required")})
    data = read_capped(uploaded, max_bytes, field)
    if not data:
        raise ValidationError({field: ValidationError(_("The file is empty."), code="invalid_file_type")})
    content_type = sniff_document_type(data)
    if content_type is None:
        raise ValidationError({field: ValidationError(
            _("Upload a PDF, JPEG or PNG file; this file is none of those, whatever its name says."),
            code="invalid_file_type")})
    if content_type == "application/pdf" and b"%%EOF" not in data[-2048:]:
        raise ValidationError({field: ValidationError(_("This PDF is incomplete or damaged."), code="invalid_file_type")})
    if content_type.startswith("image/"):
        from ocop.catalog.images import clean_image

        clean_image(data, field=field)
    return ContentFile(data), content_type, len(data)
