"""From a part to capable suppliers per process step, and to the best whole process chains.

Per step, hard filters first — the supplier has the process, can work the material, holds every
required certification valid on the deadline, and the part fits its declared size and weight — then
a score in [0, 1] from weighted parts, each with the reason a buyer reads. Chains take one supplier
per step (one may take several consecutive steps) and are scored by fit minus the transport between
consecutive sites; the K best are exact (dynamic programming over the steps, after a pruning that
provably cannot drop a member of the K best, see `chains`).

Only public profile data is read, so the stateless API may answer anonymous callers.
"""

import gc
import itertools
import math
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.db import id_list
from ppuri.core.i18n import in_reader_language
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Capability, Organization, OrganizationCertification, Site
from ppuri.search.analysis import Concept, analyzer

# The weights of a supplier's score for one step (they sum to 1).
WEIGHTS = {
    "capability": 0.30,  # how well the registered capability fits: who vouches for it, material, size
    "relevance": 0.20,  # the request's words in the supplier's profile (the search index's score)
    "batch": 0.10,  # the quantity against the capability's production band
    "sector": 0.10,  # experience in the buyer's sector
    "certification": 0.10,  # certifications held (and checked by the operator)
    "record": 0.10,  # response and award record on Ppuri
    "distance": 0.10,  # to the preferred complexes
}
PART_WEIGHTS = tuple(WEIGHTS.values())
# A chain loses this much score per km the part travels between consecutive steps: 10 km cost as much
# as a tenth of one step's fit.
KM_PENALTY = 0.01
# Distance assumed when a site's position is unknown (neither coordinates nor complex).
UNKNOWN_KM = 25.0
SUPPLIERS_PER_STEP = 10
CHAINS = 5
BATCH_RANGES = {  # Capability.BatchBand → the quantities it suits
    Capability.BatchBand.PROTOTYPE: (1, 10),
    Capability.BatchBand.SMALL: (10, 1_000),
    Capability.BatchBand.MEDIUM: (1_000, 100_000),
    Capability.BatchBand.MASS: (100_000, 10**12),
}
SOURCE_FIT = {
    Capability.Source.VERIFIED: 1.0,
    Capability.Source.DECLARED: 0.85,
    Capability.Source.IMPORTED: 0.5,
}


@dataclass(frozen=True)
class PartSpec:
    title: str = ""
    description: str = ""
    material: Material | None = None
    processes: tuple[Process, ...] = ()
    quantity: int = 1
    certifications: tuple[Certification, ...] = ()
    sector: Sector | None = None
    complexes: tuple[Complex, ...] = ()
    deadline: date | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    weight_kg: Decimal | None = None
    exclude: tuple[int, ...] = ()  # organizations never proposed (the buyer itself)


# A message marked with gettext_noop, and its values: names go in as the objects themselves, named in
# the reader's language when the note is formatted.
Note = tuple[str, dict[str, Any]]


@dataclass(slots=True)
class Candidate:
    organization_id: int
    name: str
    url: str
    score: float
    notes: list[Note]
    latitude: float | None
    longitude: float | None
    place: str  # the complex's short name or the district
    name_en: str = ""
    parts: dict[str, float] = field(default_factory=dict)
    row: tuple = field(default=(), repr=False)  # type: ignore[type-arg]  # the capability, for its notes

    @property
    def reasons(self) -> list[str]:
        """The notes as sentences in the reader's language. Formatted only when read: a request may
        have thousands of capable suppliers, of which a page shows a few dozen."""
        return [_(message) % values if values else _(message) for message, values in self.notes]

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)

    @property
    def display_name(self) -> str:
        return in_reader_language(self.name, self.name_en)


@dataclass
class ChainStep:
    process: Process
    candidate: Candidate
    km_from_previous: float | None


@dataclass
class Chain:
    score: float
    total_distance_km: float
    steps: list[ChainStep]


@dataclass
class MatchResult:
    processes: list[Process]
    inferred: dict[str, str]  # process slug → the words it was inferred from (when not given)
    suppliers: dict[str, list[Candidate]]
    chains: list[Chain]


def infer_processes(text: str) -> list[tuple[Process, str]]:
    """The processes a description names, in the order it names them, with the words that named them
    ("SCM415 기어 침탄 열처리 후 무전해 니켈 도금" → carburizing, electroless nickel)."""
    found: dict[str, str] = {}
    for match in analyzer().concepts(text):
        if match.concept.kind == "process" and match.concept.slug not in found:
            found[match.concept.slug] = match.quote
    by_slug = Process.objects.select_related("technology").in_bulk(list(found), field_name="slug")
    return [(by_slug[slug], quote) for slug, quote in found.items() if slug in by_slug]


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Scoring makes tens of thousands of short-lived objects without reference cycles (rows, sites,
    candidates), which reference counting frees; meanwhile Python's cyclic collector would run a full
    pass over the whole process every few matches (33 ms measured at 100,000 suppliers, a fifth of a
    match). Paused for the match, it resumes after; a thread that finds it paused leaves it alone."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def match(
    spec: PartSpec, *, suppliers_per_step: int = SUPPLIERS_PER_STEP, chains: int = CHAINS
) -> MatchResult:
    with _cyclic_gc_paused():
        return _match(spec, suppliers_per_step=suppliers_per_step, chains=chains)


def _match(spec: PartSpec, *, suppliers_per_step: int, chains: int) -> MatchResult:
    processes = list(spec.processes)
    inferred: dict[str, str] = {}
    if not processes:
        for process, quote in infer_processes(f"{spec.title}\n{spec.description}"):
            processes.append(process)
            inferred[process.slug] = quote
    pool = _SupplierPool(spec, processes)
    per_step = [pool.candidates(process) for process in processes]
    suppliers = {
        process.slug: sorted(candidates, key=lambda c: (-c.score, c.organization_id))[:suppliers_per_step]
        for process, candidates in zip(processes, per_step, strict=True)
    }
    best = best_chains(processes, per_step, k=chains)
    # Only what is shown is explained.
    for process in processes:
        for candidate in suppliers[process.slug]:
            pool.explain(process, candidate)
    for chain in best:
        for step in chain.steps:
            pool.explain(step.process, step.candidate)
    return MatchResult(processes=processes, inferred=inferred, suppliers=suppliers, chains=best)


class _SupplierPool:
    """Everything the per-step scores need, read in a handful of queries for all steps at once."""

    def __init__(self, spec: PartSpec, processes: list[Process]) -> None:
        self.spec = spec
        self.usual_materials: dict[int, set[int]] = defaultdict(set)
        for process_id, material_id in Process.materials.through.objects.filter(
            process__in=processes
        ).values_list("process_id", "material_id"):
            self.usual_materials[process_id].add(material_id)
        capable = (
            Capability.objects.filter(process__in=processes)
            .exclude(organization_id__in=spec.exclude)
            .order_by()  # the model's ordering would join and sort
        )
        # The material filter runs in the database: the capability lists the material, or lists none
        # and its process usually works it.
        if spec.material is not None:
            listed = Capability.materials.through.objects.filter(capability=OuterRef("pk"))
            usual = [p.pk for p in processes if spec.material.pk in self.usual_materials[p.pk]]
            capable = capable.annotate(
                registered=Exists(listed.filter(material=spec.material)), any_listed=Exists(listed)
            ).filter(Q(registered=True) | Q(any_listed=False, process__in=usual))
        else:
            capable = capable.annotate(registered=Value(False))
        rows = list(
            capable.values_list(
                "pk", "organization_id", "process_id", "site_id", "source", "batch_band",
                "max_length_mm", "max_width_mm", "max_height_mm", "max_weight_kg", "registered",
            )
        )  # fmt: skip
        # Public companies only, read apart: joined, PostgreSQL hashed the whole organization table.
        # pk → (name, name_en)
        self.organizations: dict[int, tuple[str, str]] = {
            pk: (name, name_en)
            for pk, name, name_en in Organization.objects.filter(
                pk__in=id_list({row[1] for row in rows}), is_public=True, kind=Organization.Kind.COMPANY
            )
            .order_by()
            .values_list("pk", "name", "name_en")
        }
        self.capabilities = [row for row in rows if row[1] in self.organizations]
        # The suppliers as one parameter: several reads use them (see core.db.id_list).
        suppliers = id_list(self.organizations)
        by_process: dict[int, set[int]] = defaultdict(set)
        for row in self.capabilities:
            by_process[row[2]].add(row[1])
        self._load_sites(suppliers)
        self._load_certifications(suppliers)
        self.sectors: dict[int, set[int]] = defaultdict(set)
        if spec.sector:
            for organization_id in Organization.sectors.through.objects.filter(
                organization_id__in=suppliers, sector=spec.sector
            ).values_list("organization_id", flat=True):
                self.sectors[organization_id].add(spec.sector.pk)
        self._load_record(suppliers)
        self.relevance = _text_relevance(spec, processes, by_process)

    def _load_sites(self, suppliers: RawSQL) -> None:
        complexes = {c.pk: c for c in Complex.objects.all()}
        short_names = {pk: c.short_name for pk, c in complexes.items()}
        self.sites: dict[int, tuple[int, float | None, float | None, str, int | None]] = {}
        self.primary_site: dict[int, int] = {}
        rows = (
            Site.objects.filter(organization_id__in=suppliers)
            .order_by()
            .values_list(
                "pk", "organization_id", "latitude", "longitude", "complex_id", "district", "is_primary"
            )
        )
        for pk, organization_id, latitude, longitude, complex_id, district, is_primary in rows:
            place_complex = complexes.get(complex_id) if complex_id else None
            if latitude is None and place_complex is not None:
                latitude, longitude = place_complex.latitude, place_complex.longitude
            place = short_names[complex_id] if place_complex else district
            self.sites[pk] = (organization_id, latitude, longitude, place, complex_id)
            if is_primary or organization_id not in self.primary_site:
                self.primary_site[organization_id] = pk
        self.preferred: list[tuple[int, float, float, str]] = []
        self.preferred_ids = {c.pk for c in self.spec.complexes}
        for preferred in self.spec.complexes:
            if preferred.latitude is not None and preferred.longitude is not None:
                self.preferred.append(
                    (preferred.pk, preferred.latitude, preferred.longitude, preferred.short_name)
                )

    def _load_certifications(self, suppliers: RawSQL) -> None:
        """The required certificates each supplier holds, valid on the deadline, and how many valid
        certificates it holds in all. Unordered reads: the models' orderings would join and sort."""
        self.certifications: dict[int, dict[int, tuple[date | None, bool]]] = defaultdict(dict)
        wanted = [c.pk for c in self.spec.certifications]
        on = self.spec.deadline or timezone.localdate()
        valid = (
            OrganizationCertification.objects.filter(organization_id__in=suppliers)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .order_by()
        )
        if wanted:
            for organization_id, certification_id, valid_until, verified in valid.filter(
                certification_id__in=wanted
            ).values_list("organization_id", "certification_id", "valid_until", "verified"):
                self.certifications[organization_id][certification_id] = (valid_until, verified)
        self.certificates_held: dict[int, int] = dict(
            valid.values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
        )

    def _load_record(self, suppliers: RawSQL) -> None:
        """Invitations answered and awards won on Ppuri, per supplier."""
        from ppuri.sourcing.models import Invitation  # the models import this module's neighbours

        self.record: dict[int, tuple[int, int, int]] = {}
        rows = (
            Invitation.objects.filter(supplier_id__in=suppliers, origin=Invitation.Origin.INVITED)
            .values("supplier_id")
            .annotate(
                invited=Count("pk"),
                answered=Count("pk", filter=~Q(status=Invitation.Status.INVITED)),
                awarded=Count("pk", filter=Q(status=Invitation.Status.AWARDED)),
            )
        )
        for row in rows:
            self.record[row["supplier_id"]] = (row["invited"], row["answered"], row["awarded"])

    def candidates(self, process: Process) -> list[Candidate]:
        """The step's capable suppliers with their scores; their notes come from explain(), for the
        few that are shown (a step may have thousands)."""
        found = []
        wanted = [c.pk for c in self.spec.certifications]
        for row in self.capabilities:
            if row[2] == process.pk:
                candidate = self._candidate(process, row, wanted)
                if candidate is not None:
                    found.append(candidate)
        return found

    def _candidate(self, process: Process, row: tuple, wanted: list[int]) -> Candidate | None:  # type: ignore[type-arg]
        """The hard filters (the material's ran in the database) and the score. Its parts are kept
        only for the candidates explained: a request may score thousands."""
        (_capability_id, organization_id, _process_id, site_id, _source, _batch_band,
         max_length, max_width, max_height, max_weight, _registered) = row  # fmt: skip
        held = self.certifications.get(organization_id, {})
        if wanted and any(pk not in held for pk in wanted):
            return None
        if not _fits(self.spec, max_length, max_width, max_height, max_weight):
            return None
        site = self.sites.get(site_id or self.primary_site.get(organization_id, -1))
        score = 0.0
        for weight, value in zip(PART_WEIGHTS, self._parts(process, row, site), strict=True):
            score += weight * value
        name, name_en = self.organizations.get(organization_id, ("", ""))
        return Candidate(
            organization_id=organization_id,
            name=name,
            name_en=name_en,
            url=f"/companies/{organization_id}/",
            score=round(score, 4),
            notes=[],
            latitude=site[1] if site else None,
            longitude=site[2] if site else None,
            place=(site[3] if site else "") or "",
            row=row,
        )

    def _parts(self, process: Process, row: tuple, site: tuple | None) -> tuple[float, ...]:  # type: ignore[type-arg]
        """The score's parts in the order of WEIGHTS, for a capability that passed the filters."""
        (_capability_id, organization_id, _process_id, _site_id, source, batch_band,
         max_length, max_width, max_height, max_weight, registered) = row  # fmt: skip
        spec = self.spec
        material_fit = 1.0 if spec.material is None or registered else 0.6
        declared = not (
            max_length is None and max_width is None and max_height is None and max_weight is None
        )
        capability = SOURCE_FIT.get(source, 0.5) * material_fit * (1.0 if declared else 0.8)
        if spec.sector is not None:
            sector = 1.0 if spec.sector.pk in self.sectors.get(organization_id, set()) else 0.0
        else:
            sector = 0.5
        if spec.certifications:
            held = self.certifications[organization_id]
            checked = sum(1 for c in spec.certifications if held[c.pk][1])
            certification = 0.7 + 0.3 * checked / len(spec.certifications)
        else:
            certification = 0.5 + 0.5 * min(1.0, self.certificates_held.get(organization_id, 0) / 2)
        invited, answered, awarded = self.record.get(organization_id, (0, 0, 0))
        # Laplace-smoothed: a supplier without a record starts in the middle, not at the bottom.
        record = min(1.0, (answered + 1) / (invited + 2) + 0.1 * awarded)
        return (
            capability,
            self.relevance[process.pk].get(organization_id, 0.0),
            _batch_fit(spec.quantity, batch_band),
            sector,
            certification,
            record,
            self._distance_fit(site),
        )

    def explain(self, process: Process, candidate: Candidate) -> None:
        """Write the candidate's notes, the reasons a buyer reads, from its row and score parts."""
        if candidate.notes or not candidate.row:
            return
        (_capability_id, organization_id, _process_id, site_id, source, batch_band,
         *_limits, registered) = candidate.row  # fmt: skip
        site = self.sites.get(site_id or self.primary_site.get(organization_id, -1))
        candidate.parts = dict(zip(WEIGHTS, self._parts(process, candidate.row, site), strict=True))
        spec, parts, notes = self.spec, candidate.parts, candidate.notes
        if spec.material is None:
            notes.append((gettext_noop("%(process)s 역량 등록"), {"process": process}))
        elif registered:
            notes.append(
                (
                    gettext_noop("%(material)s %(process)s 역량 등록"),
                    {"material": spec.material, "process": process},
                )
            )
        else:
            notes.append((gettext_noop("%(process)s 역량 등록(소재 미기재)"), {"process": process}))
        if source == Capability.Source.VERIFIED:
            notes.append((gettext_noop("운영기관 확인 역량"), {}))
        elif source == Capability.Source.IMPORTED:
            notes.append((gettext_noop("공장등록 정보에서 추정한 역량"), {}))
        if parts["batch"] == 1.0 and batch_band:
            notes.append((gettext_noop("수량이 생산 규모에 맞음"), {}))
        if spec.sector is not None and parts["sector"]:
            notes.append((gettext_noop("%(sector)s 납품 경험"), {"sector": spec.sector}))
        held = self.certifications.get(organization_id, {})
        for certification in spec.certifications:
            valid_until, _verified = held[certification.pk]
            if valid_until:
                notes.append(
                    (gettext_noop("%(name)s 유효(%(until)s)"), {"name": certification, "until": valid_until})
                )
            else:
                notes.append((gettext_noop("%(name)s 유효(기한 없음)"), {"name": certification}))
        invited, answered, _awarded = self.record.get(organization_id, (0, 0, 0))
        if invited:
            notes.append(
                (
                    gettext_noop("초대 응답률 %(rate)d%%(%(invited)d건 중 %(answered)d건)"),
                    {"rate": round(100 * answered / invited), "invited": invited, "answered": answered},
                )
            )
        if site is not None and site[4] in self.preferred_ids:
            notes.append((gettext_noop("선호 산업단지(%(place)s)"), {"place": site[3]}))

    def _distance_fit(self, site: tuple | None) -> float:  # type: ignore[type-arg]
        if not self.preferred:
            return 0.5
        if site is None or site[1] is None:
            return 0.2
        if site[4] in self.preferred_ids:
            return 1.0
        nearest = min(haversine_km(site[1], site[2], lat, lon) for _pk, lat, lon, _name in self.preferred)
        return math.exp(-nearest / 10)


def _fits(spec: PartSpec, max_length: int | None, max_width: int | None, max_height: int | None,
          max_weight: Decimal | None) -> bool:  # fmt: skip
    """False when the supplier declared a limit and the part exceeds it; unknown limits pass."""
    for size, limit in (
        (spec.length_mm, max_length),
        (spec.width_mm, max_width),
        (spec.height_mm, max_height),
    ):
        if size is not None and limit is not None and size > limit:
            return False
    return not (spec.weight_kg is not None and max_weight is not None and spec.weight_kg > max_weight)


def _batch_fit(quantity: int, band: str) -> float:
    if not band:
        return 0.5
    low, high = BATCH_RANGES[Capability.BatchBand(band)]
    if low <= quantity <= high:
        return 1.0
    # One band away still helps a little: a medium-volume shop can run a large small batch.
    gap = math.log10(low / quantity) if quantity < low else math.log10(quantity / high)
    return max(0.0, 1.0 - gap / 2)


def _text_relevance(
    spec: PartSpec, processes: list[Process], capable: dict[int, set[int]]
) -> dict[int, dict[int, float]]:
    """Per step (process id), the search index's score of each of its capable companies for the
    request's words beyond the steps and the material, scaled so the step's best is 1. One query scores the
    companies that have any of the steps' processes (a facet filter in the engine), so every capable
    supplier has its score."""
    from ppuri.search.selectors import scores  # search knows no sourcing; sourcing asks search

    text = f"{spec.title} {spec.description}"
    if not text.strip() or not processes:
        return {process.pk: {} for process in processes}
    # What the hard filters checked already says nothing more: the steps, the material.
    known = [Concept("process", p.slug) for p in processes]
    if spec.material is not None:
        known.append(Concept("material", spec.material.slug))
    found = scores(
        query=text, doc_type="company", filters={"process": [p.slug for p in processes]}, known=known
    )
    relevance = {int(object_id): score for object_id, score in found.items() if object_id.isdigit()}
    per_step = {}
    for process in processes:
        step = {pk: relevance[pk] for pk in capable.get(process.pk, ()) if pk in relevance}
        best = max(step.values(), default=0.0)
        per_step[process.pk] = {pk: score / best for pk, score in step.items()} if best > 0 else {}
    return per_step


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _distances(a: list[Candidate], b: list[Candidate]) -> np.ndarray:
    """Km between every candidate of one step and every candidate of the next (vectorised haversine);
    UNKNOWN_KM where a position is unknown, 0 for the same supplier."""

    def coordinates(candidates: list[Candidate]) -> tuple[np.ndarray, np.ndarray]:
        lat = np.array([c.latitude if c.latitude is not None else np.nan for c in candidates], float)
        lon = np.array([c.longitude if c.longitude is not None else np.nan for c in candidates], float)
        return np.radians(lat), np.radians(lon)

    lat1, lon1 = coordinates(a)
    lat2, lon2 = coordinates(b)
    dlat = lat2[None, :] - lat1[:, None]
    dlon = lon2[None, :] - lon1[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat1)[:, None] * np.cos(lat2)[None, :] * np.sin(dlon / 2) ** 2
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    owners_a = np.array([c.organization_id for c in a])
    owners_b = np.array([c.organization_id for c in b])
    same = owners_a[:, None] == owners_b[None, :]
    # One supplier taking consecutive steps moves the part only between its own sites, if at all.
    return np.where(np.isnan(km), np.where(same, 0.0, UNKNOWN_KM), km)


def best_chains(processes: list[Process], per_step: list[list[Candidate]], *, k: int = CHAINS) -> list[Chain]:
    """The k best chains: the sum of the steps' scores minus KM_PENALTY per km between consecutive
    steps. Exact: a first pass over the best few per step gives k chains whose k-th score is a lower
    bound; a candidate whose score plus the best of every other step falls below it cannot be in the
    k best (distances only lower a chain), so the exact dynamic programme runs over the rest."""
    if not processes or any(not candidates for candidates in per_step):
        return []
    ordered = [sorted(candidates, key=lambda c: -c.score) for candidates in per_step]
    first = _k_best([candidates[:20] for candidates in ordered], k)
    bound = -math.inf if len(first) < k else first[-1][0]
    best = [candidates[0].score for candidates in ordered]
    kept = []
    for step, candidates in enumerate(ordered):
        others = sum(best) - best[step]
        kept.append([c for c in candidates if c.score + others >= bound - 1e-9])
    chains = _k_best(kept, k)
    result = []
    for score, picks in chains:
        steps = []
        total = 0.0
        for position, (process, candidate) in enumerate(zip(processes, picks, strict=True)):
            km = None
            if position:
                km = float(_distances([picks[position - 1]], [candidate])[0, 0])
                total += km
            steps.append(ChainStep(process=process, candidate=candidate, km_from_previous=km))
        result.append(Chain(score=round(score, 4), total_distance_km=round(total, 1), steps=steps))
    return result


def _k_best(steps: list[list[Candidate]], k: int) -> list[tuple[float, list[Candidate]]]:
    """Dynamic programme over the steps keeping, for each candidate of a step, the k best partial
    chains that end in it; numpy over (previous candidate × kept chain) for each next candidate."""
    first = steps[0]
    # scores[c, j]: the j-th best partial chain ending in candidate c; -inf where fewer exist.
    scores = np.full((len(first), k), -np.inf)
    scores[:, 0] = [c.score for c in first]
    back: list[np.ndarray] = []  # per later step: (candidate, j) → flat index into the previous table
    for previous, current in itertools.pairwise(steps):
        km = _distances(previous, current)  # (P, C)
        fit = np.array([c.score for c in current])
        # total[p, j, c] = scores[p, j] - penalty * km[p, c] + fit[c]
        total = scores[:, :, None] - KM_PENALTY * km[:, None, :] + fit[None, None, :]
        flat = total.reshape(-1, len(current))  # (P*k, C)
        take = min(k, flat.shape[0])
        top = np.argpartition(-flat, take - 1, axis=0)[:take]  # (take, C), unordered
        top_scores = np.take_along_axis(flat, top, axis=0)
        order = np.argsort(-top_scores, axis=0, kind="stable")
        top = np.take_along_axis(top, order, axis=0)
        top_scores = np.take_along_axis(top_scores, order, axis=0)
        scores = np.full((len(current), k), -np.inf)
        scores[:, :take] = top_scores.T
        pointers = np.full((len(current), k), -1)
        pointers[:, :take] = top.T
        back.append(pointers)
    flat_scores = scores.reshape(-1)
    finite = np.flatnonzero(np.isfinite(flat_scores))
    best = finite[np.argsort(-flat_scores[finite], kind="stable")][:k]
    chains = []
    for index in best:
        candidate, j = divmod(int(index), k)
        picks = [steps[-1][candidate]]
        for step in range(len(steps) - 1, 0, -1):
            pointer = int(back[step - 1][candidate, j])
            candidate, j = divmod(pointer, k)
            picks.append(steps[step - 1][candidate])
        chains.append((float(flat_scores[index]), list(reversed(picks))))
    return chains
