"""The two databases the service runs on, as `backup.py` needs them: a consistent snapshot taken while the service
writes, what the database holds now, and putting a snapshot back in one transaction.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step inside one read
transaction, so writers carry on (WAL) and the copy is the database as of one moment. PostgreSQL: a REPEATABLE
READ transaction exports its snapshot, `pg_dump --snapshot` dumps exactly what that transaction sees, and the
file names and migrations are read in the same transaction, so all three describe the same moment. Restore runs
`pg_restore`'s SQL through `psql --single-transaction`: it is applied whole or not at all.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


class BackupFailed(Exception):
    """A tool or the database failed (not a refusal): the message is its last words, on one line."""


@dataclass(frozen=True)
class Snapshot:
    """The database as of one moment: the file it was copied to, and what that copy holds."""

    path: Path
    migrations: dict[str, list[str]]  # app label -> applied migration names
    referenced_files: frozenset[str]  # storage names that some row's file field refers to
    engine_version: str


def private_file(path: Path):
    """A new file for this service's user alone (0600), whatever the umask; refuses to reuse an existing one."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def one_line(text) -> str:
    """What a tool says went wrong, on one line: its last error line (psql's notices and context come around it)."""
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "FATAL" in line or "error:" in line]
    return (errors or lines or ["no message"])[-1]


def _rows_by_table(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """What the database holds now: each table, with how many rows it has."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows[table] = cursor.fetchone()[0]
    return rows


def _read_snapshot(cursor, quote, tables: set[str], file_columns) -> tuple[dict[str, list[str]], frozenset[str]]:
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    referenced: set[str] = set()
    for table, column in file_columns:
        if table in tables:
            cursor.execute(f"SELECT DISTINCT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")
            referenced.update(name for (name,) in cursor.fetchall() if name)
    return migrations, frozenset(referenced)


class SqliteEngine:
    name = "sqlite"
    label = "SQLite"
    member = "database.sqlite3"

    def __init__(self, alias: str):
        self.alias = alias
        self.path = Path(connections[alias].settings_dict["NAME"])

    def snapshot(self, *, into: Path, file_columns) -> Snapshot:
        source = sqlite3.connect(self.path, timeout=20)
        try:
            with private_file(into):
                pass
            target = sqlite3.connect(into)
            try:
                source.backup(target)  # every page in one step: one read transaction, one moment
                target.execute("PRAGMA journal_mode=DELETE")  # a file on its own, with no -wal beside it
            finally:
                target.close()
        finally:
            source.close()
        copy = sqlite3.connect(f"file:{into}?mode=ro", uri=True)
        try:
            cursor = copy.cursor()
            tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            migrations, referenced = _read_snapshot(cursor, connections[self.alias].ops.quote_name, tables,
                                                    file_columns)
        finally:
            copy.close()
        return Snapshot(path=into, migrations=migrations, referenced_files=referenced,
                        engine_version=sqlite3.sqlite_version)

    def check_snapshot(self, path: Path) -> None:
        try:
            copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                copy.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            finally:
                copy.close()
        except sqlite3.Error as error:
            raise BackupFailed(f"the database in the backup cannot be read: {error}") from error

    def rows_by_table(self) -> dict[str, int]:
        return _rows_by_table(connections[self.alias])

    def restore(self, *, snapshot: Path, replace: bool, work: Path) -> None:
        """Copies the snapshot over the database with the same backup API, which swaps every page in one write
        transaction: readers see the old database or the new one, never half of each. `replace` needs nothing
        more: the copy replaces the whole database."""
        connections[self.alias].close()
        source = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(self.path, timeout=20)
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.Error as error:
            raise BackupFailed(f"SQLite could not restore the database: {error}") from error
        finally:
            source.close()
        self.path.chmod(0o600)


class PostgresEngine:
    name = "postgresql"
    label = "PostgreSQL"
    member = "database.pgdump"

    def __init__(self, alias: str):
        self.alias = alias

    def _environment(self) -> dict[str, str]:
        """The connection for pg_dump, pg_restore and psql, as libpq's variables: a password never appears in the
        process list. What the settings leave empty libpq takes from the environment, as Django's own driver does."""
        settings = connections[self.alias].settings_dict
        options = settings.get("OPTIONS", {})
        pairs = {"PGHOST": settings.get("HOST"), "PGPORT": settings.get("PORT"), "PGUSER": settings.get("USER"),
                 "PGPASSWORD": settings.get("PASSWORD"), "PGDATABASE": settings.get("NAME"),
                 "PGSSLMODE": options.get("sslmode"), "PGSSLROOTCERT": options.get("sslrootcert"),
                 "PGSSLCERT": options.get("sslcert"), "PGSSLKEY": options.get("sslkey"),
                 "PGPASSFILE": options.get("passfile"), "PGSERVICE": options.get("service")}
        return {**os.environ, **{key: str(value) for key, value in pairs.items() if value}}

    def _run(self, args: list[str], what: str) -> None:
        try:
            done = subprocess.run(args, env=self._environment(), capture_output=True, text=True, check=False)
        except FileNotFoundError as error:
            raise BackupFailed(f"{args[0]} is not installed (Debian: apt-get install postgresql-client)") from error
        if done.returncode != 0:
            raise BackupFailed(f"{what} failed: {one_line(done.stderr)}")

    def snapshot(self, *, into: Path, file_columns) -> Snapshot:
        # A connection of its own, whatever transaction the caller's connection is in.
        service = connections[self.alias]
        connection = type(service)(service.settings_dict.copy(), self.alias)
        with private_file(into):
            pass  # pg_dump writes into a file that is already the service's alone
        try:
            with connection.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot_id, server_version = cursor.fetchone()
                self._run(["pg_dump", "--no-password", "--format=custom", f"--snapshot={snapshot_id}",
                           f"--file={into}"], "pg_dump")
                tables = set(connection.introspection.table_names(cursor))
                migrations, referenced = _read_snapshot(cursor, connection.ops.quote_name, tables, file_columns)
                cursor.execute("COMMIT")
        finally:
            connection.close()
        return Snapshot(path=into, migrations=migrations, referenced_files=referenced, engine_version=server_version)

    def check_snapshot(self, path: Path) -> None:
        """pg_restore reads the dump's table of contents: a dump this client cannot read is refused before the
        database is touched."""
        self._run(["pg_restore", "--list", str(path)], "pg_restore --list")

    def rows_by_table(self) -> dict[str, int]:
        return _rows_by_table(connections[self.alias])

    def restore(self, *, snapshot: Path, replace: bool, work: Path) -> None:
        """pg_restore writes the dump as SQL, which psql runs in one transaction (after dropping the schema, when
        replacing): a failure half-way leaves the database as it was. A pipe between the two could not promise that:
        psql would commit whatever arrived before pg_restore failed."""
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = connection.ops.quote_name(cursor.fetchone()[0])
        connection.close()
        script = work / "restore.sql"
        with private_file(script):
            pass
        self._run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(snapshot)], "pg_restore")
        drop = ["--command", f"DROP SCHEMA {schema} CASCADE; CREATE SCHEMA {schema};"] if replace else []
        self._run(["psql", "--no-psqlrc", "--no-password", "--quiet", "--single-transaction",
                   "--set=ON_ERROR_STOP=1", *drop, f"--file={script}"], "psql (restoring the dump)")
        script.unlink()


def engine_for(alias: str) -> SqliteEngine | PostgresEngine:
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        return SqliteEngine(alias)
    if vendor == "postgresql":
        return PostgresEngine(alias)
    raise BackupFailed(f"backup and restore support SQLite and PostgreSQL, not {vendor}")


ENGINE_LABELS = {SqliteEngine.name: SqliteEngine.label, PostgresEngine.name: PostgresEngine.label}
