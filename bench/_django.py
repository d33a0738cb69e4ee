"""Start Django for a benchmark script: Ppuri importable, a scratch database unless PPURI_VAR_DIR or
DATABASE_URL says otherwise (removed at exit). Import this module before anything from Django."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "PPURI_VAR_DIR" not in os.environ:
    os.environ["PPURI_VAR_DIR"] = tempfile.mkdtemp(prefix="ppuri-bench-")
    atexit.register(shutil.rmtree, os.environ["PPURI_VAR_DIR"], ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ppuri.settings")

import django

django.setup()
