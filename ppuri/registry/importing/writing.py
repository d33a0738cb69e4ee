"""The writing half of a factory-file import: every row is planned in memory, then written in bulk.

Planning reads the registry once (matching.RegistryIndex) and decides, row by row in file order, what
the per-row import decided: added, updated, unchanged or queued for review, with the same inferred
capabilities and change-log entries. Writing then inserts each table's new rows in batches
(core.bulk.WriteBehind, ids reserved first), updates the few changed rows, marks every new company
root industry or not from the facts just planned (root_industry.Marker), and indexes the new
companies from the same facts instead of reading them back (new_companies.py). A national file
(217,048 rows) took 522 s and 2.5 GB one query per write; see bench/import_factories.py for today's
figures. tests/importing/test_bulk_equivalence.py holds the result to the per-row import's.

Every row reaching here was checked by records.build_records, every column of it for a
주민등록번호; WriteBehind sends no pre_save, so the privacy guard has nothing left to refuse.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.activity import activity_entry
from ppuri.core.bulk import WriteBehind
from ppuri.core.i18n import in_each_language
from ppuri.core.models import ActivityLog
from ppuri.core.text import clean_spaces, normalize_company_name
from ppuri.reference.models import Complex, Material, Process, Technology
from ppuri.reference.selectors import complex_names, complex_resolve
from ppuri.registry.importing.classify import Inference, Vocabulary, classify
from ppuri.registry.importing.matching import (
    KnownCompany,
    KnownSite,
    RegistryIndex,
    record_key,
    record_key_of,
)
from ppuri.registry.importing.new_companies import (
    NewCompany,
    PlannedCapability,
    PlannedTechnology,
    company_documents,
    mark_facts,
    new_companies,
)
from ppuri.registry.importing.records import FactoryRecord
from ppuri.registry.models import (
    Capability,
    ImportReviewItem,
    ImportRun,
    Organization,
    OrganizationTechnology,
    Site,
)
from ppuri.registry.root_industry import Marker, organizations_root_industry_refresh
from ppuri.search.services import NewDocumentsIndexer, index_refresh

REASON_LENGTH = 300  # Capability.source_detail
WRITE_BATCH = 2_000  # rows per INSERT
INDEX_CHUNK = 2_000  # companies analysed and indexed between two progress reports
Report = Callable[[int], None]  # done so far within the phase
WRITE_STEPS = 8  # the tables write() goes through, each a step of the progress bar


@dataclass(slots=True, eq=False)
class Review:
    """A near-duplicate, queued by this import or by an earlier one (pk set)."""

    status: str
    record: FactoryRecord | None
    reason: str
    candidate: KnownCompany | None = None  # queued by this import
    candidate_pk: int | None = None  # queued before
    pk: int | None = None

    @property
    def candidate_id(self) -> int | None:
        return self.candidate.pk if self.candidate is not None else self.candidate_pk


@dataclass(slots=True, eq=False)
class PlannedLog:
    verb: str
    target: KnownCompany | KnownSite
    company: KnownCompany
    message: str  # marked with gettext_noop; translated once per language for the whole import
    record: FactoryRecord
    extra: dict[str, Any] | None  # beyond the run, lines and factory number every entry has


@dataclass(slots=True, eq=False)
class Change:
    """A row the report lists: added, updated or queued for review."""

    outcome: str
    record: FactoryRecord
    company: KnownCompany | None
    review: Review | None = None

    @property
    def organization_id(self) -> int | None:
        if self.review is not None:
            return self.review.candidate_id
        return self.company.pk if self.company is not None else None


class Importer:
    """Plan rows with apply() (in file order), then write() them; mark_and_index() last."""

    def __init__(self, *, run: ImportRun, actor: Any) -> None:
        self.run = run
        self.actor = actor
        self.registry = RegistryIndex()
        self.vocabulary = Vocabulary.load()
        self.complexes = complex_names()
        self.processes = {p.slug: p for p in Process.objects.select_related("technology")}
        self.technologies = {t.slug: t for t in Technology.objects.all()}
        self.materials = {m.slug: m for m in Material.objects.all()}
        # Earlier decisions on near-duplicates hold: a factory waiting for review or left out by an
        # operator is not queued again, and one that was merged is matched (see review_item_resolve).
        self.reviewed: dict[str, Review] = {
            record_key_of(record): Review(status, None, "", candidate_pk=candidate_id, pk=pk)
            for pk, status, candidate_id, record in ImportReviewItem.objects.values_list(
                "pk", "status", "candidate_id", "record"
            )
        }
        self.new_companies: list[KnownCompany] = []
        self.new_sites: list[KnownSite] = []
        self.capabilities: list[PlannedCapability] = []
        self.technology_rows: list[PlannedTechnology] = []
        self.reviews: list[Review] = []
        self.logs: list[PlannedLog] = []
        self.changes: list[Change] = []
        # Companies whose mark and search document must be refreshed, in the order first touched.
        self.touched: dict[KnownCompany, None] = {}
        self.changed_sites: dict[KnownSite, None] = {}
        self._inferences: dict[tuple[Any, ...], list[Inference]] = {}
        self._marks: dict[int, bool] = {}
        self._new: dict[KnownCompany, NewCompany] | None = None

    # --- planning ---------------------------------------------------------------------------------

    def apply(self, record: FactoryRecord) -> str:
        """Plan one factory; returns added, updated, unchanged or review (and lists all but unchanged)."""
        outcome, company, review = self._apply(record)
        if outcome != "unchanged":
            self.changes.append(Change(outcome, record, company, review))
        return outcome

    def _apply(self, record: FactoryRecord) -> tuple[str, KnownCompany | None, Review | None]:
        site = self.registry.match(record)
        if site is None:
            decided = self.reviewed.get(record_key(record))
            if decided is not None and decided.status == ImportReviewItem.Status.PENDING:
                return "review", None, decided
            if decided is not None and decided.status != ImportReviewItem.Status.SEPARATE:
                return "unchanged", None, None  # merged into another company, or left out, by an operator
            same_address = self.registry.same_name_and_address(record)
            if same_address:
                company = same_address[0].company
                self.add_site(company, record)
                return "added", company, None
            candidate, reason = self.registry.near_duplicate(record)
            if candidate is not None:
                review = Review(ImportReviewItem.Status.PENDING, record, reason[:300], candidate=candidate)
                self.reviews.append(review)
                self.reviewed[record_key(record)] = review
                return "review", None, review
            return "added", self.add(record), None
        if self._update(site, record):
            return "updated", site.company, None
        return "unchanged", None, None

    def complex_of(self, record: FactoryRecord) -> Complex | None:
        return complex_resolve(record.complex_name, self.complexes)

    def classify(self, record: FactoryRecord) -> list[Inference]:
        """classify() depends on these four fields only, and factories of one trade repeat them."""
        key = (record.products, record.raw_materials, tuple(record.ksic_codes), record.ksic_main)
        inferences = self._inferences.get(key)
        if inferences is None:
            inferences = self._inferences[key] = classify(record, self.vocabulary)
        return inferences

    def add(self, record: FactoryRecord) -> KnownCompany:
        name = clean_spaces(record.company_name)
        company = KnownCompany(
            None,
            name,
            normalize_company_name(name),
            (
                record.ksic_main,
                record.firm_size,
                record.employees,
                record.products,
                record.raw_materials,
                record.phone,
            ),  # COMPANY_FIELDS' order
        )
        self.new_companies.append(company)
        self.add_site(company, record, primary=True, log=False)
        self._log(
            "registry.organization.imported",
            company,
            company,
            record,
            gettext_noop("공장등록 자료에서 등록: %(file)s %(lines)s행"),
        )
        return company

    def add_site(
        self, company: KnownCompany, record: FactoryRecord, *, primary: bool = False, log: bool = True
    ) -> KnownSite:
        """A factory of a company already in the registry (or of one just planned)."""
        if record.factory_number and record.factory_number in self.registry.site_by_number:
            raise ValidationError(_("이 공장관리번호의 사업장이 이미 등록되어 있습니다."))
        complex_ = self.complex_of(record)
        site = KnownSite(
            None,
            company,
            record.factory_number,
            record.address,
            record.district,
            complex_.pk if complex_ else None,
            record.ksic_codes,
            primary,
        )
        self.new_sites.append(site)
        self.registry.remember(site)
        self.write_inferences(company, site, self.classify(record))
        self.touched[company] = None
        if log:
            self._log(
                "registry.site.imported",
                site,
                company,
                record,
                gettext_noop("공장등록 자료에서 사업장 추가: %(file)s %(lines)s행"),
            )
        return site

    def _update(self, site: KnownSite, record: FactoryRecord) -> bool:
        company = site.company
        have = company.values
        organization_values: dict[str, Any] = {
            "ksic_main": record.ksic_main or have["ksic_main"],
            "size": record.firm_size or have["size"],
            "employees": record.employees if record.employees is not None else have["employees"],
            # Descriptive text only fills gaps: the company may have written its own since.
            "products": have["products"] or record.products,
            "raw_materials": have["raw_materials"] or record.raw_materials,
            "phone": have["phone"] or record.phone,
        }
        complex_ = self.complex_of(record)
        site_values: dict[str, Any] = {
            "address": record.address,
            "complex": complex_.pk if complex_ else None,
            "district": record.district or site.district,
            "ksic_codes": record.ksic_codes or site.ksic_codes,
            "factory_number": record.factory_number or site.factory_number,
        }
        changed = {k: v for k, v in organization_values.items() if have[k] != v}
        changed_site = {k: v for k, v in site_values.items() if _site_value(site, k) != v}
        company.update(changed)
        if changed and company.pk is not None:
            company.changed = {*company.changed, *changed}
        for name, value in changed_site.items():
            if name == "address":
                site.move(value)
            elif name == "complex":
                site.complex_id = value
            else:
                setattr(site, name, value)
        if changed_site:
            if site.pk is not None:
                site.changed = {*site.changed, *changed_site}
                self.changed_sites[site] = None
            self.registry.remember(site)
        added = self.write_inferences(company, site, self.classify(record))
        if not (changed or changed_site or added):
            return False
        self.touched[company] = None
        fields = sorted([*changed, *changed_site, *(["capabilities"] if added else [])])
        self._log(
            "registry.organization.reimported",
            company,
            company,
            record,
            gettext_noop("공장등록 자료로 갱신: %(file)s %(lines)s행"),
            fields=fields,
            inferred=added,
        )
        return True

    def write_inferences(
        self, company: KnownCompany, site: KnownSite, inferences: list[Inference]
    ) -> list[str]:
        """Plan what the file implies and the registry lacks; returns the slugs added."""
        added = []
        for inference in inferences:
            reason = inference.reason[:REASON_LENGTH]
            if inference.process is not None:
                if inference.process in company.processes:
                    continue
                self.capabilities.append(
                    PlannedCapability(company, site, inference.process, inference.materials, reason)
                )
                company.add_process(inference.process)
                added.append(inference.process)
            elif inference.technology not in company.technologies:
                self.technology_rows.append(PlannedTechnology(company, inference.technology, reason))
                company.add_technology(inference.technology)
                added.append(inference.technology)
        return added

    def _log(
        self,
        verb: str,
        target: KnownCompany | KnownSite,
        company: KnownCompany,
        record: FactoryRecord,
        message: str,
        **data: Any,
    ) -> None:
        self.logs.append(PlannedLog(verb, target, company, message, record, data or None))

    # --- writing ----------------------------------------------------------------------------------

    def write(self, report: Report | None = None, *, behind: WriteBehind | None = None) -> None:
        """Write the plan: new rows in bulk, changed rows, the review queue and the change log;
        `report` hears after each of the WRITE_STEPS tables. With `behind`, the database writes while
        this goes on (and while the caller goes on to mark_and_index with it)."""
        if behind is None:
            with WriteBehind() as own:
                return self.write(report, behind=own)
        related = self._planned_new()
        marker = Marker(vocabulary=self.vocabulary)
        self._reserve_ids(behind)
        types = {  # read now: a query waits for what is written behind
            KnownCompany: ContentType.objects.get_for_model(Organization),
            KnownSite: ContentType.objects.get_for_model(Site),
        }
        steps: list[Callable[[], None]] = [
            lambda: self._write_companies(related, marker, behind),
            self._write_changed_companies,
            lambda: self._write_sites(behind),
            self._write_changed_sites,
            lambda: self._write_capabilities(behind),
            lambda: self._write_technologies(behind),
            lambda: self._write_reviews(behind),
            lambda: self._write_logs(types, behind),
        ]
        assert len(steps) == WRITE_STEPS
        for done, step in enumerate(steps, start=1):
            step()
            if report is not None:
                report(done)
        return None

    def _reserve_ids(self, behind: WriteBehind) -> None:
        """Every new row's id at once, before anything is written: rows refer to the ids of rows
        still queued, and a query now would wait for the queue."""
        planned: list[tuple[type[Model], list[Any]]] = [
            (Organization, self.new_companies),
            (Site, self.new_sites),
            (Capability, self.capabilities),
            (ImportReviewItem, self.reviews),
        ]
        for model, items in planned:
            for item, pk in zip(items, behind.reserve(model, len(items)), strict=True):
                item.pk = pk

    def _planned_new(self) -> dict[KnownCompany, NewCompany]:
        """What was planned for each new company, gathered once for marking and indexing."""
        if self._new is None:
            self._new = new_companies(
                self.new_companies, self.new_sites, self.capabilities, self.technology_rows
            )
        return self._new

    def _write_companies(
        self, related: dict[KnownCompany, NewCompany], marker: Marker, behind: WriteBehind
    ) -> None:
        """New companies with their mark, computed from the planned facts as the refresh would read
        them back: 대표업종 then the sites' codes, primary site first; capabilities in order."""
        table = self.vocabulary.ksic
        for batch in _batches(self.new_companies):
            rows = []
            for company in batch:
                marked, reason = marker.mark(mark_facts(company, related[company]), table)
                self._marks[id(company)] = marked
                rows.append(
                    {
                        "kind": Organization.Kind.COMPANY.value,
                        "name": company.name,
                        "normalized_name": company.normalized_name,
                        **company.values,
                        "is_root_industry": marked,
                        "root_industry_reason": reason,
                    }
                )
            behind.insert(Organization, rows, ids=[company.written_pk for company in batch])

    def _write_changed_companies(self) -> None:
        changed = [company for company in self.touched if company.pk is not None and company.changed]
        now = timezone.now()
        by_fields: dict[tuple[str, ...], list[Organization]] = defaultdict(list)
        for company in changed:
            names = tuple(sorted(company.changed))
            row = Organization(pk=company.pk, updated_at=now, **{n: company.value(n) for n in names})
            by_fields[names].append(row)
        for names, rows in by_fields.items():
            Organization.objects.bulk_update(rows, [*names, "updated_at"], batch_size=500)

    def _write_sites(self, behind: WriteBehind) -> None:
        for batch in _batches(self.new_sites):
            rows = [
                {
                    "organization_id": site.company.written_pk,
                    "complex_id": site.complex_id,
                    "address": site.address,
                    "district": site.district,
                    "factory_number": site.factory_number,
                    "ksic_codes": site.ksic_codes,
                    "is_primary": site.is_primary,
                }
                for site in batch
            ]
            behind.insert(Site, rows, ids=[site.written_pk for site in batch])

    def _write_changed_sites(self) -> None:
        now = timezone.now()
        by_fields: dict[tuple[str, ...], list[Site]] = defaultdict(list)
        for site in self.changed_sites:
            names = tuple(sorted(site.changed))
            values = {name: _site_value(site, name) for name in names}
            if "complex" in values:
                values["complex_id"] = values.pop("complex")
            by_fields[names].append(Site(pk=site.pk, updated_at=now, **values))
        for names, rows in by_fields.items():
            Site.objects.bulk_update(rows, [*names, "updated_at"], batch_size=500)

    def _write_capabilities(self, behind: WriteBehind) -> None:
        for batch in _batches(self.capabilities):
            rows = [
                {
                    "organization_id": planned.company.written_pk,
                    "site_id": planned.site.written_pk,
                    "process_id": self.processes[planned.process].pk,
                    "source": Capability.Source.IMPORTED.value,
                    "source_detail": planned.reason,
                }
                for planned in batch
            ]
            behind.insert(Capability, rows, ids=_reserved(batch))
            materials = [
                {"capability_id": planned.pk, "material_id": material.pk}
                for planned in batch
                for material in dict.fromkeys(self._materials(planned.materials))
            ]
            behind.insert(Capability.materials.through, materials, ids=None)

    def _write_technologies(self, behind: WriteBehind) -> None:
        for batch in _batches(self.technology_rows):
            rows = [
                {
                    "organization_id": planned.company.written_pk,
                    "technology_id": self.technologies[planned.technology].pk,
                    "source": Capability.Source.IMPORTED.value,
                    "source_detail": planned.reason,
                }
                for planned in batch
            ]
            behind.insert(OrganizationTechnology, rows, ids=None)

    def _write_reviews(self, behind: WriteBehind) -> None:
        for batch in _batches(self.reviews):
            rows = [
                {
                    "run_id": self.run.pk,
                    "candidate_id": review.candidate_id,
                    "record": asdict(review.record) if review.record is not None else {},
                    "reason": review.reason,
                }
                for review in batch
            ]
            behind.insert(ImportReviewItem, rows, ids=_reserved(batch))

    def _write_logs(self, types: dict[type, ContentType], behind: WriteBehind) -> None:
        """The change log, one entry per added company, added site and update, as the per-row import
        wrote them; each message is translated once per language, not once per row."""
        templates: dict[str, dict[str, str]] = {}
        for batch in _batches(self.logs):
            rows = []
            for planned in batch:
                message = templates.get(planned.message)
                if message is None:
                    message = templates[planned.message] = in_each_language(partial(_, planned.message))
                values = {"file": self.run.file_name, "lines": lines_text(planned.record)}
                rows.append(
                    activity_entry(
                        actor=self.actor,
                        verb=planned.verb,
                        target=(types[type(planned.target)], planned.target.pk),
                        scope=(types[KnownCompany], planned.company.pk),
                        summaries={code: (text % values)[:300] for code, text in message.items()},
                        data={
                            "run": self.run.pk,
                            "lines": planned.record.lines,
                            "factory_number": planned.record.factory_number,
                            **(planned.extra or {}),
                        },
                    )
                )
            behind.insert(ActivityLog, rows, ids=None)

    def _materials(self, slugs: list[str]) -> list[Material]:
        return [self.materials[slug] for slug in slugs if slug in self.materials]

    def materials_in_order(self, slugs: list[str]) -> list[Material]:
        """A capability's materials as the database lists them (Material's ordering)."""
        return sorted(set(self._materials(slugs)), key=lambda material: (material.order, material.slug))

    # --- marking and indexing ---------------------------------------------------------------------

    def mark_and_index(
        self, report: Report | None, *, index: bool = True, behind: WriteBehind | None = None
    ) -> dict[int, bool]:
        """The mark of every existing company the import changed (new ones were marked as written),
        then the search document of every company it added or changed. A dry run is marked (its
        report says which companies would be root industry) but not indexed: all of it is rolled back.
        Returns the marks by organization id."""
        if behind is None:
            with WriteBehind() as own:
                return self.mark_and_index(report, index=index, behind=own)
        new = {id(company) for company in self.new_companies}
        existing = sorted(company.pk for company in self.touched if id(company) not in new and company.pk)
        marks = {company.written_pk: self._marks[id(company)] for company in self.new_companies}
        if existing:
            marks.update(
                organizations_root_industry_refresh(
                    organization_ids=existing, vocabulary=self.vocabulary, actor=self.actor
                )
            )
        if index:
            self._index(existing, marks, report, behind)
        return marks

    def _index(
        self, existing: list[int], marks: dict[int, bool], report: Report | None, behind: WriteBehind
    ) -> None:
        planned = self._planned_new()
        complexes = {c.pk: c for c in self.complexes.values()}
        done = 0
        # New companies: nothing of theirs is indexed yet, and no document of another type follows them
        # (a job posting carries its company's name), none being created by this import.
        with NewDocumentsIndexer(behind, count=len(self.new_companies)) as indexer:
            for batch in _batches(self.new_companies, INDEX_CHUNK):
                indexer.add(
                    company_documents(
                        batch,
                        planned,
                        marks,
                        processes=self.processes,
                        technologies=self.technologies,
                        complexes=complexes,
                        materials_in_order=self.materials_in_order,
                    )
                )
                done += len(batch)
                if report is not None:
                    report(done)
        for first in range(0, len(existing), INDEX_CHUNK):
            chunk = existing[first : first + INDEX_CHUNK]
            index_refresh(doc_type="company", object_ids=chunk)
            done += len(chunk)
            if report is not None:
                report(done)

    @property
    def index_total(self) -> int:
        return len(self.touched)


def _reserved(items: list[PlannedCapability] | list[Review]) -> list[int]:
    """Their ids, reserved by Importer._reserve_ids."""
    ids = [item.pk for item in items]
    assert None not in ids
    return cast(list[int], ids)


def _site_value(site: KnownSite, name: str) -> Any:
    return site.complex_id if name == "complex" else getattr(site, name)


def _batches[T](items: Iterable[T], size: int = WRITE_BATCH) -> Iterator[list[T]]:
    items = list(items)
    for first in range(0, len(items), size):
        yield items[first : first + size]


def lines_text(record: FactoryRecord) -> str:
    return ", ".join(str(line) for line in record.lines)
