"""The restore drill (issue 19): back up the demo Incheon with its uploaded files, restore into an empty
database and an empty MEDIA_ROOT, and find the same row count in every table and the same files —
on whichever database the suite runs (SQLite and PostgreSQL in CI). And bad input: what is not a
backup, a database that is not empty, a backup of the other engine."""

import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from ppuri.core.backup import BackupError, backup_create, backup_restore
from ppuri.demo.services import demo_load

FILES = {
    "imports/2026/공장등록현황.csv": "회사명,공장주소\n(주)한빛주조,인천광역시 남동구\n".encode("cp949"),
    "documents/certificate.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 40,
    "top.txt": b"ppuri",
}


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        if connection.vendor == "postgresql":
            # With the search index's partitions, which Django's introspection leaves out.
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = [row[0] for row in cursor.fetchall()]
        else:
            tables = connection.introspection.table_names(cursor)
        for table in tables:
            if table.startswith("sqlite_"):
                continue  # SQLite's own (statistics): not Ppuri's data
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
        return counts


def _empty_database(tmp_path: Path):
    """Settings of a new, empty database of the suite's engine, and a way to count its rows."""
    database = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        database["NAME"] = str(tmp_path / "restored.sqlite3")

        def counts() -> dict[str, int]:
            restored = sqlite3.connect(database["NAME"])
            try:
                names = [
                    row[0]
                    for row in restored.execute(
                        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                return {n: restored.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
            finally:
                restored.close()

        def execute(sql: str) -> None:
            restored = sqlite3.connect(database["NAME"])
            restored.execute(sql)
            restored.commit()
            restored.close()

        return database, counts, execute, lambda: None
    import psycopg

    name = f"ppuri_restore_{uuid.uuid4().hex[:12]}"
    server = {k: database.get(k) or None for k in ("HOST", "PORT", "USER", "PASSWORD")}
    admin = psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=server["HOST"],
        port=server["PORT"],
        user=server["USER"],
        password=server["PASSWORD"],
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    database["NAME"] = name

    def counts() -> dict[str, int]:
        with (
            psycopg.connect(
                dbname=name,
                host=server["HOST"],
                port=server["PORT"],
                user=server["USER"],
                password=server["PASSWORD"],
            ) as restored,
            restored.cursor() as cursor,
        ):
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            names = [row[0] for row in cursor.fetchall()]
            found = {}
            for table in names:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                found[table] = cursor.fetchone()[0]
            return found

    def execute(sql: str) -> None:
        with psycopg.connect(
            dbname=name,
            host=server["HOST"],
            port=server["PORT"],
            user=server["USER"],
            password=server["PASSWORD"],
        ) as restored:
            restored.execute(sql)

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return database, counts, execute, drop


@pytest.mark.django_db(transaction=True)
def test_the_demo_restores_into_an_empty_database_with_every_row_and_file(tmp_path):
    media = tmp_path / "media"
    for name, content in FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    with override_settings(MEDIA_ROOT=media):
        demo_load(seed=settings.PPURI_DEMO_SEED)
        before = _live_counts()
        archive = backup_create(directory=tmp_path / "backups")
    assert archive.name.startswith("ppuri-backup-") and archive.suffix == ".tar"
    assert sum(before.values()) > 10_000  # the demo, not an empty database

    database, restored_counts, _execute, drop = _empty_database(tmp_path)
    restored_media = tmp_path / "restored-media"
    try:
        with override_settings(MEDIA_ROOT=restored_media):
            report = backup_restore(archive=archive, database=database)
        after = restored_counts()
    finally:
        drop()
    assert after == before
    # The demo stores uploads of its own (documents, photos) beside the files written here.
    source = {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert set(FILES) < set(source)
    assert report.rows == sum(before.values()) and report.files == len(source)
    restored = {
        p.relative_to(restored_media).as_posix(): p.read_bytes()
        for p in restored_media.rglob("*")
        if p.is_file()
    }
    assert restored == source


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        archive = backup_create(directory=tmp_path)
    database, counts, execute, drop = _empty_database(tmp_path)
    try:
        execute("CREATE TABLE kept (note varchar(20))")
        execute("INSERT INTO kept VALUES ('이미 있는 자료')")
        with pytest.raises(BackupError, match="not empty"), override_settings(MEDIA_ROOT=tmp_path / "m"):
            backup_restore(archive=archive, database=database)
        assert counts() == {"kept": 1}
    finally:
        drop()
    assert not (tmp_path / "m").exists()


def test_what_is_not_a_backup_is_refused_with_the_reason(tmp_path):
    stray = tmp_path / "notes.tar"
    stray.write_bytes(b"this is not a tar archive")
    with pytest.raises(BackupError, match="not a Ppuri backup"):
        backup_restore(archive=stray, database={"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})
    plain = tmp_path / "plain.tar"
    with tarfile.open(plain, "w") as tar:
        tar.add(stray, arcname="notes.txt")
    with pytest.raises(BackupError, match=r"manifest\.json"):
        backup_restore(archive=plain, database={"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "missing.tar"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_one_engine_is_not_restored_into_the_other(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        archive = backup_create(directory=tmp_path)
    other = (
        {"ENGINE": "django.db.backends.postgresql", "NAME": "unused"}
        if connection.vendor == "sqlite"
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
    )
    with pytest.raises(BackupError, match="cannot be restored into"):
        backup_restore(archive=archive, database=other)
    assert not (tmp_path / "x.sqlite3").exists()


@pytest.mark.django_db(transaction=True)
def test_a_crafted_archive_writes_nothing_outside_media_root(tmp_path):
    import io
    import json

    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        archive = backup_create(directory=tmp_path / "backups")
    assert archive.stat().st_mode & 0o777 == 0o600  # the whole database: its owner's only
    crafted = tmp_path / "crafted.tar"
    with tarfile.open(archive) as source, tarfile.open(crafted, "w") as tar:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "manifest.json":
                manifest = json.loads(data.read())
                manifest["files"]["../escaped.txt"] = "0" * 64
                body = json.dumps(manifest).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
            else:
                tar.addfile(member, data)
        evil = tarfile.TarInfo("media/../escaped.txt")
        evil.size = 4
        tar.addfile(evil, io.BytesIO(b"evil"))
    database, _counts, _execute, drop = _empty_database(tmp_path)
    try:
        with override_settings(MEDIA_ROOT=tmp_path / "restored-media"), pytest.raises(BackupError):
            backup_restore(archive=crafted, database=database)
    finally:
        drop()
    assert not (tmp_path / "escaped.txt").exists()
