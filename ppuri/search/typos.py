"""Mending a typo in a query: an unknown word one edit from vocabulary words becomes the one the index
holds most evidence of, among the documents the caller may see (search.selectors.search asks)."""

from ppuri.search.analysis import CONCEPT_TERM_PREFIX, analyzer, corrections
from ppuri.search.engine import ALL, Match, query_groups
from ppuri.search.tags import BUCKETS

# A typo's candidate spellings are compared by their document counts, estimated beyond this many.
EVIDENCE_SAMPLE = 2_000


def mend_typos(query: str, *, member: bool, scope: str) -> str:
    """The query with each unknown word of four or more letters (three Hangul syllables) replaced by a
    vocabulary word a single edit away, particles set aside (다이캐스띵을 → 다이캐스팅): of several, the
    one the index holds most evidence of (다이캐스탱 → 다이캐스팅 rather than 다이캐스트)."""
    engine = analyzer()
    mended = []
    for word in query.split():
        candidates = corrections(word, engine.spellings)
        if not candidates:
            terms = [t for t in engine.terms(word) if not t.startswith(CONCEPT_TERM_PREFIX)]
            if terms and terms[0] != word.casefold():
                candidates = corrections(terms[0], engine.spellings)
        mended.append(most_evidenced(candidates, member=member, scope=scope) or word)
    return " ".join(mended)


def most_evidenced(spellings: list[str], *, member: bool, scope: str) -> str | None:
    """The spelling written in the most documents the caller may see (its document frequency, counting
    its own words, not its concept, which every spelling of it shares); when none is written anywhere,
    the one whose concept is found in the most (양극산하 → 양극산화, a synonym of the 아노다이징 the
    documents write). The first alphabetically on a tie; None when the index holds none of them."""
    engine = analyzer()
    for own_words in (True, False):
        best, most = None, 0.0
        for spelling in spellings:
            if own_words:
                words = [t for t in engine.terms(spelling) if not t.startswith(CONCEPT_TERM_PREFIX)]
                groups = [[list(dict.fromkeys(words))]] if words else []
            else:
                groups = query_groups(spelling)[0]
            if not groups:
                continue
            frequency = evidence(
                Match(groups, query_text="", mode=ALL, filters={}, member=member, scope=scope)
            )
            if frequency > most:
                best, most = spelling, frequency
        if best:
            return best
    return None


def evidence(match: Match) -> float:
    """How many documents a match holds: exact up to EVIDENCE_SAMPLE of them, beyond that estimated
    from its first buckets (search.tags), so a common spelling is not counted row by row."""
    buckets = match.sample_buckets(EVIDENCE_SAMPLE)
    if buckets == BUCKETS:
        return match.count()
    return match._count(buckets=buckets) * BUCKETS / buckets
