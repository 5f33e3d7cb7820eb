"""Product photos: the type is decided by the content, limits are enforced, orientation applied,
metadata stripped and WebP thumbnails made, and a refused file leaves nothing behind."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from ocop.catalog import images, services
from ocop.catalog.errors import ProductErrorCode
from ocop.catalog.models import ProductMedia, Thumbnail
from tests.test_catalog_helpers import (exif_with, jpeg_bytes, new_product, png_bytes, png_claiming_size, seller,
                                        upload)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def product():
    user, producer, category = seller()
    return user, new_product(user, producer, category)


def _refused(product, name, data):
    user, item = product
    with pytest.raises(ValidationError) as caught:
        services.add_images(user=user, product_id=item.pk, files=[upload(name, data)])
    assert ProductMedia.objects.count() == 0 and Thumbnail.objects.count() == 0
    error = caught.value.error_dict["images"][0]
    return error.code, error.messages[0]


def test_a_pdf_renamed_to_jpg_is_refused(product):
    code, message = _refused(product, "anh-san-pham.jpg", PDF)
    assert code == ProductErrorCode.INVALID_IMAGE.value
    assert message.startswith("anh-san-pham.jpg: ")


def test_a_truncated_jpeg_is_refused(product):
    whole = jpeg_bytes(size=(1200, 900), noise=True)
    code, _message = _refused(product, "cut.jpg", whole[: len(whole) // 2])
    assert code == ProductErrorCode.INVALID_IMAGE.value


@pytest.mark.parametrize("side", [20000, 7000])  # 400 MP trips Pillow's own guard; 49 MP only ours (40 MP)
def test_a_png_claiming_too_many_pixels_is_refused_before_it_is_decoded(product, side):
    huge = png_claiming_size(side, side)
    assert len(huge) < 1000 and struct.unpack(">II", huge[16:24]) == (side, side)
    assert struct.unpack(">I", huge[29:33])[0] == zlib.crc32(huge[12:29])  # a well-formed header
    code, message = _refused(product, "huge.png", huge)
    assert "40" in message
    assert code == ProductErrorCode.IMAGE_TOO_LARGE.value


def test_a_file_over_10_mb_is_refused(product):
    eleven_mb = jpeg_bytes() + b"\0" * (11 * 1024 * 1024)
    code, message = _refused(product, "big.jpg", eleven_mb)
    assert code == ProductErrorCode.FILE_TOO_LARGE.value and "10 MB" in message


def test_a_gif_is_refused_even_if_readable(product):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="GIF")
    code, _message = _refused(product, "a.gif", out.getvalue())
    assert code == ProductErrorCode.INVALID_IMAGE_TYPE.value


def test_a_phone_photo_with_exif_orientation_6_is_stored_and_thumbnailed_upright(
        product, django_capture_on_commit_callbacks):
    user, item = product
    # 1600x1200 as the sensor wrote it, dark mark top-left; orientation 6 = "rotate 90° clockwise to view".
    data = jpeg_bytes(size=(1600, 1200), exif=exif_with(orientation=6))
    with django_capture_on_commit_callbacks(execute=True):
        media = services.add_images(user=user, product_id=item.pk, files=[upload("phone.jpg", data)])[0]
    media.refresh_from_db()
    assert (media.width, media.height) == (1200, 1600)
    sizes = {}
    for thumb in media.thumbnails.all():
        with thumb.image.open("rb") as handle:
            picture = Image.open(handle)
            picture.load()
        assert picture.format == "WEBP"
        sizes[thumb.size] = picture.size
        if thumb.size == 320:
            rgb = picture.convert("RGB")
            # after turning clockwise, the mark that was top-left is top-right
            assert sum(rgb.getpixel((picture.width - 5, 5))) < 120
            assert sum(rgb.getpixel((5, 5))) > 300
    assert sizes == {160: (120, 160), 320: (240, 320), 640: (480, 640), 1280: (960, 1280)}


def test_gps_and_other_exif_are_removed_from_the_stored_original(product, django_capture_on_commit_callbacks):
    user, item = product
    data = jpeg_bytes(exif=exif_with(gps=True))
    assert 0x8825 in Image.open(io.BytesIO(data)).getexif()
    with django_capture_on_commit_callbacks(execute=True):
        media = services.add_images(user=user, product_id=item.pk, files=[upload("gps.jpg", data)])[0]
    with media.image.open("rb") as handle:
        stored = handle.read()
    picture = Image.open(io.BytesIO(stored))
    assert dict(picture.getexif()) == {}
    assert b"Exif" not in stored[:4096]


def test_png_and_webp_are_accepted_and_thumbnails_are_webp_at_four_sizes(product, django_capture_on_commit_callbacks):
    user, item = product
    webp = io.BytesIO()
    Image.new("RGB", (2000, 1500), (90, 120, 30)).save(webp, format="WEBP")
    with django_capture_on_commit_callbacks(execute=True):
        saved = services.add_images(user=user, product_id=item.pk,
                                    files=[upload("a.png", png_bytes((300, 200)), "image/png"),
                                           upload("b.webp", webp.getvalue(), "image/webp")])
    big = saved[1]
    assert sorted(t.size for t in big.thumbnails.all()) == list(images.THUMBNAIL_SIZES)
    assert all(t.image.name.endswith(".webp") for t in big.thumbnails.all())
    assert "1280w" in images.srcset(big) and images.thumbnail_url(big, 300).endswith("-320.webp")
