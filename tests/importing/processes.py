"""A Ppuri of its own for tests that start real `ppuri db_worker` processes.

Its database (a SQLite file, or a PostgreSQL database beside the test database when DATABASE_URL points
at PostgreSQL), media and cache live under tmp_path and are shared by the workers and by this test
process, whose default connection is swapped for the test's length. pytest-django's test database cannot
serve: on SQLite it lives in this process's memory. Migrations run once per module into a template that
each test copies.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.utils import load_backend

# Beats every 0.67 s. The worker loads the search analyser (which holds the GIL, and so stops the
# heartbeat thread, for about 2 s) before it beats or takes work (core.worker.worker_warm_up); what is
# left are batches of analysis, which release it.
LEASE_SECONDS = 4
SQLITE_TIMEOUT = 1  # seconds a write waits for SQLite's lock before "database is locked"
WORKER_OPTIONS = ("--no-startup-delay", "--interval", "0.2")  # 0.2 s between looks at an empty queue
OUR_VARIABLES = {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PPURI_VAR_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@dataclass
class Template:
    """A migrated database to copy: a SQLite file, or a PostgreSQL database used as a template."""

    engine: str  # "sqlite" or "postgresql"
    path: Path | None = None
    url: str | None = None
    name: str = ""


def migrate_template(root: Path, *, engine: str) -> Template:
    root.mkdir(parents=True, exist_ok=True)
    env = _base_env(root)
    if engine == "postgresql":
        base = postgres_url()
        assert base, "a PostgreSQL template needs DATABASE_URL"
        # One template per pytest-xdist worker: two workers must not drop each other's.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = f"{urlsplit(base).path.lstrip('/')}_{worker}_workers_tpl"
        _postgres_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = _with_database(base, name)
        template = Template(engine, url=base, name=name)
    else:
        template = Template(engine, path=root / "ppuri.sqlite3")
    _run(["migrate", "--noinput", "-v0"], env=env)
    return template


def template_from_test_database(root: Path) -> Template:
    """On SQLite: the suite's test database (migrated already, and empty between tests) copied to a
    file, where a `migrate` of its own in a subprocess took six seconds."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "ppuri.sqlite3"
    source = connections["default"]
    assert source.vendor == "sqlite"
    source.ensure_connection()
    with sqlite3.connect(path) as target:
        source.connection.backup(target)
    with sqlite3.connect(path) as copied:
        (organizations,) = copied.execute("SELECT count(*) FROM registry_organization").fetchone()
    assert organizations == 0, "the test database held rows when the template was copied"
    return Template("sqlite", path=path)


def drop_template(template: Template) -> None:
    if template.engine == "postgresql":
        assert template.url
        _postgres_admin(template.url, f'DROP DATABASE IF EXISTS "{template.name}" WITH (FORCE)')


def _base_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    env.update(
        PPURI_VAR_DIR=str(root),
        MEDIA_ROOT=str(root / "media"),
        PPURI_WORKER_LEASE_SECONDS=str(LEASE_SECONDS),
        DATABASE_SQLITE_TIMEOUT=str(SQLITE_TIMEOUT),
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(args: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "ppuri.cli", *args], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-3000:]


@dataclass
class Site:
    root: Path
    env: dict[str, str]
    database: dict[str, Any]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _logs: list[TextIO] = field(default_factory=list)

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database["NAME"])

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.root / f"worker-{len(self.workers)}.log").open("w")
        self._logs.append(log)
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "ppuri.cli", "db_worker", "--no-reload", *WORKER_OPTIONS],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def worker_log(self, index: int) -> str:
        return (self.root / f"worker-{index}.log").read_text()

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        for log in self._logs:
            log.close()


def wait_for[T](check: Callable[[], T], *, timeout: float, what: str, every: float = 0.05) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(every)


@contextmanager
def site_from(template: Template, root: Path) -> Iterator[Site]:
    """A fresh copy of the template, with this process's default connection pointed at it."""
    root.mkdir(parents=True, exist_ok=True)
    env = _base_env(root)
    default = dict(connections.settings["default"])
    if template.engine == "postgresql":
        assert template.url
        name = f"{template.name.removesuffix('_tpl')}_{os.getpid()}"
        _postgres_admin(
            template.url,
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"',
        )
        env["DATABASE_URL"] = _with_database(template.url, name)
        database = {**default, **dj_database_url.parse(env["DATABASE_URL"])}
        database["OPTIONS"] = {"options": "-c jit=off -c max_parallel_workers_per_gather=0"}
    else:
        assert template.path
        path = root / "ppuri.sqlite3"
        with sqlite3.connect(template.path) as source, sqlite3.connect(path) as target:
            source.backup(target)
        database = {**default, **dj_database_url.parse(f"sqlite:///{path}")}
        database["OPTIONS"] = {
            "timeout": SQLITE_TIMEOUT,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    site = Site(root=root, env=env, database=database)
    previous = connections["default"]
    connections["default"] = load_backend(database["ENGINE"]).DatabaseWrapper(database, "default")
    # Content type ids are cached per process: those of the suite's database (from earlier tests in
    # this process) are not those of the migrated copy, and the other way round afterwards.
    ContentType.objects.clear_cache()
    try:
        yield site
    finally:
        site.stop()
        connections["default"].close()
        connections["default"] = previous
        ContentType.objects.clear_cache()
        if template.engine == "postgresql":
            assert template.url
            _postgres_admin(template.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(root / "media", ignore_errors=True)
