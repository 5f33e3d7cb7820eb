from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Daily: expire OCOP certificates past their date and warn producers 30 days before expiry."

    def add_arguments(self, parser):
        parser.add_argument("--warn-days", type=int, default=30)

    def handle(self, *args, **options):
        from ocop.producers.services import expire_certificates

        if options["warn_days"] < 0:
            from django.core.management.base import CommandError

            raise CommandError("--warn-days must be 0 or more")
        result = expire_certificates(warn_days=options["warn_days"])
        self.stdout.write(f"expired {result['expired']}, warned {result['warned']}")
