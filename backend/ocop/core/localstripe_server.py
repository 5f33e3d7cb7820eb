"""Serve localstripe (the fake Stripe API) on loopback only.

localstripe's own entry point binds every interface; a development helper has no business
listening beyond this machine, so we run its aiohttp app on 127.0.0.1 ourselves.

We also switch off its persistence: localstripe pickles its whole in-memory store to
/tmp/localstripe.pickle after every object it creates and after every POST (a few times per API
call, each time the whole store, so a call costs more the more it holds: after a few thousand
payments that was most of the CPU time of a checkout), and every localstripe on the machine
writes the same file. Its entry point reloads that file at start; ours never did, so the state
lives for the process's life either way (as in dev and tests, where each run starts afresh).

And we add two rules of Stripe's that localstripe leaves out, so that tests can catch code that
breaks them (code that passes here would fail against Stripe):
- idempotency keys (docs.stripe.com/api/idempotent_requests): a POST repeated with the same
  `Idempotency-Key` and the same parameters gets the first answer again without doing anything;
  the same key with other parameters is refused (400, `idempotency_error`), and while the first
  request is still running, a second one with its key gets 409;
- a card token (tok_…) can be used once: a second use is refused (400, `invalid_request_error`).
"""

import argparse
import logging
from urllib.parse import parse_qsl

from aiohttp import web

TOKEN_PARAMETERS = ("source", "payment_method", "card")


def _error(status: int, kind: str, message: str, code: str = "") -> web.Response:
    error = {"type": kind, "message": message}
    if code:
        error["code"] = code
    return web.json_response({"error": error}, status=status)


def stripe_rules():
    """An aiohttp middleware adding Stripe's idempotency and single-use token rules."""
    answered: dict[tuple[str, str], tuple[tuple, int, bytes, str]] = {}
    running: set[tuple[str, str]] = set()
    used_tokens: set[str] = set()

    @web.middleware
    async def middleware(request, handler):
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST":
            return await handler(request)
        body = await request.read()  # kept by aiohttp for the handler to read again
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        scope = (request.headers.get("Authorization", ""), key or "")
        fingerprint = (request.path, tuple(sorted(pairs)))
        if key:
            if scope in running:
                return _error(409, "idempotency_error", "There is currently another in-progress request using "
                                                        "this Idempotency Key.", "idempotency_key_in_use")
            if scope in answered:
                first, status, payload, content_type = answered[scope]
                if first != fingerprint:
                    return _error(400, "idempotency_error", "Keys for idempotent requests can only be used with "
                                                           "the same parameters they were first used with.")
                return web.Response(status=status, body=payload, content_type=content_type,
                                     headers={"Idempotent-Replayed": "true"})
        tokens = [value for name, value in pairs if name in TOKEN_PARAMETERS and value.startswith("tok_")]
        if any(token in used_tokens for token in tokens):
            return _error(400, "invalid_request_error", "You cannot use a Stripe token more than once.",
                          "token_already_used")
        if key:
            running.add(scope)
        try:
            response = await handler(request)
        finally:
            running.discard(scope)
        if response.status < 500:
            used_tokens.update(tokens)  # a token the card check refused is spent too
        if key and response.status < 500 and isinstance(response, web.Response) and response.body is not None:
            answered[scope] = (fingerprint, response.status, bytes(response.body), response.content_type)
        return response

    return middleware


def main() -> None:
    parser = argparse.ArgumentParser(description="localstripe on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    from localstripe import resources
    from localstripe.server import app

    resources.Store.dump_to_disk = lambda self: None
    app.middlewares.insert(0, stripe_rules())

    logging.basicConfig(level=logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
