"""Checkout throughput against localstripe: many buyers at once (worker processes, as gunicorn
would run them, each with its own database connection) pay for two-producer carts over many
variants with plenty of stock, for a fixed time.

Reports completed orders per second (target 30/s on 2 cores) and the server time of checkout
completion excluding Stripe's own latency (target p95 < 150 ms): each payment runs through a
gateway wrapper that times every call to Stripe (create, confirm, retrieve…), and our time is the
whole of `start_payment` + `pay` (which places the order) minus those calls. Making the card token
(the browser talking to Stripe) is outside both. Carts are filled before the clock starts.

    .venv/bin/python bench/checkout_throughput.py [--seconds 20] [--workers 4] [--carts-per-worker 200]
                                                  [--localstripes 2 | --shared-localstripe] [--rate 30]

Without --rate every buyer starts its next checkout as soon as one ends (the most the machine
does: throughput); with --rate the checkouts arrive on a schedule (server time at that load).

Creates and drops its own database (`bench_ocop_checkout_tp`), like the other benchmarks. By default
it starts private localstripe processes (one per two workers; localstripe is one single-threaded
Python process, unlike Stripe) so that other test suites using the shared one do not skew it;
`--shared-localstripe` uses the development one instead."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import time

os.environ.setdefault("OCOP_BENCH_DB", "bench_ocop_checkout_tp")

from catalog_common import bench_database, configure, use_existing_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--carts-per-worker", type=int, default=200)
    parser.add_argument("--localstripes", type=int, default=0, help="private localstripe processes "
                                                                    "(default: one per two workers)")
    parser.add_argument("--shared-localstripe", action="store_true")
    parser.add_argument("--rate", type=float, default=0,
                        help="offered load in orders/s over all workers (default: each buyer starts the next "
                             "checkout as soon as one ends, i.e. as fast as the machine goes)")
    args = parser.parse_args()
    configure()
    with bench_database():
        run(args)


def _start_localstripes(count: int) -> tuple[list[str], list]:
    import subprocess  # nosec B404 - our own interpreter and module
    import sys
    import urllib.request

    from catalog_common import REPO_ROOT
    from ocop.core.embedded import free_port

    urls, processes = [], []
    for _ in range(count):
        port = free_port()
        processes.append(subprocess.Popen(  # nosec B603
            [sys.executable, "-m", "ocop.core.localstripe_server", "--port", str(port)],
            cwd=str(REPO_ROOT / "backend"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/v1/customers", timeout=1)  # nosec B310 - loopback
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # answered (401 without a key): it is up
                    break
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    return urls, processes


def _timed_gateway(api_base=None):
    from ocop.payments.gateways.stripe import StripeGateway

    class TimedStripeGateway(StripeGateway):
        """Stripe, with the time spent waiting on each call added up in `.spent`."""

        spent = 0.0
        cpu = 0.0

        def _call(self, func, *args, **kwargs):
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return super()._call(func, *args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started
                self.cpu += time.process_time() - cpu_started

    return TimedStripeGateway(api_base=api_base)


def _worker(index, args, variant_ids, barrier, results, api_base):
    from django.db import connection

    use_existing_database()
    connection.close()
    import stripe
    from django.conf import settings

    from ocop.catalog.models import ProductVariant
    from ocop.payments import services
    from ocop.payments.config import stripe_api_base
    from tests.checkout_factories import ready_checkout

    rng = random.Random(index)
    by_producer = {}
    for variant in ProductVariant.objects.filter(pk__in=variant_ids).select_related("product"):
        by_producer.setdefault(variant.product.producer_id, []).append(variant)
    producers = sorted(by_producer)
    carts = []
    for n in range(args.carts_per_worker):
        first, second = rng.sample(producers, 2)
        carts.append(ready_checkout([(rng.choice(by_producer[first]), rng.randint(1, 2)),
                                     (rng.choice(by_producer[second]), 1)], email=f"b{index}-{n}@example.vn"))
    api_base = api_base or stripe_api_base()
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": api_base})
    barrier.wait()
    started = time.perf_counter()
    deadline = started + args.seconds
    rows = []
    interval = args.workers / args.rate if args.rate else 0
    for n, checkout in enumerate(carts):
        if interval:  # an open loop: checkouts arrive on a schedule whether or not the last one ended
            wait = started + index * interval / args.workers + n * interval - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        if time.perf_counter() >= deadline:
            break
        token = client.v1.tokens.create(params={"card": {"number": "4242424242424242", "exp_month": "12",
                                                         "exp_year": "2030", "cvc": "123"}}).id
        gateway = _timed_gateway(api_base)
        begun, cpu_begun = time.perf_counter(), time.process_time()
        payment = services.start_payment(checkout=checkout, gateway=gateway, create_intent=False)  # as the storefront
        paying, stripe_before = time.perf_counter(), gateway.spent
        order = services.pay(payment=payment, card_token=token, gateway=gateway)
        ended = time.perf_counter()
        total, cpu = ended - begun, time.process_time() - cpu_begun
        assert order is not None
        completion = (ended - paying) - (gateway.spent - stripe_before)
        rows.append((ended, total, gateway.spent, cpu - gateway.cpu, completion))
    connection.close()
    results.put((index, started, rows, len(carts)))


def run(args) -> None:
    from django.db import connection

    from ocop.catalog.models import ProductVariant, Stock
    from ocop.catalog.selectors import public_products
    from seeds.loader import load

    load(images=False, quiet=True)
    variants = list(ProductVariant.objects.filter(product__in=public_products(), track_inventory=True)
                    .values_list("pk", flat=True))
    Stock.objects.filter(product_variant_id__in=variants).update(quantity=1_000_000, quantity_allocated=0)
    producers = ProductVariant.objects.filter(pk__in=variants).values("product__producer").distinct().count()
    connection.close()

    bases, stripes = [None], []
    if not args.shared_localstripe:
        bases, stripes = _start_localstripes(args.localstripes or max(1, (args.workers + 1) // 2))
    try:
        measure(args, variants, producers, bases, [process.pid for process in stripes])
    finally:
        for process in stripes:
            process.terminate()
            process.wait(timeout=10)


def _cpu_seconds(pids) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(args, variants, producers, bases, stripe_pids) -> None:
    from django.db import connection

    from ocop.orders.models import Order

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(args.workers + 1), context.Queue()
    workers = [context.Process(target=_worker, args=(i, args, variants, barrier, results, bases[i % len(bases)]))
               for i in range(args.workers)]
    prepared = time.perf_counter()
    for worker in workers:
        worker.start()
    print(f"filling {args.workers * args.carts_per_worker} carts …", flush=True)
    barrier.wait()
    stripe_cpu = _cpu_seconds(stripe_pids)
    print(f"carts ready in {time.perf_counter() - prepared:.0f} s; buying for {args.seconds:.0f} s …", flush=True)
    load_start = os.getloadavg()[0]
    collected = [results.get() for _ in workers]
    stripe_cpu = _cpu_seconds(stripe_pids) - stripe_cpu
    for worker in workers:
        worker.join()
    start = min(c[1] for c in collected)
    rows = [row for c in collected for row in c[2]]
    end = max(row[0] for row in rows)
    ran_out = any(len(c[2]) == c[3] for c in collected)
    totals = sorted(row[1] * 1000 for row in rows)
    stripe_ms = sorted(row[2] * 1000 for row in rows)
    ours = sorted((row[1] - row[2]) * 1000 for row in rows)
    ours_cpu = sorted(row[3] * 1000 for row in rows)
    completion = sorted(row[4] * 1000 for row in rows)

    def pct(values, q):
        return values[min(len(values) - 1, max(0, int(round(len(values) * q)) - 1))]

    connection.connect()
    table = [
        ("machine", f"{os.cpu_count()} CPUs, load average {load_start:.1f} at the start, "
                    f"{os.getloadavg()[0]:.1f} at the end"),
        ("buyers", f"{args.workers} worker processes over {len(variants)} variants of {producers} producers, "
                   "2 parcels per cart, card 4242…"),
        ("localstripe", "the shared development one" if bases == [None] else f"{len(bases)} private processes"),
        ("offered load", f"{args.rate:g} orders/s" if args.rate else "as fast as it goes (closed loop)"),
        ("orders completed", f"{len(rows)} in {end - start:.1f} s" + (" (carts ran out)" if ran_out else "")),
        ("orders per second, sustained", f"{len(rows) / (end - start):.1f}  (target 30)"),
        ("our server time, payment page + completion (excl. Stripe)", f"p50 {statistics.median(ours):.0f} ms, "
                                                         f"p95 {pct(ours, 0.95):.0f} ms  (target p95 < 150)"),
        ("  of which completion (pay: confirm, place the order)", f"p50 {statistics.median(completion):.0f} ms, "
                                                                  f"p95 {pct(completion, 0.95):.0f} ms"),
        ("  of which our process's CPU time", f"p50 {statistics.median(ours_cpu):.0f} ms, "
                                              f"p95 {pct(ours_cpu, 0.95):.0f} ms (the rest: waiting for a core "
                                              "or PostgreSQL)"),
        ("time waiting on localstripe per checkout", f"p50 {statistics.median(stripe_ms):.0f} ms, "
                                                      f"p95 {pct(stripe_ms, 0.95):.0f} ms"),
        ("localstripe's CPU time per order (incl. the card token)",
         f"{stripe_cpu * 1000 / len(rows):.0f} ms" if stripe_pids else "not measured (shared process)"),
        ("start_payment + pay, all in", f"p50 {statistics.median(totals):.0f} ms, p95 {pct(totals, 0.95):.0f} ms"),
        ("orders in the database", str(Order.objects.count())),
    ]
    width = max(len(r[0]) for r in table)
    for name, value in table:
        print(f"| {name.ljust(width)} | {value} |")
    assert Order.objects.count() == len(rows)


if __name__ == "__main__":
    main()
