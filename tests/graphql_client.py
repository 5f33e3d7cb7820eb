import json

from graphql_relay import to_global_id

from ocop.accounts.tokens import create_access_token


def gql(client, query, variables=None, user=None, files=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(user)}"} if user else {}
    if files:
        operations = {"query": query, "variables": variables or {}}
        mapping = {str(i): [path] for i, path in enumerate(files)}
        data = {"operations": json.dumps(operations), "map": json.dumps(mapping)}
        data.update({str(i): f for i, f in enumerate(files.values())})
        response = client.post("/graphql/", data, **headers)
    else:
        response = client.post("/graphql/", {"query": query, "variables": variables or {}},
                               content_type="application/json", **headers)
    return response.json()


def gid(type_name, pk):
    return to_global_id(type_name, pk)
