"""Gunicorn's settings for `ppuri serve` (the production web server; docs/deploy.md).

Sync workers behind a reverse proxy that buffers slow clients (nginx), as Gunicorn advises for Django.
Each worker loads what the first request would otherwise wait for — the search analyser's model (about a
second and 300 MiB), the registered warm-ups of ppuri.core.worker, the URL patterns, catalogues and
templates (ppuri.core.web_warm_up) — after loading Ppuri and before it takes a request. It is loaded per
worker, not once in the master before forking: the analyser starts threads, and threads do not survive a
fork.
"""

import multiprocessing
import os
import time
from typing import Any

bind = os.environ.get("PPURI_BIND", "127.0.0.1:8000")
# Gunicorn's rule of thumb (2 × cores + 1), at most 9: the analyser's model costs each worker memory.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
timeout = int(os.environ.get("PPURI_WORKER_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (jittered so they do not all restart together): memory
# a long-lived Python process gathers is given back.
# A new worker warms up for one to four seconds of a core: at 5,000 requests each of the four workers of
# bench/load.py was replaced every ten seconds under load, and the bare view's p95 rose from 29 ms to 5 s.
max_requests = int(os.environ.get("PPURI_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
# The proxy's address is the only one to trust for X-Forwarded-* (PROXY_COUNT does the same in Django).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# One JSON object per access line, with the request id Ppuri gave the response.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
)


def post_worker_init(worker: Any) -> None:
    """Ppuri is loaded in this worker: warm up before the first request."""

    from ppuri.core.web_warm_up import web_warm_up
    from ppuri.core.worker import worker_warm_up

    start = time.perf_counter()
    worker_warm_up()
    templates = web_warm_up()
    # The warm-up's database connection stays for the first request (production keeps connections
    # DATABASE_CONN_MAX_AGE seconds): a new PostgreSQL backend reads its catalogue on first use.
    worker.log.info(
        "worker %s warmed up in %.1f s (%d templates)", worker.pid, time.perf_counter() - start, templates
    )
