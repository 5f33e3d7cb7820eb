from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "backend" / "ocop" / "graphql" / "schema.graphql"


def test_the_printed_schema_in_the_repository_matches_the_code():
    from graphql import print_schema

    from ocop.graphql.api import schema

    printed = print_schema(schema.graphql_schema).strip()
    assert SCHEMA_FILE.read_text(encoding="utf-8").strip() == printed, (
        "regenerate: python backend/manage.py graphql_schema --out backend/ocop/graphql/schema.graphql")
