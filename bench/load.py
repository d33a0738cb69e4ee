"""Load: Ppuri's production server (`ppuri serve`, 4 workers) on PostgreSQL under a read mix and a write
mix at 50 concurrent connections on loopback, against a bare view on the same server (issue 19).

    .venv/bin/python bench/load.py     # DATABASE_URL names the PostgreSQL server (default: this host's)

What it does:
1. a scratch database `ppuri_load` on that server (dropped at the end), the demo loaded into it, and API
   tokens for the writers: the demo's buyer (sourcing requests), its supplier (challenges) and 120 job
   seekers with profiles (applications, each to a different open job);
2. `ppuri serve --workers 4` on a free port with DEBUG off and the API's rate limits raised (this measures
   the server, not the limits, which tests/test_api_limits.py covers);
3. the first search each fresh worker answers (it loaded the analyser before taking requests);
   The shared cache is Redis as in production (REDIS_URL, or this host's database 15) when one answers;
4. wrk (installed with apt-get when missing) for BENCH_SECONDS (default 20) per run: the bare view
   /livez (every middleware, no database) as the baseline, the read mix (home, directory with facets,
   search, company profile, API list) and the write mix (POST sourcing request, challenge, job
   application, with bearer tokens).

Prints req/s, p50/p95/p99 and errors (socket errors and non-2xx/3xx answers) per run, and the read mix's
req/s as a share of the bare view's. Goals: read mix ≥ 50 % of the bare view, p95 ≤ 300 ms, no errors;
the first search in a fresh worker ≤ 200 ms. Asserts nothing.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "ppuri_load"
WORKERS = 4
CONNECTIONS = 50
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
SEEKERS = 120
SEARCHES = ["다이캐스팅", "열처리", "무전해니켈도금", "금형 수리", "알루미늄 용접"]

# wrk's Lua: each request takes the next of its thread's list; done() prints one line of JSON.
LUA = """
local items = {}
local next_item = 1
local counter = 0
-- `offset` is a global: setup() gives each thread its own (a local here would hide it)
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter - 1)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do
    local method, path, token, body = line:match("^(%S+)\\t(%S+)\\t(%S*)\\t(.*)$")
    table.insert(items, {method, path, token, body})
  end
  offset = (offset or 0) % #items
  next_item = 1 + offset
end
function request()
  local item = items[next_item]
  next_item = next_item + THREADS
  if next_item > #items then next_item = 1 + offset end
  local headers = {}
  if item[3] ~= "" then headers["Authorization"] = "Bearer " .. item[3] end
  if item[4] ~= "" then headers["Content-Type"] = "application/json" end
  return wrk.format(item[1], item[2], headers, item[4] ~= "" and item[4] or nil)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "p99": %d, "socket_errors": %d, '
    .. '"status_errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""
THREADS = 2  # wrk threads: the machine has two cores, and the server wants them too


def database_url(name: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(statement)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: apt-get install wrk (as root), then run again")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)  # noqa: S607
    return shutil.which("wrk") or sys.exit("wrk did not install")


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """Migrate, load the demo and make the writers' tokens, in a child process on the load database."""
    script = ROOT / "bench" / "_load_setup.py"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(script)], env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"preparing the load database failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def redis_url() -> str | None:
    """Production's shared cache: REDIS_URL, or this host's Redis (database 15, emptied first) when one
    answers; None leaves Ppuri's file cache, as on one machine without Redis."""
    url = os.environ.get("REDIS_URL")
    if url is None:
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        except OSError:
            return None
        url = "redis://127.0.0.1:6379/15"
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("wb") as out:
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
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 180
    while log.read_text(errors="replace").count("warmed up in") < WORKERS:
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the server did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    return process, f"http://127.0.0.1:{port}"


def first_searches(base: str) -> list[float]:
    """One search per worker, each on a new connection, as the workers take them in turn."""
    times = []
    for number in range(WORKERS):
        url = f"{base}/search/?q={quote(SEARCHES[number % len(SEARCHES)])}"
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    return times


def run_wrk(
    wrk: str, base: str, items: list[tuple[str, str, str, str]], folder: Path, name: str
) -> dict[str, Any]:
    listing = folder / f"{name}.tsv"
    listing.write_text("".join(f"{m}\t{p}\t{t}\t{b}\n" for m, p, t, b in items), encoding="utf-8")
    script = folder / "mix.lua"
    script.write_text(LUA.replace("THREADS", str(THREADS)), encoding="utf-8")
    command = [
        wrk,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    result = subprocess.run([*command, base, str(listing)], check=True, capture_output=True, text=True)  # noqa: S603
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = figures["socket_errors"] + figures["status_errors"]
    return figures


def failures(log: Path, start: int) -> str:
    """The answers that were not 2xx/3xx since `start` (a byte offset of the server's log), by status and
    path, from Gunicorn's JSON access lines."""
    counts: dict[tuple[int, str], int] = {}
    with log.open("rb") as lines:
        lines.seek(start)
        for line in lines:
            if b'"gunicorn.access"' not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            status = int(entry.get("status", 0))
            if status >= 400:
                parts = str(entry.get("path")).split("/")
                path = "/".join("{id}" if part.isdigit() else part for part in parts)
                counts[(status, path)] = counts.get((status, path), 0) + 1
    return ", ".join(f"{count:,} × {status} {path}" for (status, path), count in sorted(counts.items()))


def show(label: str, figures: dict[str, Any], baseline: float | None = None) -> None:
    ratio = f"  {figures['rps'] / baseline:6.0%} of bare" if baseline else ""
    print(
        f"{label:<34} {figures['rps']:8,.0f} req/s  p50 {figures['p50'] / 1000:6.1f} ms"
        f"  p95 {figures['p95'] / 1000:6.1f} ms  p99 {figures['p99'] / 1000:6.1f} ms"
        f"  errors {figures['errors']:,} of {figures['requests']:,}{ratio}"
    )


def main() -> None:
    wrk = ensure_wrk()
    folder = Path(tempfile.mkdtemp(prefix="ppuri-load-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DATABASE_URL=database_url(DATABASE),
        PPURI_VAR_DIR=str(folder),
        DEBUG="false",
        DATABASE_CONN_MAX_AGE="60",  # production's default (settings.py); development's is 0
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONUNBUFFERED="1",
        PPURI_API_ANON_RATE="1000000/m",
        PPURI_API_USER_RATE="1000000/m",
    )
    cache = redis_url()
    if cache:
        env["REDIS_URL"] = cache
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE}")
    admin_sql(f"CREATE DATABASE {DATABASE}")
    process = None
    try:
        facts = prepare(env)
        process, base = start_server(env, folder / "serve.log")
        print(
            f"load benchmark · PostgreSQL · ppuri serve, {WORKERS} workers · wrk {CONNECTIONS} connections,"
            f" {SECONDS} s a run · demo with {facts['companies']:,} companies"
            f" · cache: {'Redis' if cache else 'files'}"
        )
        firsts = first_searches(base)
        print(f"{'first search in each fresh worker':<34} " + ", ".join(f"{ms:.0f} ms" for ms in firsts))
        bare = run_wrk(wrk, base, [("GET", "/livez", "", "")], folder, "bare")
        show("bare view /livez (baseline)", bare)
        reads = [("GET", path, "", "") for path in facts["reads"]]
        log = folder / "serve.log"
        read: dict[str, Any] = {}
        for name, items in [("read mix", reads), ("write mix", [tuple(item) for item in facts["writes"]])]:
            start = log.stat().st_size
            figures = run_wrk(wrk, base, items, folder, name.replace(" ", "-"))  # type: ignore[arg-type]
            show(name, figures, bare["rps"])
            if figures["errors"]:
                print(f"{'':<34} failed: {failures(log, start) or 'socket errors only'}")
            if name == "read mix":
                read = figures
        goal = read["rps"] >= 0.5 * bare["rps"] and read["p95"] <= 300_000 and read["errors"] == 0
        print(
            f"goal (read mix ≥ 50 % of bare, p95 ≤ 300 ms, no errors): {'met' if goal else 'not met'}"
            f"; first search ≤ 200 ms: {'met' if max(firsts) <= 200 else 'not met'}"
        )
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
