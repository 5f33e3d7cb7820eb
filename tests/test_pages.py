from ocop.catalog.selectors import public_products


def test_home_lists_only_products_of_approved_producers(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    visible = public_products()
    assert visible.exists()
    for product in visible.order_by("-created_at")[:24]:
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
