"""A checkout's metadata (Saleor's updateMetadata, and checkoutCreate's `metadata`): a key or a
value longer than the checkout keeps is refused with an error naming the input, never cut."""

import pytest
from django.test import Client

from ocop.checkout.models import Checkout
from ocop.graphql.checkout.mutations.metadata import METADATA_KEY_MAX_LENGTH, METADATA_VALUE_MAX_LENGTH
from tests.checkout_factories import variants_of_two_producers

from . import factories as f
from .graphql_client import gid, gql

UPDATE = """mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id, input: $input) {
  item { ... on Checkout { metadata { key value } } } errors { field code message } } }"""
CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { id metadata { key value } } errors { field code message } } }"""


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def variant(seeded):
    return variants_of_two_producers(stock=10)[0]


def new_checkout(client, variant, user=None, **extra):
    payload = gql(client, CREATE, {"input": {"lines": [{"variantId": gid("ProductVariant", variant.pk), "quantity": 1}],
                                             **extra}}, user)["data"]["checkoutCreate"]
    return payload


def update(client, checkout_id, items, user=None):
    return gql(client, UPDATE, {"id": checkout_id, "input": items}, user)["data"]["updateMetadata"]


def test_keys_and_values_as_long_as_kept_are_stored_whole(client, variant):
    checkout = new_checkout(client, variant)["checkout"]
    key, value = "k" * METADATA_KEY_MAX_LENGTH, "v" * METADATA_VALUE_MAX_LENGTH
    payload = update(client, checkout["id"], [{"key": key, "value": value}])
    assert payload["errors"] == []
    assert Checkout.objects.get().metadata == {key: value}  # nothing cut: the limits match what is kept


@pytest.mark.parametrize("item,message", [
    ({"key": "k" * (METADATA_KEY_MAX_LENGTH + 1), "value": "x"},
     f"The metadata key “{'k' * 20}…” is longer than {METADATA_KEY_MAX_LENGTH} characters."),
    ({"key": "gift_note", "value": "v" * (METADATA_VALUE_MAX_LENGTH + 1)},
     f"The value of the metadata key “gift_note” is longer than {METADATA_VALUE_MAX_LENGTH} characters."),
], ids=["key", "value"])
def test_a_key_or_value_longer_than_kept_is_refused_and_nothing_is_stored(client, variant, item, message):
    checkout = new_checkout(client, variant, metadata=[{"key": "source", "value": "app"}])["checkout"]
    payload = update(client, checkout["id"], [{"key": "ok", "value": "yes"}, item])
    assert payload == {"item": None, "errors": [{"field": "input", "code": "INVALID", "message": message}]}
    assert Checkout.objects.get().metadata == {"source": "app"}  # all or nothing


def test_every_item_too_long_is_named(client, variant):
    checkout = new_checkout(client, variant)["checkout"]
    payload = update(client, checkout["id"], [{"key": "a", "value": "v" * 2001}, {"key": "b", "value": "v" * 2001}])
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("input", "INVALID")] * 2
    assert "“a”" in payload["errors"][0]["message"] and "“b”" in payload["errors"][1]["message"]


def test_checkout_create_refuses_too_long_metadata_and_creates_nothing(client, variant):
    payload = new_checkout(client, variant, metadata=[{"key": "note", "value": "v" * (METADATA_VALUE_MAX_LENGTH + 1)}])
    assert payload["checkout"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("metadata", "INVALID")]
    assert not Checkout.objects.exists()


def test_an_empty_key_is_still_required(client, variant):
    checkout = new_checkout(client, variant)["checkout"]
    payload = update(client, checkout["id"], [{"key": "  ", "value": "x"}])
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("input", "REQUIRED")]


def test_only_whoever_may_reach_the_checkout_changes_its_metadata(client, variant):
    owner, stranger = f.user(), f.user()
    checkout = new_checkout(client, variant, owner)["checkout"]
    for who in (stranger, None):
        payload = update(client, checkout["id"], [{"key": "k", "value": "v"}], who)
        assert payload == {"item": None, "errors": [{"field": "id", "code": "NOT_FOUND",
                                                     "message": payload["errors"][0]["message"]}]}
    too_long = update(client, checkout["id"], [{"key": "k", "value": "v" * 2001}], stranger)
    assert [e["code"] for e in too_long["errors"]] == ["NOT_FOUND"]  # no hint about the checkout to a stranger
    assert Checkout.objects.get().metadata == {}
