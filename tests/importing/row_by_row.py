"""The import as it wrote factories one at a time, one query per write (Ppuri up to commit bf763c6), kept
as the oracle of the equivalence test: the bulk path (registry.importing.writing) must leave the registry,
the review queue, the change log, the report and the search index exactly as this did. It reuses the
product's reading, classification, root-industry and indexing code; only the writing is the old one."""

import re
from collections import defaultdict
from dataclasses import asdict
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.activity import activity_log
from ppuri.core.text import clean_spaces, normalize_company_name
from ppuri.reference.models import Complex, Material, Process, Technology
from ppuri.reference.selectors import complex_names, complex_resolve
from ppuri.registry.importing.classify import Inference, Vocabulary, classify
from ppuri.registry.importing.reading import read_factory_file
from ppuri.registry.importing.records import FactoryRecord, build_records
from ppuri.registry.importing.services import ImportEntry, ImportReport, import_run_record_result
from ppuri.registry.models import (
    Capability,
    ImportReviewItem,
    ImportRun,
    Organization,
    OrganizationTechnology,
    Site,
)
from ppuri.registry.root_industry import organizations_root_industry_refresh
from ppuri.search.services import index_refresh

SIMILAR_NAME_RATIO = 0.8
REASON_LENGTH = 300
INDEX_CHUNK = 500
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
        self.created: set[int] = set()

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

    def mark_and_index(self, *, index: bool = True) -> None:
        """The root-industry mark, then the search document, of every organization the import added
        or changed, in chunks so that the progress bar follows a national file. A dry run is marked
        (its report says which companies would be root industry) but not indexed: all of it is rolled
        back."""
        touched = sorted(self.touched)
        marks: dict[int, bool] = {}
        for first in range(0, len(touched), INDEX_CHUNK):
            chunk = touched[first : first + INDEX_CHUNK]
            # The one change made to the old code: a company created by the import got a change-log
            # entry "뿌리산업 표시 해제" when it was not root industry, against the refresh's own
            # rule (log=False for rows being created, whose creation is logged). The bulk path
            # marks a new company as it writes it, and logs no such entry.
            for ids, log in [([pk for pk in chunk if pk in self.created], False),
                             ([pk for pk in chunk if pk not in self.created], True)]:  # fmt: skip
                marks.update(
                    organizations_root_industry_refresh(
                        organization_ids=ids, vocabulary=self.vocabulary, actor=self.actor, log=log
                    )
                )
            if index:
                index_refresh(doc_type="company", object_ids=chunk)
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
        self.created.add(organization.pk)
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


def factory_import_row_by_row(*, path: Path, actor: Any = None) -> ImportReport:
    """factory_import as it was, without progress, dry run or strict mode."""
    factory_file = read_factory_file(path, display_name=path.name)
    records, errors = build_records(factory_file)
    report = ImportReport(
        file=path.name,
        layout=factory_file.layout,
        encoding=factory_file.encoding,
        rows=len(factory_file.rows),
        rejected=len({error.line for error in errors}),
        errors=errors,
    )
    with transaction.atomic():
        run = ImportRun.objects.create(file_name=path.name, created_by=actor, status=ImportRun.Status.RUNNING)
        importer = _Importer(run=run, actor=actor)
        for record in records:
            outcome = importer.apply(record)
            setattr(report, outcome, getattr(report, outcome) + 1)
        importer.mark_and_index()
        report.entries = importer.entries
    import_run_record_result(run=run, report=report)
    return report
