"""On the embedded SQLite database too, the database refuses to change an audit row, whatever the client (a bulk
update bypasses the model's own refusal). Deletes stay refused by the application there: Django's test and
maintenance commands empty SQLite tables with DELETE, which a trigger would block."""

from django.db import migrations

FORBID = """
CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events cannot be changed or deleted');
END;
"""
ALLOW = "DROP TRIGGER IF EXISTS audit_auditevent_no_update;"


def forbid(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(FORBID)


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(ALLOW)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_actor_kept_when_a_person_is_removed")]
    operations = [migrations.RunPython(forbid, allow)]
