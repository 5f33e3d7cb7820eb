"""POST /graphql/: Bearer-token authentication (no cookies, so no CSRF), multipart uploads per the
GraphQL multipart request spec, GraphiQL only when DEBUG."""

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


@method_decorator(csrf_exempt, name="dispatch")
class OcopGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        if not _authenticate(request):
            return JsonResponse({"errors": [{"message": "Invalid or expired token.",
                                             "extensions": {"code": "INVALID_TOKEN"}}]}, status=401)
        self.graphiql = settings.DEBUG and request.method == "GET"
        return super().dispatch(request, *args, **kwargs)

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
