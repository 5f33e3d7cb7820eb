"""Abuse limits on /graphql/: depth, aliases, cost, batches and body size; each a clear error."""

import json

from .graphql_client import gql


def nested(depth):
    inner = "name"
    for _ in range(depth):
        inner = f"parent {{ {inner} }}"
    return f"{{ categories(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


def test_an_ordinary_storefront_query_passes(db, client):
    body = gql(client, "{ products(first: 24, channel: \"default-channel\") { edges { node { name slug "
                       "category { name } pricing { priceRange { start { gross { amount } } } } } } } }")
    assert "errors" not in body


def test_a_query_nested_too_deep_is_refused_before_it_runs(db, client):
    body = gql(client, nested(12))
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "data" not in body or body["data"] is None


def test_too_many_aliases_are_refused(db, client):
    fields = " ".join(f"a{i}: channels {{ slug }}" for i in range(31))
    body = gql(client, f"{{ {fields} }}")
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"


def test_a_query_that_would_cost_too_much_is_refused(db, client):
    query = ("{ products(first: 100) { edges { node { productVariants(first: 100) { edges { node { "
             "name sku quantityAvailable product { name slug } } } } } } } }")
    body = gql(client, query)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "fewer" in body["errors"][0]["message"]


def test_page_sizes_come_from_variables_too(db, client):
    query = ("query($n: Int) { products(first: $n) { edges { node { productVariants(first: $n) { edges { node { "
             "name sku quantityAvailable product { name slug } } } } } } } }")
    assert "errors" not in gql(client, query, {"n": 2})
    assert gql(client, query, {"n": 100})["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_batched_requests_and_oversized_bodies_are_refused(db, client, settings):
    batch = client.post("/graphql/", json.dumps([{"query": "{ channels { slug } }"}] * 2),
                        content_type="application/json")
    assert batch.status_code == 400
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    big = client.post("/graphql/", json.dumps({"query": "{ channels { slug } }", "x": "y" * 4096}),
                      content_type="application/json")
    assert big.status_code == 400


def doubling_fragments(levels: int) -> str:
    """A small query whose fragments, opened naively, select 2**levels fields."""
    parts = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    parts.append(f"fragment F{levels} on Query {{ channels {{ slug }} }}")
    return "query { ...F0 } " + " ".join(parts)


def test_fragments_spread_again_and_again_are_opened_once_each(db, client):
    from graphql import parse

    from ocop.graphql.core.limits import _measure

    class CountingFragments(dict):
        opened = 0

        def get(self, key, default=None):
            CountingFragments.opened += 1
            return super().get(key, default)

    document = parse(doubling_fragments(30))
    fragments = CountingFragments({d.name.value: d for d in document.definitions if d.kind == "fragment_definition"})
    depth, aliases, cost = _measure(document.definitions[0], fragments, {}, 1, frozenset())
    assert (depth, aliases, cost) == (2, 0, 2)  # channels { slug }: as if spread once
    assert CountingFragments.opened <= 2 * 31  # not 2**30
    # The whole request (cache check, validation, execution) answers like the plain query would.
    body = gql(client, doubling_fragments(30))
    assert "errors" not in body and body["data"]["channels"]
