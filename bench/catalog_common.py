"""Shared set-up for the catalogue benchmarks: Django on a throw-away database of its own.

The benchmarks never touch the development database: they create `bench_ocop_catalog` (migrated from
scratch) on the same PostgreSQL server, use a temporary MEDIA_ROOT, and drop both at the end."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("OCOP_BENCH_DB", "bench_ocop_catalog")


def configure(media_root: str | None = None) -> None:
    """Settings as in the tests (inline background tasks, plain static files), then django.setup()."""
    for path in (str(REPO_ROOT / "backend"), str(REPO_ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    os.environ["OCOP_TESTING"] = "1"
    os.environ["OCOP_TEST_DB"] = BENCH_DB
    os.environ["MEDIA_ROOT"] = media_root or tempfile.mkdtemp(prefix="ocop-bench-media-")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


@contextmanager
def bench_database(keep: bool = False):
    """A freshly migrated database for the run (dropped afterwards unless keep=True)."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield connection.settings_dict["NAME"]
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def use_existing_database() -> None:
    """In a child process: point the default connection at the parent's benchmark database."""
    from django.db import connection

    connection.settings_dict["NAME"] = BENCH_DB


def make_seller(*, products: int = 0):
    """An approved producer with its owner, a category and `products` products of two variants each."""
    from django.utils import timezone

    from ocop.accounts.models import User
    from ocop.areas.models import Area
    from ocop.catalog.models import Category, Product, ProductType, ProductVariant, Stock, Warehouse
    from ocop.producers.models import Producer, ProducerMember

    province = Area.objects.create(scheme="bench", code="P1", name="Tỉnh", level="province")
    area = Area.objects.create(scheme="bench", code="C1", name="Xã", level="commune", parent=province)
    producer = Producer.objects.create(slug="htx-bench", legal_form="cooperative", name="Hợp tác xã Thử tải",
                                       registration_number="1234567", representative="A", area=area, address="Thôn 1",
                                       phone="+84912345678", email="bench@ocop.example", status="approved")
    warehouse = Warehouse.objects.create(producer=producer, name="Kho", area=area)
    owner = User.objects.create_user("bench.owner@ocop.example", "bench-password-123", full_name="Chủ thể")
    ProducerMember.objects.create(producer=producer, user=owner, role="owner")
    category = Category.objects.create(slug="mat-ong", name="Mật ong")
    goods = ProductType.objects.create(slug="hang-hoa", name="Hàng hóa")
    now = timezone.now()
    items = Product.objects.bulk_create(
        Product(producer=producer, category=category, product_type=goods, name=f"Mật ong rừng Tam Đảo {n}",
                slug=f"mat-ong-rung-tam-dao-{n}", description="Mật ong nguyên chất. " * 20,
                is_published=n % 2 == 0, created_at=now, updated_at=now)
        for n in range(products))
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(product=p, sku=f"MO-{p.pk}-{size}", name=f"Hũ {size} g", price_amount=150 * size + p.pk,
                       sort_order=i)
        for p in items for i, size in enumerate((500, 1000)))
    # every seventh product is out of stock
    Stock.objects.bulk_create(Stock(warehouse=warehouse, product_variant=v, quantity=0 if i // 2 % 7 == 0 else 1 + i % 9)
                              for i, v in enumerate(variants))
    return owner, producer, category, items


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1] if len(ordered) > 1 else ordered[0]


def table(rows: list[tuple], headers: tuple) -> str:
    cells = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    line = lambda row: "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"  # noqa: E731
    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in cells[1:]])
