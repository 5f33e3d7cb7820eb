"""The 34 provinces and centrally-run cities since 1 July 2025 (National Assembly resolution
202/2025/QH15), named as delivery rates and checkout addresses name them ("Hà Nội", where the areas
table says "Thành phố Hà Nội"). Which provinces exist is the areas table's to say
(`ocop.accounts.addresses`); this is only their short names, for the rates' province lists."""

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
    "An Giang",
]

NORTHERN_PROVINCES = [
    "Hà Nội", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Cao Bằng", "Tuyên Quang", "Lào Cai",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình",
]

def match_province(name: str) -> str | None:
    """The province as PROVINCES writes it, for a name as shoppers and the areas table write it:
    "Hà Nội", "Thành phố Hà Nội", "TP. Hồ Chí Minh", "ha noi" (None when it is none of the 34)."""
    from ocop.core.text import province_key

    wanted = province_key(name)
    return next((province for province in PROVINCES if province_key(province) == wanted), None) if wanted else None
