"""A factory-file import: read, match each factory to the registry (matching.py), write (writing.py).

One import is one transaction: an interrupted or refused import changes nothing, and a dry run rolls
back at the end. Matching, in order:

1. the same 공장관리번호 is the same site (and so the same company);
2. the same normalized company name with a site at the same normalized address is the same company
   (the 5-column file has no factory number);
3. a company of the same normalized name elsewhere (in another district too), or a similar name at the
   same address, is a near-duplicate: it goes to the operators' review queue instead of being merged or
   added silently;
4. anything else is a new company with its site.

Every organization the import adds or changes gets its root-industry mark (registry.root_industry) and
its search document before the transaction ends. The report lists each factory added, updated or queued
for review (ImportRunEntry), and the progress names the phase: reading, writing, indexing, finishing.

What the file says about registration (address, complex, employees, size, KSIC codes) updates the
registry; descriptive text (products, raw materials, phone) only fills empty fields, so a company's own
edits are never overwritten by next year's file. Inferred processes are added as imported capabilities;
nothing a company declared or an operator verified is touched.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core.activity import activity_log
from ppuri.core.bulk import WriteBehind, insert_rows
from ppuri.core.db import planner_statistics_refresh, registry_write_lock
from ppuri.core.worker import atomic_waiting_for_lock, retry_while_locked
from ppuri.registry.importing.matching import address_key
from ppuri.registry.importing.reading import read_factory_file
from ppuri.registry.importing.records import FactoryRecord, RowError, build_records
from ppuri.registry.importing.writing import WRITE_STEPS, Change, Importer
from ppuri.registry.models import (
    Capability,
    ImportReviewItem,
    ImportRun,
    ImportRunEntry,
    Organization,
    OrganizationTechnology,
    Site,
)
from ppuri.search.analysis import analyzer
from ppuri.search.models import SearchDocument, SearchFacet

# The phases an import goes through, in order, as the progress bar names them.
READING, WRITING, INDEXING, FINISHING = "reading", "writing", "indexing", "finishing"
PHASES = (READING, WRITING, INDEXING, FINISHING)
Progress = Callable[[str, int, int], None]  # (phase, done, total)
MAX_STORED_ERRORS = 1_000
IMPORT_TABLES = (Organization, Site, Capability, OrganizationTechnology, SearchDocument, SearchFacet)
PROGRESS_EVERY = 0.2  # seconds between two progress reports within a phase


@dataclass(slots=True)
class ImportEntry:
    """A factory the import added, updated or queued for review, for the report's list."""

    outcome: str  # added | updated | review
    lines: list[int]
    company_name: str
    factory_number: str | None
    organization_id: int | None  # added or updated; for a review, the company it resembles
    review_item_id: int | None = None
    is_root_industry: bool | None = None  # set once the import has marked the organization

    def as_json(self, *, dry_run: bool) -> dict[str, Any]:
        linked = self.organization_id is not None and not (dry_run and self.outcome == "added")
        return {
            "outcome": self.outcome,
            "line": self.lines[0] if self.lines else None,
            "lines": self.lines,
            "company_name": self.company_name,
            "factory_number": self.factory_number,
            "organization": self.organization_id if linked else None,
            "url": reverse("registry:company_detail", args=[self.organization_id]) if linked else None,
            "root_industry": self.is_root_industry,
        }


@dataclass
class ImportReport:
    file: str
    layout: str
    encoding: str
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    review: int = 0
    errors: list[RowError] = field(default_factory=list)
    entries: list[ImportEntry] = field(default_factory=list)
    dry_run: bool = False
    refused: bool = False  # --strict and a bad row: nothing was written

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "layout": self.layout,
            "encoding": self.encoding,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "review": self.review,
            "errors": [asdict(error) for error in self.errors],
            # Every factory added, updated or queued for review, with its company's page.
            "changes": [entry.as_json(dry_run=self.dry_run) for entry in self.entries],
        }


def _rejected_rows(errors: list[RowError]) -> int:
    return len({error.line for error in errors})


def factory_import(
    *,
    path: Path,
    display_name: str | None = None,
    actor: Any = None,
    dry_run: bool = False,
    strict: bool = False,
    run: ImportRun | None = None,
    progress: Progress | None = None,
    wait_for_lock: bool = False,
) -> ImportReport:
    """Import one factory-registration file. Raises UnreadableFileError (nothing written) when the
    file cannot be read as a factory file at all. With `wait_for_lock` (the worker) an import that finds
    SQLite's write lock taken waits for it; otherwise (the command line) it gives up after the
    connection's timeout with OperationalError, nothing written."""
    name = display_name or path.name
    reporter = _Reporter(progress, READING, 0)
    reporter.report(0, force=True)
    factory_file = read_factory_file(path, display_name=name)
    records, errors = build_records(factory_file)
    report = ImportReport(
        file=name,
        layout=factory_file.layout,
        encoding=factory_file.encoding,
        rows=len(factory_file.rows),
        rejected=_rejected_rows(errors),
        errors=errors,
        dry_run=dry_run,
    )
    del factory_file  # its rows, a third of the import's memory on a national file, are records now
    if strict and errors:
        report.refused = True
        if run is not None:
            import_run_record_result(run=run, report=report)
        return report
    if records and not dry_run:
        _search_analyzer_warm_up()
    own_run = run is None
    write = atomic_waiting_for_lock(what=f"import of {name}") if wait_for_lock else transaction.atomic()
    with write:
        registry_write_lock()
        if run is None:
            run = ImportRun.objects.create(
                file_name=name,
                created_by=actor,
                dry_run=dry_run,
                strict=strict,
                status=ImportRun.Status.RUNNING,
            )
        importer = Importer(run=run, actor=actor)
        # The bar's first half plans the rows, its second half writes the tables.
        writing = _Reporter(progress, WRITING, len(records))
        writing.report(0, force=True)
        for done, record in enumerate(records, start=1):
            outcome = importer.apply(record)
            setattr(report, outcome, getattr(report, outcome) + 1)
            writing.report(done // 2)
        half = len(records) // 2
        # One queue from the first table to the last search document: the database writes the last
        # rows while the next are made (core.bulk.WriteBehind).
        with WriteBehind() as behind:
            importer.write(
                lambda step: writing.report(half + (len(records) - half) * step // WRITE_STEPS), behind=behind
            )
            indexing = _Reporter(progress, INDEXING, importer.index_total)
            indexing.report(0, force=True)
            marks = importer.mark_and_index(indexing.report, index=not dry_run, behind=behind)
        report.entries = _entries(importer.changes, marks)
        del importer  # its plan: memory for the report's rows
        _Reporter(progress, FINISHING, len(records)).report(len(records), force=True)
        if dry_run:
            transaction.set_rollback(True)
        elif report.added or report.updated:
            # The tables the import wrote, not the whole database: on PostgreSQL two seconds less.
            planner_statistics_refresh(models=IMPORT_TABLES, postgresql_tables=["search_tsv"], beside=True)
    if not (own_run and dry_run):  # a dry run's own record was rolled back with everything else
        import_run_record_result(run=run, report=report)
    return report


def _entries(changes: list[Change], marks: dict[int, bool]) -> list[ImportEntry]:
    return [
        ImportEntry(
            outcome=change.outcome,
            lines=change.record.lines,  # read only: shared with the record
            company_name=change.record.company_name,  # cleaned as the record was built
            factory_number=change.record.factory_number,
            organization_id=change.organization_id,
            review_item_id=change.review.pk if change.review is not None else None,
            is_root_industry=marks.get(change.organization_id)  # type: ignore[arg-type]
            if change.outcome != "review" and change.organization_id is not None
            else None,
        )
        for change in changes
    ]


class _Reporter:
    """Progress reports within one phase: at its start, at its end, and every PROGRESS_EVERY seconds
    in between (a national file has 217,048 rows)."""

    def __init__(self, progress: Progress | None, phase: str, total: int) -> None:
        self.progress, self.phase, self.total = progress, phase, total
        self.last = 0.0

    def report(self, done: int, *, force: bool = False) -> None:
        if self.progress is None:
            return
        if force or done == self.total or time.monotonic() - self.last > PROGRESS_EVERY:
            self.progress(self.phase, done, self.total)
            self.last = time.monotonic()


def _search_analyzer_warm_up() -> None:
    """Load the search analyzer (Kiwi's model and the user dictionary: four seconds in a fresh worker)
    while reading, before the import takes the write lock, rather than inside it at "indexing"."""
    analyzer().terms_many(["뿌리산업"])


def import_run_record_result(*, run: ImportRun, report: ImportReport) -> ImportRun:
    run.layout = report.layout
    run.encoding = report.encoding
    run.rows = report.rows
    for name in ("added", "updated", "unchanged", "rejected", "review"):
        setattr(run, name, getattr(report, name))
    # The page shows the first errors; the command line's --json report has all of them.
    run.errors = [asdict(error) for error in report.errors[:MAX_STORED_ERRORS]]
    if len(report.errors) > MAX_STORED_ERRORS:
        run.message = _("오류가 %(total)d건이어서 처음 %(shown)d건만 보여 줍니다.") % {
            "total": len(report.errors),
            "shown": MAX_STORED_ERRORS,
        }
    run.status = ImportRun.Status.FAILED if report.refused else ImportRun.Status.DONE
    if report.refused:
        run.message = _("엄격 모드: 잘못된 행이 있어 파일 전체를 가져오지 않았습니다.")
    run.finished_at = timezone.now()

    @transaction.atomic
    def save() -> None:
        run.save()
        ImportRunEntry.objects.filter(run=run).delete()  # a run queued again reports afresh
        rows = _entry_rows(run, report)
        while batch := list(islice(rows, 5_000)):
            insert_rows(ImportRunEntry, batch, ids=False)

    # After the import's own transaction: another import may hold SQLite's write lock by now.
    retry_while_locked(save, what=f"import run {run.pk}'s report")
    return run


def _entry_rows(run: ImportRun, report: ImportReport) -> Iterator[dict[str, Any]]:
    """The report's list as rows. After a dry run nothing it would add exists, and no review item."""
    for entry in report.entries:
        written = not report.dry_run or entry.outcome != "added"
        yield {
            "run_id": run.pk,
            "outcome": entry.outcome,
            "line": entry.lines[0] if entry.lines else 0,
            "lines": _lines_text(entry.lines),
            "company_name": entry.company_name[:200],
            "factory_number": entry.factory_number or "",
            "organization_id": entry.organization_id if written else None,
            "review_item_id": entry.review_item_id if not report.dry_run else None,
            "is_root_industry": entry.is_root_industry,
        }


def _lines_text(lines: list[int]) -> str:
    text = ", ".join(str(line) for line in lines)
    return text if len(text) <= 100 else text[:99] + "…"


@transaction.atomic
def review_item_resolve(*, actor: Any, item: ImportReviewItem, decision: str) -> ImportReviewItem:
    """An operator's decision on a near-duplicate: merge it into the candidate as another site,
    register it as a separate company, or leave it out."""
    registry_write_lock()
    item = ImportReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ImportReviewItem.Status.PENDING:
        raise ValidationError(_("이미 처리한 항목입니다."))
    record = FactoryRecord(**item.record)
    importer = Importer(run=item.run, actor=actor)
    if decision == ImportReviewItem.Status.MERGED:
        same_place = [
            site
            for site in item.candidate.sites.all()
            if address_key(site.address) == address_key(record.address)
        ]
        if not same_place:
            importer.add_site(importer.registry.company(item.candidate), record)
        elif record.factory_number and not same_place[0].factory_number:
            # The company's site at this address is this factory: give it its number.
            if Site.objects.filter(factory_number=record.factory_number).exists():
                raise ValidationError(_("이 공장관리번호의 사업장이 이미 등록되어 있습니다."))
            Site.objects.filter(pk=same_place[0].pk).update(factory_number=record.factory_number)
    elif decision == ImportReviewItem.Status.SEPARATE:
        importer.add(record)
    elif decision != ImportReviewItem.Status.DISMISSED:
        raise ValidationError(_("알 수 없는 결정입니다."))
    importer.write()
    importer.mark_and_index(None)
    item.status = decision
    item.resolved_by = actor
    item.resolved_at = timezone.now()
    item.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])
    activity_log(
        actor=actor,
        verb=f"registry.import_review.{decision}",
        target=item,
        scope=item.candidate,
        summary=lambda: (
            _("중복 의심 검토: %(name)s → %(decision)s")
            % {"name": record.company_name, "decision": item.get_status_display()}
        ),
    )
    return item
