"""The task worker's heartbeat and lease, patience with a locked SQLite database, and the sweep that
fails the work a dead worker left behind.

`ppuri db_worker` (core/management/commands/db_worker.py) beats every sixth of the lease into the shared
cache, naming the task it runs. Not into the database: on SQLite an import holds the write lock for as
long as it runs, and a write made inside its transaction would be seen by no one until the end. A worker
whose last beat is older than PPURI_WORKER_LEASE_SECONDS is gone (killed, out of memory, its machine
lost). Its running tasks are failed here; each app's sweep, registered in its AppConfig.ready() the way
apps register with search, cleans up after its own tasks (an import run and its uploaded file). Sweeps run
in every worker (at start and every half lease) and whenever /healthz or the import pages are read, so a
dead worker's work reads failed within a lease of its last beat, with no one restarting anything.

The lease is judged by wall clocks: the worker's and the reader's must agree to within a few seconds.
"""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, OperationalError, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger(__name__)

_LAST_BEAT = "core:worker:last-beat"
FIRST_PAUSE = 0.5  # seconds before the first retry on a locked database; doubled up to LONGEST_PAUSE
LONGEST_PAUSE = 30.0


class WorkerLost(Exception):
    """Recorded as a task's exception when its worker stopped beating while it ran."""


def lease_seconds() -> int:
    return settings.PPURI_WORKER_LEASE_SECONDS


def _beat_key(worker_id: str) -> str:
    return f"core:worker:beat:{worker_id}"


def worker_beat(*, worker_id: str, task_id: str | None) -> None:
    """The worker is alive and runs `task_id` (None between tasks)."""
    beat = {"at": time.time(), "worker": worker_id, "task": task_id}
    cache.set(_beat_key(worker_id), beat, timeout=lease_seconds() * 10)
    # Kept until a clean stop: a worker that vanished without one is reported lost, however long ago.
    cache.set(_LAST_BEAT, beat, timeout=None)


def worker_stopped(*, worker_id: str) -> None:
    """A clean stop: the worker is forgotten, so /healthz does not report it lost."""
    cache.delete(_beat_key(worker_id))
    last = cache.get(_LAST_BEAT)
    if last and last.get("worker") == worker_id:
        cache.delete(_LAST_BEAT)


def worker_last_beat_age() -> float | None:
    """Seconds since any worker last beat; None when none has since the last clean stop."""
    last = cache.get(_LAST_BEAT)
    return None if last is None else max(0.0, time.time() - last["at"])


def _fresh(beat: dict[str, Any] | None) -> bool:
    return beat is not None and time.time() - beat["at"] <= lease_seconds()


def task_abandoned(task: DBTaskResult) -> bool:
    """A running task that no worker runs any more: its worker is gone, or alive but past it (it went on
    after failing to record the task's end). A task younger than the lease is given the benefit of the
    doubt: its worker's next beat may not name it yet."""
    if task.status != TaskResultStatus.RUNNING:
        return False
    if task.started_at and task.started_at > timezone.now() - timedelta(seconds=lease_seconds()):
        return False
    worker_id = task.worker_ids[-1] if task.worker_ids else None
    beat = cache.get(_beat_key(worker_id)) if worker_id else None
    return not (_fresh(beat) and beat is not None and beat["task"] == str(task.pk))


def task_fail_abandoned(*, task: DBTaskResult, reason: str) -> bool:
    """Mark an abandoned task failed (only if it still reads running); returns whether it did."""
    return bool(
        DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=reason,
        )
    )


def database_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked": another process held the write lock past the connection's timeout."""
    return isinstance(exc, OperationalError) and is_locked_database_exception(exc)


def _retryable(exc: OperationalError) -> bool:
    """A locked database outside any outer transaction, whose attempt therefore wrote nothing."""
    return database_locked(exc) and not transaction.get_connection().in_atomic_block


def _lock_pauses(*, what: str) -> Iterator[None]:
    """The waits between attempts on a locked database, one per next(): 0.5 s, doubling up to 30 s."""
    pause = FIRST_PAUSE
    while True:
        logger.warning("database is locked: %s waits %.1f s and tries again", what, pause)
        time.sleep(pause)
        yield
        pause = min(pause * 2, LONGEST_PAUSE)


def retry_while_locked[T](action: Callable[[], T], *, what: str) -> T:
    """Run `action`; while the database answers "database is locked", wait (0.5 s, doubling up to 30 s)
    and run it again. `action` must be one transaction, so that a refused attempt wrote nothing. Inside an
    outer transaction nothing can be retried: the error goes up."""
    pauses = _lock_pauses(what=what)
    while True:
        try:
            return action()
        except OperationalError as exc:
            if not _retryable(exc):
                raise
        next(pauses)


@contextmanager
def atomic_waiting_for_lock(*, what: str) -> Iterator[None]:
    """transaction.atomic(), whose start waits like retry_while_locked while SQLite's write lock is
    taken (SQLite takes it at BEGIN IMMEDIATE, see settings, so a refused start has written nothing).
    Only the start is retried: a failure after it, even after the commit, goes up as it is."""
    with ExitStack() as stack:
        pauses = _lock_pauses(what=what)
        while True:
            try:
                stack.enter_context(transaction.atomic())
                break
            except OperationalError as exc:
                if not _retryable(exc):
                    raise
            next(pauses)
        yield


@dataclass(frozen=True)
class Swept:
    failed: int = 0  # work failed now because its worker was gone
    stuck: int = 0  # such work that could not be failed now (the database refused the write)


type Sweep = Callable[[], Swept]
_sweeps: list[Sweep] = []


def sweep_register(sweep: Sweep) -> None:
    """An app's clean-up after its own tasks when their worker is gone (called from AppConfig.ready)."""
    if sweep not in _sweeps:
        _sweeps.append(sweep)


type WarmUp = Callable[[], None]
_warm_ups: list[WarmUp] = []


def warm_up_register(warm_up: WarmUp) -> None:
    """Something an app's tasks need loaded before a worker takes work (called from AppConfig.ready)."""
    if warm_up not in _warm_ups:
        _warm_ups.append(warm_up)


def worker_warm_up() -> None:
    """Load what tasks will need before the worker beats or takes any work. The search analyser's
    model holds the GIL for about two seconds while it loads, which stops the heartbeat thread: in the
    middle of a task, a short lease would read as a dead worker."""
    for warm_up in _warm_ups:
        try:
            warm_up()
        except Exception:  # a task that needs it will load it (and report the error) itself
            logger.warning("worker warm-up %s failed", getattr(warm_up, "__name__", warm_up), exc_info=True)


def _tasks_sweep() -> Swept:
    """Running tasks no app's sweep has claimed: failed, with the reason in their traceback field."""
    failed = stuck = 0
    for task in DBTaskResult.objects.running():
        if not task_abandoned(task):
            continue
        try:
            failed += task_fail_abandoned(task=task, reason="The worker running this task stopped beating.")
        except DatabaseError:
            stuck += 1
    return Swept(failed=failed, stuck=stuck)


def work_sweep() -> Swept:
    """Fail the work of workers that are gone: each app's sweep first (it knows what its task left
    behind), then any task still marked running."""
    failed = stuck = 0
    for sweep in [*_sweeps, _tasks_sweep]:
        try:
            swept = sweep()
        except DatabaseError:
            # Reads succeed even under SQLite's write lock: only a write to fail something can fail here.
            logger.warning("sweep %s could not fail a dead worker's work", sweep.__name__, exc_info=True)
            swept = Swept(stuck=1)
        failed += swept.failed
        stuck += swept.stuck
    return Swept(failed=failed, stuck=stuck)


def work_health() -> dict[str, Any]:
    """The worker's half of /healthz, after a sweep. Unhealthy when a worker vanished without a clean stop
    (its last beat is older than the lease), when work waits and no worker is alive, or when a dead
    worker's work could not be failed. A deployment where no worker has run yet and nothing waits is
    healthy: there is nothing for a worker to do."""
    swept = work_sweep()
    waiting = DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()
    age = worker_last_beat_age()
    alive = age is not None and age <= lease_seconds()
    problems = []
    if age is not None and not alive:
        problems.append("worker_lost")
    if waiting and not alive:
        problems.append("work_waiting_without_worker")
    if swept.stuck:
        problems.append("work_stuck")
    return {
        "problems": problems,
        "worker": {
            "alive": alive,
            "last_heartbeat_seconds": None if age is None else round(age, 1),
            "lease_seconds": lease_seconds(),
        },
        "tasks": {"waiting": waiting, "stuck": swept.stuck, "failed_now": swept.failed},
    }
