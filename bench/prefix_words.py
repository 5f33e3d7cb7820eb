"""The listing query with every word as a prefix (before session 6) against only the last word as
a prefix (now), interleaved on the same catalogue: the cost of reading every word's GIN entries.

    OCOP_EMBEDDED_DB=ocop_bench .venv/bin/python bench/prefix_words.py [--rounds 15]

Prints, per query, the median time of search.listing's one listing query both ways and the number
of matches each finds."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")

QUERIES = ["mat ong", "ca phe", "mang kho", "gio tre", "bun", "dac san tam dao", "ruou nep", "nam huong"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    import django

    django.setup()
    from ocop.search import listing
    from ocop.search.services import TextMatch, listing_matches, normalize_query

    times, totals = {}, {}
    for round_ in range(args.rounds + 1):  # the first round warms the buffers and is not counted
        for query in QUERIES:
            params = listing.ListingParams.from_query({"q": query})
            now = next(iter(listing_matches(normalize_query(query), elasticsearch=False)))
            every_word = " & ".join(f"{term}:*" for term in normalize_query(query).split())
            before = TextMatch(now.condition, now.rank, {**now.params, "q_tsquery": every_word})
            for name, match in (("every word a prefix", before), ("last word a prefix", now)):
                started = time.perf_counter()
                _facets, total, _ids = listing._find(params, match, 0, 24)
                if round_:
                    times.setdefault((query, name), []).append((time.perf_counter() - started) * 1000)
                totals[(query, name)] = total
    print(f"{'query':<18}{'every word (ms)':>16}{'last word (ms)':>16}{'matches':>18}")
    for query in QUERIES:
        old, new = (statistics.median(times[(query, n)]) for n in ("every word a prefix", "last word a prefix"))
        found = f"{totals[(query, 'every word a prefix')]} → {totals[(query, 'last word a prefix')]}"
        print(f"{query:<18}{old:>16.1f}{new:>16.1f}{found:>18}")


if __name__ == "__main__":
    main()
