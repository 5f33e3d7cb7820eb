"""Our GraphQL schema against the part of Saleor's that its storefront uses: one line per item of
theirs that we lack or serve incompatibly.

Rules (shared/saleor-compat/README.md): every type, field, argument and enum value of theirs exists
under the same name; outputs are the same or stricter (their nullable may be our non-null, never
the reverse), inputs and arguments the same or looser (their non-null may be our nullable, never
the reverse), and we require no argument or input field they do not send.

Lines are stable and sorted, so they can be kept in known_missing.txt:

    Checkout                                  a type we lack
    Checkout.lines                            a field (also listed for a type we lack)
    Query.products(where:)                    an argument
    CountryCode.VN                            an enum value
    Address implements ObjectWithMetadata     an interface our type does not implement
    CheckoutProblem | CheckoutProblemX        a union member
    Product.media: ... (ours ...)             present, but incompatible (the reason follows the colon)

A type we lack lists its fields, arguments and values too: when it lands with only some of them,
the rest stay listed instead of surfacing as new items."""

from __future__ import annotations

from collections import defaultdict, deque
from pathlib import Path

from graphql import (GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType,
                     GraphQLScalarType, GraphQLSchema, GraphQLUnionType, Undefined, build_schema, get_named_type,
                     is_introspection_type, is_list_type, is_non_null_type, is_specified_scalar_type)

HERE = Path(__file__).resolve().parent
SALEOR_SDL = HERE / "storefront-subset-3.23.graphql"
KNOWN_MISSING = HERE / "known_missing.txt"

# The storefront's flows, in the order a shopper meets them (shared/saleor-compat/README.md).
AREAS = {
    "browse": ["channels", "channel", "menu", "categories", "category", "collection", "products", "product",
               "productVariant", "page", "pages"],
    "checkout": ["checkoutCreate", "checkout", "checkoutLinesAdd", "checkoutLinesUpdate", "checkoutLinesDelete",
                 "checkoutLineDelete", "checkoutEmailUpdate", "checkoutCustomerAttach", "checkoutCustomerDetach",
                 "checkoutShippingAddressUpdate", "checkoutBillingAddressUpdate", "deliveryOptionsCalculate",
                 "checkoutDeliveryMethodUpdate", "checkoutAddPromoCode", "checkoutRemovePromoCode", "updateMetadata",
                 "addressValidationRules"],
    "pay and finish": ["paymentGatewayInitialize", "transactionInitialize", "transactionProcess", "checkoutComplete",
                       "order"],
    "account": ["tokenCreate", "tokenRefresh", "accountRegister", "confirmAccount", "requestPasswordReset",
                "setPassword", "passwordChange", "me", "accountUpdate", "accountAddressCreate",
                "accountAddressUpdate", "accountAddressDelete", "accountSetDefaultAddress", "accountRequestDeletion",
                "externalAuthenticationUrl", "externalObtainAccessTokens"],
}


def saleor_schema() -> GraphQLSchema:
    # The subset is bare signatures (some types keep no fields), so it is parsed, not validated.
    return build_schema(SALEOR_SDL.read_text(encoding="utf-8"), assume_valid=True)


def our_schema() -> GraphQLSchema:
    from ocop.graphql.api import schema

    return schema.graphql_schema


def _kind(t) -> str:
    for cls, name in ((GraphQLObjectType, "an object"), (GraphQLInterfaceType, "an interface"),
                      (GraphQLUnionType, "a union"), (GraphQLEnumType, "an enum"),
                      (GraphQLInputObjectType, "an input object"), (GraphQLScalarType, "a scalar")):
        if isinstance(t, cls):
            return name
    return "something else"


def _output_ok(theirs, ours, schema: GraphQLSchema) -> bool:
    """Ours is the same or stricter: their nullable may be our non-null, never the reverse."""
    if is_non_null_type(theirs):
        return is_non_null_type(ours) and _output_ok(theirs.of_type, ours.of_type, schema)
    if is_non_null_type(ours):
        ours = ours.of_type
    if is_list_type(theirs) or is_list_type(ours):
        return is_list_type(theirs) and is_list_type(ours) and _output_ok(theirs.of_type, ours.of_type, schema)
    if theirs.name == ours.name:
        return True
    # Their abstract type may be served as one of its concrete types of ours.
    abstract = schema.type_map.get(theirs.name)
    return (isinstance(abstract, (GraphQLInterfaceType, GraphQLUnionType)) and isinstance(ours, GraphQLObjectType)
            and schema.is_sub_type(abstract, ours))


def _input_ok(theirs, ours) -> bool:
    """Ours is the same or looser: their non-null may be our nullable, never the reverse."""
    if is_non_null_type(ours):
        return is_non_null_type(theirs) and _input_ok(theirs.of_type, ours.of_type)
    if is_non_null_type(theirs):
        theirs = theirs.of_type
    if is_list_type(theirs) or is_list_type(ours):
        return is_list_type(theirs) and is_list_type(ours) and _input_ok(theirs.of_type, ours.of_type)
    return theirs.name == ours.name


def _everything_of(name: str, theirs_type) -> list[str]:
    """The type's own line and every field, argument, value, interface and member under it."""
    items = [name]
    if isinstance(theirs_type, (GraphQLObjectType, GraphQLInterfaceType)):
        for field_name, field in theirs_type.fields.items():
            items.append(f"{name}.{field_name}")
            items.extend(f"{name}.{field_name}({arg}:)" for arg in field.args)
        items.extend(f"{name} implements {i.name}" for i in theirs_type.interfaces)
    elif isinstance(theirs_type, GraphQLInputObjectType):
        items.extend(f"{name}.{field_name}" for field_name in theirs_type.fields)
    elif isinstance(theirs_type, GraphQLEnumType):
        items.extend(f"{name}.{value}" for value in theirs_type.values)
    elif isinstance(theirs_type, GraphQLUnionType):
        items.extend(f"{name} | {member.name}" for member in theirs_type.types)
    return items


def _compare_args(where: str, theirs_args: dict, ours_args: dict) -> list[str]:
    items = []
    for arg_name, arg in theirs_args.items():
        mine = ours_args.get(arg_name)
        if mine is None:
            items.append(f"{where}({arg_name}:)")
        elif not _input_ok(arg.type, mine.type):
            items.append(f"{where}({arg_name}:): Saleor {arg.type} (ours {mine.type})")
    for arg_name, mine in ours_args.items():
        if arg_name not in theirs_args and is_non_null_type(mine.type) and mine.default_value is Undefined:
            items.append(f"{where}({arg_name}:): required by us, never sent by Saleor clients")
    return items


def _compare_type(name: str, theirs_type, ours_type, schema: GraphQLSchema) -> list[str]:
    if _kind(theirs_type) != _kind(ours_type):
        return [f"{name}: {_kind(theirs_type)} in Saleor (ours {_kind(ours_type)})"]
    items = []
    if isinstance(theirs_type, (GraphQLObjectType, GraphQLInterfaceType)):
        for field_name, field in theirs_type.fields.items():
            mine = ours_type.fields.get(field_name)
            where = f"{name}.{field_name}"
            if mine is None:
                items.append(where)
                items.extend(f"{where}({arg}:)" for arg in field.args)
                continue
            if not _output_ok(field.type, mine.type, schema):
                items.append(f"{where}: Saleor {field.type} (ours {mine.type})")
            items.extend(_compare_args(where, field.args, mine.args))
        ours_interfaces = {i.name for i in ours_type.interfaces}
        items.extend(f"{name} implements {i.name}" for i in theirs_type.interfaces if i.name not in ours_interfaces)
    elif isinstance(theirs_type, GraphQLInputObjectType):
        for field_name, field in theirs_type.fields.items():
            mine = ours_type.fields.get(field_name)
            if mine is None:
                items.append(f"{name}.{field_name}")
            elif not _input_ok(field.type, mine.type):
                items.append(f"{name}.{field_name}: Saleor {field.type} (ours {mine.type})")
        for field_name, mine in ours_type.fields.items():
            if field_name not in theirs_type.fields and is_non_null_type(mine.type) and mine.default_value is Undefined:
                items.append(f"{name}.{field_name}: required by us, never sent by Saleor clients")
    elif isinstance(theirs_type, GraphQLEnumType):
        items.extend(f"{name}.{value}" for value in theirs_type.values if value not in ours_type.values)
    elif isinstance(theirs_type, GraphQLUnionType):
        ours_members = {t.name for t in ours_type.types}
        items.extend(f"{name} | {t.name}" for t in theirs_type.types if t.name not in ours_members)
    return items


def missing_items(theirs: GraphQLSchema | None = None, ours: GraphQLSchema | None = None) -> list[str]:
    """Every item of Saleor's subset that our schema lacks or serves incompatibly, sorted."""
    theirs = theirs or saleor_schema()
    ours = ours or our_schema()
    items = []
    for name, theirs_type in theirs.type_map.items():
        if is_introspection_type(theirs_type) or is_specified_scalar_type(theirs_type):
            continue
        ours_type = ours.type_map.get(name)
        if ours_type is None:
            items.extend(_everything_of(name, theirs_type))
        else:
            items.extend(_compare_type(name, theirs_type, ours_type, ours))
    return sorted(set(items))


def read_known_missing() -> list[str]:
    if not KNOWN_MISSING.exists():
        return []
    lines = KNOWN_MISSING.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


# --------------------------------------------------------------------------- areas, for the report

def _root_of(item: str) -> str:
    """'Query.products(where:)' -> 'Query.products'; 'Checkout.lines: ...' -> 'Checkout'."""
    head = item.split(":", 1)[0].split("(", 1)[0].split(" ", 1)[0]
    type_name, _, field = head.partition(".")
    return f"{type_name}.{field}" if type_name in ("Query", "Mutation") and field else type_name


def type_areas(theirs: GraphQLSchema | None = None) -> dict[str, str]:
    """Each type of Saleor's subset: the first flow (browse, checkout, pay and finish, account) whose
    root fields reach it."""
    theirs = theirs or saleor_schema()
    area_of: dict[str, str] = {}
    roots = {"Query": theirs.query_type, "Mutation": theirs.mutation_type}
    for area, fields in AREAS.items():
        queue = deque()
        for field_name in fields:
            for root_name, root in roots.items():
                if root is not None and field_name in root.fields:
                    area_of.setdefault(f"{root_name}.{field_name}", area)
                    queue.append(root.fields[field_name])
        seen = set()
        while queue:
            field = queue.popleft()
            for t in [field.type, *(a.type for a in getattr(field, "args", {}).values())]:
                named = get_named_type(t)
                if named.name in seen:
                    continue
                seen.add(named.name)
                area_of.setdefault(named.name, area)
                if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
                    queue.extend(named.fields.values())
                if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
                    for interface in named.interfaces:
                        queue.extend(interface.fields.values())
                        area_of.setdefault(interface.name, area)
                if isinstance(named, GraphQLUnionType):
                    for member in named.types:
                        area_of.setdefault(member.name, area)
                        queue.extend(member.fields.values())
                if isinstance(named, GraphQLInterfaceType):
                    for impl in theirs.get_possible_types(named):
                        area_of.setdefault(impl.name, area)
                        queue.extend(impl.fields.values())
    for name in ("Query", "Mutation"):
        area_of.setdefault(name, "other")
    return area_of


def counts_by_area(items: list[str], theirs: GraphQLSchema | None = None) -> dict[str, int]:
    areas = type_areas(theirs)
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[areas.get(_root_of(item), "other")] += 1
    return dict(counts)


def counts_by_type(items: list[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[_root_of(item)] += 1
    return dict(counts)
