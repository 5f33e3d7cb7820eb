import graphene


class Upload(graphene.types.Scalar):
    """A file sent as a part of a multipart request (GraphQL multipart request spec)."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        return node

    @staticmethod
    def parse_value(value):
        return value
