"""Text that producers give in the languages the site speaks besides Vietnamese (products' names and
descriptions, producers' stories): the shape services accept and how it is checked."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def translated_languages() -> tuple[str, ...]:
    """The languages besides Vietnamese (settings.LANGUAGES)."""
    return tuple(code for code, _name in settings.LANGUAGES if code != "vi")


def clean_translations(value, fields: dict[str, int], *, code: str = "invalid") -> dict:
    """{language: {field: text}} with each of `fields` (name → longest length) stripped; errors are
    named `translations`, `translations.<language>` or `translations.<language>.<field>`, all at
    once. Empty text is allowed: that language then shows the Vietnamese text."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError({"translations": ValidationError(_("Give the translations per language."), code=code)})
    errors, cleaned = {}, {}
    for language, given in value.items():
        if language not in translated_languages():
            errors[f"translations.{language}"] = ValidationError(
                _("The shop is not shown in this language: %(language)s.") % {"language": str(language)[:16]},
                code=code)
            continue
        if not isinstance(given, dict):  # {"en": "Honey"}: say so rather than read it as "nothing"
            errors[f"translations.{language}"] = ValidationError(
                _("Give each translation's texts by field, for example its name and description."), code=code)
            continue
        cleaned[language] = {}
        for field, limit in fields.items():
            text = given.get(field)
            text = "" if text is None else str(text).strip()
            if len(text) > limit:
                errors[f"translations.{language}.{field}"] = ValidationError(
                    _("Use at most %(max)s characters.") % {"max": limit}, code=code)
            cleaned[language][field] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_translations(model, owner_field: str, owner, translations: dict) -> None:
    """One `model` row per language with some text for `owner`; a language left empty has none."""
    for language, fields in translations.items():
        if any(fields.values()):
            model.objects.update_or_create(**{owner_field: owner, "language_code": language}, defaults=fields)
        else:
            model.objects.filter(**{owner_field: owner, "language_code": language}).delete()
