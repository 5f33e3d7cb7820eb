"""Anonymous GraphQL queries of the public catalogue are answered from the process's memory for a
short while, under the catalogue version; nothing personal is ever kept or served from there."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .graphql_client import gql
from .test_api_catalog import make_product, producer  # noqa: F401  (fixture)

LIST = "query { products(first: 10, channel: \"default-channel\") { edges { node { name } } } }"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.API_CACHE_SECONDS = 30


def names(body):
    return [edge["node"]["name"] for edge in body["data"]["products"]["edges"]]


def queries_for(client, query, user=None):
    with CaptureQueriesContext(connection) as ctx:
        body = gql(client, query, user=user)
    return body, [q["sql"] for q in ctx.captured_queries]


def test_a_repeated_anonymous_catalogue_query_is_answered_without_reading_the_catalogue(client, producer):
    make_product(producer, name="Chè Tân Cương")
    first, _ = queries_for(client, LIST)
    again, sql = queries_for(client, LIST)
    assert names(again) == names(first) == ["Chè Tân Cương"]
    assert not any("catalog_product" in q for q in sql), sql


def test_a_change_to_the_catalogue_shows_at_once(client, producer):
    from ocop.search.indexing import update_dirty_products

    make_product(producer, name="Chè Tân Cương")
    assert names(gql(client, LIST)) == ["Chè Tân Cương"]
    make_product(producer, name="Chè Thái")
    update_dirty_products()  # what every product write schedules after its commit
    assert sorted(names(gql(client, LIST))) == ["Chè Thái", "Chè Tân Cương"]


def _key_for(query, operation_name=None):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from ocop.graphql.views import OcopGraphQLView

    data = {"query": query, **({"operationName": operation_name} if operation_name else {})}
    request = RequestFactory().post("/graphql/", data, content_type="application/json")
    request.user = AnonymousUser()
    return OcopGraphQLView.cache_key(request)


def test_a_public_catalogue_query_has_a_key(db):
    assert _key_for(LIST) is not None
    assert _key_for("query A { products(first: 1) { totalCount } } query B { me { email } }", "A") is not None


@pytest.mark.parametrize("query,operation_name", [
    ("query { me { email } }", None),
    ("query($id: ID!) { node(id: $id) { id } }", None),
    ("query { products(first: 1) { edges { node { name } } } me { email } }", None),
    ("mutation { tokenCreate(email: \"a@b.vn\", password: \"x\") { token } }", None),
    ("query { ...Root } fragment Root on Query { me { email } }", None),
    ("query A { products(first: 1) { totalCount } } query B { me { email } }", "B"),
    ("query { checkout(id: \"x\") { id } }", None),
])
def test_queries_that_read_a_person_or_write_are_never_cached(query, operation_name):
    assert _key_for(query, operation_name) is None


def test_a_signed_in_callers_answers_are_not_cached(client, producer):
    from . import factories

    make_product(producer, name="Chè Tân Cương")
    user = factories.user()
    gql(client, LIST, user=user)
    _, sql = queries_for(client, LIST, user=user)
    assert any("catalog_product" in q for q in sql)


def test_a_query_of_many_nested_fragment_spreads_is_judged_once_per_fragment(db):
    from .test_api_limits import doubling_fragments

    # 2**40 spreads if each were opened again: this returns at once because each fragment is judged once.
    assert _key_for(doubling_fragments(40)) is not None
    assert _key_for(doubling_fragments(40).replace("channels { slug }", "me { email }")) is None
