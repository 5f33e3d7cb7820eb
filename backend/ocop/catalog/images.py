"""Every product image goes through here: type decided by content, size limits, EXIF orientation
applied, metadata dropped, WebP thumbnails made once."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import ProductMedia, Thumbnail

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZES = (160, 320, 640, 1280)

# Pillow's own guard would only warn below 2x this; we refuse explicitly and earlier.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def clean_image(data: bytes, field: str = "image") -> Image.Image:
    """Open, verify and normalise an uploaded image, or raise a ValidationError naming `field`."""
    if len(data) > MAX_BYTES:
        raise ValidationError({field: ValidationError(_("The image is larger than 10 MB."), code="file_too_large")})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError({field: ValidationError(
                    _("Only JPEG, PNG or WebP images are accepted."), code="invalid_image_type")})
            if width * height > MAX_PIXELS:
                raise ValidationError({field: ValidationError(
                    _("The image has more than 40 megapixels; please resize it."), code="image_too_large")})
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError({field: ValidationError(
            _("The image has more than 40 megapixels; please resize it."), code="image_too_large")}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError({field: ValidationError(
            _("This file is not a readable JPEG, PNG or WebP image."), code="invalid_image")}) from exc
    # In place: no second full-size copy of a 12 MP photo when it is already upright.
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "P") else "RGB")
    return image


def encode_clean(image: Image.Image) -> tuple[bytes, str]:
    """Re-encode without any metadata (no EXIF, no GPS, no ICC comments)."""
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), "png"
    # Baseline, not progressive: shoppers only ever see the WebP thumbnails, and progressive
    # encoding of a 12 MP original costs about three times the time and a full coefficient buffer.
    image.save(out, format="JPEG", quality=88, optimize=True)
    return out.getvalue(), "jpg"


def make_thumbnails(media: ProductMedia, image: Image.Image | None = None) -> list[Thumbnail]:
    if image is None:
        with media.image.open("rb") as handle:
            image = Image.open(handle)
            # A JPEG decodes straight at 1/2, 1/4 … scale while still larger than the biggest
            # thumbnail: a 12 MP original then costs a quarter of the time and memory.
            image.draft("RGB", (max(THUMBNAIL_SIZES), max(THUMBNAIL_SIZES)))
            image.load()
    made = []
    existing = {t.size for t in media.thumbnails.all()}
    # Resize from the largest down, each step from the previous one: far cheaper than from the original.
    source = image
    for size in sorted(THUMBNAIL_SIZES, reverse=True):
        if size in existing:
            continue
        thumb = source.copy()
        thumb.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
        source = thumb
        out = io.BytesIO()
        thumb.save(out, format="WEBP", quality=80, method=4)
        record = Thumbnail(media=media, size=size, format="webp")
        record.image.save(f"{uuid.uuid4().hex}-{size}.webp", ContentFile(out.getvalue()), save=False)
        made.append(record)
    Thumbnail.objects.bulk_create(made)
    return made


def add_product_image(*, product, data: bytes, alt: str = "", sort_order: int | None = None,
                      field: str = "image") -> ProductMedia:
    image = clean_image(data, field=field)
    clean_bytes, ext = encode_clean(image)
    with transaction.atomic():
        if sort_order is None:
            last = product.media.order_by("-sort_order").values_list("sort_order", flat=True).first()
            sort_order = 0 if last is None else last + 1
        media = ProductMedia(product=product, alt=alt, sort_order=sort_order)
        media.image.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(clean_bytes), save=False)
        media.save()
    from .tasks import generate_thumbnails

    transaction.on_commit(lambda: generate_thumbnails.delay(media.pk))
    return media


def srcset(media: ProductMedia) -> str:
    thumbs = sorted(media.thumbnails.all(), key=lambda t: t.size)
    return ", ".join(f"{t.image.url} {t.size}w" for t in thumbs)


def thumbnail_url(media: ProductMedia, size: int) -> str:
    thumbs = sorted(media.thumbnails.all(), key=lambda t: t.size)
    for thumb in thumbs:
        if thumb.size >= size:
            return thumb.image.url
    return thumbs[-1].image.url if thumbs else media.image.url
