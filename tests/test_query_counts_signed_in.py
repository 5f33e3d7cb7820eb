"""Every role's pages stay within 12 SQL queries with the caches empty (a first visit), and the
header's role links cost no query of their own: the user is read with them (accounts.backends)."""

import json
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

ACCOUNTS = {a["email"]: a for a in json.loads((Path(__file__).parent.parent / "seeds" / "accounts.json").read_text())}
ROLES = ["shopper@ocop.example", "owner.tamdao@ocop.example", "officer.lapthach@ocop.example", "staff@ocop.example"]
WITH_ADDRESS = "shopper@ocop.example+address"  # the shopper with a default delivery address (the home page
# then shows producers of that province first)


def sign_in(client, email):
    """Log in as one of the demo accounts (seeds/accounts.json); WITH_ADDRESS gives the shopper a
    default delivery address first."""
    if email is None:
        return
    if email == WITH_ADDRESS:
        from ocop.accounts import addresses, services
        from ocop.accounts.models import User

        email = email.split("+")[0]
        user = User.objects.get(email=email)
        services.create_address(user=user, data=addresses.from_form({
            "full_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Phú Thọ", "district": "",
            "commune": "Xã Đại Đình", "street": "Thôn Sơn Đình, số 12"}))
        user.refresh_from_db()
        assert user.default_shipping_address_id is not None
    assert client.login(username=email, password=ACCOUNTS[email]["password"])


def pages():
    from ocop.catalog.models import Category, Collection
    from ocop.producers.models import Producer

    return ["/", f"/categories/{Category.objects.order_by('pk').first().slug}/",
            f"/collections/{Collection.objects.filter(is_published=True).order_by('pk').first().slug}/",
            f"/producers/{Producer.objects.filter(status='approved').order_by('pk').first().slug}/",
            "/search/?q=mat+ong", "/cart/"]


def assert_at_most_12_queries(client, email, language, urls):
    for url in urls:
        caches["listings"].clear()  # listings and the home page's sections: a first visit
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == language, url
        assert len(queries.captured_queries) <= 12, (email, language, url,
                                                     [q["sql"][:90] for q in queries.captured_queries])


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("email", [None, *ROLES, WITH_ADDRESS])
def test_each_role_s_pages_cost_at_most_12_queries(client, seeded, email, language):
    sign_in(client, email)
    urls = [*pages(), "/about/"]
    assert_at_most_12_queries(client, email, language, urls)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_home_page_of_a_shopper_with_a_default_address_costs_at_most_12_queries(client, seeded, language):
    sign_in(client, WITH_ADDRESS)
    assert_at_most_12_queries(client, WITH_ADDRESS, language, ["/"])


def test_the_header_shows_each_role_its_links(client, seeded):
    expected = {"shopper@ocop.example": (False, False), "owner.tamdao@ocop.example": (False, True),
                "officer.lapthach@ocop.example": (True, False), "staff@ocop.example": (True, False)}
    for email, (officer_link, orders_link) in expected.items():
        client.logout()
        client.login(username=email, password=ACCOUNTS[email]["password"])
        html = client.get("/about/").content.decode()
        assert ('href="/officer/"' in html) is officer_link, email
        assert ('href="/seller/orders/"' in html) is orders_link, email


def test_a_session_started_with_django_s_own_backend_still_works(client, seeded):
    from ocop.accounts.models import User

    user = User.objects.get(email="owner.tamdao@ocop.example")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get("/about/").content.decode()
    assert 'href="/seller/orders/"' in html


@pytest.mark.parametrize("email", [None, "owner.tamdao@ocop.example", WITH_ADDRESS])
@pytest.mark.parametrize("path", ["collections", "producers"])
def test_collection_and_producer_listings_cost_the_same_for_any_page_size(client, seeded, path, email):
    import ocop.search.listing as listing

    sign_in(client, email)
    url = [u for u in pages() if u.startswith(f"/{path}/")][0]
    counts = []
    for size in (2, 24):
        listing.PAGE_SIZE = size
        caches["listings"].clear()
        try:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
        finally:
            listing.PAGE_SIZE = 24
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 12, counts


def test_listings_name_their_canonical_page_and_filtered_ones_are_not_indexed(client, seeded):
    import re

    category = pages()[1]
    html = client.get(category).content.decode()
    assert f'<link rel="canonical" href="http://testserver{category}">' in html
    assert 'property="og:type" content="website"' in html and "noindex" not in html
    html = client.get(category, {"page": "2", "stars": "4", "sort": "price"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{category}?page=2">' in html
    assert '<meta name="robots" content="noindex,follow">' in html
    search = client.get("/search/", {"q": "mat ong"}).content.decode()
    assert '<meta name="robots" content="noindex,follow">' in search
    home = client.get("/").content.decode()
    assert '<link rel="canonical" href="http://testserver/">' in home and "noindex" not in home
    product = client.get(re.search(r'href="(/products/[^"]+/)"', home).group(1)).content.decode()
    assert product.count('rel="canonical"') == 1 and product.count('property="og:type"') == 1
    assert 'content="product"' in product
