"""Search pages with the listing table in insertion order against category order, interleaved.

    OCOP_EMBEDDED_DB=ocop_bench LOG_LEVEL=WARNING .venv/bin/python bench/listing_order.py [--rounds 4]

Server time of the 24 search URLs of storefront_pages.py (cold: the listing cache emptied before
each request), in rounds: the table rewritten in product-id order (as rows arrive), then in
category order (search.indexing.order_listing_table), and so on, so both see the same machine.
Leaves the table in category order, as the daily job does.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
os.environ.setdefault("OCOP_LOCAL_HTTP", "1")

ORDERS = {"product id": "search_listedproduct_pkey", "category": "listed_category_covering"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--passes", type=int, default=3, help="passes over the URLs per round")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    from storefront_pages import QUERIES, percentile

    settings.RATELIMIT_ENABLED = False
    settings.ALLOWED_HOSTS = ["*"]
    urls = ([f"/search/?q={q}" for q in QUERIES] + [f"/search/?q={q}&stars=4" for q in QUERIES[:6]]
            + [f"/search/?q={q}&sort=price" for q in QUERIES[6:]])
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    times = {name: [] for name in ORDERS}
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for _ in range(args.rounds):
        for name, index in ORDERS.items():
            with connection.cursor() as cursor:
                cursor.execute(f"CLUSTER search_listedproduct USING {index}")  # nosec B608 - constants
                cursor.execute("VACUUM ANALYZE search_listedproduct")
            for url in urls:  # PostgreSQL's buffers after the rewrite
                caches["listings"].clear()
                client.get(url)
            for _ in range(args.passes):
                for url in urls:
                    caches["listings"].clear()
                    started = time.perf_counter()
                    if client.get(url).status_code != 200:
                        raise SystemExit(f"{url} failed")
                    times[name].append((time.perf_counter() - started) * 1000)
    for name, values in times.items():
        print(f"table in {name + ' order':<20} search p50 {percentile(values, 50):6.1f}  p90 {percentile(values, 90):6.1f}"
              f"  p95 {percentile(values, 95):6.1f} ms ({len(values)} requests)")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
