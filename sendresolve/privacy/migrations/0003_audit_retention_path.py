"""The audit log's one way out on PostgreSQL (ADR 19): the append-only trigger still refuses every update, and every
delete, except a delete made by the retention table's run, which says so for its own transaction alone
(`SET LOCAL sendresolve.retention_delete = 'on'`, `privacy.retention`). Entries past AUDIT_RETENTION_YEARS go;
nothing else can remove one. (SQLite's trigger refuses updates only.)"""

from django.db import migrations

RETENTION_PATH = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('sendresolve.retention_delete', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""


def open_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RETENTION_PATH)


def close_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_append_only_on_sqlite"),
        ("privacy", "0002_anonymisedaccount_anonymisedcase_retentionrun"),
    ]
    operations = [migrations.RunPython(open_path, close_path)]
