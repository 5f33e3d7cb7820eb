import unicodedata


def fold_vietnamese(text: str) -> str:
    """'Đặc sản Tam Đảo' -> 'Dac san Tam Dao'. NFD strips the tone marks; đ/Đ do not decompose."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")


def province_key(name: str) -> str:
    """How a province is compared: folded, lower case, without "Tỉnh"/"Thành phố"/"TP." in front,
    so "Hà Nội", "thành phố Hà Nội", "TP. Hà Nội" and "Ha Noi" are the same province."""
    key = " ".join(fold_vietnamese(name or "").casefold().split())
    for prefix in PROVINCE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key
