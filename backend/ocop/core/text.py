import unicodedata


def fold_vietnamese(text: str) -> str:
    """'Đặc sản Tam Đảo' -> 'Dac san Tam Dao'. NFD strips the tone marks; đ/Đ do not decompose."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
