"""The 34 provinces and centrally-run cities of the map in force since 1 July 2025 (Resolution
202/2025/QH15; codes as in the official list of administrative units). They are reference data,
not samples: addresses (the address book, checkout, the storefront's address step) are checked
against the provinces in force, so every installation needs them, with or without the sample
data. The sample loader updates the same rows (scheme "2025", code)."""

from django.db import migrations

PROVINCES = [
    ("01", "Thành phố Hà Nội"), ("04", "Tỉnh Cao Bằng"), ("08", "Tỉnh Tuyên Quang"), ("11", "Tỉnh Điện Biên"),
    ("12", "Tỉnh Lai Châu"), ("14", "Tỉnh Sơn La"), ("15", "Tỉnh Lào Cai"), ("19", "Tỉnh Thái Nguyên"),
    ("20", "Tỉnh Lạng Sơn"), ("22", "Tỉnh Quảng Ninh"), ("24", "Tỉnh Bắc Ninh"), ("25", "Tỉnh Phú Thọ"),
    ("31", "Thành phố Hải Phòng"), ("33", "Tỉnh Hưng Yên"), ("37", "Tỉnh Ninh Bình"), ("38", "Tỉnh Thanh Hóa"),
    ("40", "Tỉnh Nghệ An"), ("42", "Tỉnh Hà Tĩnh"), ("44", "Tỉnh Quảng Trị"), ("46", "Thành phố Huế"),
    ("48", "Thành phố Đà Nẵng"), ("51", "Tỉnh Quảng Ngãi"), ("52", "Tỉnh Gia Lai"), ("56", "Tỉnh Khánh Hòa"),
    ("66", "Tỉnh Đắk Lắk"), ("68", "Tỉnh Lâm Đồng"), ("75", "Tỉnh Đồng Nai"), ("79", "Thành phố Hồ Chí Minh"),
    ("80", "Tỉnh Tây Ninh"), ("82", "Tỉnh Đồng Tháp"), ("86", "Tỉnh Vĩnh Long"), ("91", "Tỉnh An Giang"),
    ("92", "Thành phố Cần Thơ"), ("96", "Tỉnh Cà Mau"),
]


def add_provinces(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    for code, name in PROVINCES:
        area, created = Area.objects.get_or_create(scheme="2025", code=code,
                                                   defaults={"name": name, "level": "province"})
        if created:  # Area.save() keeps the path; a migration's model has no such method
            area.path = f"/{area.pk}/"
            area.save(update_fields=["path"])


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(add_provinces, migrations.RunPython.noop)]
