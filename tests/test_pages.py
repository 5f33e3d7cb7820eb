from ocop.catalog.selectors import public_products


def test_home_lists_only_products_of_approved_producers(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    visible = public_products()
    assert visible.exists()
    for product in visible.order_by("-created_at")[:12]:
        assert product.name in html
    from ocop.catalog.models import Product

    hidden = Product.objects.exclude(producer__status="approved").first()
    assert hidden is not None and f'/products/{hidden.slug}/' not in html


def test_home_is_vietnamese_by_default_and_english_on_request(seeded, client):
    vi = client.get("/").content.decode()
    assert 'lang="vi"' in vi and "Sản phẩm mới" in vi
    en = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in en and "New products" in en


def test_product_page_shows_price_in_dong(seeded, client):
    product = public_products().first()
    variant = product.variants.first()
    html = client.get(f"/products/{product.slug}/").content.decode()
    from ocop.core.money import format_vnd

    assert format_vnd(variant.price_amount, "vi") in html


def test_unpublished_or_unknown_products_are_not_found(seeded, client):
    from ocop.catalog.models import Product

    hidden = Product.objects.filter(is_published=False).first()
    assert client.get(f"/products/{hidden.slug}/").status_code == 404
    assert client.get("/products/khong-co/").status_code == 404


def test_healthz_reports_each_dependency(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"]["backend"] == "postgres"
    assert body["checks"]["payments"]["gateway"] == "localstripe"


def test_healthz_answers_503_when_the_payment_gateway_is_down(db, client, monkeypatch):
    import ocop.payments.config as config

    monkeypatch.setattr(config, "stripe_api_base", lambda: "http://127.0.0.1:1")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["payments"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_static_pages_sitemap_and_robots(seeded, client):
    for url in ["/about/", "/terms/", "/privacy/", "/search/", "/categories/mat-ong/"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/categories/khong-co/").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    product = public_products().first()
    assert f"/products/{product.slug}/" in sitemap
    from ocop.catalog.models import Product

    hidden = Product.objects.exclude(producer__status="approved").first()
    assert f"/products/{hidden.slug}/" not in sitemap
    for page in ("/", "/about/", "/terms/", "/privacy/"):
        assert f"<loc>http://testserver{page}</loc>" in sitemap, page
    missing = client.get("/khong-co-trang-nay/").content.decode()
    assert 'rel="canonical"' not in missing  # a missing page is nobody's canonical address
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith(".svg") and 'rel="icon"' in missing
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /officer/" in robots and "sitemap.xml" in robots


def test_product_page_has_seo_and_a_traceability_qr_code(seeded, client):
    import json
    import re

    product = public_products().filter(ocop_certificate__isnull=False).first()
    html = client.get(f"/products/{product.slug}/").content.decode()
    assert f'rel="canonical" href="http://testserver/products/{product.slug}/"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Product" and data["offers"][0]["priceCurrency"] == "VND"
    assert "<svg" in html and f"/origin/{product.slug}/" in html
    origin = client.get(f"/origin/{product.slug}/").content.decode()
    assert product.producer.name in origin and product.producer.registration_number in origin


def test_a_shopper_signs_up_and_resets_a_forgotten_password(db, client, mailoutbox):
    response = client.post("/accounts/signup/", {"full_name": "Trần An", "email": "an@example.vn",
                                                 "password": "mua-dac-san-2026"})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    weak = client.post("/accounts/signup/", {"full_name": "B", "email": "b@example.vn", "password": "12345678"})
    assert "error-summary" in weak.content.decode()
    taken = client.post("/accounts/signup/", {"full_name": "C", "email": "AN@example.vn", "password": "mua-dac-san-2026"})
    assert "đã có tài khoản" in taken.content.decode().lower()
    client.post("/accounts/password-reset/", {"email": "an@example.vn"})
    assert len(mailoutbox) == 1
    import re

    link = re.search(r"http://testserver(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(form_url, {"new_password1": "mat-khau-moi-2026", "new_password2": "mat-khau-moi-2026"})
    assert done.status_code == 302
    assert client.login(username="an@example.vn", password="mat-khau-moi-2026")


def test_the_reset_e_mail_is_in_the_account_s_language_whatever_page_asked(db, client, mailoutbox):
    from . import factories as f

    f.user(email="en@example.vn", language_code="en")
    f.user(email="vi@example.vn", language_code="vi")
    client.post("/accounts/password-reset/", {"email": "en@example.vn"}, HTTP_ACCEPT_LANGUAGE="vi")
    client.post("/accounts/password-reset/", {"email": "vi@example.vn"}, HTTP_ACCEPT_LANGUAGE="en")
    english, vietnamese = mailoutbox
    assert english.to == ["en@example.vn"] and english.subject == "Reset your OCOP Market password"
    assert "Someone asked to reset the password" in english.body
    assert vietnamese.to == ["vi@example.vn"] and "Someone asked" not in vietnamese.body
    assert english.subject != vietnamese.subject


def test_home_and_product_pages_use_at_most_12_queries(seeded, client, django_assert_max_num_queries):
    product = public_products().first()
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/products/{product.slug}/").status_code == 200


def _tamdao_product():
    from ocop.accounts.models import User

    owner = User.objects.get(email="owner.tamdao@ocop.example")
    product = public_products().filter(producer__members__user=owner).first()
    return owner, product


def test_a_cached_product_page_still_takes_the_visitors_own_csrf_token(seeded):
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.db import connection

    _owner, product = _tamdao_product()
    url = f"/products/{product.slug}/"
    first = Client(enforce_csrf_checks=True)
    first.get(url)
    second = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as ctx:
        html = second.get(url).content.decode()
    assert not any("catalog_product" in q["sql"] for q in ctx.captured_queries), "the page parts came from the cache"
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert "\x00" not in html and token
    variant = product.variants.first()
    response = second.post("/cart/add/", {"variant": variant.pk, "quantity": 1, "csrfmiddlewaretoken": token,
                                          "next": url})
    assert response.status_code == 302  # accepted: not the 403 a foreign or placeholder token gets


def test_a_product_edit_or_unpublish_shows_at_once_on_a_cached_page(seeded, client, django_capture_on_commit_callbacks):
    from ocop.catalog import services

    owner, product = _tamdao_product()
    url = f"/products/{product.slug}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.update_product(user=owner, product_id=product.pk, data={"name": "Mật ong bạc hà mùa đông"})
    assert "Mật ong bạc hà mùa đông" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_product(user=owner, product_id=product.pk)
    assert client.get(url).status_code == 404


def test_the_home_page_shows_producers_near_a_province_including_those_of_merged_provinces(seeded, client):
    from ocop.areas.models import Area
    from ocop.producers.selectors import public_producers

    phu_tho = Area.objects.get(scheme="2025", code="25")
    ha_noi = Area.objects.get(scheme="2025", code="01")
    # Sample producers registered under Vĩnh Phúc (merged into Phú Thọ in 2025) are near Phú Thọ.
    old_vinh_phuc = public_producers().filter(area__path__startswith=Area.objects.get(scheme="2008", code="26").path)
    assert old_vinh_phuc.exists()
    html = client.get("/", {"near": phu_tho.pk}).content.decode()
    assert "Phú Thọ" in html and old_vinh_phuc.order_by("name").first().name in html
    html = client.get("/", {"near": ha_noi.pk}).content.decode()
    assert "Chưa có nhà sản xuất nào bán từ Thành phố Hà Nội" in html
    assert client.get("/", {"near": "'; drop table"}).status_code == 200


def test_a_product_page_with_a_query_string_is_not_kept(seeded, client):
    """Made-up query strings (?variant=1, 2, 3…) must not fill the page cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _owner, product = _tamdao_product()
    url = f"/products/{product.slug}/"
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"variant": "999999"}).status_code == 200
        assert any("catalog_product" in q["sql"] for q in ctx.captured_queries)


def test_logging_out_returns_to_the_shop_and_says_so(db, client):
    from . import factories as f

    user = f.user(email="ra@example.vn", password="mua-dac-san-2026")
    client.force_login(user)
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    page = response.content.decode()
    assert "Bạn đã đăng xuất" in page and "Django" not in page
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/logout/", follow=True, HTTP_ACCEPT_LANGUAGE="en").redirect_chain == [("/", 302)]


def test_a_listing_without_a_search_shows_newest_as_its_current_order(seeded, client):
    import re

    def current(url):
        html = client.get(url).content.decode()
        return re.findall(r'<a href="[^"]*"\s+aria-current="true">([^<]+)</a>', html.split('class="sorts"')[1])

    assert current("/categories/mat-ong/") == ["Mới nhất"]
    assert current("/categories/mat-ong/?sort=price") == ["Giá tăng dần"]
    assert current("/search/?q=mat+ong") == ["Liên quan nhất"]


def test_a_category_links_its_subcategories_and_a_product_shows_both_in_its_breadcrumb(seeded, client):
    from ocop.catalog.models import Category

    child = Category.objects.filter(parent__isnull=False).select_related("parent").first()
    parent_page = client.get(f"/categories/{child.parent.slug}/").content.decode()
    assert f'<a class="chip" href="/categories/{child.slug}/">{child.name}</a>' in parent_page
    product = public_products().filter(category=child).first()
    crumbs = client.get(f"/products/{product.slug}/").content.decode().split('class="crumbs"')[1].split("</nav>")[0]
    assert crumbs.index(f"/categories/{child.parent.slug}/") < crumbs.index(f"/categories/{child.slug}/")
