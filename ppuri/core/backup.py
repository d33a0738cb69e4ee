"""Backups of a Ppuri installation, and their restore: the database and the uploaded files in one tar
archive with a manifest (`ppuri backup`, `ppuri restore`; docs/deploy.md).

- **PostgreSQL**: `pg_dump` in its custom format, restored by `pg_restore` in one transaction. The row
  counts in the manifest are taken in the very snapshot the dump reads (`pg_export_snapshot` and
  `pg_dump --snapshot`), so a restore can check them exactly even while Ppuri keeps writing.
- **SQLite**: the online backup API (a consistent copy of a live database, sqlite3.Connection.backup);
  the counts are read from the copy.
- **Files**: everything under MEDIA_ROOT, each with its SHA-256 in the manifest.

A restore goes only into an empty database (no Ppuri tables yet) and never overwrites a file that is
there with other contents; it checks every table's row count and every file's checksum against the
manifest and says which differ. Nothing here is the first tool of its kind: pg_dump, pg_restore and the
SQLite backup API do the work; this module ties them to Ppuri's settings and checks the result.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def _engine(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"]).rsplit(".", 1)[-1]
    if engine not in ("postgresql", "sqlite3"):
        raise BackupError(f"unsupported database engine: {engine}")
    return engine


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# --- PostgreSQL ------------------------------------------------------------------------------------


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install PostgreSQL's client programs (postgresql-client)")
    return found


def _pg_environment(database: dict[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            environment[variable] = str(database[key])
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return environment


def _pg_connect(database: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )


def _pg_counts(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_backup(database: dict[str, Any], target: Path) -> dict[str, int]:
    import psycopg

    with _pg_connect(database) as connection:
        # One snapshot for the counts and the dump.
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            command = [_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
            result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [*command, str(database["NAME"])],
                env=_pg_environment(database),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _pg_restore(database: dict[str, Any], dump: Path) -> dict[str, int]:
    with _pg_connect(database) as connection, connection.cursor() as cursor:
        if _pg_counts(cursor):
            raise BackupError(f"the database {database['NAME']} is not empty: restore into a new one")
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            _program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        env=_pg_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed (nothing was restored): {result.stderr.strip()}")
    with _pg_connect(database) as connection, connection.cursor() as cursor:
        return _pg_counts(cursor)


# --- SQLite ----------------------------------------------------------------------------------------


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        table: int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])  # noqa: S608
        for table in tables
    }


def _sqlite_backup(alias: str, target: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _sqlite_restore(database: dict[str, Any], copy: Path) -> dict[str, int]:
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"{name} is not a database file: restore into a file (DATABASE_URL)")
    target = Path(name)
    if target.exists() and target.stat().st_size:
        existing = sqlite3.connect(target)
        try:
            if _sqlite_counts(existing):
                raise BackupError(f"the database {target} is not empty: restore into a new one")
        finally:
            existing.close()
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        return _sqlite_counts(destination)
    finally:
        source.close()
        destination.close()


# --- The archive -----------------------------------------------------------------------------------


def backup_create(*, directory: Path, alias: str = "default") -> Path:
    """Write `ppuri-backup-<time>.tar` into `directory`: the database, MEDIA_ROOT's files and the
    manifest. Written under a temporary name and renamed when whole."""
    database = connections[alias].settings_dict
    engine = _engine(database)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    archive = directory / f"ppuri-backup-{stamp}.tar"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / (PG_DUMP if engine == "postgresql" else SQLITE_COPY)
        counts = _pg_backup(database, dump) if engine == "postgresql" else _sqlite_backup(alias, dump)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "tables": counts,
            "files": files,
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            tar.add(dump, arcname=dump.name)
            for name in files:
                tar.add(media_root / name, arcname=f"{MEDIA}/{name}")
        partial.chmod(0o600)  # the whole database, personal data included: its owner's only
        partial.replace(archive)
    return archive


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def _opened(archive: Path) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    try:
        tar = tarfile.open(archive, "r")  # noqa: SIM115 - closed by the `with` below, once it opened
    except tarfile.TarError as exc:
        raise BackupError(f"{archive}: not a Ppuri backup ({exc})") from None
    with tar:
        try:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
        except (KeyError, ValueError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{archive}: no readable {MANIFEST}; not a Ppuri backup of format {FORMAT}")
        yield tar, manifest


def backup_restore(*, archive: Path, database: dict[str, Any] | None = None) -> RestoreReport:
    """Restore the archive into an empty database (Ppuri's own unless `database`, settings as in
    DATABASES, names another) and MEDIA_ROOT, then check every table's row count and every file's
    checksum against the manifest."""
    if database is None:
        connections["default"].close()  # the restore writes through its own connection
        database = connections["default"].settings_dict
    engine = _engine(database)
    media_root = Path(settings.MEDIA_ROOT)
    with _opened(archive) as (tar, manifest):
        if manifest["engine"] != engine:
            raise BackupError(
                f"{archive}: a {manifest['engine']} backup cannot be restored into {engine}; "
                "restore it into the same kind of database"
            )
        files: dict[str, str] = manifest["files"]
        clashes = [
            name
            for name, digest in files.items()
            if (media_root / name).exists() and _sha256(media_root / name) != digest
        ]
        if clashes:
            raise BackupError(
                f"files in {media_root} differ from the backup's, not overwritten: {clashes[:5]}"
            )
        # Every file checked before anything is written: only the files the manifest lists, and only
        # inside MEDIA_ROOT (a crafted archive's "media//etc/…" or "media/../…" writes nowhere).
        root = media_root.resolve()
        media: list[tuple[tarfile.TarInfo, Path]] = []
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(f"{MEDIA}/"):
                relative = member.name.removeprefix(f"{MEDIA}/")
                target = media_root / relative
                if relative not in files or not target.resolve().is_relative_to(root):
                    raise BackupError(f"{archive}: {member.name} is not a file of this backup")
                media.append((member, target))
        with tempfile.TemporaryDirectory() as work:
            name = PG_DUMP if engine == "postgresql" else SQLITE_COPY
            try:
                tar.extract(name, work, filter="data")
            except KeyError:
                raise BackupError(f"{archive}: holds no {name}") from None
            dump = Path(work) / name
            restore = _pg_restore if engine == "postgresql" else _sqlite_restore
            counts = restore(database, dump)
            for member, target in media:
                if target.exists():
                    continue  # the same file (checked above)
                tar.extract(member, work, filter="data")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(Path(work) / member.name, target)
    differ = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if differ:
        raise BackupError(f"row counts differ from the backup's (table: backup, restored): {differ}")
    damaged = [name for name, digest in files.items() if _sha256(media_root / name) != digest]
    if damaged:
        raise BackupError(f"files differ from the backup's checksums: {damaged[:5]}")
    return RestoreReport(tables=len(counts), rows=sum(counts.values()), files=len(files))
