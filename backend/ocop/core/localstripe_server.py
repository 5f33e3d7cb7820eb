"""Serve localstripe (the fake Stripe API) on loopback only.

localstripe's own entry point binds every interface; a development helper has no business
listening beyond this machine, so we run its aiohttp app on 127.0.0.1 ourselves.

We also switch off its persistence: localstripe pickles its whole in-memory store to
/tmp/localstripe.pickle after every object it creates and after every POST (a few times per API
call, each time the whole store, so a call costs more the more it holds: after a few thousand
payments that was most of the CPU time of a checkout), and every localstripe on the machine
writes the same file. Its entry point reloads that file at start; ours never did, so the state
lives for the process's life either way (as in dev and tests, where each run starts afresh).
"""

import argparse
import logging

from aiohttp import web


def main() -> None:
    parser = argparse.ArgumentParser(description="localstripe on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    from localstripe import resources
    from localstripe.server import app

    resources.Store.dump_to_disk = lambda self: None

    logging.basicConfig(level=logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
