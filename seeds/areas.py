"""Administrative areas for the sample data.

Province and district codes of the pre-2025 map (scheme "2008") are the official GSO codes.
Commune codes below are sample values in the official shape (5 digits): they are labelled
"sample" and must be replaced by an import of the official list before real use.
Scheme "2025" holds the two-tier map in force since 1 July 2025: new Phú Thọ (code 25) took in
Vĩnh Phúc, and communes sit directly under the province. All 34 provinces and centrally-run cities
are loaded so that any shopper's address names a real one; only Phú Thọ has communes here. Their
two-digit codes follow Decision 19/2025/QĐ-TTg as we read it (a merged province keeps the code of
the province whose name it kept); check them against the official list when importing it.
"""

VINH_PHUC_2008 = {
    "code": "26", "name": "Tỉnh Vĩnh Phúc", "valid_until": "2025-06-30",
    "districts": [
        ("243", "Thành phố Vĩnh Yên", ["Phường Liên Bảo", "Phường Tích Sơn", "Phường Đồng Tâm"]),
        ("244", "Thành phố Phúc Yên", ["Phường Xuân Hòa", "Xã Ngọc Thanh", "Phường Hùng Vương"]),
        ("246", "Huyện Lập Thạch", ["Thị trấn Lập Thạch", "Xã Quang Sơn", "Xã Đồng Ích", "Xã Tử Du"]),
        ("247", "Huyện Tam Dương", ["Thị trấn Hợp Hòa", "Xã Hợp Thịnh", "Xã Đồng Tĩnh"]),
        ("248", "Huyện Tam Đảo", ["Thị trấn Đại Đình", "Xã Tây Thiên", "Thị trấn Tam Đảo", "Xã Hợp Châu",
                                  "Xã Minh Quang", "Xã Hồ Sơn"]),
        ("249", "Huyện Bình Xuyên", ["Thị trấn Hương Canh", "Xã Trung Mỹ", "Xã Thiện Kế"]),
        ("251", "Huyện Yên Lạc", ["Thị trấn Yên Lạc", "Xã Đồng Văn", "Xã Yên Phương"]),
        ("252", "Huyện Vĩnh Tường", ["Thị trấn Thổ Tang", "Xã Lũng Hòa", "Thị trấn Vĩnh Tường"]),
        ("253", "Huyện Sông Lô", ["Thị trấn Tam Sơn", "Xã Đồng Thịnh", "Xã Lãng Công", "Xã Hải Lựu"]),
    ],
}

PHU_THO_2025 = {
    "code": "25", "name": "Tỉnh Phú Thọ",
    # (sample code, name, pre-2025 district it mostly came from)
    "communes": [
        ("08950", "Xã Tam Đảo", "Huyện Tam Đảo"),
        ("08956", "Xã Đại Đình", "Huyện Tam Đảo"),
        ("08800", "Xã Lập Thạch", "Huyện Lập Thạch"),
        ("08810", "Xã Sông Lô", "Huyện Sông Lô"),
        ("08680", "Phường Vĩnh Phúc", "Thành phố Vĩnh Yên"),
        ("08700", "Phường Phúc Yên", "Thành phố Phúc Yên"),
        ("07900", "Phường Việt Trì", None),
        ("08020", "Xã Thanh Sơn", None),
    ],
}


# The other 33 provinces and centrally-run cities of the 2025 map (Phú Thọ is above).
PROVINCES_2025 = [
    ("01", "Thành phố Hà Nội"), ("04", "Tỉnh Cao Bằng"), ("08", "Tỉnh Tuyên Quang"), ("11", "Tỉnh Điện Biên"),
    ("12", "Tỉnh Lai Châu"), ("14", "Tỉnh Sơn La"), ("15", "Tỉnh Lào Cai"), ("19", "Tỉnh Thái Nguyên"),
    ("20", "Tỉnh Lạng Sơn"), ("22", "Tỉnh Quảng Ninh"), ("24", "Tỉnh Bắc Ninh"), ("31", "Thành phố Hải Phòng"),
    ("33", "Tỉnh Hưng Yên"), ("37", "Tỉnh Ninh Bình"), ("38", "Tỉnh Thanh Hóa"), ("40", "Tỉnh Nghệ An"),
    ("42", "Tỉnh Hà Tĩnh"), ("44", "Tỉnh Quảng Trị"), ("46", "Thành phố Huế"), ("48", "Thành phố Đà Nẵng"),
    ("51", "Tỉnh Quảng Ngãi"), ("52", "Tỉnh Gia Lai"), ("56", "Tỉnh Khánh Hòa"), ("66", "Tỉnh Đắk Lắk"),
    ("68", "Tỉnh Lâm Đồng"), ("75", "Tỉnh Đồng Nai"), ("79", "Thành phố Hồ Chí Minh"), ("80", "Tỉnh Tây Ninh"),
    ("82", "Tỉnh Đồng Tháp"), ("86", "Tỉnh Vĩnh Long"), ("91", "Tỉnh An Giang"), ("92", "Thành phố Cần Thơ"),
    ("96", "Tỉnh Cà Mau"),
]
