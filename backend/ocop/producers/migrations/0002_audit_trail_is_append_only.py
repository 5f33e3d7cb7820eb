from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION ocop_forbid_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'producer audit events are append-only';
END $$;
CREATE TRIGGER producerevent_append_only BEFORE UPDATE OR DELETE ON producers_producerevent
FOR EACH ROW EXECUTE FUNCTION ocop_forbid_audit_change();
"""
UNDO = """
DROP TRIGGER IF EXISTS producerevent_append_only ON producers_producerevent;
DROP FUNCTION IF EXISTS ocop_forbid_audit_change();
"""


class Migration(migrations.Migration):
    """Nobody edits the audit trail, not even through the admin or a shell: the database refuses."""

    dependencies = [("producers", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, UNDO)]
