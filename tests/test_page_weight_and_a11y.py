"""Pages stay small and readable: HTML+CSS under 100 KB before images, every form control labelled,
text colours with WCAG AA contrast."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ocop.catalog.selectors import public_products

CSS = Path(__file__).resolve().parent.parent / "storefront" / "static" / "storefront" / "site.css"


def page_urls():
    from ocop.catalog.models import Collection

    product = public_products().first()
    collection = Collection.objects.filter(is_published=True).first()
    return ["/", "/search/?q=mat+ong", "/search/?q=a", f"/products/{product.slug}/",
            f"/categories/{product.category.slug}/", f"/collections/{collection.slug}/",
            f"/producers/{product.producer.slug}/", f"/origin/{product.slug}/", "/cart/", "/accounts/login/",
            "/accounts/signup/", "/seller/start/", "/about/", "/terms/", "/privacy/"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_weigh_under_100_kb_of_html_and_css(seeded, client, language):
    css = CSS.stat().st_size
    for url in page_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == language, url  # the English page, not a fallback
        html = len(response.content)
        assert html + css < 100 * 1024, f"{url} ({language}): {html} B of HTML + {css} B of CSS"


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.labels_for, self.unlabelled, self.depth_label = set(), set(), [], 0
        self.controls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.depth_label += 1
            if attrs.get("for"):
                self.labels_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((attrs.get("id"), attrs.get("name"), self.depth_label > 0,
                                  bool(attrs.get("aria-label") or attrs.get("aria-labelledby"))))

    def handle_endtag(self, tag):
        if tag == "label":
            self.depth_label -= 1


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_form_control_has_a_label(seeded, client, language):
    for url in page_urls():
        parser = Controls()
        parser.feed(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        for control_id, name, wrapped, aria in parser.controls:
            assert wrapped or aria or (control_id and control_id in parser.labels_for), f"{url}: {name} has no label"


def _luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("fg,bg", [("--ink", "--bg"), ("--muted", "--bg"), ("--muted", "#ffffff"),
                                   ("--brand-dark", "--bg"), ("#ffffff", "--brand"), ("--star", "#ffffff"),
                                   ("--brand", "#ffffff")])
def test_text_colours_meet_wcag_aa_contrast(fg, bg):
    variables = dict(re.findall(r"(--[\w-]+):(#[0-9a-fA-F]{6})", CSS.read_text()))
    resolve = lambda value: variables.get(value, value)  # noqa: E731
    assert contrast(resolve(fg), resolve(bg)) >= 4.5, (fg, bg)


class Described(HTMLParser):
    """Every element's id, and the controls that name others in aria-describedby."""

    def __init__(self):
        super().__init__()
        self.ids, self.described, self.invalid = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described.append((attrs.get("name") or tag, attrs["aria-describedby"].split()))
        if attrs.get("aria-invalid") == "true":
            self.invalid.append(attrs.get("name"))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_refused_form_points_each_wrong_field_at_its_message(seeded, client, language):
    from . import factories as f

    pages = [("/accounts/signup/", {"email": "not-an-e-mail", "password1": "x", "password2": "y"}),
             ("/accounts/password-reset/", {"email": "nope"})]
    for url, data in pages:
        parser = Described()
        parser.feed(client.post(url, data, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        assert parser.invalid, f"{url}: no field marked invalid"
        described = dict(parser.described)
        for name in parser.invalid:
            assert any(ref.endswith("_error") for ref in described.get(name, [])), f"{url}: {name} not tied to its error"
        for name, refs in parser.described:
            assert set(refs) <= parser.ids, f"{url}: {name} points at {refs}, missing from the page"
    client.force_login(f.user())
    parser = Described()
    parser.feed(client.post("/accounts/addresses/new/", {"first_name": ""}, HTTP_ACCEPT_LANGUAGE=language)
                .content.decode())
    assert len(parser.invalid) >= 3
    for name, refs in parser.described:
        assert set(refs) <= parser.ids, f"address form: {name} points at {refs}, missing from the page"
