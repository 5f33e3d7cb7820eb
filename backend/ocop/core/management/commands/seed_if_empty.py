from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the sample data on the first run only (when no product exists yet)."

    def handle(self, *args, **options):
        from ocop.catalog.models import Product

        if Product.objects.exists():
            return
        self.stdout.write("First run: loading the sample catalogue…")
        call_command("seed")
