"""Saleor's ObjectWithMetadata. We keep no metadata on any object, so every list is empty and
every key is absent: a truthful answer a Saleor client understands."""

import graphene


class Metadata(graphene.types.Scalar):
    """Metadata as an object of string keys and string values."""

    @staticmethod
    def serialize(value):
        return dict(value or {})

    @staticmethod
    def parse_literal(node, _variables=None):
        return None

    @staticmethod
    def parse_value(value):
        return value


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


def _nothing(*_args, **_kwargs):
    return []


def _none(*_args, **_kwargs):
    return None


def _empty(*_args, **_kwargs):
    return {}


class ObjectWithMetadata(graphene.Interface):
    private_metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, resolver=_nothing)
    private_metafield = graphene.String(key=graphene.String(required=True), resolver=_none)
    private_metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)),
                                        resolver=_empty)
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, resolver=_nothing)
    metafield = graphene.String(key=graphene.String(required=True), resolver=_none)
    metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)), resolver=_empty)
