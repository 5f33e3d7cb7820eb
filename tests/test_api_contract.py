"""Our schema against Saleor's storefront subset (tests/contract/): a ratchet, not an xfail.

tests/contract/known_missing.txt lists what is still missing, one item per line. The test fails
when something is missing that the file does not list (a regression, or a new item served
incompatibly) and when the file lists something that is now there (delete the line: the list only
shrinks). `python tests/contract/report.py` counts what is left by flow."""

import pytest
from graphql import build_schema

from tests.contract import compare


@pytest.fixture(scope="module")
def missing():
    return set(compare.missing_items())


@pytest.fixture(scope="module")
def known():
    return compare.read_known_missing()


def test_nothing_saleor_clients_use_is_missing_unless_listed_as_known(missing, known):
    regressions = sorted(missing - set(known))
    assert not regressions, (
        f"{len(regressions)} item(s) of Saleor's storefront API are missing or incompatible and not listed in "
        "tests/contract/known_missing.txt:\n  " + "\n  ".join(regressions))


def test_known_missing_lists_nothing_that_we_now_serve(missing, known):
    done = sorted(set(known) - missing)
    assert not done, (
        f"{len(done)} item(s) now exist: delete these lines from tests/contract/known_missing.txt:\n  "
        + "\n  ".join(done))


def test_known_missing_is_sorted_without_duplicates(known):
    assert known == sorted(set(known)), "keep tests/contract/known_missing.txt sorted, one item per line"


# --------------------------------------------------------------------------- the comparison itself

SALEOR = """
interface ObjectWithMetadata { metadata: [String!]! }
type Money { amount: Float! currency: String! }
type Product implements ObjectWithMetadata { metadata: [String!]! name: String price: Money! tags: [String] }
enum Sort { NAME PRICE }
input Filter { ids: [ID!] search: String! }
type Query { product(id: ID!, sort: Sort, filter: Filter): Product }
"""


def _items(ours_sdl):
    return compare.missing_items(build_schema(SALEOR), build_schema(ours_sdl))


def test_a_schema_equal_to_saleors_misses_nothing():
    assert _items(SALEOR) == []


def test_stricter_outputs_and_looser_inputs_are_compatible():
    ours = SALEOR.replace("name: String price", "name: String! price").replace(
        "tags: [String]", "tags: [String!]!").replace("product(id: ID!", "product(id: ID").replace(
        "search: String!", "search: String")
    assert _items(ours) == []


def test_looser_outputs_and_stricter_inputs_are_reported_by_name():
    ours = SALEOR.replace("price: Money!", "price: Money").replace("sort: Sort,", "sort: Sort!,").replace(
        "ids: [ID!]", "ids: [ID!]!")
    assert _items(ours) == [
        "Filter.ids: Saleor [ID!] (ours [ID!]!)",
        "Product.price: Saleor Money! (ours Money)",
        "Query.product(sort:): Saleor Sort (ours Sort!)",
    ]


def test_missing_types_fields_arguments_values_and_interfaces_are_each_listed():
    ours = (SALEOR.replace("enum Sort { NAME PRICE }", "enum Sort { NAME }")
            .replace("type Money { amount: Float! currency: String! }", "")
            .replace("price: Money! ", "").replace("filter: Filter", "")
            .replace("type Product implements ObjectWithMetadata", "type Product"))
    assert _items(ours) == [
        "Money", "Money.amount", "Money.currency", "Product implements ObjectWithMetadata", "Product.price",
        "Query.product(filter:)", "Sort.PRICE",
    ]


def test_an_argument_we_require_that_saleor_clients_never_send_is_reported():
    ours = SALEOR.replace("filter: Filter)", "filter: Filter, channel: String!)")
    assert _items(ours) == ["Query.product(channel:): required by us, never sent by Saleor clients"]


def test_every_area_of_the_storefront_is_counted():
    counts = compare.counts_by_area(
        ["Query.products(where:)", "Checkout.lines", "CreateToken", "TransactionInitialize.data"])
    assert counts == {"browse": 1, "checkout": 1, "account": 1, "pay and finish": 1}
