from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_every_message_has_a_vietnamese_translation():
    with open(LOCALE / "vi/LC_MESSAGES/django.po", "rb") as handle:
        catalog = read_po(handle, locale="vi")
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def _plain(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_compiled_catalogue_matches_the_source():
    with open(LOCALE / "vi/LC_MESSAGES/django.po", "rb") as handle:
        source = {m.id if isinstance(m.id, str) else m.id[0]: _plain(m.string) for m in read_po(handle, locale="vi")
                  if m.id and not m.fuzzy}
    with open(LOCALE / "vi/LC_MESSAGES/django.mo", "rb") as handle:
        compiled = {m.id if isinstance(m.id, str) else m.id[0]: _plain(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run: python backend/manage.py compilemessages"
