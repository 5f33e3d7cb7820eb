"""POST /graphql/: Bearer-token authentication (no cookies, so no CSRF), multipart uploads per the
GraphQL multipart request spec, GraphiQL only when DEBUG."""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError

from ocop.accounts.tokens import InvalidToken, user_from_token


def _authenticate(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    request.user = AnonymousUser()
    if header.lower().startswith("bearer "):
        try:
            request.user = user_from_token(header.split(" ", 1)[1].strip())
        except InvalidToken:
            return False
    return True


def _set_path(target, path, value):
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


# Root fields whose answer to an anonymous caller is the public catalogue, the same for everyone:
# such a query's answer may be reused (see OcopGraphQLView.cached_answer). Nothing that reads a
# person, a cart or an order (`me`, `checkout`, `order`, `node`, ...) is in this list.
PUBLIC_ROOT_FIELDS = frozenset({
    "products", "product", "productVariant", "productVariants", "categories", "category", "collections",
    "collection", "channels", "channel", "menu", "menus", "page", "pages", "producer", "producers",
    "addressValidationRules", "shop", "__typename",
})


@functools.lru_cache(maxsize=512)
def is_public_catalogue_query(query: str, operation_name: str | None) -> bool:
    """True when the operation is a query whose root fields are all PUBLIC_ROOT_FIELDS (fragments
    at the root are followed). Parsed once per distinct query text."""
    from graphql import FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode, OperationType, parse

    try:
        document = parse(query)
    except GraphQLError:
        return False
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    operations = [d for d in document.definitions if d.kind == "operation_definition"]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False

    verdicts: dict[str, bool] = {}  # each fragment is judged once, however often it is spread

    def public(selection_set, seen=()) -> bool:
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                if node.name.value not in PUBLIC_ROOT_FIELDS:
                    return False
            elif isinstance(node, InlineFragmentNode):
                if not public(node.selection_set, seen):
                    return False
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                if name not in verdicts:
                    if name in seen or name not in fragments:
                        return False
                    verdicts[name] = public(fragments[name].selection_set, (*seen, name))
                if not verdicts[name]:
                    return False
        return True

    return public(operations[0].selection_set)


@method_decorator(csrf_exempt, name="dispatch")
class OcopGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        if not _authenticate(request):
            return JsonResponse({"errors": [{"message": "Invalid or expired token.",
                                             "extensions": {"code": "INVALID_TOKEN"}}]}, status=401)
        self.graphiql = settings.DEBUG and request.method == "GET"
        key = self.cache_key(request)
        if key is not None:
            from django.core.cache import caches
            from django.http import HttpResponse

            cached = caches["listings"].get(key)
            if cached is not None:
                return HttpResponse(cached, content_type="application/json")
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code == 200 and b'"errors"' not in response.content:
                caches["listings"].set(key, response.content, settings.API_CACHE_SECONDS)
            return response
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def cache_key(request) -> str | None:
        """For an anonymous JSON POST of a public catalogue query: the key its answer is kept under
        for API_CACHE_SECONDS in the process's memory, with the catalogue version and the language
        in it (an edit, a publish or a suspension changes the version, so it shows at once; stock
        and prices may lag by that many seconds). None for anything else."""
        if (settings.API_CACHE_SECONDS <= 0 or request.method != "POST" or request.user.is_authenticated
                or request.content_type != "application/json" or len(request.body) > 20_000):
            return None
        try:
            data = json.loads(request.body)
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("query"), str):
            return None
        operation_name = data.get("operationName") if isinstance(data.get("operationName"), str) else None
        if not is_public_catalogue_query(data["query"], operation_name):
            return None
        from django.utils.translation import get_language

        from ocop.search.listing import catalogue_version

        described = json.dumps([data["query"], data.get("variables"), operation_name, get_language()],
                               sort_keys=True, default=str)
        return f"api:{catalogue_version()}:{hashlib.sha256(described.encode()).hexdigest()[:40]}"

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        from graphql import specified_rules

        from .core.limits import query_limits_rule

        # Passing rules replaces graphql-core's standard ones, so they are listed too.
        self.validation_rules = [*specified_rules, query_limits_rule(variables)]
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)

    def parse_body(self, request):
        content_type = self.get_content_type(request)
        if content_type == "multipart/form-data" and "operations" in request.POST:
            try:
                operations = json.loads(request.POST["operations"])
                mapping = json.loads(request.POST.get("map", "{}"))
            except json.JSONDecodeError as exc:
                raise HttpError(JsonResponse({"errors": [{"message": "Invalid multipart body."}]}, status=400)) from exc
            for key, paths in mapping.items():
                for path in paths:
                    _set_path(operations, path, request.FILES.get(key))
            return operations
        return super().parse_body(request)
