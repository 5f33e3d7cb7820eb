"""Area names and issuing authorities as an English page shows them.

Vietnamese names carry the kind of unit in front ("Tỉnh Vĩnh Phúc", "Xã Tây Thiên"); English
puts it after the place's own name ("Vĩnh Phúc Province", "Tây Thiên Commune"), which keeps its
tone marks: it is a proper name. Postal addresses are never rewritten (they go to Vietnamese
couriers as written)."""

# A unit word counts only as a whole word before the place's name ("Xã Tây Thiên", not "Xãx").
UNITS = (
    ("Thành phố", "City"), ("Thị trấn", "Township"), ("Thị xã", "Town"), ("Đặc khu", "Special Zone"),
    ("Tỉnh", "Province"), ("Huyện", "District"), ("Quận", "District"), ("Phường", "Ward"), ("Xã", "Commune"),
)
AUTHORITY_PREFIXES = ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân ")
MINISTRIES = {"Bộ Nông nghiệp và Môi trường": "Ministry of Agriculture and Environment",
              "Bộ Nông nghiệp và Phát triển nông thôn": "Ministry of Agriculture and Rural Development"}


def _english(language) -> bool:
    return (language or "vi")[:2] == "en"


def place_name(name: str, language: str | None) -> str:
    """ "Tỉnh Vĩnh Phúc" → "Vĩnh Phúc Province" in English; as it is otherwise (or when no unit
    word leads it)."""
    if not _english(language) or not name:
        return name
    for unit, english in UNITS:
        if name[:len(unit)].lower() == unit.lower() and name[len(unit):len(unit) + 1] == " ":
            rest = name[len(unit) + 1:].strip()
            return f"{rest} {english}" if rest else name
    return name


def authority_name(text: str, language: str | None) -> str:
    """ "UBND tỉnh Vĩnh Phúc" → "Vĩnh Phúc Province People's Committee" in English; the ministries
    by their English names; anything else as written."""
    if not _english(language) or not text:
        return text
    if text in MINISTRIES:
        return MINISTRIES[text]
    for prefix in AUTHORITY_PREFIXES:
        if text.startswith(prefix):
            place = place_name(text[len(prefix):].strip(), language)
            return f"{place} People's Committee" if place != text[len(prefix):].strip() else text
    return text
