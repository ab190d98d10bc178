"""Issue 13, item 4: `sendresolve backup` and `sendresolve restore` (ADR 17).

The round trip runs on the engine of the run (PostgreSQL in the main run, SQLite in the smoke run); the embedded
SQLite service is also backed up and restored through the commands in every run. A writer thread issues documents
all through the backup and deletes at the worst moment, between the snapshot and the file copy: the restored
database must be the state after some prefix of the writer's commits, and every file its rows name must be there."""

from __future__ import annotations

import hashlib
import io
import json
import os
import queue
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import environ
import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection, connections, transaction
from django.test import override_settings

from sendresolve.core import backup
from sendresolve.core.backup import BackupRefused, backup_create
from sendresolve.core.backup_restore import backup_check, backup_restore
from sendresolve.documents.models import StoredDocument
from sendresolve.documents.stored import document_once

DEADLOCK_GUARD = 60  # seconds: only a broken test waits this long; nothing here waits for time to pass
DOCUMENTS = "documents_storeddocument"


def _storage_settings(location: Path) -> dict:
    return {**django_settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": location}}}


@pytest.fixture
def storage(settings, tmp_path) -> Path:
    settings.STORAGES = _storage_settings(tmp_path / "files")
    return tmp_path / "files"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _files(location: Path) -> dict[str, bytes]:
    return {path.relative_to(location).as_posix(): path.read_bytes() for path in location.rglob("*") if path.is_file()}


# Reading a database as its driver sees it, so the source and the restored copy compare exactly ----------------------

@dataclass(frozen=True)
class Database:
    vendor: str
    sqlite_path: Path | None = None
    conninfo: dict = field(default_factory=dict)

    def _connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.sqlite_path)
        return psycopg.connect(**self.conninfo)

    def tables(self) -> dict[str, list[tuple]]:
        """Every table's rows, in a fixed order."""
        with self._connect() as database:
            if self.vendor == "sqlite":
                names = [row[0] for row in database.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            else:
                names = [row[0] for row in database.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    "AND table_type = 'BASE TABLE'")]
            return {name: sorted(database.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}

    def column(self, table: str, column: str) -> list:
        with self._connect() as database:
            return [row[0] for row in database.execute(f'SELECT "{column}" FROM "{table}"').fetchall()]


def _live_database() -> Database:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return Database("sqlite", sqlite_path=Path(settings_dict["NAME"]))
    return Database("postgresql", conninfo=_conninfo(settings_dict, settings_dict["NAME"]))


def _conninfo(settings_dict: dict, name: str) -> dict:
    return {key: value for key, value in {
        "host": settings_dict["HOST"], "port": settings_dict["PORT"], "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"], "dbname": name}.items() if value}


def _service_env(var: Path, **extra) -> dict:
    """The environment of a `sendresolve` process: embedded mode in its own folder, with this test run's keys (the
    keys a restore needs are kept apart from the backup, as the README tells operators)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "EMAIL_URL", "SENDRESOLVE_DEMO", "SENDRESOLVE_MODE")}
    return {**env, "SENDRESOLVE_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
            "MFA_ENCRYPTION_KEYS": ",".join(django_settings.MFA_ENCRYPTION_KEYS), **extra}


def _sendresolve(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sendresolve", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@dataclass
class EmptyService:
    """An empty database of this run's engine and an empty file storage, for `sendresolve restore` to fill."""

    database: Database
    var: Path
    env: dict

    @property
    def files(self) -> Path:
        return self.var / "files"


@pytest.fixture
def empty_service(tmp_path):
    var = tmp_path / "restored-var"
    if connection.vendor == "sqlite":
        yield EmptyService(Database("sqlite", sqlite_path=var / "sendresolve.sqlite3"), var, _service_env(var))
        return
    url = os.environ["DATABASE_URL"]
    name = f"{environ.Env.db_url_config(url)['NAME']}_restore"  # beside this run's own database, never another's
    admin = _conninfo(connection.settings_dict, "postgres")
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        target = urlsplit(url)._replace(path=f"/{name}").geturl()
        yield EmptyService(Database("postgresql", conninfo=_conninfo(connection.settings_dict, name)), var,
                           _service_env(var, DATABASE_URL=target))
    finally:
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The service writing while it is backed up ---------------------------------------------------------------------------

class DocumentWriter(threading.Thread):
    """Issues documents one after another, as the service does, until stopped; deletes one (its row, then its file)
    when asked. `log` is every commit, in order."""

    def __init__(self):
        super().__init__(daemon=True)
        self.log: list[tuple[str, int]] = []
        self.written: dict[str, bytes] = {}  # storage name -> the bytes issued under it
        self.stop = threading.Event()
        self.deletions: queue.Queue = queue.Queue()
        self.changed = threading.Condition()
        self.error: BaseException | None = None

    def run(self):
        try:
            number = 0
            while not self.stop.is_set():
                try:
                    victim, deleted = self.deletions.get_nowait()
                except queue.Empty:
                    number += 1
                    content = f"document {number} ".encode() * 50
                    document = document_once(key=f"written:{number}", filename=f"{number}.pdf",
                                             mimetype="application/pdf", render=lambda content=content: content)
                    self._record("create", document.pk, document.file.name, content)
                    continue
                with transaction.atomic():
                    StoredDocument.objects.filter(pk=victim.pk).delete()
                victim.file.delete(save=False)
                self._record("delete", victim.pk)
                deleted.set()
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connections.close_all()

    def _record(self, what: str, pk: int, name: str = "", content: bytes = b"") -> None:
        with self.changed:
            self.log.append((what, pk))
            if name:
                self.written[name] = content
            self.changed.notify_all()

    def created(self) -> int:
        with self.changed:
            return sum(1 for what, _ in self.log if what == "create")

    def delete_and_write_one_more(self, document: StoredDocument) -> None:
        """Deletes `document` and waits until it is gone and at least one more document was issued."""
        created, deleted = self.created(), threading.Event()
        self.deletions.put((document, deleted))
        assert deleted.wait(DEADLOCK_GUARD), "the writer did not delete"
        with self.changed:
            assert self.changed.wait_for(lambda: sum(w == "create" for w, _ in self.log) > created, DEADLOCK_GUARD)

    def states(self, before: set[int]) -> list[set[int]]:
        """The documents that exist after each prefix of the writer's commits."""
        states, current = [set(before)], set(before)
        for what, pk in self.log:
            current = current | {pk} if what == "create" else current - {pk}
            states.append(current)
        return states


def _issue(key: str) -> StoredDocument:
    return document_once(key=key, filename=f"{key}.pdf", mimetype="application/pdf",
                         render=lambda: f"%PDF-1.7 {key}".encode())


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_the_service_writes_restores_every_row_and_file(tmp_path, storage, empty_service):
    from sendresolve.cases.models import DecisionLetter
    from tests.factories import mediation_case, person

    officer = person("case_officer", totp=True)  # an authenticator secret, encrypted with the MFA key
    case = mediation_case(acting_user=officer)
    letter = DecisionLetter(case=case, original_name="letter.pdf", content_type="application/pdf", size=15)
    letter.file.save("letter", ContentFile(b"%PDF-1.4 letter"), save=True)
    deleted_before_the_second_snapshot, deleted_after_it = _issue("first"), _issue("second")
    first_file, second_file = deleted_before_the_second_snapshot.file.name, deleted_after_it.file.name
    before = set(StoredDocument.objects.values_list("pk", flat=True))
    known_files = _files(storage)
    second_row = [row for row in _live_database().tables()[DOCUMENTS] if row[0] == deleted_after_it.pk]

    writer = DocumentWriter()
    attempts, commits_during = [], {}

    def write_at_the_worst_moment(attempt: int) -> None:
        """After the snapshot, before the file copy: the first attempt loses a file its snapshot names, so the backup
        tries again; the second loses one that the first attempt had already copied."""
        attempts.append(attempt)
        first_commit = len(writer.log)
        writer.delete_and_write_one_more(deleted_before_the_second_snapshot if attempt == 1 else deleted_after_it)
        commits_during[attempt] = writer.log[first_commit:]

    writer.start()
    try:
        with writer.changed:
            assert writer.changed.wait_for(lambda: writer.log, DEADLOCK_GUARD)  # writing before the backup starts
        archive = tmp_path / "service.tar"
        manifest = backup_create(path=archive, after_database_snapshot=write_at_the_worst_moment)
    finally:
        writer.stop.set()
        writer.join(DEADLOCK_GUARD)
    assert writer.error is None, writer.error
    assert attempts == [1, 2]
    assert manifest["missing_files"] == [] and manifest["engine"] == connection.vendor
    assert _mode(archive) == 0o600

    done = _sendresolve(["restore", str(archive)], empty_service.env)
    assert done.returncode == 0, done.stderr
    assert "Restored the" in done.stdout

    live, restored = _live_database().tables(), empty_service.database.tables()
    assert restored.keys() == live.keys()
    for table in live.keys() - {DOCUMENTS}:
        assert restored[table] == live[table], table  # nothing else was written: row for row
    restored_pks = {row[0] for row in restored[DOCUMENTS]}
    assert restored_pks in writer.states(before)  # the state after some prefix of the commits: one moment
    assert deleted_before_the_second_snapshot.pk not in restored_pks and deleted_after_it.pk in restored_pks
    issued_during_the_first_attempt = {pk for what, pk in commits_during[1] if what == "create"}
    assert issued_during_the_first_attempt and issued_during_the_first_attempt <= restored_pks
    expected_rows = [row for row in live[DOCUMENTS] if row[0] in restored_pks] + second_row
    assert restored[DOCUMENTS] == sorted(expected_rows, key=repr)

    files = _files(empty_service.files)
    every_file = {**known_files, **writer.written}
    named = set(empty_service.database.column(DOCUMENTS, "file"))
    named |= set(empty_service.database.column("cases_decisionletter", "file"))
    assert named <= files.keys()  # every file a restored row names is there, as it was issued
    assert all(files[name] == every_file[name] for name in named)
    # Files issued after the snapshot are copied too, with no row naming them (one may be caught half-written):
    # nothing the storage held is left out, and nothing is made up.
    assert all(every_file[name].startswith(files[name]) for name in files.keys() - named)
    for name, sha256 in zip(empty_service.database.column(DOCUMENTS, "file"),
                            empty_service.database.column(DOCUMENTS, "sha256"), strict=True):
        assert hashlib.sha256(files[name]).hexdigest() == sha256
    assert first_file not in files  # a file deleted with its row before the second snapshot does not come back
    assert files[second_file] == known_files[second_file]  # deleted after it: kept from the first attempt's copy
    assert all(_mode(path) == 0o600 for path in empty_service.files.rglob("*") if path.is_file())
    assert all(_mode(path) == 0o700 for path in empty_service.files.rglob("*") if path.is_dir())

    # Over a service that is not empty only when told to (the refusal: below), replacing everything in it.
    replaced = _sendresolve(["restore", "--replace", str(archive)], empty_service.env)
    assert replaced.returncode == 0, replaced.stderr
    assert empty_service.database.tables() == restored and _files(empty_service.files) == files


# A damaged, changed or mismatched backup is refused --------------------------------------------------------------

@pytest.fixture(scope="module")
def a_backup(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock(), override_settings(STORAGES=_storage_settings(folder / "files")):
        (folder / "files" / "letters").mkdir(parents=True)
        (folder / "files" / "letters" / "abc").write_bytes(b"%PDF-1.4 a letter")
        backup_create(path=folder / "service.tar")
    return folder / "service.tar"


def _rewritten(source: Path, target: Path, *, manifest=None, drop: str = "", content: dict | None = None) -> Path:
    """A copy of the archive with members dropped or changed, and the manifest edited by `manifest(dict)`."""
    with tarfile.open(source) as original, tarfile.open(target, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == drop:
                continue
            if content and member.name in content:
                data = content[member.name]
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def _resigned(edit):
    """An edit made by someone who holds the secret key: a genuine backup of another kind."""
    def apply(manifest: dict) -> dict:
        edit(manifest)
        return backup.manifest_signed(manifest)
    return apply


def _changed_letter(manifest: dict) -> dict:
    for member in manifest["members"]:
        if member["name"] == "files/letters/abc":
            member["sha256"] = hashlib.sha256(b"%PDF-1.4 another letter").hexdigest()
            member["size"] = len(b"%PDF-1.4 another letter")
    return manifest


def test_a_whole_backup_passes_the_check(a_backup):
    manifest = backup_check(path=a_backup)  # the positive control for every refusal below
    assert manifest["engine"] == connection.vendor and manifest["service_version"]
    assert {"files/letters/abc", backup.DATABASE_MEMBERS[connection.vendor]} <= {m["name"] for m in manifest["members"]}
    assert manifest["migrations"]["cases"] and manifest["taken_at"]


def _one_byte_changed(source: Path, target: Path, *, member: str) -> Path:
    shutil.copy(source, target)
    with tarfile.open(target) as tar:
        offset = tar.getmember(member).offset_data
    with target.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 1]))
    return target


def test_one_byte_changed_in_a_member_is_refused(a_backup, tmp_path):
    damaged = _one_byte_changed(a_backup, tmp_path / "damaged.tar", member="files/letters/abc")
    with pytest.raises(BackupRefused, match="files/letters/abc in damaged.tar does not match its checksum"):
        backup_check(path=damaged)


def test_a_member_removed_is_refused(a_backup, tmp_path):
    removed = _rewritten(a_backup, tmp_path / "removed.tar", drop="files/letters/abc")
    with pytest.raises(BackupRefused, match="lacks files/letters/abc, which its manifest lists"):
        backup_check(path=removed)


def test_a_member_added_is_refused(a_backup, tmp_path):
    with tarfile.open(a_backup) as tar:
        names = tar.getnames()
    added = tmp_path / "added.tar"
    with tarfile.open(a_backup) as original, tarfile.open(added, "w") as copy:
        for name in names:
            member = original.getmember(name)
            copy.addfile(member, original.extractfile(member))
        extra = tarfile.TarInfo("files/letters/planted")
        extra.size = 4
        copy.addfile(extra, io.BytesIO(b"evil"))
    with pytest.raises(BackupRefused, match="holds files/letters/planted, which its manifest does not list"):
        backup_check(path=added)


@pytest.mark.parametrize("edit", [
    lambda manifest: {**manifest, "service_version": "9.9.9"},
    _changed_letter,  # the checksum made to match a changed file: only the signature tells
], ids=["a field", "a checksum"])
def test_an_edited_manifest_is_refused(a_backup, tmp_path, edit):
    changed = {"files/letters/abc": b"%PDF-1.4 another letter"}
    edited = _rewritten(a_backup, tmp_path / "edited.tar", manifest=edit, content=changed)
    with pytest.raises(BackupRefused, match="is not signed with this service's secret key"):
        backup_check(path=edited)


def test_a_truncated_backup_is_refused(a_backup, tmp_path):
    cut = tmp_path / "cut.tar"
    cut.write_bytes(a_backup.read_bytes()[: a_backup.stat().st_size // 2])
    with pytest.raises(BackupRefused, match="cut short"):
        backup_check(path=cut)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")
    with pytest.raises(BackupRefused, match="cannot be read as a backup"):
        backup_check(path=other)


def test_a_backup_signed_with_another_secret_key_is_refused_unless_the_key_is_lost(a_backup, settings):
    settings.SECRET_KEY = "another-" + "k" * 50
    with pytest.raises(BackupRefused, match="made by a service with another DJANGO_SECRET_KEY"):
        backup_check(path=a_backup)
    assert backup_check(path=a_backup, keys_lost=True)["engine"] == connection.vendor


def test_a_rotated_secret_key_still_reads_older_backups(a_backup, settings):
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-" + "k" * 50
    assert backup_check(path=a_backup)["engine"] == connection.vendor


def test_a_backup_of_the_other_engine_is_refused(a_backup, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    mine = backup.DATABASE_MEMBERS[connection.vendor]

    def other_engine(manifest: dict) -> None:
        manifest["engine"] = other
        for member in manifest["members"]:
            if member["name"] == mine:
                member["name"] = backup.DATABASE_MEMBERS[other]

    with tarfile.open(a_backup) as tar:
        database = tar.extractfile(mine).read()
    renamed = tmp_path / "renamed.tar"
    with tarfile.open(a_backup) as original, tarfile.open(renamed, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == mine:
                member.name = backup.DATABASE_MEMBERS[other]
                data = database
            if member.name == "manifest.json":
                data = json.dumps(_resigned(other_engine)(json.loads(data))).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    with pytest.raises(BackupRefused, match=f"the backup is of a {label[other]} database and this service runs on "
                                            f"{label[connection.vendor]}"):
        backup_check(path=renamed)


def test_a_backup_from_newer_code_is_refused(a_backup, tmp_path):
    newer = _rewritten(a_backup, tmp_path / "newer.tar", manifest=_resigned(
        lambda manifest: manifest["migrations"]["cases"].append("9999_from_the_future")))
    with pytest.raises(BackupRefused, match=r"made by a newer SEND Resolve .* \(cases.9999_from_the_future\)"):
        backup_check(path=newer)


def test_a_backup_whose_authenticator_secrets_need_another_mfa_key_is_refused(a_backup, tmp_path):
    other_key = _rewritten(a_backup, tmp_path / "other-key.tar", manifest=_resigned(
        lambda manifest: manifest.update(mfa_key_ids=["0123456789abcdef"])))
    with pytest.raises(BackupRefused, match="encrypted with an MFA key this service does not have"):
        backup_check(path=other_key)
    assert backup_check(path=other_key, keys_lost=True)


@pytest.mark.django_db
def test_a_restore_over_a_service_with_data_is_refused_saying_what_would_be_lost(a_backup, storage):
    from sendresolve.cases.models import Case
    from tests.factories import mediation_case

    mediation_case()
    with pytest.raises(BackupRefused, match=r"this service is not empty: the database has \d+ tables with [\d,]+ rows "
                                            r"\(audit_auditevent \d+, .* and \d+ more tables\)\. Restoring would "
                                            r"replace all of it: run again with --replace"):
        backup_restore(path=a_backup)
    assert Case.objects.count() == 1 and _files(storage) == {}  # changed nothing


def test_a_backup_is_never_written_over_an_existing_file(a_backup):
    before = a_backup.read_bytes()
    with pytest.raises(BackupRefused, match="already exists; back up to a new file"):
        backup_create(path=a_backup)
    assert a_backup.read_bytes() == before


# The embedded service through its commands, in every run -----------------------------------------------------------

# An embedded service with issued documents, backed up by the `sendresolve` command (the same process: migrating the
# whole schema again would cost the suite seconds; the round trip above restores the whole schema).
_BACK_UP_AN_EMBEDDED_SERVICE = """
import sys
import django
django.setup()
from django.core.management import call_command
from sendresolve.cli import main
from sendresolve.documents.stored import document_once
call_command("migrate", "documents", verbosity=0)
for number in range(3):
    document_once(key=f"certificate:{number}", filename="c.pdf", mimetype="application/pdf",
                  render=lambda number=number: b"%PDF-1.7 certificate " * (number + 1))
sys.exit(main(["backup", sys.argv[1]]))
"""


def test_the_embedded_service_is_backed_up_and_restored_by_its_commands(tmp_path):
    archive = tmp_path / "embedded.tar"
    done = subprocess.run([sys.executable, "-c", _BACK_UP_AN_EMBEDDED_SERVICE, str(archive)],
                          env=_service_env(tmp_path / "source"), capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Backed up the SQLite database and 3 stored files" in done.stdout
    assert _mode(archive) == 0o600

    target = _service_env(tmp_path / "target")
    tampered = _one_byte_changed(archive, tmp_path / "tampered.tar", member="database.sqlite3")
    refused = _sendresolve(["restore", str(tampered)], target)
    assert refused.returncode != 0
    assert refused.stderr.strip() == ("CommandError: Not restored: database.sqlite3 in tampered.tar does not match its "
                                      "checksum: the backup is damaged or was changed after it was made.")
    database = Database("sqlite", sqlite_path=tmp_path / "target" / "sendresolve.sqlite3")
    assert database.tables() == {} and _files(tmp_path / "target" / "files") == {}  # changed nothing

    restored = _sendresolve(["restore", str(archive)], target)
    assert restored.returncode == 0, restored.stderr
    assert "Restored the SQLite database" in restored.stdout and "3 stored files" in restored.stdout
    assert "run `sendresolve manage migrate`" in restored.stdout  # only the documents app was migrated
    source = Database("sqlite", sqlite_path=tmp_path / "source" / "sendresolve.sqlite3")
    assert database.tables() == source.tables() and len(database.tables()[DOCUMENTS]) == 3
    assert _files(tmp_path / "target" / "files") == _files(tmp_path / "source" / "files")
    assert _mode(tmp_path / "target" / "sendresolve.sqlite3") == 0o600
