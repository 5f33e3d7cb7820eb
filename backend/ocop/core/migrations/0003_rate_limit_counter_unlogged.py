from django.db import migrations


class Migration(migrations.Migration):
    """Counters are worth nothing after a crash: an unlogged table skips the write-ahead log, so a
    counted call costs no disk flush."""

    dependencies = [("core", "0002_rate_limit_counter")]

    operations = [
        migrations.RunSQL("ALTER TABLE core_ratelimitcounter SET UNLOGGED",
                          reverse_sql="ALTER TABLE core_ratelimitcounter SET LOGGED"),
    ]
