"""Serve localstripe (the fake Stripe API) on loopback only.

localstripe's own entry point binds every interface; a development helper has no business
listening beyond this machine, so we run its aiohttp app on 127.0.0.1 ourselves.
"""

import argparse
import logging

from aiohttp import web


def main() -> None:
    parser = argparse.ArgumentParser(description="localstripe on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    from localstripe.server import app

    logging.basicConfig(level=logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
