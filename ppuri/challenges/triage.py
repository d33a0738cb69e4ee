"""Triage: the technology, process, material and defect of a challenge, read from its text, each with
the words it came from. An operator confirms or corrects the proposal (challenges.services).

Two sources, in this order:
1. The reference vocabulary: every process, material and technology under any of its names and
   synonyms (the search analyzer's concept matcher, so 양극산화 = 아노다이징 = anodizing here too), and
   every defect of the catalog (reference.Defect) under its names and synonyms.
2. What operators decided before: for a field the vocabulary leaves open, the value most often
   confirmed for the past challenges whose words are closest to this one (nearest neighbours over
   the analysed terms). Every confirmation and correction thereby improves later proposals.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.i18n import for_reader, in_each_language
from ppuri.core.terms import Squeezed, TermMatcher
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.search.analysis import analyzer

FIELDS = ("technology", "process", "material", "defect")
# Past challenges whose confirmed values are consulted, and how alike they must be (Jaccard of terms).
NEIGHBOURS = 5
MIN_SIMILARITY = 0.2
# How far each source of a proposal is trusted when all its evidence agrees. Rules of thumb, not
# calibrated probabilities: a name of the vocabulary in the text is near certain; a technology named
# only by part of its Korean name (용접), a defect whose words stand apart in the text, or the votes of
# similar past cases less so. A proposal's confidence is its source's weight times the share of the
# evidence that points at it ("담금질" and "용접" both mentioned: the technology is half as sure).
TRUST = {"mention": 0.95, "short_name": 0.6, "words_apart": 0.6, "history": 0.7}
# Confidence shown as words from these thresholds down.
HIGH_CONFIDENCE = 0.8
MEDIUM_CONFIDENCE = 0.5


# A reason: a message marked with gettext_noop and its values, worded in the reader's language on read.
Note = tuple[str, dict[str, Any]]


@dataclass
class Proposal:
    """Per field, a slug (or ""), the reasons a reader sees and how sure the proposal is (0–1)."""

    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELDS, ""))
    reasons: dict[str, list[Note]] = field(default_factory=lambda: {name: [] for name in FIELDS})
    confidence: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0.0))

    def propose(self, name: str, slug: str, reasons: list[Note], *, source: str, share: float) -> None:
        self.values[name] = slug
        self.reasons[name] = reasons
        self.confidence[name] = round(TRUST[source] * share, 2)

    def explained(self, name: str) -> list[str]:
        """A field's reasons in the active language."""
        return [_(message) % values for message, values in self.reasons[name]]

    def as_json(self) -> dict[str, Any]:
        """Stored with the challenge: the reasons worded in each language of the site."""
        return {
            name: {
                "slug": self.values[name],
                "reasons": in_each_language(partial(self.explained, name)),
                "confidence": self.confidence[name] if self.values[name] else None,
            }
            for name in FIELDS
        }


@cache
def _defects() -> TermMatcher[str]:
    """Defect names and synonyms → defect slug (read once per process, like the analyzer)."""
    spellings: list[tuple[str, str]] = []
    for defect in Defect.objects.all():
        for name in [defect.name_ko, defect.name_en, *defect.synonyms]:
            if name:
                spellings.append((name, defect.slug))
    return TermMatcher(spellings)


def classify(text: str, *, history: list[tuple[set[str], dict[str, str]]] | None = None) -> Proposal:
    """A proposal for a challenge's text. `history`: past challenges as (terms, confirmed values);
    read from the database when not given."""
    proposal = Proposal()
    found: dict[str, list[tuple[str, str]]] = {"process": [], "material": [], "technology": []}
    for match in analyzer().concepts(text):
        found[match.concept.kind].append((match.concept.slug, match.quote))
    defects = [(match.owner, match.quote) for match in _defects().find(Squeezed(text))]
    technology_of = dict(Process.objects.values_list("slug", "technology__slug"))
    defect_technology = dict(Defect.objects.values_list("slug", "technology__slug"))

    # The technology: named by a process first, else by itself, else by a defect.
    named = [(technology_of[slug], quote) for slug, quote in found["process"] if slug in technology_of]
    named += found["technology"]
    named += [(defect_technology[slug], quote) for slug, quote in defects if slug in defect_technology]
    source = "mention"
    if not named:
        named, source = _technology_by_short_name(text), "short_name"
    if named:
        technology, votes = Counter(slug for slug, _quote in named).most_common(1)[0]
        proposal.propose(
            "technology",
            technology,
            _mentions(quote for slug, quote in named if slug == technology),
            source=source,
            share=votes / len(named),
        )
    technology = proposal.values["technology"]
    # A process and a defect of that technology, first mentioned first.
    for name, candidates, owner in (
        ("process", found["process"], technology_of),
        ("defect", defects, defect_technology),
    ):
        fitting = [
            (slug, quote) for slug, quote in candidates if not technology or owner.get(slug) == technology
        ]
        if fitting:
            chosen = [quote for slug, quote in fitting if slug == fitting[0][0]]
            share = len(chosen) / len(fitting)
            proposal.propose(name, fitting[0][0], _mentions(chosen), source="mention", share=share)
    if technology and not proposal.values["defect"]:
        _defect_by_words(proposal, text, technology)
    if found["material"]:
        slug = found["material"][0][0]
        chosen = [quote for s, quote in found["material"] if s == slug]
        share = len(chosen) / len(found["material"])
        proposal.propose("material", slug, _mentions(chosen), source="mention", share=share)
    _from_history(proposal, text, history)
    _no_surer_than_the_technology(proposal)
    return proposal


def _no_surer_than_the_technology(proposal: Proposal) -> None:
    """A process or defect belongs to its technology, so it cannot be surer than the technology is:
    "다이캐스팅 기공과 담금질" names casting two times in three, and the die casting chosen within it is
    as doubtful as that, though it was the only casting process named."""
    technology = proposal.confidence["technology"] if proposal.values["technology"] else None
    if technology is None:
        return
    for name in ("process", "defect"):
        if proposal.values[name]:
            proposal.confidence[name] = min(proposal.confidence[name], technology)


def _defect_by_words(proposal: Proposal, text: str, technology: str) -> None:
    """A defect of the technology whose name's words the text uses apart ("담금질 후 균열" for 담금질
    균열): the defect with most of its words in the text, at least one word of two syllables or more."""
    folded = text.casefold()
    best: tuple[int, int, str, list[str], int] | None = None
    for position, defect in enumerate(Defect.objects.filter(technology__slug=technology)):
        for name in [defect.name_ko, *defect.synonyms]:
            # A word that names a process or technology (용접, 도금) says the field, not the defect.
            words = [w for w in name.replace("·", " ").split() if len(w) >= 2 and not _names_a_concept(w)]
            present = [w for w in words if w.casefold() in folded]
            if present and (best is None or (len(present), -position) > (best[0], best[1])):
                best = (len(present), -position, defect.slug, present, len(words))
    if best is not None:
        count, _position, slug, present, out_of = best
        proposal.propose("defect", slug, _mentions(present), source="words_apart", share=count / out_of)


@cache
def _short_names() -> TermMatcher[str]:
    """The parts of the technologies' Korean names (용접·접합 → 용접, 접합), which the vocabulary does
    not hold as spellings of their own: a text that says only 용접 still names the welding field."""
    parts = []
    for slug, name in Technology.objects.values_list("slug", "name_ko"):
        parts += [(part, slug) for part in name.replace("·", " ").split() if len(part) >= 2]
    return TermMatcher(parts)


def _technology_by_short_name(text: str) -> list[tuple[str, str]]:
    return [(match.owner, match.quote) for match in _short_names().find(Squeezed(text))]


@cache
def _names_a_concept(word: str) -> bool:
    return bool(analyzer().concepts(word))


def _mentions(quotes: Iterable[str]) -> list[Note]:
    """One reason per distinct quote, first mentioned first, with how often the text says it: a text
    that says 유냉 담금질 three times gets "‘유냉 담금질’ 3회 언급", not the same reason three times."""
    counted = Counter(quotes)
    return [
        (gettext_noop("‘%(words)s’ 언급"), {"words": quote})
        if times == 1
        else (gettext_noop("‘%(words)s’ %(count)d회 언급"), {"words": quote, "count": times})
        for quote, times in counted.items()
    ]


def terms_of(text: str) -> set[str]:
    return {term for term in analyzer().terms(text) if not term.startswith("zz")}


def _from_history(
    proposal: Proposal, text: str, history: list[tuple[set[str], dict[str, str]]] | None
) -> None:
    """Fill the fields the vocabulary left open from the closest confirmed past challenges."""
    open_fields = [name for name in FIELDS if not proposal.values[name]]
    if not open_fields:
        return
    if history is None:
        history = confirmed_history()
    words = terms_of(text)
    if not words:
        return
    scored = []
    for past_terms, values in history:
        union = words | past_terms
        similarity = len(words & past_terms) / len(union) if union else 0.0
        if similarity >= MIN_SIMILARITY:
            scored.append((similarity, values))
    nearest = sorted(scored, key=lambda pair: -pair[0])[:NEIGHBOURS]
    for name in open_fields:
        votes = Counter(values[name] for _similarity, values in nearest if values.get(name))
        if votes:
            slug, count = votes.most_common(1)[0]
            reason = (gettext_noop("비슷한 과거 과제 %(count)d건의 확정 분류"), {"count": count})
            proposal.propose(name, slug, [reason], source="history", share=count / len(nearest))


def confirmed_history(limit: int = 2_000) -> list[tuple[set[str], dict[str, str]]]:
    """The most recent triaged challenges: their terms and the values an operator confirmed."""
    from ppuri.challenges.models import Challenge  # the models import reference data this module reads

    rows = (
        Challenge.objects.exclude(triaged_at=None)
        .order_by("-triaged_at")
        .values_list(
            "title", "description", "technology__slug", "process__slug", "material__slug", "defect__slug"
        )[:limit]
    )
    return [
        (
            terms_of(f"{title}\n{description}"),
            {"technology": t or "", "process": p or "", "material": m or "", "defect": d or ""},
        )
        for title, description, t, p, m, d in rows
    ]


def resolve(values: dict[str, str]) -> dict[str, Any]:
    """The reference rows of a proposal's slugs (None where empty or unknown)."""
    models: dict[str, Any] = {
        "technology": Technology,
        "process": Process,
        "material": Material,
        "defect": Defect,
    }
    return {name: models[name].objects.filter(slug=values.get(name) or "").first() for name in FIELDS}


@dataclass(frozen=True)
class SuggestedField:
    """One field of a stored proposal as the operator reads it: the reference row (named in the
    reader's language by the model, never by its slug), each reason once, the confidence in words."""

    name: str
    label: str
    value: Any  # a Technology, Process, Material or Defect, or None
    reasons: list[str]
    confidence: float | None

    @property
    def confidence_text(self) -> str:
        if self.value is None or self.confidence is None:
            return ""
        percent = round(self.confidence * 100)
        if self.confidence >= HIGH_CONFIDENCE:
            return _("높음(%(percent)d%%)") % {"percent": percent}
        if self.confidence >= MEDIUM_CONFIDENCE:
            return _("보통(%(percent)d%%)") % {"percent": percent}
        return _("낮음(%(percent)d%%)") % {"percent": percent}


def suggestion_for_reader(suggestion: Any) -> list[SuggestedField]:
    """A challenge's stored proposal (Proposal.as_json) for display. Proposals stored before reasons
    were counted may repeat a reason, and before confidence was kept have none: both read as well as
    they can. A slug no longer in the reference data shows as no proposal."""
    if not isinstance(suggestion, dict):
        return []
    items: dict[str, dict[str, Any]] = {}
    for name in FIELDS:
        item = suggestion.get(name)
        items[name] = item if isinstance(item, dict) else {}
    rows = resolve({name: str(items[name].get("slug") or "") for name in FIELDS})
    labels = {
        "technology": _("뿌리기술"),
        "process": _("공정"),
        "material": _("소재"),
        "defect": _("결함 유형"),
    }
    shown = []
    for name in FIELDS:
        value = rows[name]
        reasons = for_reader(items[name].get("reasons")) if value is not None else []
        confidence = items[name].get("confidence")
        shown.append(
            SuggestedField(
                name=name,
                label=labels[name],
                value=value,
                reasons=list(dict.fromkeys(str(r) for r in reasons)) if isinstance(reasons, list) else [],
                confidence=float(confidence) if isinstance(confidence, int | float) else None,
            )
        )
    return shown
