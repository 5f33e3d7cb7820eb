from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Rebuild the search index of every product (or only the dirty ones), with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--dirty-only", action="store_true", help="only products changed since the last run")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        from django.db import connection
        from tqdm import tqdm

        from ocop.catalog.models import Product
        from ocop.search.indexing import mark_all_dirty, update_dirty_products

        if options["batch_size"] <= 0:
            raise CommandError("--batch-size must be a positive number")
        if not options["dirty_only"]:
            mark_all_dirty()
        total = Product.objects.filter(search_index_dirty=True).count()
        with tqdm(total=total, desc="Search index", unit="product", disable=options["verbosity"] == 0) as bar:
            done = update_dirty_products(batch_size=options["batch_size"], progress=bar.update)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"indexed {done} products"))
        if not options["dirty_only"] and not connection.in_atomic_block:
            # Every row of the listing table was rewritten: in category order again, with fresh
            # statistics and visibility map (category pages read it by an index-only scan).
            from ocop.search.indexing import ListingBusy, order_listing_table

            try:
                order_listing_table()
            except ListingBusy:
                self.stderr.write("the listing table was busy and is left in its old order; "
                                  "run `manage.py order_listing` later")
            from ocop.search.indexing import prune_lexemes

            try:
                gone = prune_lexemes()
            except ListingBusy:
                self.stderr.write("indexing was busy: the words no product has any more are kept until the daily run")
            else:
                if options["verbosity"]:
                    self.stdout.write(f"forgot {gone} words no product has any more")
        from ocop.search import elastic

        if elastic.enabled() and not options["dirty_only"]:
            public = Product.objects.filter(is_published=True).count()
            with tqdm(total=public, desc="Elasticsearch", unit="product",
                      disable=options["verbosity"] == 0) as bar:
                name = elastic.rebuild(progress=bar.update)
            if options["verbosity"]:
                self.stdout.write(self.style.SUCCESS(f"Elasticsearch alias {elastic.alias()} now points at {name}"))
