"""Korean-first text analysis: the one function that turns text into search terms, at index time and at
query time alike (search-measurements.md §3.1).

- Kiwi (kiwipiepy, its model from the kiwipiepy-model package) splits Korean into morphemes; particles
  and endings fall away (열처리를 → 열처리). A user dictionary built from the reference vocabulary makes
  domain compounds split into their parts (무전해니켈도금 → 무전해 니켈 도금), and the compound itself is
  kept too, as nori's "mixed" mode does.
- Latin words are lower-cased and stemmed (castings → cast); codes stay whole as well as in pieces
  (SCM440 → scm 440 scm440).
- Every process, material and technology named in the text, under any of its names and synonyms
  (아노다이징 = 양극산화 = anodizing), adds one concept term, so a query in one spelling finds documents in
  another. Concept terms look like "zzp…", "zzm…", "zzt…": letters only, so every tokenizer keeps them.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final

import snowballstemmer
from django.conf import settings
from kiwipiepy import Kiwi

from ppuri.core.terms import Squeezed, TermMatcher
from ppuri.core.text import normalize_company_name

# Stored with each document: 2 since a spelling that spans a space must not end on the next word's
# first syllable ("용접 기공" is no 용접기); 3 since names carry their parts (name_parts); 4 since text is
# analysed line by line and word by word (terms_many). After an upgrade, `ppuri reindex` brings older rows up.
ANALYZER_VERSION: Final = 4
# Lines and words remembered with their terms: a document's lines repeat across documents (a company's
# products, its processes' names, its complex), their words more still.
CACHE_SIZE: Final = 50_000
# Nouns, proper nouns, numerals, foreign words, numbers, hanja, roots; verb and adjective stems.
_KEEP_TAGS: Final = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "XR", "VV", "VA"})
_CODE_TAGS: Final = frozenset({"SL", "SN"})
_CONCEPT_PREFIX: Final = {"process": "zzp", "material": "zzm", "technology": "zzt"}
CONCEPT_TERM_PREFIX: Final = "zz"
_NOT_LETTER: Final = re.compile(r"[^a-z]")
# A name's parts as index terms (name_parts): its starts ("zzb") and all its parts ("zzs"), indexed
# apart so a name that starts with what was typed ranks above one that merely contains it.
NAME_START_PREFIX: Final = "zzb"
NAME_PART_PREFIX: Final = "zzs"
NAME_PART_MIN: Final = 2
NAME_PART_MAX: Final = 12


@dataclass(frozen=True, slots=True)
class Concept:
    kind: str  # process | material | technology
    slug: str

    @property
    def term(self) -> str:
        return _CONCEPT_PREFIX[self.kind] + _NOT_LETTER.sub("", self.slug)


@dataclass(frozen=True, slots=True)
class ConceptMatch:
    concept: Concept
    quote: str  # the words in the text that named it


class Analyzer:
    def __init__(self, *, concepts: list[tuple[str, Concept]], dictionary: list[str]) -> None:
        # Without the multi-word dictionary: words are analysed one by one (terms_many), so its entries,
        # which span words, never match; it held 190 of the 490 MB Kiwi takes in every process.
        self._kiwi = Kiwi(num_workers=settings.PPURI_SEARCH_ANALYZER_WORKERS, load_multi_dict=False)
        self._parts = frozenset(dictionary)
        for word in sorted(self._parts):
            self._kiwi.add_user_word(word, "NNG", 0)
        self._concepts = TermMatcher(concepts)
        # The pure-Python stemmer takes ~0.1 ms a word, and the same English words come back in every
        # company's text: remembering them made indexing the demo's companies 5 s faster.
        self._stem = lru_cache(maxsize=65_536)(snowballstemmer.stemmer("english").stemWord)
        self._lines: dict[str, list[str]] = {}
        self._words: dict[str, list[str]] = {}
        self._cache_lock = threading.Lock()
        # The vocabulary's words as people write them, for typo correction ("다이캐스띵" → "다이캐스팅").
        self.spellings: dict[str, Concept] = {
            word.casefold(): concept for name, concept in concepts for word in name.split() if len(word) >= 3
        }

    def concepts(self, text: str) -> list[ConceptMatch]:
        if not self._concepts.may_occur(text):
            return []
        return [ConceptMatch(match.owner, match.quote) for match in self._concepts.find(Squeezed(text))]

    def terms(self, text: str) -> list[str]:
        """The search terms of a text, in order, repeats kept (they weigh in BM25)."""
        return self.terms_many([text])[0]

    def terms_many(self, texts: list[str]) -> list[list[str]]:
        """terms() of many texts. Each text is analysed line by line and each line word by word (a
        space ends a morpheme, as in nori; concepts are found in the whole line). Every distinct line and
        word is analysed once and remembered for later batches, the words not seen before tokenized as
        one batch (Kiwi spreads a batch over its workers): a national import's 170,000 addresses share
        a few thousand words."""
        lines_of, found = self._lines_analysed(texts)
        return [[term for line in lines if line.strip() for term in found[line]] for lines in lines_of]

    def terms_text_many(self, texts: list[str]) -> list[str]:
        """terms_many's terms of each text joined by spaces, as the index stores them: built a line at a
        time rather than a term at a time (a company's text has some 40 terms in 6 lines)."""
        lines_of, found = self._lines_analysed(texts)
        joined = {line: " ".join(terms) for line, terms in found.items()}
        return [" ".join([text for line in lines if (text := joined.get(line))]) for lines in lines_of]

    def _lines_analysed(self, texts: list[str]) -> tuple[list[list[str]], dict[str, list[str]]]:
        """The lines of each text, and the terms of every line that is not blank."""
        lines_of = [unicodedata.normalize("NFKC", text or "").split("\n") for text in texts]
        every = dict.fromkeys(line for lines in lines_of for line in lines)
        distinct = [line for line in every if line.strip()]
        with self._cache_lock:
            found = {line: self._lines[line] for line in distinct if line in self._lines}
        new_lines = [line for line in distinct if line not in found]
        words_of = {line: line.split() for line in new_lines}
        with self._cache_lock:
            every_word = dict.fromkeys(word for words in words_of.values() for word in words)
            known = {word: self._words[word] for word in every_word if word in self._words}
        new_words = [word for word in every_word if word not in known]
        for word, tokens in zip(new_words, self._kiwi.tokenize(new_words), strict=True):
            known[word] = self._terms_of(tokens)
        for line, words in words_of.items():
            found[line] = [term for word in words for term in known[word]]
            found[line].extend(match.concept.term for match in self.concepts(line))
        with self._cache_lock:
            _remember(self._lines, {line: found[line] for line in new_lines})
            _remember(self._words, {word: known[word] for word in new_words})
        return lines_of, found

    def _terms_of(self, tokens: Any) -> list[str]:
        terms: list[str] = []
        code: list[str] = []
        code_end = -1
        for token in tokens:
            tag = token.tag.split("-")[0]  # "VV-R" → "VV"
            if tag not in _KEEP_TAGS:
                self._flush_code(code, terms)
                continue
            form = token.form.lower()
            if tag in _CODE_TAGS:
                if token.start != code_end:
                    self._flush_code(code, terms)
                code.append(form)
                code_end = token.start + token.len
                terms.append(self._stem(form) if tag == "SL" else form)
                continue
            self._flush_code(code, terms)
            terms.append(form)
            terms.extend(self._decompose(form))
        self._flush_code(code, terms)
        return terms

    def _decompose(self, word: str) -> list[str]:
        """A compound made wholly of dictionary words (침탄열처리 → 침탄 열처리), longest part first;
        nothing when any piece is unknown, so ordinary words are left alone."""
        if len(word) < 4:
            return []
        parts: list[str] = []
        start = 0
        while start < len(word):
            for end in range(len(word), start + 1, -1):
                piece = word[start:end]
                if piece in self._parts and piece != word:
                    parts.append(piece)
                    start = end
                    break
            else:
                return []
        return parts

    @staticmethod
    def _flush_code(code: list[str], terms: list[str]) -> None:
        """SCM + 440 written together → also "scm440", so a code search is exact."""
        if len(code) > 1:
            terms.append("".join(code))
        code.clear()


def _remember(cache: dict[str, list[str]], new: dict[str, list[str]]) -> None:
    if len(cache) + len(new) > CACHE_SIZE:
        # Start afresh rather than evict one by one: popping a dict's oldest entry again and again makes
        # each next pop scan the holes left before it.
        cache.clear()
    cache.update(list(new.items())[:CACHE_SIZE])


def vocabulary_from_reference() -> tuple[list[tuple[str, Concept]], list[str]]:
    """Concept spellings and dictionary words from the reference data (read once per process)."""
    from ppuri.reference.models import Material, Process, Technology

    concepts: list[tuple[str, Concept]] = []
    words: list[str] = []
    for process in Process.objects.all():
        concept = Concept("process", process.slug)
        for name in [process.name_ko, process.name_en, *process.synonyms]:
            concepts.append((name, concept))
            words.extend(_korean_words(name))
    for material in Material.objects.all():
        concept = Concept("material", material.slug)
        for name in [material.name_ko, material.name_en, *material.synonyms, *material.designations]:
            concepts.append((name, concept))
            words.extend(_korean_words(name))
    for technology in Technology.objects.all():
        concept = Concept("technology", technology.slug)
        for name in [technology.name_ko, technology.name_en]:
            concepts.append((name, concept))
            words.extend(_korean_words(name))
    return concepts, words


def _korean_words(name: str) -> list[str]:
    """The Hangul words of a vocabulary name, for Kiwi's dictionary (2+ syllables; "·" splits too)."""
    words = re.split(r"[\s·/(),]+", name)
    return [word for word in words if len(word) >= 2 and all("가" <= ch <= "힣" for ch in word)]


def analyzer_warm_up() -> None:
    """Load the analyser and its model now (Kiwi loads its model at the first analysis)."""
    analyzer().terms("주조 금형")


@cache
def analyzer() -> Analyzer:
    """The process-wide analyzer: Kiwi takes about a second and 300 MiB to load, so load it once."""
    concepts, words = vocabulary_from_reference()
    return Analyzer(concepts=concepts, dictionary=words)


def within_one_edit(a: str, b: str) -> bool:
    """Whether b is a with at most one character inserted, deleted or replaced."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def corrections(word: str, spellings: dict[str, Concept]) -> list[str]:
    """The vocabulary words one edit away from a longer unknown word (다이캐스탱 → 다이캐스트 and
    다이캐스팅), in alphabetical order; the caller picks the one the index holds most evidence of."""
    folded = word.casefold()
    if folded in spellings or (len(folded) < 4 and not all("가" <= ch <= "힣" for ch in folded)):
        return []
    if len(folded) < 3:
        return []
    return sorted(s for s in spellings if abs(len(s) - len(folded)) <= 1 and within_one_edit(folded, s))


def name_term(name: str) -> str:
    """One term for a whole name, legal form and spacing aside: "(주) 에이치티 산업" → "zzn에이치티산업"."""
    return "zzn" + normalize_company_name(name)


def name_key(text: str) -> str:
    """A name's letters and digits, legal form, spacing and punctuation aside: "(주)한결 알루미늄" →
    "한결알루미늄". Letters and digits only, so each part is one token for both engines' tokenizers."""
    return "".join(ch for ch in normalize_company_name(text) if ch.isalnum())


def name_parts(name: str) -> tuple[list[str], list[str]]:
    """Index terms for the parts of a name, so that part of it finds it as the directory's name box
    does: 한결 and 알루미늄주조 find 한결알루미늄주조, although Kiwi drops 한결 (an adverb) and splits
    the rest. Its starts (한결, 한결알, …) and all its parts (한결, 결알, 알루미늄주조, …), apart: a start
    is a part too, so a name that starts with the words ranks above one that has them inside. Korean
    names are compounds without spaces, so a part starts at any syllable; a Latin word or a number is
    entered from its start only (hangyeol, not angyeol), so an English name has its starts and no other
    parts. Parts of 2 to 12 letters, as far as anyone types part of a name;
    the whole name has its own term (name_term). About 30 terms for a name of 7 syllables."""
    key = name_key(name)
    length, ascii_only = len(key), key.isascii()
    starts: list[str] = []
    parts: list[str] = []
    # Comprehensions rather than appends: 195,000 names of a national import, 30 terms each.
    for start in range(length - NAME_PART_MIN + 1):
        if start and key[start].isascii() and key[start - 1].isascii():
            continue
        ends = range(start + NAME_PART_MIN, min(length, start + NAME_PART_MAX) + 1)
        if start or not ascii_only:
            parts += [NAME_PART_PREFIX + key[start:end] for end in ends]
        if not start:
            starts = [NAME_START_PREFIX + key[:end] for end in ends]
    return starts, parts
