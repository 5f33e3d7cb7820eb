"""Saleor's account types over ocop.accounts: User, Address and the inputs and enums around them."""

from __future__ import annotations

import graphene
from graphene import relay

from ocop.producers import selectors

from ..catalog.types import Image
from ..channel.types import CountryDisplay
from ..core.connection import paginate
from ..core.metadata import ObjectWithMetadata
from ..producers.types import Area, Producer

AccountErrorCode = graphene.Enum("AccountErrorCode", [(code, code) for code in """
    ACTIVATE_OWN_ACCOUNT ACTIVATE_SUPERUSER_ACCOUNT DUPLICATED_INPUT_ITEM DEACTIVATE_OWN_ACCOUNT
    DEACTIVATE_SUPERUSER_ACCOUNT DELETE_NON_STAFF_USER DELETE_OWN_ACCOUNT DELETE_STAFF_ACCOUNT
    DELETE_SUPERUSER_ACCOUNT GRAPHQL_ERROR INACTIVE INVALID INVALID_PASSWORD LEFT_NOT_MANAGEABLE_PERMISSION
    INVALID_CREDENTIALS NOT_FOUND OUT_OF_SCOPE_USER OUT_OF_SCOPE_GROUP OUT_OF_SCOPE_PERMISSION
    PASSWORD_ENTIRELY_NUMERIC PASSWORD_TOO_COMMON PASSWORD_TOO_SHORT PASSWORD_TOO_SIMILAR
    PASSWORD_RESET_ALREADY_REQUESTED REQUIRED UNIQUE JWT_SIGNATURE_EXPIRED JWT_INVALID_TOKEN JWT_DECODE_ERROR
    JWT_MISSING_TOKEN JWT_INVALID_CSRF_TOKEN CHANNEL_INACTIVE MISSING_CHANNEL_SLUG ACCOUNT_NOT_CONFIRMED
    LOGIN_ATTEMPT_DELAYED DISABLED_AUTHENTICATION_METHOD UNKNOWN_IP_ADDRESS FILE_SIZE_LIMIT_EXCEEDED
    RATE_LIMITED""".split()])

# Saleor's CountryCode (ISO 3166-1 alpha-2, plus EU and XK). We deliver only within Vietnam: an
# address in any other country is answered with an INVALID error on `country`.
COUNTRY_CODES = """
    AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA BW BV BR IO BN BG BF BI
    CV KH CM CA KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET EU FK
    FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GU GT GG GN GW GY HT HM VA HN HK HU IS IN ID IR IQ IE IM IL
    IT JM JP JE JO KZ KE KI XK KW KG LA LV LB LS LR LY LI LT LU MO MG MW MY MV ML MT MH MQ MR MU YT MX FM MD MC MN
    ME MS MA MZ MM NA NR NP NL NC NZ NI NE NG NU NF KP MK MP NO OM PK PW PS PA PG PY PE PH PN PL PT PR QA RE RO RU
    RW BL SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX SK SI SB SO ZA GS KR SS ES LK SD SR SJ SE CH SY TW TJ TZ
    TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB UM US UY UZ VU VE VN VG VI WF EH YE ZM ZW
""".split()

CountryCode = graphene.Enum("CountryCode", [(code, code) for code in COUNTRY_CODES])


class AccountError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = AccountErrorCode(required=True)


class AddressTypeEnum(graphene.Enum):
    BILLING = "billing"
    SHIPPING = "shipping"


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class Address(graphene.ObjectType):
    """A Vietnamese address in Saleor's fields: `countryArea` is the province or centrally-run city,
    `city` the commune or ward, `cityArea` the district (only for addresses written before July
    2025, when districts were abolished), `streetAddress1` the house number and street."""

    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address1 = graphene.String(required=True)
    street_address2 = graphene.String(required=True)
    city = graphene.String(required=True)
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True)
    phone = graphene.String()
    is_default_shipping_address = graphene.Boolean()
    is_default_billing_address = graphene.Boolean()

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)

    @classmethod
    def get_node(cls, info, id):
        from ocop.accounts.models import Address as AddressModel

        user = info.context.user
        if not user.is_authenticated or not str(id).isdigit():
            return None
        return AddressModel.objects.filter(pk=int(id), user=user).first()

    @staticmethod
    def resolve_street_address1(root, info):
        return root.street_address_1

    @staticmethod
    def resolve_street_address2(root, info):
        return root.street_address_2

    @staticmethod
    def resolve_city(root, info):
        return root.commune

    @staticmethod
    def resolve_city_area(root, info):
        return root.district

    @staticmethod
    def resolve_country_area(root, info):
        return root.province

    @staticmethod
    def resolve_country(root, info):
        return root.country

    @staticmethod
    def resolve_is_default_shipping_address(root, info):
        user = info.context.user
        return user.is_authenticated and user.default_shipping_address_id == root.pk

    @staticmethod
    def resolve_is_default_billing_address(root, info):
        user = info.context.user
        return user.is_authenticated and user.default_billing_address_id == root.pk


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name of the recipient.")
    last_name = graphene.String(description="Family (and middle) name of the recipient.")
    company_name = graphene.String()
    street_address1 = graphene.String(description="House number and street.")
    street_address2 = graphene.String(description="Hamlet (thôn, ấp), building or floor.")
    city = graphene.String(description="Commune or ward (xã, phường, đặc khu).")
    city_area = graphene.String(description="District, only for addresses written before July 2025.")
    postal_code = graphene.String()
    country = CountryCode(description="VN: we deliver only within Vietnam.")
    country_area = graphene.String(description="Province or centrally-run city, as in `addressValidationRules`.")
    phone = graphene.String(description="A Vietnamese phone number; stored as +84…")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Accepted and not stored.")
    skip_validation = graphene.Boolean(default_value=False,
                                       description="Ignored: every address a shopper saves is checked.")


def address_data(input_data) -> dict:
    """AddressInput -> the service's field names (only the fields that were sent)."""
    names = {"first_name": "first_name", "last_name": "last_name", "company_name": "company_name",
             "street_address1": "street_address_1", "street_address2": "street_address_2", "city": "commune",
             "city_area": "district", "postal_code": "postal_code", "country_area": "province", "phone": "phone"}
    data = {service: input_data.get(field) for field, service in names.items() if field in input_data}
    if input_data.get("country") is not None:
        country = input_data["country"]
        data["country"] = getattr(country, "value", country)
    return data


# Where a service's field is not the input's camelCase name.
ADDRESS_FIELD_MAP = {"street_address_1": "streetAddress1", "street_address_2": "streetAddress2", "commune": "city",
                     "district": "cityArea", "province": "countryArea"}


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String()
    verbose = graphene.String()


class AddressValidationData(graphene.ObjectType):
    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    required_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    upper_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    country_area_type = graphene.String(required=True)
    country_area_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    city_type = graphene.String(required=True)
    city_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    city_area_type = graphene.String(required=True)
    city_area_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_examples = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_prefix = graphene.String(required=True)


class User(graphene.ObjectType):
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    is_active = graphene.Boolean(required=True)
    is_confirmed = graphene.Boolean(required=True)
    date_joined = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    language_code = graphene.String(required=True)
    avatar = graphene.Field(Image, size=graphene.Int(), description="We keep no avatars: always null.")
    addresses = graphene.List(graphene.NonNull(Address), required=True)
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)
    orders = graphene.Field("ocop.graphql.order.types.OrderCountableConnection", first=graphene.Int(),
                            last=graphene.Int(), after=graphene.String(), before=graphene.String(),
                            description="The user's orders, newest first (at most 100 a page).")
    producers = graphene.List(graphene.NonNull(Producer), required=True,
                              description="Producers this user acts for (owner or staff).")
    officer_areas = graphene.List(graphene.NonNull(Area), required=True,
                                  description="Areas this user verifies producers in, as an area officer.")

    class Meta:
        interfaces = (relay.Node, ObjectWithMetadata)

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
    def resolve_avatar(root, info, size=None):
        return None

    @staticmethod
    def resolve_addresses(root, info):
        return list(root.addresses.all())

    @staticmethod
    def resolve_default_shipping_address(root, info):
        return root.default_shipping_address

    @staticmethod
    def resolve_default_billing_address(root, info):
        return root.default_billing_address

    @staticmethod
    def resolve_orders(root, info, first=None, last=None, after=None, before=None):
        from ..order.access import grant_for_request
        from ..order.loading import register_line_products
        from ..order.resolvers import orders_of_user_for_request
        from ..order.types import OrderCountableConnection

        orders = orders_of_user_for_request(info, root)  # PermissionDenied unless root asks, or staff
        if first is None and last is None:
            first = 100
        connection = paginate(orders, OrderCountableConnection, first=first, last=last, after=after, before=before)
        for edge in connection.edges:
            grant_for_request(info, edge.node)  # root's own orders, asked for by root or staff
        register_line_products(info, [edge.node for edge in connection.edges])
        return connection

    @staticmethod
    def resolve_producers(root, info):
        return list(selectors.producers_for_member(root).select_related("area"))

    @staticmethod
    def resolve_officer_areas(root, info):
        return selectors.officer_areas(root)
