"""The writing half of a factory-file import: match each factory to the registry and write it.

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

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.activity import activity_log
from ppuri.core.db import planner_statistics_refresh, registry_write_lock
from ppuri.core.text import clean_spaces, normalize_company_name
from ppuri.core.worker import atomic_waiting_for_lock, retry_while_locked
from ppuri.reference.models import Complex, Material, Process, Technology
from ppuri.reference.selectors import complex_names, complex_resolve
from ppuri.registry.importing.classify import Inference, Vocabulary, classify
from ppuri.registry.importing.reading import read_factory_file
from ppuri.registry.importing.records import FactoryRecord, RowError, build_records
from ppuri.registry.models import (
    Capability,
    ImportReviewItem,
    ImportRun,
    ImportRunEntry,
    Organization,
    OrganizationTechnology,
    Site,
)
from ppuri.registry.root_industry import organizations_root_industry_refresh
from ppuri.search.analysis import analyzer
from ppuri.search.services import index_refresh

# The phases an import goes through, in order, as the progress bar names them.
READING, WRITING, INDEXING, FINISHING = "reading", "writing", "indexing", "finishing"
PHASES = (READING, WRITING, INDEXING, FINISHING)
Progress = Callable[[str, int, int], None]  # (phase, done, total)
SIMILAR_NAME_RATIO = 0.8  # names this close at the same address are probably one company
REASON_LENGTH = 300  # Capability.source_detail
MAX_STORED_ERRORS = 1_000
INDEX_CHUNK = 500  # organizations marked and indexed between two progress reports
PROGRESS_EVERY = 0.2  # seconds between two progress reports within a phase


@dataclass
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


_PARENTHESES = re.compile(r"\([^)]*\)")


def _address_key(address: str) -> str:
    """One key however the address is written: "인천 남동구 …" = "인천광역시 남동구 … (고잔동)"."""
    text = _PARENTHESES.sub("", clean_spaces(address))
    text = re.sub(r"^인천(광역시)?\s*", "인천 ", text)
    return text.replace(" ", "").casefold()


class _Registry:
    """What matching needs of the existing registry, loaded once per import (not one query per row)."""

    def __init__(self) -> None:
        self.site_by_number: dict[str, Site] = {}
        self.sites_by_name: dict[str, list[Site]] = defaultdict(list)
        self.sites_by_address: dict[str, list[Site]] = defaultdict(list)
        for site in Site.objects.select_related("organization", "complex"):
            self.remember(site)
        self.processes_of: dict[int, set[str]] = defaultdict(set)
        for organization_id, slug in Capability.objects.order_by().values_list(
            "organization_id", "process__slug"
        ):
            self.processes_of[organization_id].add(slug)
        self.technologies_of: dict[int, set[str]] = defaultdict(set)
        for organization_id, slug in OrganizationTechnology.objects.order_by().values_list(
            "organization_id", "technology__slug"
        ):
            self.technologies_of[organization_id].add(slug)

    def remember(self, site: Site) -> None:
        if site.factory_number:
            self.site_by_number[site.factory_number] = site
        self.sites_by_name[site.organization.normalized_name].append(site)
        self.sites_by_address[_address_key(site.address)].append(site)


class _Importer:
    def __init__(self, *, run: ImportRun, actor: Any) -> None:
        self.run = run
        self.actor = actor
        self.registry = _Registry()
        self.vocabulary = Vocabulary.load()
        self.complexes = complex_names()
        self.processes = {p.slug: p for p in Process.objects.all()}
        self.technologies = {t.slug: t for t in Technology.objects.all()}
        self.materials = {m.slug: m for m in Material.objects.all()}
        # Earlier decisions on near-duplicates hold: a factory waiting for review or left out by an
        # operator is not queued again, and one that was merged is matched (see review_item_resolve).
        self.reviewed = {_record_key_of(item.record): item for item in ImportReviewItem.objects.all()}
        self.touched: set[int] = set()  # organizations whose mark and search document must be refreshed
        self.entries: list[ImportEntry] = []

    def apply(self, record: FactoryRecord) -> str:
        """Write one factory; returns added, updated, unchanged or review (and lists all but unchanged)."""
        outcome, organization_id, item = self._apply(record)
        if outcome != "unchanged":
            self.entries.append(
                ImportEntry(
                    outcome=outcome,
                    lines=list(record.lines),
                    company_name=clean_spaces(record.company_name),
                    factory_number=record.factory_number,
                    organization_id=organization_id,
                    review_item_id=item.pk if item is not None else None,
                )
            )
        return outcome

    def _apply(self, record: FactoryRecord) -> tuple[str, int | None, ImportReviewItem | None]:
        site = self._match(record)
        if site is None:
            decided = self.reviewed.get(_record_key(record))
            if decided is not None and decided.status == ImportReviewItem.Status.PENDING:
                return "review", decided.candidate_id, decided
            if decided is not None and decided.status != ImportReviewItem.Status.SEPARATE:
                return "unchanged", None, None  # merged into another company, or left out, by an operator
            same_address = self._second_factory_of(record)
            if same_address is not None:
                self.add_site(same_address, record)
                return "added", same_address.pk, None
            candidate, reason = self._near_duplicate(record)
            if candidate is not None:
                item = self._queue_for_review(record, candidate, reason)
                return "review", candidate.pk, item
            return "added", self.add(record).pk, None
        if self._update(site, record):
            return "updated", site.organization_id, None
        return "unchanged", None, None

    def mark_and_index(self, progress: Progress | None, *, index: bool = True) -> None:
        """The root-industry mark, then the search document, of every organization the import added
        or changed, in chunks so that the progress bar follows a national file. A dry run is marked
        (its report says which companies would be root industry) but not indexed: all of it is rolled
        back."""
        touched = sorted(self.touched)
        marks: dict[int, bool] = {}
        reporter = _Reporter(progress, INDEXING, len(touched))
        for first in range(0, len(touched), INDEX_CHUNK):
            chunk = touched[first : first + INDEX_CHUNK]
            marks.update(
                organizations_root_industry_refresh(
                    organization_ids=chunk, vocabulary=self.vocabulary, actor=self.actor
                )
            )
            if index:
                index_refresh(doc_type="company", object_ids=chunk)
            reporter.report(first + len(chunk))
        for entry in self.entries:
            if entry.outcome != "review" and entry.organization_id is not None:
                entry.is_root_industry = marks.get(entry.organization_id)

    # --- matching ---------------------------------------------------------------------------------

    def _match(self, record: FactoryRecord) -> Site | None:
        """The same 공장관리번호; else the same company name and address on a site without a number
        (one from a 5-column file or typed in by hand). A site with another number is another factory."""
        if record.factory_number:
            site = self.registry.site_by_number.get(record.factory_number)
            if site is not None:
                return site
        for site in self._same_name_and_address(record):
            if not site.factory_number:
                return site
        if not record.factory_number:
            return next(iter(self._same_name_and_address(record)), None)
        return None

    def _same_name_and_address(self, record: FactoryRecord) -> list[Site]:
        name = normalize_company_name(record.company_name)
        address = _address_key(record.address)
        return [
            site
            for site in self.registry.sites_by_name.get(name, [])
            if _address_key(site.address) == address
        ]

    def _second_factory_of(self, record: FactoryRecord) -> Organization | None:
        """A company already registered at this address under another 공장관리번호: a second factory."""
        sites = self._same_name_and_address(record)
        return sites[0].organization if sites else None

    def _near_duplicate(self, record: FactoryRecord) -> tuple[Organization | None, str]:
        name = normalize_company_name(record.company_name)
        # Any district: a company that moved or opened a second factory across town is as common as
        # two companies sharing a name, and only an operator can tell them apart (docs/import.md). The
        # same district is named first, being the likelier to be the same company.
        same_name = sorted(
            self.registry.sites_by_name.get(name, []),
            key=lambda site: not (record.district and site.district == record.district),
        )
        if same_name:
            other = same_name[0]
            if record.district and other.district and other.district != record.district:
                return other.organization, _(
                    "같은 이름의 기업이 다른 시군구(%(district)s, %(address)s)에 있습니다. "
                    "이전했거나 두 번째 공장일 수도, 이름만 같은 다른 기업일 수도 있습니다."
                ) % {"district": other.district, "address": other.address}
            return other.organization, _(
                "같은 이름의 기업이 다른 주소(%(address)s)에 있습니다. 이전했거나 두 번째 공장일 수 있습니다."
            ) % {"address": other.address}
        for site in self.registry.sites_by_address.get(_address_key(record.address), []):
            ratio = SequenceMatcher(None, name, site.organization.normalized_name).ratio()
            if ratio >= SIMILAR_NAME_RATIO:
                return site.organization, _("같은 주소에 이름이 비슷한 기업(%(name)s)이 있습니다.") % {
                    "name": site.organization.name
                }
        return None, ""

    def _queue_for_review(
        self, record: FactoryRecord, candidate: Organization, reason: str
    ) -> ImportReviewItem:
        item = ImportReviewItem.objects.create(
            run=self.run, candidate=candidate, record=_record_json(record), reason=reason[:300]
        )
        self.reviewed[_record_key(record)] = item
        return item

    # --- writing ----------------------------------------------------------------------------------

    def complex_of(self, record: FactoryRecord) -> Complex | None:
        return complex_resolve(record.complex_name, self.complexes)

    def add(self, record: FactoryRecord) -> Organization:
        name = clean_spaces(record.company_name)
        organization = Organization.objects.create(
            kind=Organization.Kind.COMPANY,
            name=name,
            normalized_name=normalize_company_name(name),
            products=record.products,
            raw_materials=record.raw_materials,
            ksic_main=record.ksic_main,
            size=record.firm_size,
            employees=record.employees,
            phone=record.phone,
        )
        self.add_site(organization, record, primary=True, log=False)
        self._log(
            "registry.organization.imported",
            organization,
            record,
            gettext_noop("공장등록 자료에서 등록: %(file)s %(lines)s행"),
        )
        return organization

    def _log(self, verb: str, target: Any, record: FactoryRecord, message: str, **data: Any) -> None:
        """A change-log entry naming the file and its lines. `message` is marked with gettext_noop and
        translated inside the summary, once per site language (core.activity)."""
        organization = target if isinstance(target, Organization) else target.organization
        activity_log(
            actor=self.actor,
            verb=verb,
            target=target,
            scope=organization,
            summary=lambda: _(message) % {"file": self.run.file_name, "lines": _lines(record)},
            data={"run": self.run.pk, "lines": record.lines, "factory_number": record.factory_number, **data},
        )

    def add_site(
        self, organization: Organization, record: FactoryRecord, *, primary: bool = False, log: bool = True
    ) -> Site:
        """A factory of a company already in the registry (or of one just created)."""
        # The registry was read under the import lock and is kept up to date: no query per row.
        if record.factory_number and record.factory_number in self.registry.site_by_number:
            raise ValidationError(_("이 공장관리번호의 사업장이 이미 등록되어 있습니다."))
        site = Site.objects.create(
            organization=organization,
            complex=self.complex_of(record),
            address=record.address,
            district=record.district,
            factory_number=record.factory_number,
            ksic_codes=record.ksic_codes,
            is_primary=primary,
        )
        self.registry.remember(site)
        self.write_inferences(organization, site, classify(record, self.vocabulary))
        self.touched.add(organization.pk)
        if log:
            self._log(
                "registry.site.imported",
                site,
                record,
                gettext_noop("공장등록 자료에서 사업장 추가: %(file)s %(lines)s행"),
            )
        return site

    def _update(self, site: Site, record: FactoryRecord) -> bool:
        organization = site.organization
        organization_values: dict[str, Any] = {
            "ksic_main": record.ksic_main or organization.ksic_main,
            "size": record.firm_size or organization.size,
            "employees": record.employees if record.employees is not None else organization.employees,
            # Descriptive text only fills gaps: the company may have written its own since.
            "products": organization.products or record.products,
            "raw_materials": organization.raw_materials or record.raw_materials,
            "phone": organization.phone or record.phone,
        }
        site_values: dict[str, Any] = {
            "address": record.address,
            "complex": self.complex_of(record),
            "district": record.district or site.district,
            "ksic_codes": record.ksic_codes or site.ksic_codes,
            "factory_number": record.factory_number or site.factory_number,
        }
        changed = {k: v for k, v in organization_values.items() if getattr(organization, k) != v}
        changed_site = {k: v for k, v in site_values.items() if getattr(site, k) != v}
        for name, value in changed.items():
            setattr(organization, name, value)
        if changed:
            organization.save(update_fields=[*changed, "updated_at"])
        for name, value in changed_site.items():
            setattr(site, name, value)
        if changed_site:
            site.save(update_fields=[*changed_site, "updated_at"])
            self.registry.remember(site)
        added = self.write_inferences(organization, site, classify(record, self.vocabulary))
        if not (changed or changed_site or added):
            return False
        self.touched.add(organization.pk)
        fields = sorted([*changed, *changed_site, *(["capabilities"] if added else [])])
        self._log(
            "registry.organization.reimported",
            organization,
            record,
            gettext_noop("공장등록 자료로 갱신: %(file)s %(lines)s행"),
            fields=fields,
            inferred=added,
        )
        return True

    def write_inferences(
        self, organization: Organization, site: Site, inferences: list[Inference]
    ) -> list[str]:
        """Add what the file implies and the registry lacks; returns the slugs added."""
        have_processes = self.registry.processes_of[organization.pk]
        have_technologies = self.registry.technologies_of[organization.pk]
        added = []
        for inference in inferences:
            reason = inference.reason[:REASON_LENGTH]
            if inference.process is not None:
                if inference.process in have_processes:
                    continue
                capability = Capability.objects.create(
                    organization=organization,
                    site=site,
                    process=self.processes[inference.process],
                    source=Capability.Source.IMPORTED,
                    source_detail=reason,
                )
                capability.materials.add(*self._materials(inference.materials))
                have_processes.add(inference.process)
                added.append(inference.process)
            elif inference.technology not in have_technologies:
                OrganizationTechnology.objects.create(
                    organization=organization,
                    technology=self.technologies[inference.technology],
                    source=Capability.Source.IMPORTED,
                    source_detail=reason,
                )
                have_technologies.add(inference.technology)
                added.append(inference.technology)
        return added

    def _materials(self, slugs: list[str]) -> list[Material]:
        return [self.materials[slug] for slug in slugs if slug in self.materials]


def _lines(record: FactoryRecord) -> str:
    return ", ".join(str(line) for line in record.lines)


def _record_key(record: FactoryRecord) -> str:
    if record.factory_number:
        return f"no:{record.factory_number}"
    return f"na:{normalize_company_name(record.company_name)}|{_address_key(record.address)}"


def _record_json(record: FactoryRecord) -> dict[str, Any]:
    return asdict(record)


def _record_key_of(data: dict[str, Any]) -> str:
    if data.get("factory_number"):
        return f"no:{data['factory_number']}"
    return (
        f"na:{normalize_company_name(data.get('company_name', ''))}|{_address_key(data.get('address', ''))}"
    )


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
        importer = _Importer(run=run, actor=actor)
        reporter = _Reporter(progress, WRITING, len(records))
        reporter.report(0, force=True)
        for done, record in enumerate(records, start=1):
            outcome = importer.apply(record)
            setattr(report, outcome, getattr(report, outcome) + 1)
            reporter.report(done)
        importer.mark_and_index(progress, index=not dry_run)
        report.entries = importer.entries
        _Reporter(progress, FINISHING, len(records)).report(len(records), force=True)
        if dry_run:
            transaction.set_rollback(True)
        elif report.added or report.updated:
            planner_statistics_refresh()
    if not (own_run and dry_run):  # a dry run's own record was rolled back with everything else
        import_run_record_result(run=run, report=report)
    return report


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
        ImportRunEntry.objects.bulk_create(_entry_rows(run, report), batch_size=2_000)

    # After the import's own transaction: another import may hold SQLite's write lock by now.
    retry_while_locked(save, what=f"import run {run.pk}'s report")
    return run


def _entry_rows(run: ImportRun, report: ImportReport) -> Iterator[ImportRunEntry]:
    """The report's list as rows. After a dry run nothing it would add exists, and no review item."""
    for entry in report.entries:
        written = not report.dry_run or entry.outcome != "added"
        yield ImportRunEntry(
            run=run,
            outcome=entry.outcome,
            line=entry.lines[0] if entry.lines else 0,
            lines=_lines_text(entry.lines),
            company_name=entry.company_name[:200],
            factory_number=entry.factory_number or "",
            organization_id=entry.organization_id if written else None,
            review_item_id=entry.review_item_id if not report.dry_run else None,
            is_root_industry=entry.is_root_industry,
        )


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
    importer = _Importer(run=item.run, actor=actor)
    if decision == ImportReviewItem.Status.MERGED:
        same_place = [
            site
            for site in item.candidate.sites.all()
            if _address_key(site.address) == _address_key(record.address)
        ]
        if not same_place:
            importer.add_site(item.candidate, record)
        elif record.factory_number and not same_place[0].factory_number:
            # The company's site at this address is this factory: give it its number.
            if Site.objects.filter(factory_number=record.factory_number).exists():
                raise ValidationError(_("이 공장관리번호의 사업장이 이미 등록되어 있습니다."))
            Site.objects.filter(pk=same_place[0].pk).update(factory_number=record.factory_number)
    elif decision == ImportReviewItem.Status.SEPARATE:
        importer.add(record)
    elif decision != ImportReviewItem.Status.DISMISSED:
        raise ValidationError(_("알 수 없는 결정입니다."))
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
