"""`ppuri import-factories FILE [--dry-run] [--strict] [--json]`: import a KICOX factory-registration file."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError

from ppuri.registry.importing.reading import UnreadableFileError
from ppuri.registry.importing.services import ImportReport, factory_import

PROGRESS_FROM = 500  # factories: shorter files finish before a bar would help
BAR_PHASES = {"writing": "공장 저장", "indexing": "분류·색인"}  # the long phases of a large file


class Command(BaseCommand):
    help = "공장등록 현황 파일(KICOX 5열·35열, CSV UTF-8/CP949 또는 XLSX)을 가져옵니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="무엇이 바뀔지 보고만 하고 저장하지 않습니다."
        )
        parser.add_argument(
            "--strict", action="store_true", help="잘못된 행이 하나라도 있으면 파일 전체를 거부합니다."
        )
        parser.add_argument("--json", action="store_true", help="결과를 JSON 객체 하나로 표준 출력에 씁니다.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        as_json = options["json"]
        if not path.is_file():
            self._fail(path, f"파일을 찾을 수 없습니다: {path}", as_json)
        try:
            report = factory_import(
                path=path,
                dry_run=options["dry_run"],
                strict=options["strict"],
                progress=self._progress_bar(),
            )
        except UnreadableFileError as exc:
            self._fail(path, str(exc), as_json)
        except OperationalError as exc:  # SQLite: another import holds the write lock beyond the timeout
            self._fail(
                path,
                f"다른 가져오기가 진행 중이어서 기다리다 멈췄습니다. 끝난 뒤 다시 실행해 주세요. ({exc})",
                as_json,
            )
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        elif not report.refused:
            self._print(report)
        else:
            for error in report.errors:
                self.stderr.write(f"  {error.line}행 [{error.column}]: {error.reason}")
        if report.refused:
            raise CommandError("엄격 모드: 잘못된 행이 있어 아무것도 가져오지 않았습니다.", returncode=1)

    def _fail(self, path: Path, reason: str, as_json: bool) -> None:
        if as_json:
            empty = ImportReport(file=path.name, layout="", encoding="", rows=0).as_json()
            self.stdout.write(
                json.dumps({**empty, "layout": None, "encoding": None, "error": reason}, ensure_ascii=False)
            )
        raise CommandError(reason, returncode=1)

    def _progress_bar(self) -> Any:
        def show(phase: str, done: int, total: int) -> None:
            if phase not in BAR_PHASES or total < PROGRESS_FROM:
                return
            width = 30
            filled = width * done // total
            bar = f"[{'#' * filled}{'.' * (width - filled)}]"
            sys.stderr.write(f"\r{BAR_PHASES[phase]} {bar} {done:,}/{total:,}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return show

    def _print(self, report: ImportReport) -> None:
        write = self.stdout.write
        heading = "시험 실행(저장하지 않음)" if report.dry_run else "가져오기 완료"
        write(f"{heading}: {report.file} ({report.layout}, {report.encoding}, {report.rows:,}행)")
        write(
            f"공장 추가 {report.added:,} · 갱신 {report.updated:,} · 변경 없음 {report.unchanged:,} · "
            f"검토 대기 {report.review:,} · 거부된 행 {report.rejected:,}"
        )
        if not (report.added or report.updated) and not report.dry_run:
            write("바뀐 것이 없습니다.")
        for error in report.errors:
            column = f" [{error.column}]" if error.column else ""
            write(f"  {error.line}행{column}: {error.reason}")
