"""How far our GraphQL schema is from the Saleor storefront subset, by flow and by type.

    python tests/contract/report.py            counts by flow, then the types with most gaps
    python tests/contract/report.py --all      also every missing item
    python tests/contract/report.py --write    rewrite known_missing.txt from the schema as it is now
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup_django() -> None:
    sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    # Printing a schema needs no database: do not start the embedded PostgreSQL for it.
    os.environ.setdefault("DATABASE_URL", "postgres://unused@127.0.0.1:1/unused")
    import django

    django.setup()


def main(argv: list[str]) -> int:
    _setup_django()
    from tests.contract import compare

    theirs = compare.saleor_schema()
    items = compare.missing_items(theirs)
    if "--write" in argv:
        compare.KNOWN_MISSING.write_text("".join(f"{item}\n" for item in items), encoding="utf-8")
        print(f"wrote {len(items)} lines to {compare.KNOWN_MISSING.relative_to(ROOT)}")
    by_area = compare.counts_by_area(items, theirs)
    print(f"Missing or incompatible items: {len(items)}")
    for area in [*compare.AREAS, "other"]:
        if by_area.get(area):
            print(f"  {area:<16} {by_area[area]:>5}")
    known = compare.read_known_missing()
    print(f"Lines in known_missing.txt: {len(known)}")
    print("\nTypes and root fields with most gaps:")
    by_type = sorted(compare.counts_by_type(items).items(), key=lambda kv: (-kv[1], kv[0]))
    for name, count in by_type[:25]:
        print(f"  {name:<40} {count:>5}")
    if "--all" in argv:
        print()
        print("\n".join(items))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
