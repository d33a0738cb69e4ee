"""Whether an organization belongs to the root industries (뿌리산업), and why.

Ppuri keeps every registered factory it is given (the national file holds food, textile and chemical
plants too) and marks each organization as root industry or not; the directory, search and the API
show root-industry companies by default (DESIGN "The registry's scope"). The evidence, strongest first:

1. a KSIC code of the organization (its 대표업종 or a site's 업종) that the reference mapping assigns to a
   root technology (reference KsicCode; Rev. 11, else Rev. 10, Rev. 9's 29294 read as 29293);
2. a process capability (imported, declared or verified) or a root technology the organization holds;
3. its products text naming a root technology or process, read as the importer's classifier reads it
   (only looked at when 1 and 2 found nothing: the import already turned the text into capabilities).

Without any of them it is not root industry: a kimchi maker (KSIC 10799, "김치, 반찬류"). The reason is
stored in each language (core.i18n.in_each_language) so the profile and the API show it in the
reader's. Every registry service that changes these facts, and every import, recomputes the mark
through organizations_root_industry_refresh; so does `ppuri root-industry-refresh` after the KSIC
mapping changes.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.activity import activity_log
from ppuri.core.i18n import in_each_language, in_reader_language
from ppuri.reference.models import Process, Technology
from ppuri.registry.importing.classify import (
    KsicEntry,
    Vocabulary,
    ksic_entry,
    ksic_table,
    product_technologies,
)
from ppuri.registry.models import Capability, Organization, OrganizationTechnology, Site

MAX_SHOWN: Final = 3  # items of each kind of evidence named in a reason
_CHUNK: Final = 2_000  # organizations read per round of queries in a bulk refresh
# A capability the company declared or an operator verified says more than one inferred from a file.
_SOURCE_ORDER: Final[dict[str, int]] = {
    Capability.Source.VERIFIED.value: 0,
    Capability.Source.DECLARED.value: 1,
    Capability.Source.IMPORTED.value: 2,
}


@dataclass
class Facts:
    """What the mark is computed from, for one organization."""

    ksic_codes: list[str] = field(default_factory=list)  # 대표업종 first, then the sites' codes
    processes: list[tuple[str, str]] = field(default_factory=list)  # (process slug, source)
    technologies: list[tuple[str, str]] = field(default_factory=list)  # (technology slug, source)
    products: str = ""


@dataclass(frozen=True)
class Assessment:
    is_root_industry: bool
    ksic: list[tuple[str, KsicEntry]]  # mapped codes: (the code as written, its mapping)
    other_ksic: list[str]  # codes outside the mapping
    processes: list[tuple[str, str]]  # (process slug, source), the firmest first
    technologies: list[tuple[str, str]]  # (technology slug, source)
    products: list[tuple[str, str]]  # (technology slug, the words of the products text that name it)


def assess(
    facts: Facts,
    *,
    ksic: dict[tuple[str, int], KsicEntry],
    vocabulary: Callable[[], Vocabulary],
    read: dict[str, list[tuple[str, str]]] | None = None,
) -> Assessment:
    """The mark and its evidence. `vocabulary` is asked for only when the products text must decide;
    `read` remembers what each products text said, for a caller assessing many."""
    mapped: list[tuple[str, KsicEntry]] = []
    other: list[str] = []
    for code in dict.fromkeys(filter(None, facts.ksic_codes)):
        entry = ksic_entry(code, ksic)
        if entry is None:
            other.append(code)
        else:
            mapped.append((code, entry))
    processes = sorted(dict.fromkeys(facts.processes), key=lambda item: _SOURCE_ORDER.get(item[1], 9))
    technologies = sorted(dict.fromkeys(facts.technologies), key=lambda item: _SOURCE_ORDER.get(item[1], 9))
    products: list[tuple[str, str]] = []
    if not (mapped or processes or technologies) and facts.products.strip():
        known = read.get(facts.products) if read is not None else None
        if known is None:
            found = product_technologies(facts.products, vocabulary()).items()
            known = [(technology, ", ".join(quotes)) for (technology, _process), quotes in found]
            if read is not None:
                read[facts.products] = known
        products = list(known)
    return Assessment(
        is_root_industry=bool(mapped or processes or technologies or products),
        ksic=mapped,
        other_ksic=other,
        processes=processes,
        technologies=technologies,
        products=products,
    )


class _Names:
    """Technology and process names in both languages, read once per refresh."""

    def __init__(self) -> None:
        self.technologies = {t.slug: (t.name_ko, t.name_en) for t in Technology.objects.all()}
        self.processes = {p.slug: (p.name_ko, p.name_en) for p in Process.objects.all()}

    def technology(self, slug: str) -> str:
        return in_reader_language(*self.technologies.get(slug, (slug, "")))

    def process(self, slug: str) -> str:
        return in_reader_language(*self.processes.get(slug, (slug, "")))


_SOURCE_LABELS: Final[dict[str, str]] = {
    Capability.Source.IMPORTED.value: gettext_noop("공공데이터에서 추정"),
    Capability.Source.DECLARED.value: gettext_noop("기업이 등록"),
    Capability.Source.VERIFIED.value: gettext_noop("운영기관이 확인"),
}


def reason_text(assessment: Assessment, names: _Names) -> str:
    """The reason in the active language: "뿌리산업: KSIC 24321 알루미늄주물 주조업(주조)" or
    "뿌리산업 아님: KSIC 10799는 뿌리산업 업종이 아니고 …"."""
    parts: list[str] = []
    for code, entry in assessment.ksic[:MAX_SHOWN]:
        parts.append(
            _("KSIC %(code)s %(name)s(%(technology)s)")
            % {
                "code": code,
                "name": in_reader_language(entry.name, entry.name_en),
                "technology": names.technology(entry.technology),
            }
        )
    for slug, source in assessment.processes[:MAX_SHOWN]:
        parts.append(
            _("공정 %(process)s(%(source)s)")
            % {"process": names.process(slug), "source": _(_SOURCE_LABELS.get(source, source))}
        )
    for slug, source in assessment.technologies[:MAX_SHOWN]:
        parts.append(
            _("뿌리기술 %(technology)s(%(source)s)")
            % {"technology": names.technology(slug), "source": _(_SOURCE_LABELS.get(source, source))}
        )
    for slug, quotes in assessment.products[:MAX_SHOWN]:
        parts.append(
            _("생산품의 '%(words)s'(%(technology)s)")
            % {"words": quotes, "technology": names.technology(slug)}
        )
    if assessment.is_root_industry:
        return _("뿌리산업: %(evidence)s") % {"evidence": "; ".join(parts)}
    if assessment.other_ksic:
        return _(
            "뿌리산업 아님: KSIC %(codes)s은(는) 뿌리산업 업종에 들지 않고, 생산품과 공정에서도 뿌리기술을 "
            "찾지 못했습니다."
        ) % {"codes": ", ".join(assessment.other_ksic[:MAX_SHOWN])}
    return _(
        "뿌리산업 아님: 뿌리산업 업종(KSIC) 코드가 없고, 생산품과 공정에서도 뿌리기술을 찾지 못했습니다."
    )


def _facts_of(organization_ids: list[int]) -> dict[int, Facts]:
    facts: dict[int, Facts] = defaultdict(Facts)
    for pk, ksic_main, products in Organization.objects.filter(pk__in=organization_ids).values_list(
        "pk", "ksic_main", "products"
    ):
        facts[pk].ksic_codes.append(ksic_main)
        facts[pk].products = products
    for organization_id, codes in (
        Site.objects.filter(organization_id__in=organization_ids)
        .order_by("organization_id", "-is_primary", "id")
        .values_list("organization_id", "ksic_codes")
    ):
        facts[organization_id].ksic_codes.extend(str(code) for code in codes or [] if code)
    for organization_id, process, source in (
        Capability.objects.filter(organization_id__in=organization_ids)
        .order_by("id")
        .values_list("organization_id", "process__slug", "source")
    ):
        facts[organization_id].processes.append((process, source))
    for organization_id, technology, source in (
        OrganizationTechnology.objects.filter(organization_id__in=organization_ids)
        .order_by("id")
        .values_list("organization_id", "technology__slug", "source")
    ):
        facts[organization_id].technologies.append((technology, source))
    return facts


class Marker:
    """Marks of many organizations with the reference data read once. Equal evidence gives an equal
    reason, so each distinct reason is written out in each language once: a national import marks
    170,000 companies with a few hundred different reasons."""

    def __init__(self, *, vocabulary: Vocabulary | None = None) -> None:
        self.names = _Names()
        self.vocabulary = vocabulary
        self._reasons: dict[tuple[Any, ...], dict[str, str]] = {}
        self._products: dict[str, list[tuple[str, str]]] = {}

    def products_vocabulary(self) -> Vocabulary:
        if self.vocabulary is None:
            self.vocabulary = Vocabulary.load()
        return self.vocabulary

    def table(self, facts: Iterable[Facts]) -> dict[tuple[str, int], KsicEntry]:
        if self.vocabulary is not None:
            return self.vocabulary.ksic
        return ksic_table([code for fact in facts for code in fact.ksic_codes if code])

    def mark(self, facts: Facts, table: dict[tuple[str, int], KsicEntry]) -> tuple[bool, dict[str, str]]:
        assessment = assess(facts, ksic=table, vocabulary=self.products_vocabulary, read=self._products)
        key = (
            assessment.is_root_industry,
            *(tuple(part) for part in (assessment.ksic, assessment.other_ksic, assessment.processes)),
            *(tuple(part) for part in (assessment.technologies, assessment.products)),
        )
        reason = self._reasons.get(key)
        if reason is None:
            reason = self._reasons[key] = in_each_language(partial(reason_text, assessment, self.names))
        return assessment.is_root_industry, reason


@transaction.atomic
def organizations_root_industry_refresh(
    *,
    organization_ids: Iterable[int],
    vocabulary: Vocabulary | None = None,
    actor: Any = None,
    log: bool = True,
) -> dict[int, bool]:
    """Recompute the mark and its reason of these organizations from their stored facts; write those
    that changed. Returns every organization's mark. A mark that flips on an organization that had one
    is logged on its change log (`log=False` for rows being created, whose creation is logged)."""
    ids = sorted({int(pk) for pk in organization_ids})
    if not ids:
        return {}
    marker = Marker(vocabulary=vocabulary)
    marks: dict[int, bool] = {}
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        facts = _facts_of(chunk)
        table = marker.table(facts.values())
        organizations = Organization.objects.filter(pk__in=chunk).only(
            "pk", "name", "name_en", "is_root_industry", "root_industry_reason"
        )
        changed = []
        for organization in organizations:
            marked, reason = marker.mark(facts[organization.pk], table)
            marks[organization.pk] = marked
            if (organization.is_root_industry, organization.root_industry_reason) == (marked, reason):
                continue
            flipped = organization.is_root_industry != marked
            organization.is_root_industry = marked
            organization.root_industry_reason = reason
            changed.append(organization)
            if flipped and log:
                _log_flip(organization, actor=actor)
        Organization.objects.bulk_update(
            changed, ["is_root_industry", "root_industry_reason"], batch_size=500
        )
    return marks


def _log_flip(organization: Organization, *, actor: Any) -> None:
    marked = organization.is_root_industry
    activity_log(
        actor=actor,
        verb="registry.organization.root_industry_marked"
        if marked
        else "registry.organization.root_industry_unmarked",
        target=organization,
        summary=lambda: (
            (_("뿌리산업으로 표시: %(reason)s") if marked else _("뿌리산업 표시 해제: %(reason)s"))
            % {"reason": organization.root_industry_reason_text}
        ),
        data={"is_root_industry": marked},
    )
