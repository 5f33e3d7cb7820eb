"""Accounts, in Saleor's names: tokens, sign-up, passwords, `me`, the address book and the address
rules for Vietnam."""

import graphene

from ocop.accounts.addresses import POSTAL_CODE, provinces_in_force

from ..channel.types import country_name
from . import mutations
from .types import AddressValidationData, ChoiceValue, CountryCode, User

# Fields an address form shows, in Saleor's names, and the ones it must fill (besides a name:
# firstName or lastName). A phone number is required: carriers call before delivering.
ALLOWED_FIELDS = ["firstName", "lastName", "companyName", "streetAddress1", "streetAddress2", "city", "cityArea",
                  "countryArea", "postalCode", "phone"]
REQUIRED_FIELDS = ["streetAddress1", "city", "countryArea", "phone"]


def vietnam_address_rules() -> AddressValidationData:
    provinces = [ChoiceValue(raw=area.name, verbose=area.name) for area in provinces_in_force()]
    return AddressValidationData(
        country_code="VN", country_name=country_name("VN"),
        address_format="%N%n%O%n%A%n%C%n%S", address_latin_format="%N%n%O%n%A%n%C%n%S",
        allowed_fields=ALLOWED_FIELDS, required_fields=REQUIRED_FIELDS, upper_fields=[],
        country_area_type="province", country_area_choices=provinces,
        city_type="commune", city_choices=[], city_area_type="district", city_area_choices=[],
        postal_code_type="postal", postal_code_matchers=[POSTAL_CODE.pattern], postal_code_examples=["100000", "35000"],
        postal_code_prefix="")


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user.")
    address_validation_rules = graphene.Field(
        AddressValidationData, country_code=CountryCode(required=True), country_area=graphene.String(),
        city=graphene.String(), city_area=graphene.String(),
        description="How to write an address. We deliver only within Vietnam: other countries answer null. "
                    "Provinces are those of the map in force since July 2025.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None

    @staticmethod
    def resolve_address_validation_rules(root, info, country_code, **_filters):
        code = getattr(country_code, "value", country_code)
        return vietnam_address_rules() if code == "VN" else None


class AccountMutations(graphene.ObjectType):
    token_create = mutations.CreateToken.Field()
    token_refresh = mutations.RefreshToken.Field()
    account_register = mutations.AccountRegister.Field()
    confirm_account = mutations.ConfirmAccount.Field()
    request_password_reset = mutations.RequestPasswordReset.Field()
    set_password = mutations.SetPassword.Field()
    password_change = mutations.PasswordChange.Field()
    account_update = mutations.AccountUpdate.Field()
    account_request_deletion = mutations.AccountRequestDeletion.Field()
    account_address_create = mutations.AccountAddressCreate.Field()
    account_address_update = mutations.AccountAddressUpdate.Field()
    account_address_delete = mutations.AccountAddressDelete.Field()
    account_set_default_address = mutations.AccountSetDefaultAddress.Field()
    external_authentication_url = mutations.ExternalAuthenticationUrl.Field()
    external_obtain_access_tokens = mutations.ExternalObtainAccessTokens.Field()


