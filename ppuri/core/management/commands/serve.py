"""`ppuri serve`: Ppuri's production web server (Gunicorn with ppuri/gunicorn_config.py)."""

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

CONFIG = Path(__file__).resolve().parents[3] / "gunicorn_config.py"


class Command(BaseCommand):
    help = (
        "운영용 웹 서버(Gunicorn)로 Ppuri를 띄웁니다. / Serve Ppuri with its production web server "
        "(Gunicorn; workers warm up before their first request)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="address:port (default PPURI_BIND or 127.0.0.1:8000)")
        parser.add_argument(
            "--workers", type=int, help="web workers (default WEB_CONCURRENCY or 2 × cores + 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        command = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
        if options["bind"]:
            command += ["--bind", options["bind"]]
        if options["workers"]:
            command += ["--workers", str(options["workers"])]
        command.append("ppuri.wsgi:application")
        # Gunicorn takes this process's place: signals from systemd reach it directly.
        os.execv(sys.executable, command)  # noqa: S606 - our own interpreter and arguments
