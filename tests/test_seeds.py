from django.apps import apps

from seeds.loader import load, load_accounts_file


def table_counts() -> dict:
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in {"areas", "accounts", "producers", "catalog"}}


def test_loading_twice_creates_nothing_new(db):
    load(images=False, quiet=True)
    first = table_counts()
    load(images=False, quiet=True)
    assert table_counts() == first
    assert first["catalog.Product"] >= 50
    assert first["producers.Producer"] >= 10


def test_sample_data_covers_every_legal_form_status_and_group(seeded):
    from ocop.producers.models import LegalForm, OcopCertificate, Producer, ProductGroup

    assert set(Producer.objects.values_list("legal_form", flat=True)) == set(LegalForm.values)
    assert {"approved", "submitted", "draft", "suspended"} <= set(Producer.objects.values_list("status", flat=True))
    assert set(OcopCertificate.objects.values_list("product_group", flat=True)) == set(ProductGroup.values)
    statuses = set(OcopCertificate.objects.values_list("status", flat=True))
    assert {"valid", "expired", "revoked"} <= statuses
    assert set(OcopCertificate.objects.values_list("stars", flat=True)) == {3, 4, 5}


def test_areas_hold_both_the_three_tier_and_the_two_tier_map(seeded):
    from ocop.areas.models import Area

    lap_thach = Area.objects.get(scheme="2008", name="Huyện Lập Thạch")
    assert lap_thach.parent.name == "Tỉnh Vĩnh Phúc" and lap_thach.level == "district"
    assert Area.objects.filter(parent=lap_thach, level="commune").exists()
    xa_tam_dao = Area.objects.get(scheme="2025", name="Xã Tam Đảo")
    assert xa_tam_dao.parent.name == "Tỉnh Phú Thọ" and xa_tam_dao.parent.code == "25"
    assert Area.objects.get(scheme="2008", code="26").successor == xa_tam_dao.parent
    for district in ["Lập Thạch", "Tam Đảo", "Sông Lô", "Tam Dương", "Bình Xuyên", "Yên Lạc", "Vĩnh Tường",
                     "Vĩnh Yên", "Phúc Yên"]:
        assert Area.objects.filter(scheme="2008", level="district", name__endswith=district).exists(), district


def test_every_demo_account_can_log_in_and_acts_for_what_the_file_says(seeded, client):
    from ocop.accounts.models import User

    for account in load_accounts_file():
        assert client.login(username=account["email"], password=account["password"]), account["email"]
        user = User.objects.get(email=account["email"])
        acts = account.get("acts_for") or {}
        if acts.get("producer"):
            assert user.producer_memberships.filter(producer__slug=acts["producer"], role="owner").exists()
        if acts.get("areas"):
            codes = {f"{a.area.scheme}:{a.area.code}" for a in user.officer_assignments.select_related("area")}
            assert codes == set(acts["areas"])
        assert user.is_staff == (account["role"] == "staff")
        client.logout()
    roles = [a["role"] for a in load_accounts_file()]
    assert roles.count("producer_owner") == 2 and roles.count("officer") == 2
    assert {"shopper", "staff"} <= set(roles)


def test_prices_are_whole_dong(seeded):
    from ocop.catalog.models import ProductVariant

    prices = list(ProductVariant.objects.values_list("price_amount", flat=True))
    assert prices and all(isinstance(p, int) and p > 0 for p in prices)


def test_pictures_are_drawn_once_with_thumbnails(db, django_capture_on_commit_callbacks):
    from ocop.catalog.models import ProductMedia, Thumbnail

    with django_capture_on_commit_callbacks(execute=True):
        load(images=True, quiet=True)
    media = ProductMedia.objects.count()
    assert media >= 50
    assert Thumbnail.objects.count() == media * 4
    # a few products show a gallery: the front, a close-up of the label, the sizes side by side
    from seeds.loader import GALLERY_PRODUCTS

    honey = list(ProductMedia.objects.filter(product__slug=GALLERY_PRODUCTS[0]).order_by("sort_order")
                 .values_list("alt", flat=True))
    assert len(honey) == 3 and "cận cảnh nhãn" in honey[1] and "các cỡ đóng gói" in honey[2]
    assert all(ProductMedia.objects.filter(product__slug=slug).count() == 3 for slug in GALLERY_PRODUCTS)
    assert ProductMedia.objects.exclude(product__slug__in=GALLERY_PRODUCTS).values("product").distinct().count() \
        == media - 3 * len(GALLERY_PRODUCTS)  # one photo each for the others
    load(images=True, quiet=True)
    assert ProductMedia.objects.count() == media
