from decimal import Decimal, InvalidOperation

import graphene
from graphql import GraphQLError


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


class PositiveDecimal(graphene.types.Scalar):
    """A decimal number, zero or more (Saleor's PositiveDecimal). VND amounts must be whole."""

    @staticmethod
    def serialize(value):
        return float(value)

    @staticmethod
    def parse_literal(node, _variables=None):
        from graphql.language import FloatValueNode, IntValueNode, StringValueNode

        if isinstance(node, (IntValueNode, FloatValueNode, StringValueNode)):
            return PositiveDecimal.parse_value(node.value)
        raise GraphQLError("PositiveDecimal expects a number.")

    @staticmethod
    def parse_value(value):
        if isinstance(value, bool):
            raise GraphQLError("PositiveDecimal expects a number.")
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise GraphQLError(f"PositiveDecimal expects a number, not {value!r}.") from None
        if not number.is_finite() or number < 0:
            raise GraphQLError(f"PositiveDecimal expects a number of zero or more, not {value!r}.")
        return number


class PositiveInt(graphene.types.Scalar):
    """A whole number, zero or more (Saleor's PositiveInt)."""

    @staticmethod
    def serialize(value):
        return int(value)

    @staticmethod
    def parse_literal(node, _variables=None):
        from graphql.language import IntValueNode

        if isinstance(node, IntValueNode):
            return PositiveInt.parse_value(int(node.value))
        raise GraphQLError("PositiveInt expects a whole number.")

    @staticmethod
    def parse_value(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise GraphQLError(f"PositiveInt expects a whole number of zero or more, not {value!r}.")
        return value
