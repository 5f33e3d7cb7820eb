"""CSV import of 5,000 rows (2,500 products of two variants) into a producer's catalogue, then the
same file again (every row an update), then an export.

    .venv/bin/python bench/catalog_csv.py [--rows 5000]

The import is all or nothing in one transaction (catalog.services.import_products_csv). Target: < 30 s."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalog_common as common  # noqa: E402

HEADER = "product_slug,product_name,category_slug,description,variant_name,sku,price_vnd,stock,weight_grams\n"


def make_file(rows: int, prefix: str = "MO", bad_row: int | None = None) -> bytes:
    out = io.StringIO()
    out.write(HEADER)
    for n in range(rows):
        product, size = n // 2, (500, 1000)[n % 2]
        price = '"150,000đ"' if n == bad_row else 150 * size + product
        out.write(f",Mật ong rừng Tam Đảo số {product} ({prefix}),mat-ong,\"Mật ong nguyên chất, lọc lạnh, lô "
                  f"{product}.\",Hũ {size} g,{prefix}-{product}-{size},{price},{n % 40},{size + 220}\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    common.configure()
    from ocop.catalog import csv_io, services
    from ocop.catalog.models import Product, ProductVariant

    data = make_file(args.rows)
    rows = []
    with common.bench_database():
        owner, producer, _category, _products = common.make_seller(products=0)
        for label in ("first import (all new)", "same file again (all updates)"):
            start = time.perf_counter()
            result = services.import_products_csv(user=owner, producer_id=producer.pk, data=data)
            elapsed = time.perf_counter() - start
            rows.append((label, args.rows, f"{elapsed:.2f} s",
                         f"{result['products_created']}+{result['products_updated']} / "
                         f"{result['variants_created']}+{result['variants_updated']}"))
            print(f"  {label}: {elapsed:.2f} s", flush=True)
        start = time.perf_counter()
        exported = csv_io.export_csv(producer)
        rows.append(("export", exported.count("\n") - 1, f"{time.perf_counter() - start:.2f} s", ""))
        bad = make_file(args.rows, prefix="NEW", bad_row=args.rows - 10)
        start = time.perf_counter()
        try:
            services.import_products_csv(user=owner, producer_id=producer.pk, data=bad)
            outcome = "imported (unexpected)"
        except csv_io.ImportErrors as exc:
            outcome = f"refused, {len(exc.report)} row(s) reported"
        rows.append(("file with one bad price", args.rows, f"{time.perf_counter() - start:.2f} s", outcome))
        assert Product.objects.count() == args.rows // 2 and ProductVariant.objects.count() == args.rows
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(common.table(rows, ("CSV", "rows", "time (target < 30 s)", "products / variants created+updated")))


if __name__ == "__main__":
    main()
