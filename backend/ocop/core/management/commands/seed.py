from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the sample OCOP catalogue (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--no-images", action="store_true", help="skip drawing product pictures")

    def handle(self, *args, **options):
        from seeds.loader import load

        counts = load(images=not options["no_images"], quiet=options["verbosity"] == 0)
        if options["verbosity"]:
            summary = ", ".join(f"{name} {count}" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Sample data loaded: {summary}"))
