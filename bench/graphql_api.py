"""GraphQL API speed on a large catalogue (issue #8): the storefront's product listing and search.

    OCOP_EMBEDDED_DB=ocop_bench .venv/bin/python bench/generate_catalogue.py --products 100000
    OCOP_EMBEDDED_DB=ocop_bench LOG_LEVEL=WARNING .venv/bin/python bench/graphql_api.py [--runs 200] [--seconds 15]

Measures, for `products(first: 24, channel: "default-channel")` with name, slug, thumbnail, price
range and category: server time at one client (p50/p95, in-process through Django's test client,
after a warm-up) and SQL queries per request, warm (the catalogue cache filled) and cold (the
"listings" cache emptied before each request); then requests/s at 16 concurrent clients against
gunicorn (3 workers) with `wrk` (loopback only), counting non-2xx answers and 200 answers that carry
GraphQL `errors` as failures. For `products(filter: {search: "mat ong"})`: p95 at one client, and a
check that it finds the very same products as the accented "mật ong" and "Mật Ong".

Targets (issue #8): listing p95 < 30 ms and >= 200 requests/s at 16 clients on 2 cores; search
p95 < 50 ms and every "Mật ong" product found. Exits non-zero when the searches find different
products or the load test has failures.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
os.environ.setdefault("OCOP_LOCAL_HTTP", "1")

LISTING = """query Listing($after: String) { products(first: 24, channel: "default-channel", after: $after) {
  totalCount pageInfo { endCursor } edges { node { name slug thumbnail { url alt }
  pricing { priceRange { start { gross { amount currency } } } } category { name } } } } }"""

SEARCH = """query Search($search: String!) { products(first: 24, channel: "default-channel",
  filter: {search: $search}) { totalCount edges { node { name slug thumbnail { url }
  pricing { priceRange { start { gross { amount currency } } } } category { name } } } } }"""

SEARCH_IDS = """query SearchIds($search: String!, $after: String) { products(first: 100,
  channel: "default-channel", filter: {search: $search}, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { id } } } }"""

SEARCH_TERMS = ["mat ong", "mật ong", "che xanh", "ca phe", "gao", "nam huong"]

from storefront_pages import free_port, percentile  # noqa: E402  (bench/ is the script's directory)


def post(client, query, variables):
    from django.db import connection, reset_queries

    reset_queries()
    started = time.perf_counter()
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    elapsed = (time.perf_counter() - started) * 1000
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"the API answered {response.status_code}: {json.dumps(body)[:500]}")
    return elapsed, len(connection.queries), body


def measure(client, query, variable_sets, runs, cold=False):
    """Server time of `runs` requests; cold: the catalogue cache is emptied before each."""
    from django.core.cache import caches

    times, queries = [], []
    for i in range(runs):
        if cold:
            caches["listings"].clear()
        elapsed, count, _body = post(client, query, variable_sets[i % len(variable_sets)])
        times.append(elapsed)
        queries.append(count)
    return times, queries


def listing_pages(client, pages):
    """Variables for the first `pages` pages of the listing (cursors taken from the API itself)."""
    variables, after = [], None
    for _ in range(pages):
        variables.append({"after": after})
        _elapsed, _count, body = post(client, LISTING, {"after": after})
        after = body["data"]["products"]["pageInfo"]["endCursor"]
        if after is None:
            break
    return variables


def found_ids(client, term) -> set[str]:
    """Every product a search finds, page by page."""
    ids, after = set(), None
    while True:
        page = post(client, SEARCH_IDS, {"search": term, "after": after})[2]["data"]["products"]
        ids.update(edge["node"]["id"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


def start_gunicorn(port):
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ocop.wsgi:application", "--chdir", str(ROOT / "backend"), "--bind",
         f"127.0.0.1:{port}", "--workers", "3", "--log-level", "warning"], env=env, start_new_session=True)
    # Ready when a real query is answered (the workers import Django after the port opens).
    deadline = time.monotonic() + 60
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql/", method="POST",
                                     data=json.dumps({"query": "{ channels { slug } }"}).encode(),
                                     headers={"Content-Type": "application/json"})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not answer within 60 s")


def load_test(bodies, seconds, connections):
    """Requests/s of POST /graphql/ with these JSON bodies in turn, through gunicorn and wrk."""
    if not shutil.which("wrk"):
        print("wrk not installed (apt-get install wrk): skipping the load test")
        return None
    port = free_port()
    server = start_gunicorn(port)
    try:
        script = ROOT / "var" / "bench-graphql.lua"
        lua_bodies = ",".join("[==[" + json.dumps(body) + "]==]" for body in bodies)
        script.write_text(
            "bodies = {" + lua_bodies + "}\ncounter = 0\nthreads = {}\n"
            "wrk.headers['Content-Type'] = 'application/json'\n"
            "setup = function(thread) table.insert(threads, thread) end\n"
            "init = function(args) graphql_errors = 0 end\n"
            "request = function()\n counter = counter + 1\n"
            " return wrk.format('POST', '/graphql/', nil, bodies[(counter % #bodies) + 1])\nend\n"
            # A 200 answer can still be a failure: GraphQL reports errors in the body.
            "response = function(status, headers, body)\n"
            " if status == 200 and string.find(body, '\"errors\":', 1, true) then graphql_errors = graphql_errors + 1 end\n"
            "end\n"
            "done = function(summary, latency, requests)\n"
            " local errors = 0\n for _, thread in ipairs(threads) do errors = errors + thread:get('graphql_errors') end\n"
            " io.write(string.format('non-2xx: %d\\n', summary.errors.status))\n"
            " io.write(string.format('graphql errors: %d\\n', errors))\nend\n")
        base = ["wrk", "-t", "2", "-c", str(connections), "-s", str(script), f"http://127.0.0.1:{port}/"]
        subprocess.run(base[:1] + ["-d", f"{max(2, seconds // 3)}s"] + base[1:], capture_output=True, text=True,
                       check=False)  # warm-up
        out = subprocess.run(base[:1] + ["-d", f"{seconds}s", "--latency"] + base[1:], capture_output=True,
                             text=True, check=True)
        return out.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="requests per measurement at one client")
    parser.add_argument("--seconds", type=int, default=15, help="length of the load test")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn + wrk load test")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = True  # record queries; the code paths are the same
    settings.ALLOWED_HOSTS = ["*"]
    from django.test import Client

    from ocop.catalog.selectors import public_products

    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    print(f"catalogue: {public_products().count()} public products; {args.runs} requests per measurement, "
          f"one client, in-process; load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs\n")

    pages = listing_pages(client, 10)
    searches = [{"search": term} for term in SEARCH_TERMS]
    rows = []
    for label, query, variable_sets in (("listing, first page", LISTING, pages[:1]),
                                        (f"listing, pages 1-{len(pages)}", LISTING, pages),
                                        ('search "mat ong"', SEARCH, [{"search": "mat ong"}]),
                                        ("search, 6 terms", SEARCH, searches)):
        measure(client, query, variable_sets, min(20, args.runs))  # warm PostgreSQL's buffers and the code paths
        for cache in ("warm", "cold"):
            times, queries = measure(client, query, variable_sets, args.runs, cold=cache == "cold")
            rows.append((label, cache, statistics.median(times), percentile(times, 95), max(times), max(queries)))
    print(f"{'query':<22}{'cache':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for label, cache, p50, p95, worst, queries in rows:
        print(f"{label:<22}{cache:>6}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}{queries:>9}")
    print("targets: listing p95 < 30 ms, search p95 < 50 ms")

    found = {term: found_ids(client, term) for term in ("mat ong", "mật ong", "Mật Ong")}
    same = len({frozenset(ids) for ids in found.values()}) == 1
    print("\nsearch finds: " + ", ".join(f'"{t}" {len(ids)} products' for t, ids in found.items())
          + (" (the same products)" if same else " (DIFFERENT products)"))
    if not same:
        plain, accented = found["mat ong"], found["mật ong"]
        print(f'  only "mat ong": {len(plain - accented)}, only "mật ong": {len(accented - plain)}')
    failed = 0

    if not args.no_load:
        settings.DEBUG = False
        bodies = [{"query": LISTING, "variables": variables} for variables in pages]
        out = load_test(bodies, args.seconds, args.connections)
        if out:
            rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
            latency = re.search(r"50%\s+(\S+).*?99%\s+(\S+)", out, re.S)
            non_2xx = re.search(r"non-2xx: (\d+)", out)
            graphql_errors = re.search(r"graphql errors: (\d+)", out)
            failed = sum(int(m.group(1)) for m in (non_2xx, graphql_errors) if m)
            if rate:
                print(f"\nlisting ({len(bodies)} pages in turn), {args.connections} connections, {args.seconds} s, "
                      f"gunicorn 3 workers: {float(rate.group(1)):.0f} requests/s"
                      + (f" (p50 {latency.group(1)}, p99 {latency.group(2)})" if latency else "")
                      + f", {failed} failed" + (f" ({graphql_errors.group(1)} with GraphQL errors)" if graphql_errors
                                               else "") + "; target >= 200 requests/s")
            else:
                print(out)
    return 0 if same and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
