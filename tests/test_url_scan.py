"""Every URL, as every demo role and anonymously: no 500, and the security headers on every answer."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from seeds.loader import load_accounts_file

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")
SKIP = {"set_language", "logout"}  # POST-only by design; covered by their own tests


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def sample_values(route):
    from ocop.catalog.models import Category, Collection, Product
    from ocop.producers.models import OcopCertificate, Producer

    product = Product.objects.filter(producer__slug="htx-mat-ong-tay-thien").first()
    submitted = Producer.objects.filter(status="submitted").first()
    slug = {"products": product.slug, "origin": product.slug, "categories": Category.objects.first().slug,
            "collections": Collection.objects.first().slug, "producers": "htx-mat-ong-tay-thien"}
    first = route.strip("^/").split("/")[0]
    return {"slug": slug.get(first, "x"), "product_id": product.pk, "variant_id": product.variants.first().pk,
            "media_id": 1, "producer_id": submitted.pk, "document_id": 1,
            "certificate_id": OcopCertificate.objects.first().pk, "step": "legal", "uidb64": "MQ", "token": "x-y",
            "page": "about", "path": "nothing.png"}


def concrete_urls():
    urls = []
    for route, name in walk(get_resolver().url_patterns):
        if name in SKIP or route.startswith("admin/") and route != "admin/":
            continue
        values = sample_values(route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), "1")), route)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), "x")), path)
        path = path.replace("^", "").replace("$", "").replace("\\", "")
        urls.append("/" + path)
    return sorted(set(urls))


@pytest.mark.parametrize("role", ["anonymous", "shopper", "producer_owner", "officer", "staff"])
def test_every_url_answers_without_a_server_error_and_with_security_headers(seeded, client, role):
    if role != "anonymous":
        account = next(a for a in load_accounts_file() if a["role"] == role)
        assert client.login(username=account["email"], password=account["password"])
    urls = concrete_urls()
    assert len(urls) > 40
    problems = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        missing = [h for h in HEADERS if h not in response.headers]
        if missing:
            problems.append(f"{url}: missing {missing}")
    assert problems == []
