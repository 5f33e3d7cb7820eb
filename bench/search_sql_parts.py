"""Where a broad search's SQL time goes, on the generated catalogue: the same match counted, then
ranked, then with the starts-with bonus, then the whole listing query (search.listing), each
interleaved with the others so that a busy host slows them alike.

    OCOP_EMBEDDED_DB=ocop_bench .venv/bin/python bench/search_sql_parts.py [--rounds 25] ["mat ong" ...]

Prints min and median milliseconds per step and query, and the number of matches."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("queries", nargs="*", default=["mat ong", "mang kho", "ca phe"])
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from ocop.search import listing
    from ocop.search.services import listing_matches, normalize_query

    for query in args.queries:
        params = listing.ListingParams.from_query({"q": query})
        match = next(iter(listing_matches(normalize_query(query), elasticsearch=False)))
        found = f"FROM search_listedproduct l WHERE {match.condition} AND l.is_published"  # nosec B608 - our SQL
        steps = {
            "match, count": f"SELECT count(*) {found}",
            "+ ts_rank": f"SELECT sum(ts_rank(l.search_vector, to_tsquery('simple', %(q_tsquery)s))) {found}",
            "+ starts-with bonus": f"SELECT sum({match.rank}) {found}",
        }
        times = {name: [] for name in [*steps, "whole listing query"]}
        with connection.cursor() as cursor:
            for round_ in range(args.rounds + 1):  # the first round warms the buffers, not counted
                for name, sql in steps.items():
                    started = time.perf_counter()
                    cursor.execute(sql, match.params)
                    cursor.fetchall()
                    if round_:
                        times[name].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                total = listing._find(params, match, 0, listing.PAGE_SIZE)[1]
                if round_:
                    times["whole listing query"].append((time.perf_counter() - started) * 1000)
        print(f"{query!r}: {total} matches")
        for name, values in times.items():
            print(f"  {name:22} min {min(values):6.1f} ms   median {statistics.median(values):6.1f} ms")


if __name__ == "__main__":
    main()
