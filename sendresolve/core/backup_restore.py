"""Checking a backup and restoring it (the archive and the reasons for its shape: `backup.py`, ADR 17). Every check
runs before anything changes: the archive is whole (nothing cut short, added or removed), every member matches its
SHA-256, the manifest is signed with this service's secret key, and the backup fits this service (its engine,
migrations this code has, the MFA key of its authenticator secrets); a restore then goes into an empty database and
file storage, or replaces them when told to.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.crypto import constant_time_compare

from sendresolve.core.backup import (
    DATABASE_MEMBERS,
    FILES,
    FORMAT,
    MANIFEST,
    BackupRefused,
    human_size,
    mfa_key_ids,
    private_folders,
    signed_here,
    storage_location,
)
from sendresolve.core.backup_engines import ENGINE_LABELS, engine_for, private_file

_MANIFEST_LIMIT = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
_MADE_BY_MIGRATE = {"django_migrations", "django_content_type", "auth_permission"}


@dataclass(frozen=True)
class Restored:
    """What a restore put back, from a backup described by `manifest`."""

    manifest: dict
    files: int
    migrations_to_apply: int  # this code's migrations that the backup predates: `migrate` before starting


def backup_check(*, path: Path, keys_lost: bool = False) -> dict:
    """Reads the whole backup and checks it as a restore would, changing nothing; returns its manifest."""
    engine = engine_for(DEFAULT_DB_ALIAS)
    location = storage_location()
    private_folders(location)
    with tempfile.TemporaryDirectory(prefix=".sendresolve-check-", dir=location.parent) as staging:
        manifest = _read_verified(Path(path), Path(staging), stage_files=False, keys_lost=keys_lost)
        _check_fits(manifest, engine, keys_lost=keys_lost)
        engine.check_snapshot(Path(staging) / engine.member)
    return manifest


def backup_restore(*, path: Path, replace: bool = False, keys_lost: bool = False) -> Restored:
    """Restores a backup into this service's database and file storage, which must be empty unless `replace`. Every
    check runs before anything changes: a refused backup leaves the service as it was."""
    engine = engine_for(DEFAULT_DB_ALIAS)
    location = storage_location()
    private_folders(location)
    staging = Path(tempfile.mkdtemp(prefix=".sendresolve-restore-", dir=location.parent))
    try:
        manifest = _read_verified(Path(path), staging, stage_files=True, keys_lost=keys_lost)
        _check_fits(manifest, engine, keys_lost=keys_lost)
        engine.check_snapshot(staging / engine.member)
        held = _what_is_held(engine, location)
        if held and not replace:
            raise BackupRefused(f"Not restored: this service is not empty: {held}. Restoring would replace all of "
                                "it: run again with --replace to do that.")
        engine.restore(snapshot=staging / engine.member, replace=replace, work=staging)
        files = _put_files(staging / FILES, location, clear=replace)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    to_apply = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return Restored(manifest=manifest, files=files, migrations_to_apply=to_apply)


def _read_verified(path: Path, staging: Path, *, stage_files: bool, keys_lost: bool) -> dict:
    """The manifest, once every member is there, listed, unchanged and signed; the database (and, if asked, the
    files) copied into `staging` on the way."""
    if not path.is_file():
        raise BackupRefused(f"Not restored: {path} is not a file.")
    try:
        with tarfile.open(path, "r:") as tar:
            members = tar.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupRefused(f"Not restored: {path.name} has no manifest: it was cut short, or is not a "
                                    "SEND Resolve backup.")
            for name, count in Counter(names).items():
                if count > 1:
                    raise BackupRefused(f"Not restored: {path.name} holds {name} twice: it was changed after it was "
                                        "made.")
            by_name = {member.name: member for member in members}
            manifest = _manifest_read(tar, by_name[MANIFEST], path.name, keys_lost=keys_lost)
            listed = {member["name"]: member for member in manifest["members"]}
            for name in names:
                if name != MANIFEST and name not in listed:
                    raise BackupRefused(f"Not restored: {path.name} holds {name}, which its manifest does not list: "
                                        "it was changed after it was made.")
            for name in listed:
                if name not in by_name:
                    raise BackupRefused(f"Not restored: {path.name} lacks {name}, which its manifest lists: it was cut "
                                        "short, or changed after it was made.")
            for name, expected in listed.items():
                member = by_name[name]
                if not member.isreg() or member.size != expected["size"]:
                    raise BackupRefused(f"Not restored: {name} in {path.name} is not the file its manifest describes: "
                                        "the backup is damaged or was changed after it was made.")
                keep = name == DATABASE_MEMBERS[manifest["engine"]] or stage_files
                _check_member(tar, member, expected, staging.joinpath(*name.split("/")) if keep else None,
                              path.name)
    except (tarfile.TarError, EOFError) as error:
        raise BackupRefused(f"Not restored: {path.name} cannot be read as a backup ({error}): it is damaged or was "
                            "cut short.") from error
    return manifest


def _manifest_read(tar: tarfile.TarFile, member: tarfile.TarInfo, archive: str, *, keys_lost: bool) -> dict:
    unreadable = BackupRefused(f"Not restored: the manifest of {archive} cannot be read: it is damaged or was changed.")
    if not member.isreg() or member.size > _MANIFEST_LIMIT:
        raise unreadable
    try:
        manifest = json.loads(tar.extractfile(member).read())
    except ValueError as error:
        raise unreadable from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupRefused(f"Not restored: {archive} is in the format {found!r}, which this version of SEND Resolve "
                            f"does not read (it reads {FORMAT}).")
    if not keys_lost and not signed_here(manifest):
        raise BackupRefused(f"Not restored: the manifest of {archive} is not signed with this service's secret key: it "
                            "was changed after it was made, or made by a service with another DJANGO_SECRET_KEY (set "
                            "that key; --keys-lost if it is lost for good).")
    try:
        members = manifest["members"]
        valid = (manifest["engine"] in DATABASE_MEMBERS and isinstance(manifest["migrations"], dict)
                 and all(isinstance(m["name"], str) and isinstance(m["size"], int) and isinstance(m["sha256"], str)
                         and _member_name_is_safe(m["name"]) for m in members)
                 and len({m["name"] for m in members}) == len(members)
                 and DATABASE_MEMBERS[manifest["engine"]] in {m["name"] for m in members})
    except (KeyError, TypeError) as error:
        raise unreadable from error
    if not valid:
        raise unreadable
    return manifest


def _member_name_is_safe(name: str) -> bool:
    """The database, or a file under files/ with a plain relative name: never a path out of the storage."""
    if name in DATABASE_MEMBERS.values():
        return True
    if not name.startswith(FILES) or "\\" in name or "\0" in name:
        return False
    return all(part not in ("", ".", "..") for part in name[len(FILES):].split("/"))


def _check_member(tar: tarfile.TarFile, member: tarfile.TarInfo, expected: dict, keep: Path | None,
                  archive: str) -> None:
    digest, size = hashlib.sha256(), 0
    if keep is not None:
        private_folders(keep.parent)
    with tar.extractfile(member) as source, (private_file(keep) if keep else nullcontext()) as sink:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if sink is not None:
                sink.write(chunk)
    if size != expected["size"] or not constant_time_compare(digest.hexdigest(), expected["sha256"]):
        raise BackupRefused(f"Not restored: {member.name} in {archive} does not match its checksum: the backup is "
                            "damaged or was changed after it was made.")


def _check_fits(manifest: dict, engine, *, keys_lost: bool) -> None:
    """The backup is for this service: its engine, migrations this code has, and the MFA key its secrets need."""
    if manifest["engine"] != engine.name:
        raise BackupRefused(f"Not restored: the backup is of a {ENGINE_LABELS[manifest['engine']]} database and this "
                            f"service runs on {engine.label} (DATABASE_URL decides which).")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.replacements.values():
        known.update(migration.replaces)
    unknown = sorted(f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
                     if (app, name) not in known)
    if unknown:
        more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
        raise BackupRefused(f"Not restored: the backup was made by a newer SEND Resolve "
                            f"({manifest.get('service_version')}): its database has migrations this code does not "
                            f"have ({unknown[0]}{more}); restore it with that version or later.")
    ids = set(manifest.get("mfa_key_ids") or [])
    if ids and not keys_lost and not ids & set(mfa_key_ids()):
        raise BackupRefused("Not restored: the staff authenticator secrets in this backup are encrypted with an MFA "
                            "key this service does not have: set MFA_ENCRYPTION_KEYS (embedded: "
                            "var/mfa_encryption_key) to include it (--keys-lost if it is lost for good).")


def _what_is_held(engine, location: Path) -> str:
    """What a restore would overwrite, in words ('' when the database has no tables and the storage no files)."""
    rows = engine.rows_by_table()
    files, size = 0, 0
    for folder, _, names in os.walk(location):
        for name in names:
            files += 1
            size += Path(folder, name).lstat().st_size
    parts = []
    if rows:
        data = sorted((item for item in rows.items() if item[1] and item[0] not in _MADE_BY_MIGRATE),
                      key=lambda item: (-item[1], item[0]))
        detail = (f" ({', '.join(f'{table} {count:,}' for table, count in data[:3])}"
                  f"{f' and {len(data) - 3} more tables' if len(data) > 3 else ''})" if data
                  else " (only what `migrate` makes)")
        parts.append(f"the database has {len(rows)} tables with {sum(rows.values()):,} rows{detail}")
    if files:
        parts.append(f"the file storage holds {files:,} files ({human_size(size)})")
    return " and ".join(parts)


def _put_files(staged: Path, location: Path, *, clear: bool) -> int:
    if clear:
        for child in location.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    moved = 0
    if not staged.is_dir():
        return moved
    for folder, _, names in os.walk(staged):
        target_folder = location / Path(folder).relative_to(staged)
        private_folders(target_folder)
        for name in names:
            shutil.move(Path(folder, name), target_folder / name)  # a rename on one file system; 0600 either way
            (target_folder / name).chmod(settings.FILE_UPLOAD_PERMISSIONS or 0o600)
            moved += 1
    return moved
