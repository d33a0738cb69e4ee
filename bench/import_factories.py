"""Import speed: a synthetic KICOX 5-column file of N factories, first import and re-import.

    .venv/bin/python bench/import_factories.py            # 20,000 rows (BENCH_ROWS to change)
    BENCH_ROWS=217048 .venv/bin/python bench/import_factories.py   # the size of the 2024 national file

The first import goes through `ppuri import-factories`, the re-import through the background path (an
upload queued as the import page queues it, run by the worker's task). Baseline in the same run: reading
the same file with Python's csv module alone. Prints seconds, rows per second, the ratio to the baseline
and the process's peak memory; asserts nothing. Goals (issue 19): the national file in 60 s and 1 GB,
its re-import in 20 s, on SQLite and on PostgreSQL (DATABASE_URL=postgres://…).
"""

import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.files import File
from django.core.management import call_command

from ppuri.registry.importing.runs import import_run_create
from ppuri.registry.models import ImportRun, Organization

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
# 61 % of the national file's factories are outside any complex (measured on the 2024 file).
NAMED_COMPLEXES = [
    "남동국가산업단지", "한국수출산업(주안)국가산업단지", "한국수출산업(부평)국가산업단지",
    "인천서부일반산업단지", "반월국가산업단지", "시화국가산업단지", "구미국가산업단지",
]  # fmt: skip
COMPLEXES = NAMED_COMPLEXES * 39 + [""] * (61 * len(NAMED_COMPLEXES))
# Most of the national file is not root industry: food, plastics, textiles, electronics ... One in four
# products here names a root technology.
ROOT_PRODUCTS = [
    "알루미늄 다이캐스팅 자동차 부품", "침탄 열처리, 고주파 열처리", "아연 도금, 니켈 도금",
    "자동차 프레스 금형", "열간 단조 플랜지", "TIG 용접 구조물", "양극산화 피막처리", "사출금형",
]  # fmt: skip
OTHER_PRODUCTS = [
    "김치, 반찬류", "플라스틱 사출 용기", "면직물", "도료", "인쇄회로기판", "가구", "제과, 제빵",
    "화장품", "의약품", "골판지 상자", "전선", "LED 조명", "CNC 정밀가공 부품", "의류", "비닐 봉투",
    "콘크리트 블록", "사료", "인쇄물", "전자부품", "밸브",
]  # fmt: skip
PLACES = [
    ("인천광역시", ["남동구", "부평구", "서구", "미추홀구", "연수구", "계양구"]),
    ("경기도", ["화성시", "안산시", "시흥시", "김포시", "평택시", "파주시", "용인시"]),
    ("경상남도", ["창원시 성산구", "김해시", "양산시"]),
    ("경상북도", ["구미시", "경산시", "포항시 남구"]),
    ("충청남도", ["천안시 서북구", "아산시"]),
    ("부산광역시", ["사상구", "강서구"]),
    ("대구광역시", ["달서구", "북구"]),
]
ROADS = ["산단로", "공단로", "남동대로", "고잔로", "청천로", "가좌로", "봉수대로", "경서로", "산업로"]
COMMON_NAMES = [f"{a}{b}" for a in ["대성", "한일", "삼화", "동양", "세진", "태광", "영신", "우진"]
                for b in ["정밀", "산업", "금속", "공업", "테크", "식품"]]  # fmt: skip
LEGAL = ["(주)", "주식회사 ", "", "(유)"]


def synthetic_file(path: Path, rows: int) -> None:
    """The national file's layout and shape: CP949, 5 columns, 61 % without a complex, one name in ten
    from a small pool of common names (repeating across regions), a quarter root-industry products."""
    rng = random.Random(20261125)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["순번", "회사명", "단지명", "생산품", "공장주소"])
    for number in range(1, rows + 1):
        name = rng.choice(COMMON_NAMES) if rng.random() < 0.1 else f"벤치{number:06d}"
        province, districts = rng.choice(PLACES)
        products = rng.choice(ROOT_PRODUCTS) if rng.random() < 0.25 else rng.choice(OTHER_PRODUCTS)
        writer.writerow(
            [
                number,
                f"{rng.choice(LEGAL)}{name}",
                rng.choice(COMPLEXES),
                products,
                f"{province} {rng.choice(districts)} {rng.choice(ROADS)} {rng.randint(1, 400)}",
            ]
        )
    path.write_bytes(buffer.getvalue().encode("cp949"))


def timed[T](run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def in_child(*arguments: str) -> tuple[float, float]:
    """`ppuri ARGUMENTS` in a process of its own, as an operator or the worker's service runs it: its
    seconds and its own peak memory in MB (wait4 reports the child's, not this process's)."""
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "ppuri.cli", *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(
            f"ppuri {' '.join(arguments)} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    return seconds, usage.ru_maxrss / 1024  # Linux reports kilobytes


def command_import(path: Path) -> tuple[float, float, ImportRun]:
    """`ppuri import-factories FILE`, as an operator runs it."""
    seconds, peak = in_child("import-factories", str(path))
    return seconds, peak, ImportRun.objects.latest("pk")


def background_import(path: Path) -> tuple[float, float, ImportRun]:
    """An upload queued as the import page queues it, run by `ppuri db_worker` (timed from its start)."""
    with path.open("rb") as handle:
        run = import_run_create(
            actor=None, uploaded_file=File(handle, name=path.name), dry_run=False, strict=False
        )
    seconds, peak = in_child("db_worker", "--batch", "--no-startup-delay")
    return seconds, peak, ImportRun.objects.get(pk=run.pk)


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    path = Path(tempfile.mkdtemp()) / "factories.csv"
    synthetic_file(path, ROWS)
    baseline, _ = timed(lambda: sum(1 for _ in csv.reader(io.StringIO(path.read_bytes().decode("cp949")))))
    print(f"import benchmark · {engine} · {ROWS:,} rows · {path.stat().st_size / 1e6:.1f} MB CP949")
    print(f"{'baseline: csv module reads the file':<44} {baseline:8.2f} s  ratio 1")
    first, peak, run = command_import(path)
    print(
        f"{'first import, ppuri import-factories':<44} {first:8.2f} s  {ROWS / first:8,.0f} rows/s"
        f"  ratio {first / baseline:,.0f}  peak {peak:,.0f} MB"
        f"  ({run.status}: added {run.added:,}, review {run.review:,}, rejected {run.rejected:,})"
    )
    root = Organization.objects.filter(is_root_industry=True).count()
    print(f"{'  companies marked root industry':<44} {root:8,} of {Organization.objects.count():,}")
    again, peak, run = background_import(path)
    print(
        f"{'re-import, ppuri db_worker (background)':<44} {again:8.2f} s  {ROWS / again:8,.0f} rows/s"
        f"  ratio {again / baseline:,.0f}  peak {peak:,.0f} MB"
        f"  ({run.status}: unchanged {run.unchanged:,}, updated {run.updated:,}, review {run.review:,})"
    )
    print("peak: the importing process's own resident memory at its highest (the analyser's model included)")


if __name__ == "__main__":
    main()
