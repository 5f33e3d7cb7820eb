"""A web worker settles before its first request.

Everything a worker loads at start (Django, our apps, the URLconf and every view it imports: some
130,000 objects) lives as long as the worker. Python's collector would still walk all of them in
each full (generation 2) collection, which then lands inside some unlucky request: 70–80 ms on a
search page, measured with `bench/storefront_pages.py`'s conditions. Frozen after a collection,
they are out of its sight, and a full collection only walks what requests made since."""

import gc


def settle_worker() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views now rather than in the first request
    gc.collect()
    gc.freeze()
