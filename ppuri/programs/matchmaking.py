"""Suggested pairs for a matchmaking day: a buyer's (or an investor's) needs against another
participant's capabilities in the registry, with the reasons a person reads. The organiser may let the
scheduler place them after the requested meetings; a participant sees theirs with a button to ask.

A seeker wants technologies (chosen on registration, and for an investor also those of the investment
lead they are linked to) and writes what they look for (the processes and technologies named in it are
found with the vocabulary's names and synonyms, core.terms). A supplier has what the registry knows of
its company (capabilities by process, technologies from its industry codes, certifications, the
complexes of its sites) and what it wrote it can offer. Each wanted technology the supplier works in
weighs 3, each wanted process it runs 2, a technology named in the needs 1.5; a pair that fits at all
gains 1 for a shared complex and up to 1.5 for certifications. The weights are Ppuri's judgement and are
shown with the reasons.

Registry facts come through the registry's visibility rules for the viewer, so a private company's
capabilities never surface in someone else's reasons. Pairs already asked for (in either direction,
whatever the answer) or already meeting are left out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ppuri.core.terms import Squeezed, TermMatcher
from ppuri.programs.models import Event, Meeting, MeetingRequest, Participant
from ppuri.reference.models import Process, Technology
from ppuri.registry.selectors import (
    capabilities_visible_to,
    certifications_held_visible_to,
    sites_visible_to,
    technologies_held_visible_to,
)

WANTED_TECHNOLOGY = 3.0
WANTED_PROCESS = 2.0
NAMED_TECHNOLOGY = 1.5
SAME_COMPLEX = 1.0
CERTIFICATION = 0.5
CERTIFICATIONS_COUNTED = 3
CERTIFICATIONS_NAMED = 4


@dataclass
class Suggestion:
    seeker: Participant
    supplier: Participant
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> frozenset[int]:
        return frozenset((self.seeker.pk, self.supplier.pk))

    def counterpart_of(self, participant: Participant) -> Participant:
        return self.supplier if self.seeker.pk == participant.pk else self.seeker


@dataclass
class _Wants:
    technologies: set[int] = field(default_factory=set)
    processes: set[int] = field(default_factory=set)  # named in the needs text
    named_technologies: set[int] = field(default_factory=set)  # named in the needs text, no process


@dataclass
class _Has:
    processes_by_technology: dict[int, list[Process]] = field(default_factory=lambda: defaultdict(list))
    industry_technologies: set[int] = field(default_factory=set)
    offered_technologies: set[int] = field(default_factory=set)
    certifications: list[str] = field(default_factory=list)
    complexes: dict[int, str] = field(default_factory=dict)

    @property
    def processes(self) -> set[int]:
        return {p.pk for processes in self.processes_by_technology.values() for p in processes}

    @property
    def technologies(self) -> set[int]:
        return set(self.processes_by_technology) | self.industry_technologies | self.offered_technologies


class _Vocabulary:
    """Processes and technologies under all their names, to find them in what people wrote."""

    def __init__(self) -> None:
        self.processes = {p.pk: p for p in Process.objects.select_related("technology")}
        self.technologies = {t.pk: t for t in Technology.objects.all()}
        terms: list[tuple[str, tuple[str, int]]] = [
            (term, ("process", p.pk))
            for p in self.processes.values()
            for term in (p.name_ko, p.name_en, *p.synonyms)
            if term
        ]
        terms += [
            (part, ("technology", t.pk))
            for t in self.technologies.values()
            for part in [*t.name_ko.replace("ㆍ", "·").split("·"), t.name_en]
            if part
        ]
        self.matcher = TermMatcher(terms)

    def named_in(self, text: str) -> tuple[set[int], set[int]]:
        """The processes and technologies a text names."""
        processes: set[int] = set()
        technologies: set[int] = set()
        if not text.strip():
            return processes, technologies
        for match in self.matcher.find(Squeezed(text)):
            kind, pk = match.owner
            (processes if kind == "process" else technologies).add(pk)
        return processes, technologies


def _wants(participants: list[Participant], vocabulary: _Vocabulary) -> dict[int, _Wants]:
    wants: dict[int, _Wants] = {}
    for p in participants:
        wanted = _Wants(technologies={t.pk for t in p.wanted_technologies.all()})
        if p.lead is not None:
            wanted.technologies |= {t.pk for t in p.lead.technologies.all()}
        processes, technologies = vocabulary.named_in(p.needs)
        wanted.processes = processes
        wanted.named_technologies = technologies - wanted.technologies
        wants[p.pk] = wanted
    return wants


def _haves(participants: list[Participant], viewer: Any, vocabulary: _Vocabulary) -> dict[int, _Has]:
    organizations = {p.organization_id for p in participants if p.organization_id}
    by_organization: dict[int, _Has] = defaultdict(_Has)
    capabilities = capabilities_visible_to(viewer).filter(organization__in=organizations)
    for organization_id, process_id in capabilities.values_list("organization_id", "process_id"):
        process = vocabulary.processes[process_id]
        by_organization[organization_id].processes_by_technology[process.technology_id].append(process)
    held = technologies_held_visible_to(viewer).filter(organization__in=organizations)
    for organization_id, technology_id in held.values_list("organization_id", "technology_id"):
        by_organization[organization_id].industry_technologies.add(technology_id)
    certified = certifications_held_visible_to(viewer).filter(organization__in=organizations)
    for row in certified.select_related("certification").order_by("certification__order"):
        by_organization[row.organization_id].certifications.append(row.certification.name)
    sites = sites_visible_to(viewer).filter(organization__in=organizations, complex__isnull=False)
    for site in sites.select_related("complex"):
        by_organization[site.organization_id].complexes[site.complex_id] = site.complex.short_name
    haves: dict[int, _Has] = {}
    for p in participants:
        # A company takes part once per event, so no two participants share their registry facts.
        has = by_organization[p.organization_id] if p.organization_id else _Has()
        offered_processes, offered_technologies = vocabulary.named_in(p.offers)
        has.offered_technologies = offered_technologies | {
            vocabulary.processes[pk].technology_id for pk in offered_processes
        }
        haves[p.pk] = has
    return haves


def _fit(wants: _Wants, has: _Has, vocabulary: _Vocabulary) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    for technology_id in sorted(
        wants.technologies & has.technologies, key=lambda pk: vocabulary.technologies[pk].order
    ):
        technology = vocabulary.technologies[technology_id]
        processes = has.processes_by_technology.get(technology_id)
        score += WANTED_TECHNOLOGY
        if processes:
            names = ", ".join(p.name for p in sorted(processes, key=lambda p: p.order))
            reasons.append(
                _("%(technology)s 공정 보유: %(processes)s")
                % {"technology": technology.name, "processes": names}
            )
        elif technology_id in has.industry_technologies:
            reasons.append(_("%(technology)s 업종 기업") % {"technology": technology.name})
        else:
            reasons.append(
                _("제공할 수 있는 것에 %(technology)s을(를) 적음") % {"technology": technology.name}
            )
    named = sorted(
        wants.processes & has.processes,
        key=lambda pk: (vocabulary.processes[pk].technology.order, vocabulary.processes[pk].order),
    )
    if named:
        score += WANTED_PROCESS * len(named)
        reasons.append(
            _("찾는 것에 적은 공정 보유: %(processes)s")
            % {"processes": ", ".join(vocabulary.processes[pk].name for pk in named)}
        )
    counted = {vocabulary.processes[pk].technology_id for pk in named} | wants.technologies
    loose = sorted(
        (wants.named_technologies & has.technologies) - counted,
        key=lambda pk: vocabulary.technologies[pk].order,
    )
    if loose:
        score += NAMED_TECHNOLOGY * len(loose)
        reasons.append(
            _("찾는 것에 적은 분야의 기업: %(technologies)s")
            % {"technologies": ", ".join(vocabulary.technologies[pk].name for pk in loose)}
        )
    return score, reasons


def _extras(seeker_has: _Has, supplier_has: _Has) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    shared = sorted(set(seeker_has.complexes) & set(supplier_has.complexes))
    if shared:
        score += SAME_COMPLEX
        reasons.append(
            _("같은 산업단지: %(complexes)s")
            % {"complexes": ", ".join(supplier_has.complexes[pk] for pk in shared)}
        )
    if supplier_has.certifications:
        score += CERTIFICATION * min(len(supplier_has.certifications), CERTIFICATIONS_COUNTED)
        reasons.append(
            _("보유 인증: %(certifications)s")
            % {"certifications": ", ".join(supplier_has.certifications[:CERTIFICATIONS_NAMED])}
        )
    return score, reasons


def _taken_pairs(event: Event) -> set[frozenset[int]]:
    asked = MeetingRequest.objects.filter(event=event).values_list("requester_id", "target_id")
    met = Meeting.objects.filter(event=event).values_list("first_id", "second_id")
    return {frozenset(pair) for pair in [*asked, *met]}


def suggestions(
    event: Event, *, viewer: Any, participant: Participant | None = None, limit: int | None = None
) -> list[Suggestion]:
    """The event's suggested pairs, best first (only those with `participant` on either side when
    given). Each unordered pair comes once, the side with the stronger need as the seeker."""
    participants = list(
        event.participants.select_related("organization", "lead")
        .prefetch_related("wanted_technologies", "lead__technologies")
        .order_by("pk")
    )
    if len(participants) < 2:
        return []
    vocabulary = _Vocabulary()
    wants = _wants(participants, vocabulary)
    haves = _haves(participants, viewer, vocabulary)
    taken = _taken_pairs(event)
    best: dict[frozenset[int], Suggestion] = {}
    for seeker in participants:
        for supplier in participants:
            if seeker.pk == supplier.pk or frozenset((seeker.pk, supplier.pk)) in taken:
                continue
            if participant is not None and participant.pk not in (seeker.pk, supplier.pk):
                continue
            score, reasons = _fit(wants[seeker.pk], haves[supplier.pk], vocabulary)
            if score <= 0:
                continue
            extra, extra_reasons = _extras(haves[seeker.pk], haves[supplier.pk])
            found = Suggestion(
                seeker=seeker,
                supplier=supplier,
                score=round(score + extra, 2),
                reasons=reasons + extra_reasons,
            )
            other = best.get(found.key)
            if other is None:
                best[found.key] = found
            else:  # both need what the other has: one pair, both sides' reasons
                stronger, weaker = (found, other) if found.score > other.score else (other, found)
                stronger.score = round(stronger.score + weaker.score, 2)
                stronger.reasons = stronger.reasons + [r for r in weaker.reasons if r not in stronger.reasons]
                best[found.key] = stronger
    ranked = sorted(best.values(), key=lambda s: (-s.score, s.seeker.pk, s.supplier.pk))
    return ranked if limit is None else ranked[:limit]
