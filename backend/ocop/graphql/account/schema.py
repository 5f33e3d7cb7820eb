"""Accounts (a first slice of Saleor's): tokens and `me`. Issue #8 completes the rest."""

import graphene
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from graphene import relay

from ocop.core import ratelimit
from ocop.accounts.tokens import InvalidToken, create_access_token, create_refresh_token, user_from_token
from ocop.producers import selectors

from ..core.mutations import BaseMutation
from ..producers.types import Area, Producer

AccountErrorCode = graphene.Enum("AccountErrorCode", [
    ("INVALID", "INVALID"), ("INVALID_CREDENTIALS", "INVALID_CREDENTIALS"), ("REQUIRED", "REQUIRED"),
    ("JWT_INVALID_TOKEN", "JWT_INVALID_TOKEN"), ("INACTIVE", "INACTIVE"), ("NOT_FOUND", "NOT_FOUND"),
    ("RATE_LIMITED", "RATE_LIMITED"),
])


class AccountError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = AccountErrorCode(required=True)


class User(graphene.ObjectType):
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    language_code = graphene.String(required=True)
    producers = graphene.List(graphene.NonNull(Producer), required=True,
                              description="Producers this user acts for (owner or staff).")
    officer_areas = graphene.List(graphene.NonNull(Area), required=True,
                                  description="Areas this user verifies producers in, as an area officer.")

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_first_name(root, info):
        # Vietnamese names are family name first; Saleor's firstName is the given name (the last word).
        parts = (root.full_name or "").split()
        return parts[-1] if parts else ""

    @staticmethod
    def resolve_last_name(root, info):
        parts = (root.full_name or "").split()
        return " ".join(parts[:-1])

    @staticmethod
    def resolve_producers(root, info):
        return list(selectors.producers_for_member(root).select_related("area"))

    @staticmethod
    def resolve_officer_areas(root, info):
        return selectors.officer_areas(root)


class TokenCreate(BaseMutation):
    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String()
    refresh_token = graphene.String()
    user = graphene.Field(User)
    errors = graphene.List(graphene.NonNull(AccountError), required=True)
    error_type = AccountError
    error_code_enum = AccountErrorCode

    @classmethod
    def perform(cls, info, email, password):
        ratelimit.check(ratelimit.TOKEN_CREATE, info.context, account=email.strip().lower())
        user = authenticate(info.context, username=email.strip(), password=password)
        if user is None:
            raise ValidationError({"email": ValidationError(
                "Please, enter valid credentials", code="INVALID_CREDENTIALS")})
        return {"token": create_access_token(user), "refresh_token": create_refresh_token(user), "user": user}


class TokenRefresh(BaseMutation):
    class Arguments:
        refresh_token = graphene.String(required=True)

    token = graphene.String()
    user = graphene.Field(User)
    errors = graphene.List(graphene.NonNull(AccountError), required=True)
    error_type = AccountError
    error_code_enum = AccountErrorCode

    @classmethod
    def perform(cls, info, refresh_token):
        try:
            user = user_from_token(refresh_token, kind="refresh")
        except InvalidToken:
            raise ValidationError({"refreshToken": ValidationError("Invalid or expired refresh token.",
                                                                   code="JWT_INVALID_TOKEN")}) from None
        return {"token": create_access_token(user), "user": user}


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None


class AccountMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
