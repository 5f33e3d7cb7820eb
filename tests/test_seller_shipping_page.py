"""/seller/shipping/: a producer's delivery options. Errors sit beside their field and in a summary
on top whose items link to the fields; options can be changed and deleted by the producer's own
members only."""

import re

import pytest
from django.core.exceptions import ValidationError

from ocop.checkout import shipping_rates
from ocop.checkout.models import CheckoutDelivery, ShippingRate
from ocop.checkout.services import create_checkout
from ocop.producers.models import ProducerMember

from . import factories as f


@pytest.fixture
def producer(db):
    return f.producer(f.area_tree()["quang_son"], status="approved")


@pytest.fixture
def rate(producer):
    return ShippingRate.objects.create(producer=producer, name="Tiêu chuẩn", flat_amount=30000, per_kg_amount=5000,
                                       provinces=["Hà Nội"])


def member(producer):
    person = f.user()
    ProducerMember.objects.create(producer=producer, user=person, role="owner")
    return person


@pytest.fixture
def seller(client, producer):
    client.force_login(member(producer))
    return client


def summary_links(html):
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def test_the_error_summary_links_each_message_to_its_field(seller):
    response = seller.post("/seller/shipping/", {"name": "", "flat_amount": "30.00", "per_kg_amount": "abc"})
    html = response.content.decode()
    assert response.status_code == 400
    links = summary_links(html)
    assert [target for target, _message in links] == ["name-new", "flat-new", "kg-new"]
    for target, message in links:
        assert f'id="{target}"' in html  # the link leads somewhere
        assert f'id="{target}-error"' in html  # and the same message sits beside the field
    field = re.search(r'<input type="text" id="flat-new"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "flat-new-error" in field and "flat-new-hint" in field
    assert 'value="30.00"' in field  # what was typed stays, to be corrected
    assert not ShippingRate.objects.exists()


def test_a_bad_value_on_an_existing_option_points_at_that_options_field(seller, rate):
    response = seller.post("/seller/shipping/", {"rate": rate.pk, "name": "Nhanh", "flat_amount": "-1",
                                                 "per_kg_amount": "0", "provinces": ["Phú Thọ", "Hà Nội"]})
    html = response.content.decode()
    assert [target for target, _message in summary_links(html)] == [f"flat-{rate.pk}"]
    assert 'aria-invalid="true"' not in re.search(r'<input type="text" id="flat-new"[^>]*>', html).group(0)
    posted_form = html.split(f'name="rate" value="{rate.pk}"')[1].split("</form>")[0]
    assert 'value="Phú Thọ" checked' in posted_form and "is_active\" checked" not in posted_form  # as ticked
    rate.refresh_from_db()
    assert (rate.name, rate.flat_amount) == ("Tiêu chuẩn", 30000)


def test_an_unknown_province_is_summarised_linking_to_the_first_province_box(seller):
    response = seller.post("/seller/shipping/", {"name": "Xa", "flat_amount": "1", "per_kg_amount": "1",
                                                 "provinces": ["Tỉnh Vĩnh Phúc"]})
    html = response.content.decode()
    assert [target for target, _message in summary_links(html)] == ["provinces-new"]
    assert re.search(r'<input type="checkbox" name="provinces" value="[^"]+" id="provinces-new"', html)


def test_a_producer_deletes_an_option_after_confirming_and_checkouts_choose_again(seller, producer, rate):
    checkout = create_checkout()
    CheckoutDelivery.objects.create(checkout=checkout, producer=producer, shipping_rate=rate)
    page = seller.get(f"/seller/shipping/{rate.pk}/delete/")
    assert page.status_code == 200 and "Tiêu chuẩn" in page.content.decode()
    assert ShippingRate.objects.filter(pk=rate.pk).exists()  # asking changes nothing
    response = seller.post(f"/seller/shipping/{rate.pk}/delete/")
    assert response.status_code == 302 and response.url == "/seller/shipping/"
    assert not ShippingRate.objects.filter(pk=rate.pk).exists()
    assert not CheckoutDelivery.objects.filter(checkout=checkout).exists()


def test_another_producers_option_cannot_be_deleted(seller, rate):
    other = ShippingRate.objects.create(producer=f.producer(f.area_tree()["dai_dinh"], status="approved"),
                                        name="Của người khác")
    assert seller.get(f"/seller/shipping/{other.pk}/delete/").status_code == 404
    assert seller.post(f"/seller/shipping/{other.pk}/delete/").status_code == 404
    assert seller.post("/seller/shipping/987654/delete/").status_code == 404
    assert ShippingRate.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("who", ["shopper", "member of a producer not approved", "anonymous"])
def test_only_members_of_an_approved_producer_reach_the_page(client, rate, who):
    if who == "shopper":
        client.force_login(f.user())
    elif who == "member of a producer not approved":
        client.force_login(member(f.producer(f.area_tree()["dai_dinh"], status="submitted")))
    for response in (client.get("/seller/shipping/"), client.post(f"/seller/shipping/{rate.pk}/delete/")):
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert response.url.startswith("/accounts/login/")
    assert ShippingRate.objects.filter(pk=rate.pk).exists()


def test_the_delete_service_refuses_anyone_but_the_producers_members(producer, rate):
    for person in (f.user(), member(f.producer(f.area_tree()["dai_dinh"], status="approved"))):
        with pytest.raises(ValidationError) as caught:
            shipping_rates.delete_shipping_rate(user=person, producer=producer, rate_id=rate.pk)
        assert caught.value.error_dict["producer"][0].code == "not_found"
    other = ShippingRate.objects.create(producer=f.producer(f.area_tree()["dai_dinh"], status="approved"), name="x")
    with pytest.raises(ValidationError) as caught:
        shipping_rates.delete_shipping_rate(user=member(producer), producer=producer, rate_id=other.pk)
    assert list(caught.value.error_dict) == ["rate"]
    assert ShippingRate.objects.count() == 2
    deleted = shipping_rates.delete_shipping_rate(user=f.user(is_staff=True), producer=producer, rate_id=rate.pk)
    assert deleted.pk == rate.pk and not ShippingRate.objects.filter(pk=rate.pk).exists()
