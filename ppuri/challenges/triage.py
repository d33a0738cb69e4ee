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
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.core.i18n import in_each_language
from ppuri.core.terms import Squeezed, TermMatcher
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.search.analysis import analyzer

FIELDS = ("technology", "process", "material", "defect")
# Past challenges whose confirmed values are consulted, and how alike they must be (Jaccard of terms).
NEIGHBOURS = 5
MIN_SIMILARITY = 0.2


# A reason: a message marked with gettext_noop and its values, worded in the reader's language on read.
Note = tuple[str, dict[str, Any]]


@dataclass
class Proposal:
    """Per field, a slug (or "") and the reasons a reader sees."""

    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELDS, ""))
    reasons: dict[str, list[Note]] = field(default_factory=lambda: {name: [] for name in FIELDS})

    def explained(self, name: str) -> list[str]:
        """A field's reasons in the active language."""
        return [_(message) % values for message, values in self.reasons[name]]

    def as_json(self) -> dict[str, Any]:
        """Stored with the challenge: the reasons worded in each language of the site."""
        return {
            name: {
                "slug": self.values[name],
                "reasons": in_each_language(partial(self.explained, name)),
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
    if not named:
        named = _technology_by_short_name(text)
    if named:
        technology = Counter(slug for slug, _quote in named).most_common(1)[0][0]
        proposal.values["technology"] = technology
        proposal.reasons["technology"] = [_quoted(quote) for slug, quote in named if slug == technology]
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
            proposal.values[name] = fitting[0][0]
            proposal.reasons[name] = [_quoted(quote) for slug, quote in fitting if slug == fitting[0][0]]
    if technology and not proposal.values["defect"]:
        _defect_by_words(proposal, text, technology)
    if found["material"]:
        slug = found["material"][0][0]
        proposal.values["material"] = slug
        proposal.reasons["material"] = [_quoted(quote) for s, quote in found["material"] if s == slug]
    _from_history(proposal, text, history)
    return proposal


def _defect_by_words(proposal: Proposal, text: str, technology: str) -> None:
    """A defect of the technology whose name's words the text uses apart ("담금질 후 균열" for 담금질
    균열): the defect with most of its words in the text, at least one word of two syllables or more."""
    folded = text.casefold()
    best: tuple[int, int, str, list[str]] | None = None
    for position, defect in enumerate(Defect.objects.filter(technology__slug=technology)):
        for name in [defect.name_ko, *defect.synonyms]:
            # A word that names a process or technology (용접, 도금) says the field, not the defect.
            words = [w for w in name.replace("·", " ").split() if len(w) >= 2 and not _names_a_concept(w)]
            present = [w for w in words if w.casefold() in folded]
            if present and (best is None or (len(present), -position) > (best[0], best[1])):
                best = (len(present), -position, defect.slug, present)
    if best is not None:
        proposal.values["defect"] = best[2]
        proposal.reasons["defect"] = [_quoted(word) for word in best[3]]


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


def _quoted(quote: str) -> Note:
    return (gettext_noop("‘%(words)s’ 언급"), {"words": quote})


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
            proposal.values[name] = slug
            proposal.reasons[name] = [
                (gettext_noop("비슷한 과거 과제 %(count)d건의 확정 분류"), {"count": count})
            ]


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
