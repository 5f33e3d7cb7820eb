from django.db import migrations


class Migration(migrations.Migration):
    """Typo-tolerant matching compares the query with the folded product name; this index lets
    `query <% lower(ocop_unaccent(name))` use pg_trgm instead of scanning every product."""

    atomic = False
    dependencies = [("catalog", "0001_initial"), ("core", "0001_extensions")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS product_folded_name_trgm ON catalog_product "
            "USING gin (lower(ocop_unaccent(name)) gin_trgm_ops);",
            "DROP INDEX IF EXISTS product_folded_name_trgm;",
        ),
    ]
