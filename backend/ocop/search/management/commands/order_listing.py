from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Rewrite the search listing table in category order (broad searches read fewer pages; "
            "readers wait while it runs) and forget the indexed words no product has any more. "
            "Run daily at a quiet hour when there is no scheduler.")

    def add_arguments(self, parser):
        parser.add_argument("--lock-timeout", type=int, default=5, metavar="SECONDS",
                            help="give up when the table stays in use this long (default 5)")

    def handle(self, *args, **options):
        import time

        from django.db import connection

        from ocop.search.indexing import ListingBusy, order_listing_table

        if not 1 <= options["lock_timeout"] <= 600:
            raise CommandError("--lock-timeout must be a number of seconds from 1 to 600")
        if connection.in_atomic_block:
            raise CommandError("order_listing cannot run inside a transaction")
        started = time.perf_counter()
        try:
            order_listing_table(lock_timeout_seconds=options["lock_timeout"])
        except ListingBusy as exc:
            raise CommandError(f"the listing table stayed in use for {options['lock_timeout']} s; "
                               f"nothing was changed, try again later ({exc})") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"listing table in category order ({time.perf_counter() - started:.1f} s)"))
        from ocop.search.indexing import prune_lexemes

        started = time.perf_counter()
        try:
            gone = prune_lexemes(lock_timeout_seconds=options["lock_timeout"])
        except ListingBusy as exc:
            raise CommandError(f"indexing kept the indexed words busy for {options['lock_timeout']} s; "
                               f"they are left as they were, try again later ({exc})") from exc
        if options["verbosity"]:
            self.stdout.write(f"forgot {gone} indexed words no product has any more "
                              f"({time.perf_counter() - started:.1f} s)")
