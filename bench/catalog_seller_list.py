"""Server time of the seller's product list (/seller/products/) for a producer with 500 products.

    .venv/bin/python bench/catalog_seller_list.py [--products 500] [--runs 30]

Each product has two variants, stock and a photo with its four thumbnails (the rows share one set of
files: the page's cost is in the database and the template, not in the files). Requests go through
the Django test client, so the time is the whole server side (middleware, session, queries,
template) without a network. Target: p95 < 100 ms."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalog_common as common  # noqa: E402

PAGES = [
    ("first page", "/seller/products/"),
    ("page 10", "/seller/products/?page=10"),
    ("search 'mat ong 4'", "/seller/products/?q=mat+ong+4"),
    ("search by SKU", "/seller/products/?q=MO-2"),
    ("out of stock, published", "/seller/products/?status=published&out_of_stock=on"),
]


def add_photos(owner, products) -> None:
    """One real upload, then the same files referenced by every other product."""
    from PIL import Image

    from ocop.catalog import services
    from ocop.catalog.models import ProductMedia, Thumbnail

    out = io.BytesIO()
    Image.new("RGB", (900, 900), (200, 150, 40)).save(out, format="JPEG")
    first = services.add_images(user=owner, product_id=products[0].pk, files=[out.getvalue()])[0]
    thumbs = list(first.thumbnails.all())
    media = ProductMedia.objects.bulk_create(
        ProductMedia(product=p, image=first.image.name, width=first.width, height=first.height, alt=p.name)
        for p in products[1:])
    Thumbnail.objects.bulk_create(Thumbnail(media=m, size=t.size, format=t.format, image=t.image.name)
                                  for m in media for t in thumbs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    common.configure()
    from django.db import connection
    from django.test import Client

    rows = []
    with common.bench_database():
        owner, _producer, _category, products = common.make_seller(products=args.products)
        add_photos(owner, products)
        client = Client()
        client.force_login(owner)
        for name, url in PAGES:
            for _ in range(3):  # warm-up: connection, template cache, translations
                assert client.get(url).status_code == 200
            queries = []
            with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
                response = client.get(url)
            shown = response.content.decode().count('class="sp-item"')
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            rows.append((name, shown, len(queries), f"{common.percentile(times, 50):.1f}",
                         f"{common.percentile(times, 95):.1f}", f"{max(times):.1f}"))
            print(f"  {name}: done", flush=True)
    print(f"{args.products} products, {args.runs} requests per page, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(common.table(rows, ("/seller/products/", "rows", "queries", "p50 ms", "p95 ms (target < 100)", "max ms")))


if __name__ == "__main__":
    main()
