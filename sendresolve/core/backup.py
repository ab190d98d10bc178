"""`sendresolve backup FILE` and `sendresolve restore FILE`: the whole service in one archive (its database, SQLite or
PostgreSQL, and every file in its storage: decision letters, evidence, issued documents), and a restore that refuses
anything damaged, changed since or made for another service, before it changes anything (ADR 17).

The archive is a tar file, every member 0600:
    database.sqlite3 or database.pgdump   the database as of one moment (backup_engines.py)
    files/<storage name>                  every file in the storage
    manifest.json                         last: each member's size and SHA-256, the engine, the migrations applied, the
                                          service's version, when the snapshot was taken, ids of the MFA keys; signed
                                          with the secret key (HMAC-SHA256), so an edited manifest is refused too

Consistency. The database is snapshotted first and the files copied after it. A file is written to the storage before
the row that names it is committed (Django saves a FileField's file when the row is saved, inside its transaction),
so every row in the snapshot has its file on disk when the copy starts. Copying the files first would miss the files
of rows committed during the copy. The only way a snapshot row's file can still be missing is a deletion after the
snapshot (retention, an unsent letter's removal), which the check after the copy finds: the backup then takes a new
snapshot, in which those rows are gone, and keeps the files the earlier attempt copied, so it ends after one retry
unless files are deleted faster than it can copy. A row whose file was missing in two attempts is not a race: its
file was lost before the backup, and the manifest says so (`missing_files`). Files that appear after the snapshot are
copied too, with no row naming them: harmless, and nothing stored is ever left out.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sendresolve.core.backup_engines import (
    BackupFailed,
    PostgresEngine,
    Snapshot,
    SqliteEngine,
    engine_for,
    private_file,
)
from sendresolve.core.refusals import Refused

FORMAT = "sendresolve-backup/1"
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_MEMBERS = {SqliteEngine.name: SqliteEngine.member, PostgresEngine.name: PostgresEngine.member}
ATTEMPTS = 3
_SIGNING_SALT = "sendresolve.core.backup.manifest"


class BackupRefused(Refused):
    """A backup or restore the service will not make, with the reason on one line: nothing was changed."""


# Making a backup ------------------------------------------------------------------------------------------------------

def backup_create(*, path: Path, after_database_snapshot: Callable[[int], None] | None = None) -> dict:
    """Writes a backup of the database and the file storage to `path`, a new file for the service's user alone, and
    returns its manifest. `after_database_snapshot(attempt)` runs between the snapshot and the file copy, the moment
    when a write matters most: the tests write and delete there."""
    path = Path(path).absolute()
    if path.exists():
        raise BackupRefused(f"Not backed up: {path} already exists; back up to a new file.")
    if not path.parent.is_dir():
        raise BackupRefused(f"Not backed up: there is no folder {path.parent}.")
    engine = engine_for(DEFAULT_DB_ALIAS)
    location = storage_location()
    columns = file_columns()
    work = Path(tempfile.mkdtemp(prefix=".sendresolve-backup-", dir=path.parent))  # 0700, beside the archive
    try:
        earlier: Path | None = None
        missing_earlier: set[str] = set()
        for attempt in range(1, ATTEMPTS + 1):
            taken_at = timezone.now()
            snapshot = engine.snapshot(into=work / f"{attempt}-{engine.member}", file_columns=columns)
            if after_database_snapshot is not None:
                after_database_snapshot(attempt)
            archive = work / f"{attempt}.tar"
            with private_file(archive) as out:
                with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    writer = _ArchiveWriter(tar)
                    missing = _add_snapshot_and_files(writer, engine.member, snapshot, location, earlier)
                    racing = missing - missing_earlier  # missing twice: lost before the backup, not deleted during it
                    if not racing:
                        manifest = manifest_signed({
                            "format": FORMAT, "service_version": service_version(), "taken_at": taken_at.isoformat(),
                            "engine": engine.name, "engine_version": snapshot.engine_version,
                            "migrations": snapshot.migrations, "mfa_key_ids": mfa_key_ids(),
                            "members": writer.members, "missing_files": sorted(missing),
                        })
                        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                        writer.add(MANIFEST, io.BytesIO(data), size=len(data))
                out.flush()
                os.fsync(out.fileno())
            snapshot.path.unlink()
            if not racing:
                os.replace(archive, path)
                _fsync_folder(path.parent)
                return manifest
            earlier, missing_earlier = archive, missing
        raise BackupFailed(f"files the database names were deleted during each of {ATTEMPTS} attempts "
                           f"({', '.join(sorted(racing)[:3])}): try again when the service is quieter")
    finally:
        shutil.rmtree(work, ignore_errors=True)


class _HashingReader:
    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


class _ArchiveWriter:
    """Adds members to a tar file, each 0600 and owned by no one, keeping the size and SHA-256 of each."""

    def __init__(self, tar: tarfile.TarFile):
        self.tar = tar
        self.members: list[dict] = []

    def add(self, name: str, source, *, size: int, mtime: float | None = None) -> None:
        info = tarfile.TarInfo(name)  # owner 0, no user or group names: nothing about the machine it came from
        info.size, info.mode, info.mtime = size, 0o600, int(time.time() if mtime is None else mtime)
        reader = _HashingReader(source)
        self.tar.addfile(info, reader)  # reads exactly `size` bytes, or fails
        self.members.append({"name": name, "size": size, "sha256": reader.digest.hexdigest()})


def _add_snapshot_and_files(writer: _ArchiveWriter, member: str, snapshot: Snapshot, location: Path,
                            earlier: Path | None) -> set[str]:
    """The snapshot, then every file in the storage (and from the earlier attempt, any file deleted since it copied
    it); returns the names the snapshot's rows refer to that are still missing."""
    with snapshot.path.open("rb") as dump:
        writer.add(member, dump, size=snapshot.path.stat().st_size)
    missing = set(snapshot.referenced_files) - _add_storage(writer, location)
    if missing and earlier is not None:
        missing -= _add_from_earlier(writer, earlier, missing)
    return missing


def _add_storage(writer: _ArchiveWriter, location: Path) -> set[str]:
    """Copies every regular file in the storage now; returns their storage names."""
    copied: set[str] = set()
    for folder, subfolders, names in os.walk(location):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            try:
                handle = os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb")
            except FileNotFoundError:
                continue  # deleted since the folder was listed: the check after the copy decides what it means
            except OSError as error:
                if error.errno == errno.ELOOP:  # a link, which the storage never makes
                    continue
                raise
            with handle:
                status = os.fstat(handle.fileno())
                if not stat.S_ISREG(status.st_mode):
                    continue
                storage_name = path.relative_to(location).as_posix()
                writer.add(FILES + storage_name, handle, size=status.st_size, mtime=status.st_mtime)
            copied.add(storage_name)
    return copied


def _add_from_earlier(writer: _ArchiveWriter, earlier: Path, names: set[str]) -> set[str]:
    """Files deleted since an earlier attempt copied them (stored files never change, so that copy is theirs)."""
    found = set()
    with tarfile.open(earlier, "r:") as tar:
        for name in sorted(names):
            try:
                info = tar.getmember(FILES + name)
            except KeyError:
                continue
            writer.add(info.name, tar.extractfile(info), size=info.size, mtime=info.mtime)
            found.add(name)
    return found


# Shared ---------------------------------------------------------------------------------------------------------------

def storage_location() -> Path:
    """Where the stored files are: the default storage's folder (`$SENDRESOLVE_VAR_DIR/files`)."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupRefused(f"Backup and restore copy files from a file-system storage only; the default storage "
                            f"is a {type(storage).__name__}.")
    return Path(storage.location)


def file_columns() -> list[tuple[str, str]]:
    """Every column that names a stored file, from the models: the check after the copy needs no app's help."""
    return sorted({(model._meta.db_table, field.column) for model in apps.get_models() if not model._meta.proxy
                   for field in model._meta.local_concrete_fields if isinstance(field, models.FileField)})


def private_folders(folder: Path) -> None:
    """`folder` and any parent it needs, made for the service's user alone (0700), as the storage makes them."""
    mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o700
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=mode, exist_ok=True)
        new.chmod(mode)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def human_size(size: float) -> str:
    """A size as an operator reads it: 3.2 MB."""
    if size < 1000:
        return f"{size:,.0f} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1000
        if size < 1000 or unit == "TB":
            break
    return f"{size:,.1f} {unit}"


def service_version() -> str:
    try:
        return metadata.version("sendresolve")
    except metadata.PackageNotFoundError:
        return "unknown"


def mfa_key_ids() -> list[str]:
    """Which keys encrypt staff authenticator secrets, as ids that reveal nothing of the keys."""
    return [hashlib.sha256(b"sendresolve MFA key id:" + key.encode()).hexdigest()[:16]
            for key in getattr(settings, "MFA_ENCRYPTION_KEYS", [])]


def _canonical(body: dict) -> bytes:
    return json.dumps({key: value for key, value in body.items() if key != "signature"}, sort_keys=True,
                      separators=(",", ":")).encode()


def _signature(body: dict, secret: str) -> str:
    return salted_hmac(_SIGNING_SALT, _canonical(body), secret=secret, algorithm="sha256").hexdigest()


def manifest_signed(body: dict) -> dict:
    """`body` with its signature, made with this service's secret key."""
    return {**body, "signature": _signature(body, settings.SECRET_KEY)}


def signed_here(manifest: dict) -> bool:
    """Whether this service's secret key (or one it has rotated from) signed the manifest."""
    signature = manifest.get("signature")
    return isinstance(signature, str) and any(
        constant_time_compare(signature, _signature(manifest, secret))
        for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])])
