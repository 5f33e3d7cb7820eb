"""Order placement: latency of `orders.services.complete_checkout` for a two-producer cart, and a
race of many buyers (threads, each with its own database connection) for the last units.

    .venv/bin/python bench/checkout_race.py [--buyers 50] [--units 20] [--orders 100]

Creates and drops its own database (`bench_ocop_checkout`), like the catalogue benchmarks."""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

os.environ.setdefault("OCOP_BENCH_DB", "bench_ocop_checkout")

from catalog_common import bench_database, configure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--orders", type=int, default=100)
    args = parser.parse_args()
    configure()
    with bench_database():
        run(args)


def run(args) -> None:
    from django.core.exceptions import ValidationError
    from django.db import connection

    from ocop.catalog.models import Stock
    from ocop.orders.models import Order
    from ocop.orders.services import complete_checkout
    from seeds.loader import load
    from tests.checkout_factories import ready_checkout, variants_of_two_producers

    load(images=False, quiet=True)
    variants = variants_of_two_producers(stock=args.orders * 2 + 10)
    timings = []
    for _ in range(args.orders):
        checkout = ready_checkout([(variants[0], 1), (variants[1], 2)])
        started = time.perf_counter()
        complete_checkout(checkout)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]

    Stock.objects.filter(product_variant=variants[0]).update(quantity=args.units, quantity_allocated=0)
    before = Order.objects.count()
    checkouts = [ready_checkout([(variants[0], 1)]) for _ in range(args.buyers)]
    outcomes, barrier = [], threading.Barrier(args.buyers)

    def buy(checkout):
        try:
            barrier.wait()
            complete_checkout(checkout)
            outcomes.append("order")
        except ValidationError:
            outcomes.append("sold out")
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(c,)) for c in checkouts]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    race_seconds = time.perf_counter() - started
    stock = Stock.objects.get(product_variant=variants[0])
    rows = [
        ("machine", f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"),
        (f"complete_checkout, 2 parcels, {args.orders} orders", f"p50 {statistics.median(timings):.1f} ms, "
                                                                f"p95 {p95:.1f} ms"),
        (f"{args.buyers} buyers race for {args.units} units", f"{outcomes.count('order')} orders, "
                                                               f"{outcomes.count('sold out')} sold out, "
                                                               f"{race_seconds:.2f} s"),
        ("orders created in the race", str(Order.objects.count() - before)),
        ("stock after (quantity, allocated)", f"{stock.quantity}, {stock.quantity_allocated}"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    assert outcomes.count("order") == args.units == Order.objects.count() - before


if __name__ == "__main__":
    main()
