"""Factory files for the import tests: the two KICOX samples, and writers for every encoding and XLSX.

The samples (copied from shared/reference/samples) are synthetic companies in the real layouts. Other files
are written into tmp_path from Python, so that no binary fixture is committed.
"""

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

from ppuri.registry.importing.columns import COLUMNS_5, COLUMNS_35
from ppuri.registry.importing.reading import FactoryFile, read_factory_file

FILES = Path(__file__).resolve().parent / "files"
SAMPLE_35 = FILES / "factories-35col-sample.cp949.csv"
SAMPLE_5 = FILES / "factories-5col-sample.utf8.csv"

type Cell = str | int | float | None
type WriteText = Callable[..., Path]
type WriteXlsx = Callable[..., Path]


@pytest.fixture(autouse=True)
def private_cache(settings):
    """A cache of this test's own: the file cache under var/ is shared with every other test run on the
    machine, whose clean-ups would wipe progress entries and worker heartbeats in mid-test."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()  # a local-memory cache outlives the test that made it


def sample_rows(path: Path, encoding: str) -> list[list[str]]:
    """The sample's header and rows as lists of cells."""
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline="")))


def csv_text(rows: Sequence[Sequence[Cell]], *, line_end: str = "\r\n") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def row_35(**changes: str) -> list[str]:
    """세광주조's row of the 35-column sample, with some columns changed: row_35(회사명="")."""
    row = dict(zip(COLUMNS_35, sample_rows(SAMPLE_35, "cp949")[1], strict=True))
    unknown = set(changes) - set(COLUMNS_35)
    assert not unknown, unknown
    row.update(changes)
    return [row[column] for column in COLUMNS_35]


def row_5(**changes: str) -> list[str]:
    row = dict(zip(COLUMNS_5, sample_rows(SAMPLE_5, "utf-8")[1], strict=True))
    row.update(changes)
    return [row[column] for column in COLUMNS_5]


@pytest.fixture
def write_text(tmp_path: Path) -> WriteText:
    """write_text(text, encoding="utf-8", name="factories.csv") → the path of the written file."""

    def write(text: str, encoding: str = "utf-8", name: str = "factories.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def write_csv(write_text: WriteText) -> Callable[..., Path]:
    """write_csv(rows, encoding="utf-8") with the header as the first row."""

    def write(rows: Sequence[Sequence[Cell]], encoding: str = "utf-8", name: str = "factories.csv") -> Path:
        return write_text(csv_text(rows), encoding=encoding, name=name)

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> WriteXlsx:
    """write_xlsx(rows) → an XLSX whose first sheet holds the rows (None leaves a cell empty)."""

    def write(rows: Sequence[Sequence[Cell]], name: str = "factories.xlsx") -> Path:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(list(row))
        workbook.create_sheet("메모").append(["두 번째 시트는 읽지 않습니다"])
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def read_rows(write_csv: Callable[..., Path]) -> Callable[..., FactoryFile]:
    """read_rows([row_35(...), ...]) → the FactoryFile of a UTF-8 35-column CSV with those rows."""

    def read(rows: Sequence[Sequence[str]], columns: Sequence[str] = COLUMNS_35) -> FactoryFile:
        return read_factory_file(write_csv([list(columns), *rows]))

    return read
