from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

IMMUTABLE_UNACCENT = """
CREATE OR REPLACE FUNCTION ocop_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""


class Migration(migrations.Migration):
    """Search needs unaccent (tone marks and đ) and pg_trgm (typos); unaccent is only STABLE, so an
    IMMUTABLE wrapper lets us index expressions over it."""

    initial = True
    dependencies = []
    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(IMMUTABLE_UNACCENT, "DROP FUNCTION IF EXISTS ocop_unaccent(text);"),
    ]
