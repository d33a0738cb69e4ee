"""Import speed: a synthetic KICOX 5-column file of N factories, first import and re-import.

    .venv/bin/python bench/import_factories.py            # 20,000 rows (BENCH_ROWS to change)
    BENCH_ROWS=217048 .venv/bin/python bench/import_factories.py   # the size of the 2024 national file

Baseline in the same run: reading the same file with Python's csv module alone. Prints seconds, rows per
second and the ratio to the baseline; asserts nothing.
"""

import csv
import io
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command

from ppuri.registry.importing.services import factory_import

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
COMPLEXES = [
    "남동국가산업단지",
    "한국수출산업(주안)국가산업단지",
    "한국수출산업(부평)국가산업단지",
    "인천서부일반산업단지",
    "",
]
PRODUCTS = [
    "알루미늄 다이캐스팅 자동차 부품", "침탄 열처리, 고주파 열처리", "아연 도금, 니켈 도금",
    "자동차 프레스 금형", "열간 단조 플랜지", "TIG 용접 구조물", "양극산화 피막처리", "사출금형",
    "CNC 정밀가공 부품", "김치, 반찬류",
]  # fmt: skip
ROADS = ["남동대로", "고잔로", "남동서로", "청천로", "가좌로", "봉수대로", "경서로"]


def synthetic_file(path: Path, rows: int) -> None:
    rng = random.Random(20261125)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["순번", "회사명", "단지명", "생산품", "공장주소"])
    for number in range(1, rows + 1):
        writer.writerow(
            [
                number,
                f"(주)벤치{number:06d}",
                rng.choice(COMPLEXES),
                rng.choice(PRODUCTS),
                f"인천광역시 남동구 {rng.choice(ROADS)} {number}",
            ]
        )
    path.write_bytes(buffer.getvalue().encode("cp949"))


def timed[T](run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    path = Path(tempfile.mkdtemp()) / "factories.csv"
    synthetic_file(path, ROWS)
    baseline, _ = timed(lambda: sum(1 for _ in csv.reader(io.StringIO(path.read_bytes().decode("cp949")))))
    print(f"import benchmark · {engine} · {ROWS:,} rows · {path.stat().st_size / 1e6:.1f} MB CP949")
    print(f"{'baseline: csv module reads the file':<36} {baseline:8.2f} s  ratio 1")
    first, report = timed(lambda: factory_import(path=path))
    print(
        f"{'first import (all added)':<36} {first:8.2f} s  {ROWS / first:8,.0f} rows/s"
        f"  ratio {first / baseline:,.0f}  (added {report.added:,}, review {report.review:,})"
    )
    again, report = timed(lambda: factory_import(path=path))
    print(
        f"{'re-import (nothing changes)':<36} {again:8.2f} s  {ROWS / again:8,.0f} rows/s"
        f"  ratio {again / baseline:,.0f}  (unchanged {report.unchanged:,}, updated {report.updated:,})"
    )


if __name__ == "__main__":
    main()
