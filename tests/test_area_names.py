"""Area names and issuing authorities on English pages: the unit word after the place's own name;
Vietnamese pages and postal addresses unchanged."""

import pytest

from ocop.areas.names import authority_name, place_name


@pytest.mark.parametrize("name, english", [
    ("Tỉnh Vĩnh Phúc", "Vĩnh Phúc Province"), ("Thành phố Hà Nội", "Hà Nội City"),
    ("Huyện Tam Đảo", "Tam Đảo District"), ("Quận Hoàn Kiếm", "Hoàn Kiếm District"),
    ("Thị xã Phúc Yên", "Phúc Yên Town"), ("Thị trấn Đại Đình", "Đại Đình Township"),
    ("Xã Tây Thiên", "Tây Thiên Commune"), ("Phường Liên Bảo", "Liên Bảo Ward"),
    ("Đặc khu Phú Quốc", "Phú Quốc Special Zone"),
    ("Hà Nội", "Hà Nội"), ("Xã", "Xã"), ("Xãx Tây", "Xãx Tây"), ("", ""),
])
def test_an_english_page_puts_the_unit_after_the_name(name, english):
    assert place_name(name, "en") == english
    assert place_name(name, "en-us") == english
    assert place_name(name, "vi") == name and place_name(name, None) == name


@pytest.mark.parametrize("text, english", [
    ("UBND tỉnh Vĩnh Phúc", "Vĩnh Phúc Province People's Committee"),
    ("UBND huyện Tam Đảo", "Tam Đảo District People's Committee"),
    ("Ủy ban nhân dân thành phố Hà Nội", "Hà Nội City People's Committee"),
    ("Bộ Nông nghiệp và Môi trường", "Ministry of Agriculture and Environment"),
    ("UBND Tam Đảo", "UBND Tam Đảo"), ("Sở Nông nghiệp", "Sở Nông nghiệp"),
])
def test_an_issuing_authority_in_english(text, english):
    assert authority_name(text, "en") == english
    assert authority_name(text, "vi") == text


def test_english_pages_name_places_in_english_and_vietnamese_pages_as_they_are(client, seeded):
    from ocop.catalog.selectors import public_products

    product = public_products().exclude(producer__area=None).exclude(ocop_certificate=None).select_related(
        "producer__area", "ocop_certificate").first()
    english = client.get(f"/products/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get(f"/products/{product.slug}/").content.decode()
    top = product.producer.area.ancestors()[0]
    assert place_name(top.name, "en") != top.name
    assert place_name(top.name, "en") in english and place_name(top.name, "en") not in vietnamese
    assert top.name in vietnamese
    search = client.get("/search/", {"q": "mat ong"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Vĩnh Phúc Province (former)" in search and "Tỉnh Vĩnh Phúc" not in search
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Phú Thọ Province</option>" in home
