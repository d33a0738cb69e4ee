"""`ppuri serve` as production runs it: Gunicorn with two workers, a real process on a free port, on a
database of its own (SQLite here; the load benchmark runs it on PostgreSQL). Each worker warms up (the
search analyser's model) before it takes a request; every access line is JSON carrying the request id
the response carries; health and readiness answer; SIGTERM stops it."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

WORKERS = 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "MEDIA_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PPURI_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1", LOG_FORMAT="json")
    subprocess.run([sys.executable, "-m", "ppuri.cli", "migrate", "-v0"], env=env, check=True)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "ppuri.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while log_path.read_text().count("warmed up in") < WORKERS:
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", log_path, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def _get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.status, dict(response.headers), response.read()


def test_the_production_server_serves_warm_workers_with_json_access_lines(server):
    url, log_path, process = server
    status, headers, body = _get(f"{url}/readyz")
    assert status == 200 and json.loads(body)["migrations"] == "ok"
    status, headers, _body = _get(f"{url}/search/?q=%EC%A3%BC%EC%A1%B0")  # 주조
    assert status == 200
    request_id = headers["X-Request-ID"]
    time.sleep(0.5)  # the access line is written after the response
    access = [json.loads(line) for line in log_path.read_text().splitlines() if '"gunicorn.access"' in line]
    searched = [line for line in access if line["path"] == "/search/"]
    assert searched and searched[-1]["request_id"] == request_id and searched[-1]["status"] == 200
    # Both workers warmed up before either served: the warm-up lines come before every access line.
    lines = log_path.read_text().splitlines()
    warm = [n for n, line in enumerate(lines) if "warmed up in" in line]
    first_access = min(n for n, line in enumerate(lines) if '"gunicorn.access"' in line)
    assert len(warm) == WORKERS and max(warm) < first_access
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0


@pytest.mark.django_db
def test_the_web_warm_up_compiles_every_template_and_searches_without_writing(db):
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext

    from ppuri.core.web_warm_up import web_warm_up

    with CaptureQueriesContext(connection) as queries:
        compiled = web_warm_up()
    assert compiled > 100
    statements = [query["sql"].lstrip().split(None, 1)[0].upper() for query in queries]
    assert "SELECT" in statements  # the search
    # DECLARE: PostgreSQL's server-side cursor of a SELECT (QuerySet.iterator)
    assert set(statements) <= {"SELECT", "DECLARE", "SAVEPOINT", "RELEASE"}, statements
    cached = engines["django"].engine.template_loaders[0]
    assert type(cached).__module__ == "django.template.loaders.cached"  # what keeps them compiled
    assert len(cached.get_template_cache) >= compiled
