"""Saleor's account mutations: tokens, sign-up, passwords, profile, address book, deletion request.
Services in ocop.accounts.services hold every rule; these only translate arguments and results."""

import graphene
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts import services
from ocop.accounts.tokens import InvalidToken, create_access_token, create_refresh_token, user_from_token
from ocop.core import ratelimit

from ..core.enums import LanguageCodeEnum, language_tag
from ..core.ids import decode_id
from ..core.mutations import AUTHENTICATED, BaseMutation
from .types import (ADDRESS_FIELD_MAP, AccountError, AccountErrorCode, Address, AddressInput, AddressTypeEnum,
                    MetadataInput, User, address_data)


class AccountMutation(BaseMutation):
    class Meta:
        abstract = True

    error_type = AccountError
    error_code_enum = AccountErrorCode


def _errors():
    return graphene.List(graphene.NonNull(AccountError), required=True)


def _address_pk(global_id) -> int | None:
    return decode_id(global_id, "Address")


def _kind(address_type) -> str:
    return getattr(address_type, "value", address_type)


# ---------------------------------------------------------------------------- tokens

class CreateToken(AccountMutation):
    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String(description="Not used: the API takes no cookies, so needs no CSRF token.")
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, email, password):
        ratelimit.check(ratelimit.TOKEN_CREATE, info.context, account=email.strip().lower())
        user = authenticate(info.context, username=email.strip(), password=password)
        if user is None:
            raise ValidationError({"email": ValidationError(
                _("Please, enter valid credentials"), code="invalid_credentials")})
        return {"token": create_access_token(user), "refresh_token": create_refresh_token(user), "user": user}


class RefreshToken(AccountMutation):
    class Arguments:
        refresh_token = graphene.String(description="The refresh token from tokenCreate.")
        csrf_token = graphene.String(description="Not used: refresh tokens are never read from cookies.")

    token = graphene.String()
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, refresh_token=None, csrf_token=None):
        if not refresh_token:
            raise ValidationError({"refresh_token": ValidationError(
                _("Missing refresh token."), code="jwt_missing_token")})
        try:
            user = user_from_token(refresh_token, kind="refresh")
        except InvalidToken:
            raise ValidationError({"refresh_token": ValidationError(
                _("Invalid or expired refresh token."), code="jwt_invalid_token")}) from None
        return {"token": create_access_token(user), "user": user}


# ---------------------------------------------------------------------------- sign-up and passwords

class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = LanguageCodeEnum()
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    redirect_url = graphene.String(description="Checked against the shop's hosts; no confirmation e-mail is "
                                               "sent, since accounts need no confirmation.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Accepted and not stored.")
    channel = graphene.String()


class AccountRegister(AccountMutation):
    class Arguments:
        input = AccountRegisterInput(required=True)

    requires_confirmation = graphene.Boolean(description="Always false: accounts can be used at once.")
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, input):
        ratelimit.check(ratelimit.SIGNUP, info.context)
        if input.get("redirect_url"):
            services.check_redirect_url(input["redirect_url"])
        offered = {code for code, _name in settings.LANGUAGES}
        language = language_tag(input.get("language_code")).split("-", 1)[0]
        if language not in offered:
            language = getattr(info.context, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
        user = services.register_user(
            email=input["email"], password=input["password"], language_code=language,
            full_name=services.full_name_from(input.get("first_name"), input.get("last_name")))
        return {"user": user, "requires_confirmation": False}


class ConfirmAccount(AccountMutation):
    class Arguments:
        email = graphene.String(required=True)
        token = graphene.String(required=True)

    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, email, token):
        return {"user": services.confirm_account(email=email, token=token)}


class RequestPasswordReset(AccountMutation):
    class Arguments:
        email = graphene.String(required=True)
        redirect_url = graphene.String(required=True, description="The page that sets the new password; the "
                                                                  "e-mail links it with `email` and `token`.")
        channel = graphene.String()

    errors = _errors()

    @classmethod
    def perform(cls, info, email, redirect_url, channel=None):
        ratelimit.check(ratelimit.PASSWORD_RESET, info.context, account=email.strip().lower())
        services.send_password_reset(email=email, redirect_url=redirect_url)
        return {}


class SetPassword(AccountMutation):
    class Arguments:
        email = graphene.String(required=True)
        token = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def mutate(cls, root, info, **data):
        # `token` is both an argument (the e-mailed one) and a payload field (the new access token).
        try:
            user = services.set_password_with_token(**data)
        except ValidationError as exc:
            from ..core.errors import errors_from

            return cls(errors=errors_from(exc, AccountError, AccountErrorCode))
        return cls(errors=[], user=user, token=create_access_token(user), refresh_token=create_refresh_token(user))


class PasswordChange(AccountMutation):
    permission = AUTHENTICATED

    class Arguments:
        new_password = graphene.String(required=True)
        old_password = graphene.String()

    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, new_password, old_password=None):
        return {"user": services.change_password(user=info.context.user, old_password=old_password,
                                                 new_password=new_password)}


# ---------------------------------------------------------------------------- profile

class AccountInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = LanguageCodeEnum()
    default_billing_address = AddressInput(description="Saved as a new address, then made the default.")
    default_shipping_address = AddressInput(description="Saved as a new address, then made the default.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Accepted and not stored.")


class AccountUpdate(AccountMutation):
    permission = AUTHENTICATED
    field_map = ADDRESS_FIELD_MAP

    class Arguments:
        input = AccountInput(required=True)

    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, input):
        user = info.context.user
        with transaction.atomic():  # all of it or nothing, when an address is refused
            services.update_account(user=user, first_name=input.get("first_name"), last_name=input.get("last_name"),
                                    language_code=language_tag(input.get("language_code")) or None)
            for kind in ("billing", "shipping"):
                data = input.get(f"default_{kind}_address")
                if data is not None:
                    services.create_address(user=user, data=address_data(data), default_for=kind)
        return {"user": user}


class AccountRequestDeletion(AccountMutation):
    permission = AUTHENTICATED

    class Arguments:
        redirect_url = graphene.String(required=True, description="Checked against the shop's hosts. Staff "
                                                                  "delete the account; no link is needed.")
        channel = graphene.String()

    errors = _errors()

    @classmethod
    def perform(cls, info, redirect_url, channel=None):
        services.check_redirect_url(redirect_url)
        services.request_account_deletion(user=info.context.user)
        return {}


# ---------------------------------------------------------------------------- address book

class AccountAddressCreate(AccountMutation):
    permission = AUTHENTICATED
    field_map = ADDRESS_FIELD_MAP

    class Arguments:
        input = AddressInput(required=True)
        type = AddressTypeEnum(description="Also make it the default address of this type.")

    address = graphene.Field(Address)
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, input, type=None):
        user = info.context.user
        address = services.create_address(user=user, data=address_data(input),
                                          default_for=_kind(type) if type else None)
        return {"address": address, "user": user}


class AccountAddressUpdate(AccountMutation):
    permission = AUTHENTICATED
    field_map = ADDRESS_FIELD_MAP

    class Arguments:
        id = graphene.ID(required=True)
        input = AddressInput(required=True)

    address = graphene.Field(Address)
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, id, input):
        user = info.context.user
        address = services.update_address(user=user, address_id=_address_pk(id), data=address_data(input))
        return {"address": address, "user": user}


class AccountAddressDelete(AccountMutation):
    permission = AUTHENTICATED

    class Arguments:
        id = graphene.ID(required=True)

    address = graphene.Field(Address)
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, id):
        user = info.context.user
        address = services.delete_address(user=user, address_id=_address_pk(id))
        return {"address": address, "user": user}


class AccountSetDefaultAddress(AccountMutation):
    permission = AUTHENTICATED

    class Arguments:
        id = graphene.ID(required=True)
        type = AddressTypeEnum(required=True)

    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, id, type):
        user = services.set_default_address(user=info.context.user, address_id=_address_pk(id), kind=_kind(type))
        return {"user": user}


# ---------------------------------------------------------------------------- external login

def _not_configured():
    return ValidationError({"plugin_id": ValidationError(
        _("Signing in with another provider is not configured on this shop; use your e-mail and password."),
        code="disabled_authentication_method")})


class ExternalAuthenticationUrl(AccountMutation):
    class Arguments:
        input = graphene.JSONString(required=True)
        plugin_id = graphene.String(required=True)

    authentication_data = graphene.JSONString()
    errors = _errors()

    @classmethod
    def perform(cls, info, input, plugin_id):
        raise _not_configured()


class ExternalObtainAccessTokens(AccountMutation):
    class Arguments:
        input = graphene.JSONString(required=True)
        plugin_id = graphene.String(required=True)

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    user = graphene.Field(User)
    errors = _errors()

    @classmethod
    def perform(cls, info, input, plugin_id):
        raise _not_configured()
