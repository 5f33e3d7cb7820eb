"""catalog.services: every write a producer makes to its catalogue, and every refusal."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from ocop.catalog import services
from ocop.catalog.errors import ProductErrorCode
from ocop.catalog.models import Product, ProductMedia, ProductVariant, Stock, Thumbnail
from tests.test_catalog_helpers import (jpeg_bytes, make_certificate, make_producer, make_user, new_product,
                                        seller, upload)

pytestmark = pytest.mark.django_db

HONEY = [{"name": "Hũ 500 g", "sku": "MO-500", "price_amount": 150000, "stock": 10}]


def codes(exc: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def counts():
    return (Product.objects.count(), ProductVariant.objects.count(), Stock.objects.count(),
            ProductMedia.objects.count())


# --------------------------------------------------------------------------- creating products

def test_a_member_creates_a_product_whose_slug_is_the_name_without_tone_marks():
    user, producer, category = seller()
    product = new_product(user, producer, category, name="Đặc sản Tam Đảo – Mật ong rừng")
    assert product.slug == "dac-san-tam-dao-mat-ong-rung"
    assert product.producer == producer and product.category == category
    assert product.is_published is False and product.search_index_dirty is True
    assert product.product_type.slug == "hang-hoa"


def test_a_second_and_third_product_of_the_same_name_get_suffixes():
    user, producer, category = seller()
    slugs = [new_product(user, producer, category, name="Mật ong hoa nhãn").slug for _ in range(3)]
    assert slugs == ["mat-ong-hoa-nhan", "mat-ong-hoa-nhan-2", "mat-ong-hoa-nhan-3"]


def test_a_chosen_slug_that_another_product_has_is_refused_and_nothing_is_saved():
    user, producer, category = seller()
    new_product(user, producer, category, name="Mật ong")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        new_product(user, producer, category, name="Mật ong khác", slug="mat-ong")
    assert codes(caught.value) == {"slug": [ProductErrorCode.UNIQUE.value]}
    assert counts() == before


def test_a_product_needs_a_category():
    user, producer, _category = seller()
    with pytest.raises(ValidationError) as caught:
        services.create_product(user=user, producer_id=producer.pk, data={"name": "Chè xanh"})
    assert codes(caught.value) == {"category": [ProductErrorCode.PRODUCT_WITHOUT_CATEGORY.value]}
    assert Product.objects.count() == 0


def test_missing_name_and_category_are_both_reported_at_once():
    user, producer, _category = seller()
    with pytest.raises(ValidationError) as caught:
        services.create_product(user=user, producer_id=producer.pk, data={"name": "  "})
    assert set(codes(caught.value)) == {"name", "category"}


def test_a_product_is_created_with_its_first_variant_and_stock_and_published_in_one_go():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY, is_published=True)
    variant = product.variants.get()
    assert (variant.sku, variant.price_amount) == ("MO-500", 150000)
    assert Stock.objects.get(product_variant=variant).quantity == 10
    assert Stock.objects.get(product_variant=variant).warehouse == producer.warehouse
    product.refresh_from_db()
    assert product.is_published and product.published_at is not None


def test_publishing_a_product_without_variants_is_refused_and_nothing_is_saved():
    user, producer, category = seller()
    with pytest.raises(ValidationError) as caught:
        new_product(user, producer, category, is_published=True)
    assert codes(caught.value) == {"is_published": [ProductErrorCode.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT.value]}
    assert Product.objects.count() == 0


def test_a_bad_first_variant_saves_no_product():
    user, producer, category = seller()
    with pytest.raises(ValidationError) as caught:
        new_product(user, producer, category, variants=[{"sku": "X-1", "price_amount": "150.5"}])
    assert codes(caught.value) == {"variants.0.price_amount": [ProductErrorCode.INVALID_PRICE.value]}
    assert counts() == (0, 0, 0, 0)


def test_the_certificate_must_be_one_of_the_producers_own():
    user, producer, category = seller()
    other = make_producer()
    foreign = make_certificate(other)
    with pytest.raises(ValidationError) as caught:
        new_product(user, producer, category, ocop_certificate=foreign.pk)
    assert codes(caught.value) == {"ocop_certificate": [ProductErrorCode.INVALID.value]}
    own = make_certificate(producer)
    assert new_product(user, producer, category, ocop_certificate=own.pk).ocop_certificate == own


def test_a_revoked_certificate_cannot_back_a_product():
    user, producer, category = seller()
    revoked = make_certificate(producer, status="revoked", revoked_reason="Không tái đánh giá")
    with pytest.raises(ValidationError) as caught:
        new_product(user, producer, category, ocop_certificate=revoked.pk)
    assert "ocop_certificate" in caught.value.error_dict


def test_a_tourism_certificate_makes_the_product_a_service_without_shipping():
    user, producer, category = seller()
    tour = make_certificate(producer, product_group="tourism", product_name="Trải nghiệm đồi chè")
    product = new_product(user, producer, category, name="Trải nghiệm đồi chè", ocop_certificate=tour.pk)
    assert product.product_type.is_shipping_required is False


# --------------------------------------------------------------------------- who may act

def _every_write(user, product, variant, media):
    """Each write of the catalogue, bound to the given user, keyed by name."""
    return {
        "update_product": lambda: services.update_product(user=user, product_id=product.pk, data={"name": "X"}),
        "delete_product": lambda: services.delete_product(user=user, product_id=product.pk),
        "duplicate_product": lambda: services.duplicate_product(user=user, product_id=product.pk),
        "publish_product": lambda: services.publish_product(user=user, product_id=product.pk),
        "unpublish_product": lambda: services.unpublish_product(user=user, product_id=product.pk),
        "create_variant": lambda: services.create_variant(
            user=user, product_id=product.pk, data={"sku": "NEW-1", "price_amount": 1000}),
        "update_variant": lambda: services.update_variant(user=user, variant_id=variant.pk, data={"price_amount": 5}),
        "delete_variant": lambda: services.delete_variant(user=user, variant_id=variant.pk),
        "set_stock": lambda: services.set_stock(user=user, variant_id=variant.pk, quantity=3),
        "set_stocks": lambda: services.set_stocks(user=user, product_id=product.pk, quantities={variant.pk: 3}),
        "add_images": lambda: services.add_images(user=user, product_id=product.pk,
                                                  files=[upload("a.jpg", jpeg_bytes())]),
        "delete_image": lambda: services.delete_image(user=user, media_id=media.pk),
        "set_image_alt": lambda: services.set_image_alt(user=user, media_id=media.pk, alt="x"),
        "reorder_images": lambda: services.reorder_images(user=user, product_id=product.pk, media_ids=[media.pk]),
        "move_image": lambda: services.move_image(user=user, media_id=media.pk, offset=1),
    }


WRITES = list(_every_write(None, None, None, None))


@pytest.fixture
def honey():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY)
    media = services.add_images(user=user, product_id=product.pk, files=[upload("a.jpg", jpeg_bytes())])[0]
    return product, product.variants.get(), media


def _outsider(kind):
    if kind == "anonymous":
        return AnonymousUser()
    user = make_user()
    if kind == "other producer's member":
        make_producer(owner=user)
    elif kind.startswith("member of a "):
        make_producer(owner=user, status=kind.removeprefix("member of a ").removesuffix(" producer"))
    return user


OUTSIDERS = ["other producer's member", "shopper", "anonymous", "member of a draft producer",
             "member of a submitted producer", "member of a rejected producer", "member of a suspended producer"]


@pytest.mark.parametrize("write", WRITES)
def test_another_producers_member_is_told_not_found_and_nothing_changes(honey, write):
    product, variant, media = honey
    before = (counts(), Product.objects.values_list("name", "is_published").get(pk=product.pk),
              Stock.objects.get(product_variant=variant).quantity)
    with pytest.raises(ValidationError) as caught:
        _every_write(_outsider("other producer's member"), product, variant, media)[write]()
    assert [e.code for errors in caught.value.error_dict.values() for e in errors] == [ProductErrorCode.NOT_FOUND.value]
    after = (counts(), Product.objects.values_list("name", "is_published").get(pk=product.pk),
             Stock.objects.get(product_variant=variant).quantity)
    assert after == before


@pytest.mark.parametrize("kind", OUTSIDERS[1:])
def test_shoppers_anonymous_and_members_of_unapproved_producers_are_told_not_found(honey, kind):
    product, variant, media = honey
    writes = _every_write(_outsider(kind), product, variant, media)
    for name in ("update_product", "publish_product", "set_stock", "add_images", "delete_image"):
        with pytest.raises(ValidationError) as caught:
            writes[name]()
        assert ProductErrorCode.NOT_FOUND.value in [e.code for es in caught.value.error_dict.values() for e in es]


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected", "suspended"])
def test_a_producer_that_is_not_approved_cannot_create_products(status):
    user, producer, category = seller(status=status)
    with pytest.raises(ValidationError) as caught:
        new_product(user, producer, category)
    assert codes(caught.value) == {"producer": [ProductErrorCode.NOT_FOUND.value]}


def test_creating_a_product_for_another_producer_is_not_found_and_saves_nothing():
    user, _own, category = seller()
    other = make_producer()
    with pytest.raises(ValidationError) as caught:
        new_product(user, other, category)
    assert codes(caught.value) == {"producer": [ProductErrorCode.NOT_FOUND.value]}
    assert Product.objects.count() == 0


# --------------------------------------------------------------------------- variants and prices

@pytest.mark.parametrize("price", [-5, 0, 150000.0, 1500.5, Decimal("1500.5"), "150,00đ", "150.5", "1.50.000",
                                   "150.000,00", "1.000,000", "1e5", "-150000", "một trăm", True, 10**12])
def test_a_price_that_is_not_a_positive_whole_number_of_dong_is_refused(price):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    with pytest.raises(ValidationError) as caught:
        services.create_variant(user=user, product_id=product.pk, data={"sku": "P-1", "price_amount": price})
    assert codes(caught.value) == {"price_amount": [ProductErrorCode.INVALID_PRICE.value]}
    assert ProductVariant.objects.count() == 0


def test_the_price_message_says_how_to_write_it():
    with pytest.raises(ValidationError) as caught:
        services.parse_price("150,5")
    assert "150000" in caught.value.messages[0] and "150.000" in caught.value.messages[0]


@pytest.mark.parametrize("written", ["150000", "150.000", "150,000", "150 000", "150.000 ₫", "150.000đ", "150000 VND",
                                     "₫150,000", " 150.000 đồng ", Decimal("150000"), 150000])
def test_a_price_is_read_the_ways_vietnamese_and_english_speakers_write_it(written):
    assert services.parse_price(written) == 150000


@pytest.mark.parametrize("price", [None, "", "  "])
def test_a_missing_price_is_required(price):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    with pytest.raises(ValidationError) as caught:
        services.create_variant(user=user, product_id=product.pk, data={"sku": "P-1", "price_amount": price})
    assert codes(caught.value) == {"price_amount": [ProductErrorCode.REQUIRED.value]}


@pytest.mark.parametrize("price", [150000, "150000", " 150000 ", Decimal("150000")])
def test_whole_numbers_of_dong_are_accepted(price):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    variant = services.create_variant(user=user, product_id=product.pk, data={"sku": "P-1", "price_amount": price})
    assert variant.price_amount == 150000 and isinstance(variant.price_amount, int)


def test_a_sku_already_used_anywhere_is_refused_whatever_its_case():
    user, producer, category = seller()
    new_product(user, producer, category, variants=HONEY)
    other_user, other_producer, _c = seller()
    other_product = new_product(other_user, other_producer, category, name="Khác")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.create_variant(user=other_user, product_id=other_product.pk,
                                data={"sku": "mo-500", "price_amount": 1000})
    assert codes(caught.value) == {"sku": [ProductErrorCode.UNIQUE.value]}
    assert counts() == before


@pytest.mark.parametrize("sku", ["", "có dấu", "MO 500", "X" * 65])
def test_a_sku_must_be_a_short_code_without_spaces_or_accents(sku):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    with pytest.raises(ValidationError) as caught:
        services.create_variant(user=user, product_id=product.pk, data={"sku": sku, "price_amount": 1000})
    assert "sku" in caught.value.error_dict


def test_updating_a_variant_changes_it_and_marks_the_product_for_reindexing():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY)
    Product.objects.filter(pk=product.pk).update(search_index_dirty=False)
    variant = product.variants.get()
    services.update_variant(user=user, variant_id=variant.pk, data={"price_amount": "160000", "name": "Hũ nhỏ"})
    variant.refresh_from_db()
    assert (variant.price_amount, variant.name) == (160000, "Hũ nhỏ")
    assert Product.objects.get(pk=product.pk).search_index_dirty is True


def test_a_variant_may_keep_its_own_sku_on_update():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY)
    variant = services.update_variant(user=user, variant_id=product.variants.get().pk, data={"sku": "MO-500"})
    assert variant.sku == "MO-500"


def test_the_last_variant_of_a_published_product_cannot_be_deleted():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY, is_published=True)
    with pytest.raises(ValidationError) as caught:
        services.delete_variant(user=user, variant_id=product.variants.get().pk)
    assert codes(caught.value) == {"id": [ProductErrorCode.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT.value]}
    services.unpublish_product(user=user, product_id=product.pk)
    services.delete_variant(user=user, variant_id=product.variants.get().pk)
    assert ProductVariant.objects.count() == 0 and Stock.objects.count() == 0


# --------------------------------------------------------------------------- stock

@pytest.mark.parametrize("quantity", [-1, 2.5, "2,5", "mười", "", None])
def test_stock_must_be_a_whole_number_of_zero_or_more(quantity):
    user, producer, category = seller()
    variant = new_product(user, producer, category, variants=HONEY).variants.get()
    with pytest.raises(ValidationError) as caught:
        services.set_stock(user=user, variant_id=variant.pk, quantity=quantity)
    assert set(caught.value.error_dict) == {"quantity"}
    assert Stock.objects.get(product_variant=variant).quantity == 10


def test_stock_is_kept_in_the_producers_one_warehouse():
    user, producer, category = seller()
    variant = new_product(user, producer, category, variants=HONEY).variants.get()
    services.set_stock(user=user, variant_id=variant.pk, quantity="0")
    services.set_stock(user=user, variant_id=variant.pk, quantity=42)
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.warehouse_id) == (42, producer.warehouse.pk)


def test_stock_cannot_go_below_what_orders_have_reserved():
    user, producer, category = seller()
    variant = new_product(user, producer, category, variants=HONEY).variants.get()
    Stock.objects.filter(product_variant=variant).update(quantity_allocated=4)
    with pytest.raises(ValidationError):
        services.set_stock(user=user, variant_id=variant.pk, quantity=3)
    assert services.set_stock(user=user, variant_id=variant.pk, quantity=4).quantity == 4


def test_stock_for_several_variants_is_all_or_nothing():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY + [
        {"sku": "MO-1000", "price_amount": 280000, "stock": 5}])
    first, second = product.variants.all()
    with pytest.raises(ValidationError) as caught:
        services.set_stocks(user=user, product_id=product.pk, quantities={first.pk: 7, second.pk: "-2"})
    assert set(caught.value.error_dict) == {f"stock-{second.pk}"}
    assert [Stock.objects.get(product_variant=v).quantity for v in (first, second)] == [10, 5]
    services.set_stocks(user=user, product_id=product.pk, quantities={first.pk: 7, second.pk: "0"})
    assert [Stock.objects.get(product_variant=v).quantity for v in (first, second)] == [7, 0]


# --------------------------------------------------------------------------- update, publish, delete, duplicate

def test_updating_keeps_the_slug_and_marks_the_product_for_reindexing():
    user, producer, category = seller()
    product = new_product(user, producer, category)
    Product.objects.filter(pk=product.pk).update(search_index_dirty=False)
    services.update_product(user=user, product_id=product.pk, data={"name": "Mật ong rừng nguyên chất",
                                                                    "weight_grams": "750"})
    product.refresh_from_db()
    assert (product.name, product.slug, product.weight_grams) == ("Mật ong rừng nguyên chất",
                                                                  "mat-ong-rung-tam-dao", 750)
    assert product.search_index_dirty is True


def test_the_category_cannot_be_removed():
    user, producer, category = seller()
    product = new_product(user, producer, category)
    with pytest.raises(ValidationError) as caught:
        services.update_product(user=user, product_id=product.pk, data={"category": None})
    assert codes(caught.value) == {"category": [ProductErrorCode.PRODUCT_WITHOUT_CATEGORY.value]}
    assert Product.objects.get(pk=product.pk).category == category


def test_publish_and_unpublish():
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY)
    assert services.publish_product(user=user, product_id=product.pk).is_published is True
    from ocop.catalog.selectors import public_products

    assert public_products().filter(pk=product.pk).exists()
    assert services.unpublish_product(user=user, product_id=product.pk).is_published is False
    assert not public_products().filter(pk=product.pk).exists()


def test_duplicating_makes_an_unpublished_copy_with_new_skus_and_the_photos(django_capture_on_commit_callbacks):
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY, is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_images(user=user, product_id=product.pk, files=[upload("a.jpg", jpeg_bytes())])
    with translation.override("en"):
        copy = services.duplicate_product(user=user, product_id=product.pk)
        again = services.duplicate_product(user=user, product_id=product.pk)
    assert copy.name == "Mật ong rừng Tam Đảo (copy)" and copy.is_published is False
    assert (copy.slug, again.slug) == ("mat-ong-rung-tam-dao-copy", "mat-ong-rung-tam-dao-copy-2")
    assert [v.sku for v in copy.variants.all()] == ["MO-500-COPY"]
    assert [v.sku for v in again.variants.all()] == ["MO-500-COPY-2"]
    assert not Stock.objects.filter(product_variant__product=copy).exclude(quantity=0).exists()
    media = copy.media.get()
    assert media.image.name != product.media.get().image.name and media.image.storage.exists(media.image.name)
    assert media.thumbnails.count() == 4


def test_deleting_a_product_deletes_its_variants_stock_and_photo_files(django_capture_on_commit_callbacks):
    user, producer, category = seller()
    product = new_product(user, producer, category, variants=HONEY)
    with django_capture_on_commit_callbacks(execute=True):
        media = services.add_images(user=user, product_id=product.pk, files=[upload("a.jpg", jpeg_bytes())])[0]
    names = [media.image.name] + [t.image.name for t in media.thumbnails.all()]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_product(user=user, product_id=product.pk)
    assert counts() == (0, 0, 0, 0) and Thumbnail.objects.count() == 0
    assert not any(media.image.storage.exists(name) for name in names)


# --------------------------------------------------------------------------- photos

def test_several_photos_are_added_at_once_in_order_with_thumbnails(django_capture_on_commit_callbacks):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    Product.objects.filter(pk=product.pk).update(search_index_dirty=False)
    with django_capture_on_commit_callbacks(execute=True):
        saved = services.add_images(user=user, product_id=product.pk, alt="Hũ mật ong",
                                    files=[upload(f"{n}.jpg", jpeg_bytes()) for n in range(3)])
    assert [m.sort_order for m in saved] == [0, 1, 2]
    assert all(m.alt == "Hũ mật ong" and m.thumbnails.count() == 4 for m in saved)
    # The write marked the product dirty and, after the commit, the index batch ran (no broker).
    indexed = Product.objects.get(pk=product.pk)
    assert indexed.search_index_dirty is False and indexed.search_document


def test_one_bad_file_among_several_saves_none_of_them(settings):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    files = [upload("1.jpg", jpeg_bytes()), upload("giay-to.jpg", b"%PDF-1.7\n...%%EOF"), upload("3.jpg", jpeg_bytes())]
    with pytest.raises(ValidationError) as caught:
        services.add_images(user=user, product_id=product.pk, files=files)
    assert "giay-to.jpg" in caught.value.error_dict["images"][0].messages[0]
    assert ProductMedia.objects.count() == 0
    stored = list((settings.MEDIA_ROOT / "products").glob("*")) if (settings.MEDIA_ROOT / "products").exists() else []
    assert stored == []


def test_uploading_nothing_is_refused():
    user, producer, category = seller()
    product = new_product(user, producer, category)
    with pytest.raises(ValidationError) as caught:
        services.add_images(user=user, product_id=product.pk, files=[])
    assert codes(caught.value) == {"images": [ProductErrorCode.REQUIRED.value]}


def test_a_product_has_at_most_twenty_photos(monkeypatch):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    monkeypatch.setattr(services, "MAX_PHOTOS", 2)
    with pytest.raises(ValidationError):
        services.add_images(user=user, product_id=product.pk, files=[upload(f"{n}.jpg", jpeg_bytes()) for n in range(3)])
    assert ProductMedia.objects.count() == 0


@pytest.fixture
def three_photos():
    user, producer, category = seller()
    product = new_product(user, producer, category)
    media = services.add_images(user=user, product_id=product.pk, files=[upload(f"{n}.jpg", jpeg_bytes())
                                                                         for n in range(3)])
    return user, product, [m.pk for m in media]


def _order(product):
    return list(product.media.order_by("sort_order", "id").values_list("pk", flat=True))


def test_photos_are_reordered(three_photos):
    user, product, (a, b, c) = three_photos
    services.reorder_images(user=user, product_id=product.pk, media_ids=[c, a, b])
    assert _order(product) == [c, a, b]


@pytest.mark.parametrize("bad,code", [("twice", ProductErrorCode.DUPLICATED_INPUT_ITEM),
                                      ("foreign", ProductErrorCode.NOT_PRODUCTS_IMAGE),
                                      ("missing", ProductErrorCode.REQUIRED)])
def test_a_new_order_must_name_each_photo_of_the_product_once(three_photos, bad, code):
    user, product, (a, b, c) = three_photos
    ids = {"twice": [a, a, b, c], "foreign": [a, b, c, 999999], "missing": [a, b]}[bad]
    with pytest.raises(ValidationError) as caught:
        services.reorder_images(user=user, product_id=product.pk, media_ids=ids)
    assert codes(caught.value) == {"media_ids": [code.value]}
    assert _order(product) == [a, b, c]


def test_a_photo_moves_one_step_up_or_down_and_stays_put_at_the_ends(three_photos):
    user, product, (a, b, c) = three_photos
    services.move_image(user=user, media_id=c, offset=-1)
    assert _order(product) == [a, c, b]
    services.move_image(user=user, media_id=a, offset=-1)
    assert _order(product) == [a, c, b]
    services.move_image(user=user, media_id=a, offset=1)
    assert _order(product) == [c, a, b]


def test_alt_text_is_set_and_limited_to_250_characters(three_photos):
    user, product, (a, _b, _c) = three_photos
    assert services.set_image_alt(user=user, media_id=a, alt="  Hũ mật ong 500 g  ").alt == "Hũ mật ong 500 g"
    with pytest.raises(ValidationError) as caught:
        services.set_image_alt(user=user, media_id=a, alt="x" * 251)
    assert codes(caught.value) == {"alt": [ProductErrorCode.INVALID.value]}


def test_deleting_a_photo_removes_its_files(django_capture_on_commit_callbacks):
    user, producer, category = seller()
    product = new_product(user, producer, category)
    with django_capture_on_commit_callbacks(execute=True):
        media = services.add_images(user=user, product_id=product.pk, files=[upload("a.jpg", jpeg_bytes())])[0]
    names = [media.image.name] + [t.image.name for t in media.thumbnails.all()]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_image(user=user, media_id=media.pk)
    assert ProductMedia.objects.count() == 0
    assert not any(media.image.storage.exists(name) for name in names)
