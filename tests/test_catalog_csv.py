"""CSV import (all or nothing, with a report of what to fix) and export of a producer's catalogue."""

import csv
import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from ocop.catalog import csv_io, services
from ocop.catalog.errors import ProductErrorCode
from ocop.catalog.models import Product, ProductVariant, Stock
from tests.test_catalog_helpers import make_category, make_producer, new_product, seller, upload

pytestmark = pytest.mark.django_db

HEADER = "product_slug,product_name,category_slug,description,variant_name,sku,price_vnd,stock,weight_grams\n"


@pytest.fixture
def honey_seller():
    user, producer, _category = seller()
    make_category(slug="mat-ong", name="Mật ong")
    make_category(slug="tra", name="Trà và chè")
    return user, producer


def run(user, producer, text: str | bytes):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return services.import_products_csv(user=user, producer_id=producer.pk, data=data)


def refused(user, producer, text) -> list[dict]:
    before = (Product.objects.count(), ProductVariant.objects.count(), Stock.objects.count())
    with pytest.raises(csv_io.ImportErrors) as caught:
        run(user, producer, text)
    assert (Product.objects.count(), ProductVariant.objects.count(), Stock.objects.count()) == before
    assert isinstance(caught.value, ValidationError) and "file" in caught.value.error_dict
    return caught.value.report


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows Vietnamese: â ê ô ơ ư ă đ are single bytes, tone marks are combining characters after them."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


GOOD = HEADER + (
    ",Mật ong rừng Tam Đảo,mat-ong,Mật ong nguyên chất,Hũ 500 g,MO-500,265000,48,720\n"
    ",Mật ong rừng Tam Đảo,mat-ong,,Hũ 1 kg,MO-1000,490000,22,1350\n"
    "che-xanh-lap-thach,Chè xanh Lập Thạch,tra,\"Chè búp, sao tay\",Gói 200 g,CHE-200,120000,,200\n"
)


def test_a_valid_file_creates_products_variants_and_stock(honey_seller):
    user, producer = honey_seller
    result = run(user, producer, GOOD)
    assert result == {"products_created": 2, "products_updated": 0, "variants_created": 3, "variants_updated": 0}
    honey = Product.objects.get(slug="mat-ong-rung-tam-dao")
    assert honey.producer == producer and honey.category.slug == "mat-ong" and not honey.is_published
    assert [(v.sku, v.price_amount, v.weight_grams) for v in honey.variants.all()] == [
        ("MO-500", 265000, 720), ("MO-1000", 490000, 1350)]
    assert Stock.objects.get(product_variant__sku="MO-1000").quantity == 22
    assert Stock.objects.get(product_variant__sku="CHE-200").quantity == 0
    assert Product.objects.get(slug="che-xanh-lap-thach").description == "Chè búp, sao tay"
    assert all(p.search_index_dirty for p in Product.objects.all())


def test_utf8_with_a_byte_order_mark_from_excel_is_accepted(honey_seller):
    user, producer = honey_seller
    assert run(user, producer, b"\xef\xbb\xbf" + GOOD.encode())["variants_created"] == 3


def test_semicolon_separated_files_are_read_too(honey_seller):
    user, producer = honey_seller
    assert run(user, producer, GOOD.replace(",", ";").replace('"Chè búp; sao tay"', "Chè búp"))["products_created"] == 2


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1", "utf-16"])
def test_a_file_not_in_utf8_is_refused_with_a_clear_message(honey_seller, encoding):
    user, producer = honey_seller
    text = GOOD if encoding != "latin-1" else GOOD.replace("Mật ong rừng Tam Đảo", "Café crème")
    if encoding == "latin-1":
        text = text.replace("Chè xanh Lập Thạch", "Thé vert").replace("Chè búp, sao tay", "Thé").replace(
            "Mật ong nguyên chất", "Miel").replace("Hũ", "Pot").replace("Gói", "Sac")
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    report = refused(user, producer, data)
    assert [(r["row"], r["code"]) for r in report] == [(1, ProductErrorCode.INVALID_ENCODING.value)]
    assert "UTF-8" in report[0]["message"]


def test_wrong_columns_are_refused_naming_the_expected_ones(honey_seller):
    user, producer = honey_seller
    report = refused(user, producer, "ten,gia\nMật ong,150000\n")
    columns = {r["column"] for r in report}
    assert {"ten", "gia", "product_name", "category_slug", "sku", "price_vnd"} <= columns
    assert all(r["row"] == 1 and "price_vnd" in r["message"] for r in report)


def test_a_price_with_a_decimal_part_is_refused_saying_how_to_write_it(honey_seller):
    user, producer = honey_seller
    report = refused(user, producer, GOOD + ',Mật ong hoa keo,mat-ong,,Hũ 500 g,KEO-500,"150,50",5,\n')
    assert [(r["row"], r["column"], r["code"]) for r in report] == [(5, "price_vnd", "invalid_price")]
    assert "150000" in report[0]["message"]


@pytest.mark.parametrize("price", ["-150000", "150000.5", "1.50.000", "1e5", "0", "abc", ""])
def test_other_bad_prices_are_refused(honey_seller, price):
    user, producer = honey_seller
    report = refused(user, producer, HEADER + f",Mật ong,mat-ong,,,MO-X,{price},1,\n")
    assert [r["column"] for r in report] == ["price_vnd"]


def test_every_problem_of_every_row_is_reported_in_one_go(honey_seller):
    user, producer = honey_seller
    text = HEADER + (
        ",Mật ong,khong-co,,,A-1,1000,1,\n"          # unknown category
        ",,mat-ong,,,A-2,1000,1,\n"                  # no product name
        ",Chè,tra,,,có dấu,1000,-3,\n"               # bad SKU and negative stock
        ",Chè,tra,,,A-4,1000,1,nặng\n"               # weight is not a number
    )
    report = refused(user, producer, text)
    assert [(r["row"], r["column"]) for r in report] == [
        (2, "category_slug"), (3, "product_name"), (4, "sku"), (4, "stock"), (5, "weight_grams")]
    assert "mat-ong" in report[0]["message"] and "tra" in report[0]["message"]


def test_the_same_sku_twice_in_a_file_is_refused(honey_seller):
    user, producer = honey_seller
    report = refused(user, producer, HEADER + ",Mật ong,mat-ong,,,A-1,1000,1,\n,Mật ong,mat-ong,,,a-1,2000,1,\n")
    assert [(r["row"], r["column"], r["code"]) for r in report] == [(3, "sku", "duplicated_input_item")]
    assert "2" in report[0]["message"]


def test_a_sku_or_slug_of_another_producer_is_refused(honey_seller):
    user, producer = honey_seller
    other_user, other_producer, category = seller()
    new_product(other_user, other_producer, category, name="Rượu nếp", slug="ruou-nep",
                variants=[{"sku": "RUOU-1", "price_amount": 90000}])
    report = refused(user, producer, HEADER + ",Mật ong,mat-ong,,,RUOU-1,1000,1,\nruou-nep,Rượu,mat-ong,,,B-1,1000,1,\n")
    assert [(r["row"], r["column"], r["code"]) for r in report] == [(2, "sku", "unique"), (3, "product_slug", "unique")]
    assert Product.objects.get(slug="ruou-nep").name == "Rượu nếp"


def test_a_file_with_a_header_only_is_refused(honey_seller):
    user, producer = honey_seller
    assert refused(user, producer, HEADER)[0]["code"] == ProductErrorCode.REQUIRED.value


def test_one_bad_row_among_thousands_saves_nothing(honey_seller):
    user, producer = honey_seller
    rows = [f",Sản phẩm {n},mat-ong,,,SP-{n},{1000 + n},{n % 7},\n" for n in range(2000)]
    rows[1500] = ",Sản phẩm lỗi,mat-ong,,,SP-LOI,\"150,5\",1,\n"
    report = refused(user, producer, HEADER + "".join(rows))
    assert [r["row"] for r in report] == [1502]


def test_importing_again_updates_prices_and_stock_instead_of_duplicating(honey_seller):
    user, producer = honey_seller
    run(user, producer, GOOD)
    again = GOOD.replace("265000,48", "270000,40")
    result = run(user, producer, again)
    assert result == {"products_created": 0, "products_updated": 2, "variants_created": 0, "variants_updated": 3}
    assert ProductVariant.objects.get(sku="MO-500").price_amount == 270000
    assert Stock.objects.get(product_variant__sku="MO-500").quantity == 40
    assert Product.objects.count() == 2


def test_only_members_of_the_approved_producer_may_import(honey_seller):
    _user, producer = honey_seller
    outsider, _p, _c = seller()
    with pytest.raises(ValidationError) as caught:
        run(outsider, producer, GOOD)
    assert caught.value.error_dict["producer"][0].code == ProductErrorCode.NOT_FOUND.value
    pending, pending_producer, _c = seller(status="submitted")
    with pytest.raises(ValidationError):
        run(pending, pending_producer, GOOD)
    assert Product.objects.count() == 0


def test_export_lists_only_the_producers_own_products_and_imports_back_unchanged(honey_seller):
    user, producer = honey_seller
    run(user, producer, GOOD)
    bare = new_product(user, producer, make_category(slug="khac"), name="=Chưa có loại")
    other_user, other_producer, category = seller()
    new_product(other_user, other_producer, category, name="Của người khác", variants=[{"sku": "X-1",
                                                                                         "price_amount": 5}])
    exported = csv_io.export_csv(producer)
    assert exported.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert len(rows) == 4 and "Của người khác" not in exported
    assert {r["sku"] for r in rows} == {"MO-500", "MO-1000", "CHE-200", ""}
    assert next(r for r in rows if r["product_slug"] == bare.slug)["product_name"] == "'=Chưa có loại"
    before = list(ProductVariant.objects.order_by("sku").values_list("sku", "price_amount", "stocks__quantity"))
    result = run(user, producer, exported.encode("utf-8"))
    assert result["products_created"] == 0 and result["variants_created"] == 0
    assert Product.objects.get(pk=bare.pk).name == "=Chưa có loại"
    assert list(ProductVariant.objects.order_by("sku").values_list("sku", "price_amount",
                                                                   "stocks__quantity")) == before


# --------------------------------------------------------------------------- the pages

def test_the_import_page_shows_a_report_table_in_vietnamese_and_saves_nothing(client, honey_seller):
    user, producer = honey_seller
    client.force_login(user)
    bad = GOOD + ',Mật ong hoa keo,mat-ong,,,KEO-500,"150,5",5,\n'
    response = client.post("/seller/products/import/", {"file": upload("sp.csv", bad.encode(), "text/csv")})
    page = response.content.decode()
    assert response.status_code == 400 and Product.objects.count() == 0
    assert "<table" in page and "<td>5</td>" in page and "<code>price_vnd</code>" in page
    assert "Không có gì được nhập" in page


def test_the_import_page_imports_a_good_file_and_says_what_it_did(client, honey_seller):
    user, producer = honey_seller
    client.force_login(user)
    response = client.post("/seller/products/import/", {"file": upload("sp.csv", GOOD.encode(), "text/csv")},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/seller/products/"
    assert Product.objects.filter(producer=producer).count() == 2
    assert "Mật ong rừng Tam Đảo" in response.content.decode()


def test_the_export_download_is_the_producers_csv(client, honey_seller):
    user, producer = honey_seller
    run(user, producer, GOOD)
    client.force_login(user)
    response = client.get("/seller/products/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{producer.slug}-products-' in response["Content-Disposition"]
    assert "MO-500" in response.content.decode("utf-8-sig")


def test_a_shopper_cannot_export_or_import(client):
    make_producer()
    from tests.test_catalog_helpers import make_user

    client.force_login(make_user())
    assert client.get("/seller/products/export.csv").status_code == 404
    assert client.post("/seller/products/import/", {"file": upload("sp.csv", GOOD.encode())}).status_code == 404


ENGLISH_HEADER = HEADER.rstrip("\n") + ",product_name_en,description_en,variant_name_en\n"


def test_english_columns_give_the_product_and_variant_names_in_english(honey_seller):
    from ocop.catalog.models import ProductTranslation, ProductVariantTranslation

    user, producer = honey_seller
    run(user, producer, ENGLISH_HEADER
        + ",Mật ong rừng,mat-ong,Mật rừng.,Hũ 500 g,MR-500,150000,5,,Wild honey,Forest honey.,500 g jar\n"
        + ",Mật ong rừng,mat-ong,,Hũ 1 kg,MR-1000,280000,5,,,,1 kg jar\n")
    product = Product.objects.get(producer=producer)
    english = ProductTranslation.objects.get(product=product, language_code="en")
    assert (english.name, english.description) == ("Wild honey", "Forest honey.")
    assert dict(ProductVariantTranslation.objects.filter(variant__product=product)
                .values_list("variant__sku", "name")) == {"MR-500": "500 g jar", "MR-1000": "1 kg jar"}
    # a second import changes what it names and keeps what its empty cells leave
    run(user, producer, ENGLISH_HEADER
        + f"{product.slug},Mật ong rừng,mat-ong,,Hũ 500 g,MR-500,150000,,,Wild forest honey,,\n")
    english.refresh_from_db()
    assert (english.name, english.description) == ("Wild forest honey", "Forest honey.")
    assert ProductVariantTranslation.objects.get(variant__sku="MR-500").name == "500 g jar"


def test_too_long_english_texts_are_reported_by_column_and_nothing_is_saved(honey_seller):
    from ocop.catalog.models import ProductTranslation, ProductVariantTranslation

    user, producer = honey_seller
    report = refused(user, producer, ENGLISH_HEADER
                     + f",Mật ong,mat-ong,,Hũ,M-1,150000,5,,{'x' * 251},,{'y' * 121}\n")
    assert {(item["row"], item["column"]) for item in report} == {(2, "product_name_en"), (2, "variant_name_en")}
    assert "250" in report[0]["message"]
    assert not ProductTranslation.objects.exists() and not ProductVariantTranslation.objects.exists()


def test_the_export_carries_the_english_texts_and_imports_back_unchanged(honey_seller):
    from ocop.catalog.models import ProductTranslation, ProductVariantTranslation

    user, producer = honey_seller
    category = make_category(slug="mat-ong-2", name="Mật ong 2")
    product = new_product(user, producer, category, variants=[{"sku": "E-1", "name": "Hũ", "price_amount": 1000}],
                          translations={"en": {"name": "Honey", "description": "Sweet."}})
    services.update_variant(user=user, variant_id=product.variants.get().pk,
                            data={"translations": {"en": {"name": "Jar"}}})
    exported = csv_io.export_csv(producer)
    row = next(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert (row["product_name_en"], row["description_en"], row["variant_name_en"]) == ("Honey", "Sweet.", "Jar")
    run(user, producer, exported.encode("utf-8"))
    assert ProductTranslation.objects.get(product=product).name == "Honey"
    assert ProductVariantTranslation.objects.get(variant__sku="E-1").name == "Jar"
