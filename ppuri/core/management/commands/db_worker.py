"""`ppuri db_worker`: django-tasks-db's worker, with a heartbeat, the sweep of dead workers' work and
patience with a locked SQLite database (ppuri.core.worker says why each).

This command takes the package's place because ppuri.core comes before django_tasks_db in
INSTALLED_APPS (Django runs the command of the first app that has one); its options are the package's.
Where the package's worker exits on "database is locked" (an import in a terminal holds SQLite's write
lock for minutes), this one waits, 0.5 s doubling up to 30 s, and carries on.
"""

import logging
import os
import threading
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import OperationalError, close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as package
from django_tasks_db.models import DBTaskResult

from ppuri.core.worker import (
    FIRST_PAUSE,
    LONGEST_PAUSE,
    database_locked,
    lease_seconds,
    work_sweep,
    worker_beat,
    worker_stopped,
    worker_warm_up,
)

# The package's logger, which its --verbosity handling configures.
logger = logging.getLogger("django_tasks_db")


class Worker(package.Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.task_id: str | None = None
        self._stopping = threading.Event()

    def run(self) -> None:
        worker_warm_up()
        self._sweep_once()
        threads = [
            threading.Thread(target=self._beat_until_stopped, name="worker-heartbeat", daemon=True),
            threading.Thread(target=self._sweep_until_stopped, name="worker-sweep", daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            self._run_through_locks()
        finally:
            self._stopping.set()
            for thread in threads:
                thread.join(timeout=5)
            worker_stopped(worker_id=self.worker_id)

    def _run_through_locks(self) -> None:
        pause, last_lock = FIRST_PAUSE, 0.0
        while True:
            try:
                super().run()
                return
            except OperationalError as exc:
                if not database_locked(exc):
                    raise
            if time.monotonic() - last_lock > 2 * LONGEST_PAUSE:
                pause = FIRST_PAUSE  # a new spell of locking, not the same one going on
            last_lock = time.monotonic()
            logger.warning("Database is locked (another process is writing); trying again in %.1f s.", pause)
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
            self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.task_id = str(db_task_result.pk)
        self._beat()  # name the task at once rather than at the next beat
        try:
            super().run_task(db_task_result)
        finally:
            self.task_id = None
            self._beat()

    def _beat(self) -> None:
        try:
            worker_beat(worker_id=self.worker_id, task_id=self.task_id)
        except Exception:  # a cache that is down for a moment must not stop the work
            logger.warning("Worker heartbeat failed.", exc_info=True)

    def _beat_until_stopped(self) -> None:
        while not self._stopping.wait(max(0.5, lease_seconds() / 6)):
            self._beat()

    def _sweep_once(self) -> None:
        # A beat first: after a long stall of this process (a C extension holding the GIL), the sweep
        # must not find its own worker's beat stale.
        self._beat()
        try:
            swept = work_sweep()
        except Exception:  # the database or the cache failing for a moment must not stop the work
            logger.warning("Sweep of dead workers' tasks failed; trying again later.", exc_info=True)
        else:
            if swept.failed:
                logger.warning("Failed %d task(s) whose worker was gone.", swept.failed)

    def _sweep_until_stopped(self) -> None:
        try:
            while not self._stopping.wait(lease_seconds() / 2):
                self._sweep_once()
                close_old_connections()  # this thread's own; the package's loop sees to the main one's
        finally:
            connection.close()


class Command(package.Command):
    # Django's checks open a write transaction on SQLite (the JSON support probe), so a worker started
    # while a long import holds the lock would exit on a false error; `ppuri check` and the web run them.
    requires_system_checks: list[str] = []
    help = (
        "작업 대기열을 처리합니다(하트비트, 멈춘 작업 정리, 잠긴 SQLite 재시도). / Run the task worker "
        "(heartbeat, clean-up after dead workers, retries on a locked SQLite database)."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        # The package's handle(), building this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
