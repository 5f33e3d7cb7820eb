"""Storefront speed on a large catalogue: server time per page (p50/p95, one client, in-process),
SQL queries per page, and throughput of product pages at 16 concurrent clients against gunicorn.

    OCOP_EMBEDDED_DB=ocop_bench .venv/bin/python bench/generate_catalogue.py --products 100000
    OCOP_EMBEDDED_DB=ocop_bench .venv/bin/python bench/storefront_pages.py [--runs 200] [--no-load]

Targets (issue #6): p95 search < 50 ms, category < 60 ms, product < 40 ms, home < 40 ms;
>= 150 product pages/s at 16 clients on 2 cores; at most 12 queries per page.
The load test needs `wrk` (Debian package) and sends requests only to 127.0.0.1.
"""

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
os.environ.setdefault("OCOP_LOCAL_HTTP", "1")

QUERIES = ["mat ong", "mật ong", "che xanh", "ca phe", "mang kho", "bun", "dac san tam dao", "mat onng", "gao",
           "ruou nep", "nam huong", "gio tre"]


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def measure(client, urls, runs):
    from django.db import connection, reset_queries

    times, queries = [], []
    for i in range(runs):
        url = urls[i % len(urls)]
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        queries.append(len(connection.queries))
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times, queries


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_test(urls, seconds, connections):
    if not shutil.which("wrk"):
        print("wrk not installed (apt-get install wrk): skipping the load test")
        return None
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # gunicorn serves the hashed static files
    port = free_port()
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ocop.wsgi:application", "--chdir", str(ROOT / "backend"), "--bind",
         f"127.0.0.1:{port}", "--workers", "3", "--log-level", "warning"], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        script = ROOT / "var" / "bench-urls.lua"
        script.write_text("paths = {" + ",".join(f'"{u}"' for u in urls) + "}\n"
                          "counter = 0\nrequest = function()\n counter = counter + 1\n"
                          " return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n")
        subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(script),
                        f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=False)  # warm-up
        out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s",
                              str(script), f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True)
        return out.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = True  # record queries; templates and code paths are the same
    settings.ALLOWED_HOSTS = ["*"]
    from django.test import Client

    from ocop.catalog.models import Category, Product
    from ocop.catalog.selectors import public_products

    total = public_products().count()
    rng = random.Random(7)
    max_pk = Product.objects.order_by("-pk").values_list("pk", flat=True).first()
    product_slugs = list(public_products().filter(pk__in=[rng.randint(1, max_pk) for _ in range(400)])
                         .values_list("slug", flat=True))
    pages = {
        "home": ["/"],
        "search": [f"/search/?q={q}" for q in QUERIES],
        "category": [f"/categories/{c}/" for c in Category.objects.values_list("slug", flat=True)],
        "product": [f"/products/{s}/" for s in product_slugs],
    }
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    print(f"catalogue: {total} public products; {args.runs} requests per page type, one client, in-process\n")
    print(f"{'page':<10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for name, urls in pages.items():
        measure(client, urls, min(20, args.runs))  # warm caches
        times, queries = measure(client, urls, args.runs)
        print(f"{name:<10}{statistics.median(times):>9.1f}{percentile(times, 95):>9.1f}{max(times):>9.1f}"
              f"{max(queries):>9}")
    if not args.no_load:
        settings.DEBUG = False
        out = load_test(pages["product"], args.seconds, args.connections)
        if out:
            rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
            print(f"\nproduct pages, {args.connections} connections, {args.seconds} s, gunicorn 3 workers:")
            print(out)
            if rate:
                print(f"throughput: {float(rate.group(1)):.0f} pages/s")


if __name__ == "__main__":
    main()
