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


def host_check(rounds=5):
    """The same fixed work in Python and in PostgreSQL, `rounds` times: the best says how fast this
    host is, the worst how noisy (other machines' work on a shared host moves every figure here)."""
    from django.db import connection

    py, sql = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        sum(i * i for i in range(300_000))
        py.append((time.perf_counter() - started) * 1000)
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("SELECT sum(i::bigint * i) FROM generate_series(1, 1000000) AS i")
            cursor.fetchall()
            sql.append((time.perf_counter() - started) * 1000)
    return (f"host check (fixed work, best/worst of {rounds}): Python {min(py):.1f}/{max(py):.1f} ms, "
            f"PostgreSQL {min(sql):.1f}/{max(sql):.1f} ms")


def measure(client, urls, runs, cold=False, by_url=None):
    """Server time of `runs` requests over `urls`; cold: the result caches are emptied before each.
    by_url, a dict, collects each URL's times."""
    from django.core.cache import caches
    from django.db import connection, reset_queries

    times, queries = [], []
    for i in range(runs):
        url = urls[i % len(urls)]
        if cold:
            caches["listings"].clear()
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        queries.append(len(connection.queries))
        if by_url is not None:
            by_url.setdefault(url, []).append(times[-1])
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times, queries


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_test(urls, seconds, connections, extra_env=None):
    if not shutil.which("wrk"):
        print("wrk not installed (apt-get install wrk): skipping the load test")
        return None
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # gunicorn serves the hashed static files
    port = free_port()
    env = {**os.environ, "LOG_LEVEL": "WARNING", **(extra_env or {})}
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
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="also list each page type's N slowest URLs (median cold time)")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the catalogue may have been generated by an older version
    settings.DEBUG = True  # record queries; templates and code paths are the same
    settings.RATELIMIT_ENABLED = False  # one client asking hundreds of searches a minute is the point here
    settings.ALLOWED_HOSTS = ["*"]
    from django.test import Client

    from ocop.catalog.models import Category, Product
    from ocop.catalog.selectors import public_products

    from ocop.core.warm import settle_worker

    settle_worker()  # as a gunicorn worker does when it loads ocop.wsgi
    total = public_products().count()
    rng = random.Random(7)
    max_pk = Product.objects.order_by("-pk").values_list("pk", flat=True).first()
    product_slugs = list(public_products().filter(pk__in=[rng.randint(1, max_pk) for _ in range(400)])
                         .values_list("slug", flat=True))
    categories = list(Category.objects.values_list("slug", flat=True))
    pages = {
        "home": ["/"],
        "search": [f"/search/?q={q}" for q in QUERIES] + [f"/search/?q={q}&stars=4" for q in QUERIES[:6]]
        + [f"/search/?q={q}&sort=price" for q in QUERIES[6:]],
        "category": [f"/categories/{c}/" for c in categories] + [f"/categories/{c}/?stars=4" for c in categories]
        + [f"/categories/{c}/?sort=newest&page=2" for c in categories],
        "product": [f"/products/{s}/" for s in product_slugs],
    }
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    # Other work on the machine moves these figures a lot: say how busy it was.
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(host_check())
    print(f"catalogue: {total} public products; {args.runs} requests per page type, one client, in-process")
    print("cold: the listing/page caches emptied before every request (what a first visit costs);")
    print("warm: the same URLs again within the cache time (what a popular page costs)\n")
    print(f"{'page':<10}{'urls':>6}{'cold p50':>10}{'cold p95':>10}{'warm p50':>10}{'warm p95':>10}"
          f"{'queries cold/warm':>19}")
    slowest = []
    for name, urls in pages.items():
        measure(client, urls, min(20, args.runs), cold=True)  # warm PostgreSQL's buffers and the code paths
        by_url = {}
        cold, cold_q = measure(client, urls, args.runs, cold=True, by_url=by_url)
        slowest += sorted(((statistics.median(t), name, url) for url, t in by_url.items()), reverse=True)[:args.slowest]
        measure(client, urls, len(urls))  # fill the caches
        warm, warm_q = measure(client, urls, args.runs)
        print(f"{name:<10}{len(urls):>6}{statistics.median(cold):>10.1f}{percentile(cold, 95):>10.1f}"
              f"{statistics.median(warm):>10.1f}{percentile(warm, 95):>10.1f}{max(cold_q):>11}/{max(warm_q)}")
    if slowest:
        print("\nslowest URLs (median cold ms):")
        for ms, name, url in slowest:
            print(f"  {ms:6.1f}  {name:<9} {url}")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(host_check())
    if not args.no_load:
        settings.DEBUG = False
        # Shop traffic is skewed: a few products get most visits. The "popular" mix draws 4,000 visits
        # from the same 400 products with weights 1/rank (Zipf); "even" visits each in turn.
        zipf = rng.choices(pages["product"], weights=[1 / (i + 1) for i in range(len(pages["product"]))], k=4000)
        for label, urls, env in (("even, page cache on", pages["product"], {}),
                                 ("popular, page cache on", zipf, {}),
                                 ("even, page cache off", pages["product"], {"OCOP_PRODUCT_PAGE_CACHE_SECONDS": "0"})):
            out = load_test(urls, args.seconds, args.connections, env)
            if out:
                rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
                # The "Latency Distribution" lines ("    50%   24.54ms"), not a percentage in the
                # thread statistics above them.
                latency = re.search(r"^\s+50%\s+(\S+).*?^\s+99%\s+(\S+)", out, re.S | re.M)
                print(f"\nproduct pages ({len(pages['product'])} products), {args.connections} connections, "
                      f"{args.seconds} s, gunicorn 3 workers, {label}: "
                      f"{float(rate.group(1)):.0f} pages/s" if rate else out,
                      f"(p50 {latency.group(1)}, p99 {latency.group(2)})" if latency else "")


if __name__ == "__main__":
    main()
