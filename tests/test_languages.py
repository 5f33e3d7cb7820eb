"""Vietnamese by default: English when the visitor switches to it, or when their browser asks for
English and lists no Vietnamese at all."""

import pytest

from ocop.core.languages import lists_vietnamese


@pytest.mark.parametrize("header, language", [
    (None, "vi"), ("vi", "vi"), ("en", "en"), ("en-GB,en;q=0.9", "en"), ("fr-FR,fr;q=0.9", "vi"),
    ("en-US,en;q=0.9,vi;q=0.8", "vi"), ("en-US,en;q=0.9,vi-VN;q=0.5", "vi"), ("en-US,vi;q=0", "en"),
    ("garbage;;;", "vi"),
])
def test_the_page_language_without_a_choice(client, db, header, language):
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header is not None else {}
    response = client.get("/about/", **extra)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("chosen, header", [("en", "en-US,en;q=0.9,vi;q=0.8"), ("vi", "en"), ("en", "vi")])
def test_the_visitor_s_choice_wins_over_the_browser(client, db, chosen, header):
    response = client.post("/i18n/setlang/", {"language": chosen, "next": "/about/"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE=header)
    assert response.headers["Content-Language"] == chosen
    assert client.get("/about/", HTTP_ACCEPT_LANGUAGE=header).headers["Content-Language"] == chosen


def test_reading_the_header():
    assert lists_vietnamese("en-US,en;q=0.9,vi;q=0.8") and lists_vietnamese("VI")
    assert not lists_vietnamese("en-US,vi;q=0") and not lists_vietnamese("") and not lists_vietnamese(None)
    assert not lists_vietnamese("vie,en")  # only the language tag "vi" counts
