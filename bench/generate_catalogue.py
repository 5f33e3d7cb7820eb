"""Generate a large catalogue for benchmarks: Vietnamese product names from word lists, approved
producers spread over the sample areas, 1-3 variants with stock, some verified certificates.

    OCOP_EMBEDDED_DB=ocop_bench .venv/bin/python bench/generate_catalogue.py --products 100000

Runs the migrations and loads the sample areas/categories first; writes in batches with a
progress bar; then builds the search index. Use its own database (OCOP_EMBEDDED_DB or DATABASE_URL)
so the development data stays as it is.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")

KINDS = ["Mật ong", "Chè", "Trà", "Cà phê", "Măng khô", "Bún khô", "Miến dong", "Gạo", "Rượu nếp", "Nấm hương",
         "Mộc nhĩ", "Tinh dầu", "Cao dược liệu", "Giỏ tre", "Chiếu cói", "Bánh chưng", "Giò lụa", "Chả cá", "Nước mắm",
         "Tương bần", "Mứt gừng", "Hạt điều", "Lạc rang", "Vừng đen", "Bột sắn dây", "Mơ ngâm", "Cam sành", "Bưởi",
         "Gà đồi", "Cá thính"]
QUALIFIERS = ["rừng", "hoa nhãn", "hoa vải", "xanh", "đặc biệt", "hữu cơ", "truyền thống", "thượng hạng", "sạch",
              "nguyên chất", "sấy lạnh", "thủ công", "gia truyền", "đặc sản", "tươi", "hun khói", "lên men", "cổ thụ",
              "vùng cao", "đồi"]
PLACES = ["Tam Đảo", "Lập Thạch", "Sông Lô", "Tam Dương", "Bình Xuyên", "Yên Lạc", "Vĩnh Tường", "Vĩnh Yên",
          "Phúc Yên", "Tây Thiên", "Đại Đình", "Đồng Ích", "Quang Sơn", "Hợp Châu", "Thổ Tang", "Trung Mỹ"]
PACKS = [("Gói 200 g", 200), ("Gói 500 g", 500), ("Hũ 500 g", 600), ("Hũ 1 kg", 1100), ("Chai 500 ml", 700),
         ("Hộp quà", 900), ("Túi 1 kg", 1000)]
DESCRIPTIONS = [
    "Sản phẩm của {place}, làm theo cách truyền thống, không chất bảo quản.",
    "Nguyên liệu chọn lọc từ vùng đồi {place}; đóng gói tại cơ sở, có tem truy xuất nguồn gốc.",
    "Hương vị đặc trưng của {place}. Bảo quản nơi khô ráo, thoáng mát.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--producers", type=int, default=300)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.products <= 0 or args.producers <= 0 or args.batch <= 0:
        parser.error("--products, --producers and --batch must be positive")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from ocop.areas.models import Area
    from ocop.catalog.models import Category, Product, ProductType, ProductVariant, Stock, Warehouse
    from ocop.core.validators import normalize_phone
    from ocop.producers.models import OcopCertificate, Producer
    from ocop.search.indexing import update_dirty_products
    from seeds.loader import load

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    load(images=False, quiet=True)
    rng = random.Random(args.seed)
    communes = list(Area.objects.filter(level="commune"))
    categories = list(Category.objects.all())
    goods = ProductType.objects.get(slug="hang-hoa")

    existing = Producer.objects.filter(slug__startswith="bench-").count()
    producers = []
    with transaction.atomic():
        for i in range(existing, args.producers):
            area = rng.choice(communes)
            producer = Producer.objects.create(
                slug=f"bench-{i}", legal_form=rng.choice(["enterprise", "cooperative", "cooperative_group", "household"]),
                name=f"HTX {rng.choice(KINDS)} {rng.choice(PLACES)} số {i}", registration_number=f"9{i:09d}",
                representative="Nguyễn Văn Mẫu", area=area, address="Thôn Mẫu", phone=normalize_phone("0912345678"),
                email=f"bench{i}@example.vn", status="approved", decided_at=timezone.now())
            Warehouse.objects.create(producer=producer, name=producer.name, area=area)
            if rng.random() < 0.6:
                OcopCertificate.objects.create(
                    producer=producer, product_name=f"Sản phẩm {i}", decision_number=f"{i}/QĐ-BENCH",
                    decision_date=timezone.localdate() - timezone.timedelta(days=rng.randint(30, 900)),
                    issuing_authority="UBND tỉnh Phú Thọ", authority_level="province", product_group="food",
                    stars=rng.choice([3, 3, 4, 4, 5]), verified_at=timezone.now())
    producers = list(Producer.objects.filter(slug__startswith="bench-").select_related("warehouse", "area")
                     .prefetch_related("certificates"))

    have = Product.objects.filter(slug__startswith="bench-p-").count()
    todo = max(args.products - have, 0)
    with tqdm(total=todo, desc="Products", unit="product") as bar:
        for start in range(have, have + todo, args.batch):
            count = min(args.batch, have + todo - start)
            with transaction.atomic():
                products = []
                for n in range(start, start + count):
                    producer = rng.choice(producers)
                    place = rng.choice(PLACES)
                    name = f"{rng.choice(KINDS)} {rng.choice(QUALIFIERS)} {place}"
                    certs = list(producer.certificates.all())
                    products.append(Product(
                        producer=producer, name=name, slug=f"bench-p-{n}", category=rng.choice(categories),
                        product_type=goods, ocop_certificate=certs[0] if certs and rng.random() < 0.5 else None,
                        origin_area=producer.area, is_published=True, published_at=timezone.now(),
                        description=rng.choice(DESCRIPTIONS).format(place=place), search_index_dirty=True,
                        created_at=timezone.now() - timezone.timedelta(minutes=n)))
                Product.objects.bulk_create(products, batch_size=1000)
                variants = []
                for product in products:
                    for k, (pack, grams) in enumerate(rng.sample(PACKS, rng.randint(1, 3))):
                        variants.append(ProductVariant(product=product, sku=f"B{product.slug[8:]}-{k}", name=pack,
                                                       price_amount=rng.randrange(20_000, 900_000, 1000),
                                                       weight_grams=grams, sort_order=k))
                ProductVariant.objects.bulk_create(variants, batch_size=2000)
                warehouses = {p.pk: p.producer.warehouse for p in products}
                Stock.objects.bulk_create([Stock(warehouse=warehouses[v.product.pk], product_variant=v,
                                                 quantity=rng.choice([0, 5, 20, 100])) for v in variants],
                                          batch_size=2000)
            bar.update(count)
    dirty = Product.objects.filter(search_index_dirty=True).count()
    with tqdm(total=dirty, desc="Search index", unit="product") as bar:
        update_dirty_products(batch_size=5000, progress=bar.update)
    from django.db import connection

    from ocop.search.indexing import order_listing_table

    # Outside a transaction (VACUUM needs that): the listing table in category order, as the daily
    # job and `reindex` leave it, with its statistics and visibility map, so category pages read it
    # by an index-only scan (search.models.ListedProduct, search.indexing.order_listing_table).
    order_listing_table(lock_timeout_seconds=60)
    connection.cursor().execute("ANALYZE")
    total = Product.objects.count()
    print(f"catalogue ready: {total} products, {ProductVariant.objects.count()} variants, "
          f"{Producer.objects.count()} producers in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
