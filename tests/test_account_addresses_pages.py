"""The shopper's address book pages (/accounts/addresses/): the account services' rules, shown
field by field; another person's address is not found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.accounts import services
from ocop.accounts.models import Address

from . import factories as f

LIST = "/accounts/addresses/"
GOOD = {"full_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Phú Thọ", "district": "",
        "commune": "Xã Đại Đình", "street": "Thôn Sơn Đình, số 12"}


@pytest.fixture
def shopper(db, client):
    user = f.user(email="lan@example.vn")
    client.force_login(user)
    return user


def add(user, **changes):
    from ocop.accounts import addresses

    return services.create_address(user=user, data=addresses.from_form({**GOOD, **changes}))


def test_adding_the_first_address_makes_it_the_default_and_lists_it(client, shopper):
    response = client.post(LIST + "new/", GOOD)
    assert response.status_code == 302 and response["Location"] == LIST
    address = Address.objects.get(user=shopper)
    assert (address.last_name, address.phone, address.province) == ("Nguyễn Thị Lan", "+84912345678", "Tỉnh Phú Thọ")
    assert (address.commune, address.street_address_1) == ("Xã Đại Đình", "Thôn Sơn Đình, số 12")
    shopper.refresh_from_db()
    assert shopper.default_shipping_address_id == shopper.default_billing_address_id == address.pk
    page = client.get(LIST).content.decode()
    assert "Nguyễn Thị Lan" in page and "0912 345 678" in page and "Tỉnh Phú Thọ" in page
    assert "Địa chỉ giao hàng mặc định" in page


@pytest.mark.parametrize("field, value, message", [
    ("full_name", "", "bắt buộc"), ("phone", "", "bắt buộc"), ("phone", "12345", "số điện thoại"),
    ("province", "", "bắt buộc"), ("province", "Tỉnh Hà Tây", "lựa chọn"), ("commune", "", "bắt buộc"),
    ("street", "", "bắt buộc"), ("street", "x" * 300, "255"), ("commune", "x" * 130, "120"),
])
def test_bad_input_is_shown_beside_its_field_and_saves_nothing(client, shopper, field, value, message):
    response = client.post(LIST + "new/", {**GOOD, field: value})
    page = response.content.decode()
    assert response.status_code == 400 and not Address.objects.exists()
    assert f'href="#id_{field}"' in page and 'class="error-summary"' in page
    assert f'id="id_{field}-error"' in page or f'id="id_{field}_error"' in page or "error-message" in page
    assert message in page.lower()
    if field != "province":  # what was typed stays, to be corrected
        assert (value or "") in page


def test_an_address_is_changed_and_its_form_shows_what_it_holds(client, shopper):
    address = add(shopper)
    form = client.get(f"{LIST}{address.pk}/").content.decode()
    assert 'value="Nguyễn Thị Lan"' in form and '<option value="Phú Thọ" selected>' in form
    response = client.post(f"{LIST}{address.pk}/", {**GOOD, "street": "Số 5 đường Hùng Vương"})
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.street_address_1 == "Số 5 đường Hùng Vương"


def test_a_second_address_becomes_the_default_delivery_when_asked(client, shopper):
    first = add(shopper)
    second = add(shopper, street="Số 9 phố Huế", province="Hà Nội", commune="Phường Hoàn Kiếm")
    client.post(f"{LIST}{second.pk}/default/", {"kind": "shipping"})
    shopper.refresh_from_db()
    assert shopper.default_shipping_address_id == second.pk and shopper.default_billing_address_id == first.pk
    client.post(f"{LIST}{second.pk}/default/", {"kind": "billing"})
    shopper.refresh_from_db()
    assert shopper.default_billing_address_id == second.pk


def test_deleting_asks_first_then_removes_it(client, shopper):
    address = add(shopper)
    list_page = client.get(LIST).content.decode()
    assert f'href="{LIST}{address.pk}/delete/"' in list_page  # a link to the question, not a one-click delete
    asking = client.get(f"{LIST}{address.pk}/delete/")
    page = asking.content.decode()
    assert asking.status_code == 200 and "Xóa địa chỉ này?" in page and "Thôn Sơn Đình, số 12" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert Address.objects.filter(pk=address.pk).exists()
    assert client.post(f"{LIST}{address.pk}/delete/").status_code == 302
    assert not Address.objects.filter(pk=address.pk).exists()
    shopper.refresh_from_db()
    assert shopper.default_shipping_address_id is None


def test_someone_else_s_address_is_not_found_and_unchanged(client, shopper):
    other = f.user(email="khac@example.vn")
    theirs = add(other)
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/", {**GOOD, "street": "Đổi"}).status_code == 404
    assert client.get(f"{LIST}{theirs.pk}/delete/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/delete/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/default/", {"kind": "shipping"}).status_code == 404
    theirs.refresh_from_db()
    shopper.refresh_from_db()
    assert theirs.street_address_1 == GOOD["street"] and shopper.default_shipping_address_id is None
    assert "Đổi" not in client.get(LIST).content.decode()


@pytest.mark.parametrize("method, path", [("get", ""), ("get", "new/"), ("post", "new/"), ("get", "1/"),
                                          ("post", "1/delete/"), ("post", "1/default/")])
def test_anonymous_visitors_are_sent_to_log_in(client, db, method, path):
    response = getattr(client, method)(LIST + path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_setting_a_default_takes_a_post(client, shopper):
    address = add(shopper)
    assert client.get(f"{LIST}{address.pk}/default/").status_code == 405


def test_the_list_costs_the_same_number_of_queries_for_one_and_ten_addresses(client, shopper):
    add(shopper)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    for n in range(9):
        add(shopper, street=f"Số {n} đường Hùng Vương")
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST).content.decode().count('class="address-card"') == 10
    assert len(one.captured_queries) == len(ten.captured_queries) <= 12


def test_the_english_page_is_in_english(client, shopper):
    add(shopper)
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your addresses" in page and "Default delivery address" in page


def test_the_checkout_starts_from_the_default_delivery_address(client, shopper, seeded):
    from ocop.catalog.models import ProductVariant, Stock
    from ocop.catalog.selectors import public_products

    add(shopper, street="Số 9 phố Huế", province="Hà Nội", commune="Phường Hoàn Kiếm")
    variant = ProductVariant.objects.filter(product__in=public_products(), track_inventory=True).first()
    Stock.objects.filter(product_variant=variant).update(quantity=5, quantity_allocated=0)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    page = client.get("/checkout/address/").content.decode()
    assert 'value="Số 9 phố Huế"' in page and '<option value="Hà Nội" selected>' in page
    assert 'value="Nguyễn Thị Lan"' in page


def test_the_address_book_is_linked_from_the_order_history(client, shopper):
    page = client.get("/accounts/orders/").content.decode()
    assert f'href="{LIST}"' in page and "Sổ địa chỉ" in page


def test_each_make_default_button_is_a_form_with_csrf_outside_any_paragraph(client, shopper):
    from html.parser import HTMLParser

    first = add(shopper)
    second = add(shopper, street="Số 9 phố Huế", province="Hà Nội", commune="Phường Hoàn Kiếm")
    page = client.get(LIST).content.decode()
    assert page.count(f'action="{LIST}{second.pk}/default/"') == 2  # delivery and billing
    assert page.count(f'action="{LIST}{first.pk}/default/"') == 0  # already the default for both
    assert page.count('name="csrfmiddlewaretoken"') >= 2

    class Nesting(HTMLParser):  # a <form> inside a <p> would close the paragraph and break the layout
        def __init__(self):
            super().__init__()
            self.open, self.bad = [], []

        def handle_starttag(self, tag, attrs):
            if tag == "form" and "p" in self.open:
                self.bad.append(tag)
            if tag not in ("br", "input", "img", "meta", "link", "hr", "source"):
                self.open.append(tag)

        def handle_endtag(self, tag):
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    nesting = Nesting()
    nesting.feed(page)
    assert nesting.bad == []


def test_a_stale_default_form_for_a_deleted_address_is_not_found(client, shopper):
    address = add(shopper)
    client.post(f"{LIST}{address.pk}/delete/")
    assert client.post(f"{LIST}{address.pk}/default/", {"kind": "shipping"}).status_code == 404
    assert client.get(f"{LIST}{address.pk}/").status_code == 404
