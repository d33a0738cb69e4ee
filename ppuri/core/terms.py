"""Find vocabulary terms in product texts, ignoring spaces and case ("다이 캐스팅" is "다이캐스팅").

Matching on the text with its spaces removed finds a term however it is spaced, but also finds words that
run across a space by accident ("산업용 사다리" holds "용사"). So a match that spans a space must begin or
end at a word edge (and one that ends inside a word must take more than that word's first syllable),
a Latin term must not sit inside a longer Latin word ("AL" in "METAL"), and a
one-syllable Korean term ("동") must be a word of its own ("남동구" is not copper). Of overlapping matches
the longest wins, then the leftmost: "다이캐스팅 금형" is one term, not two.
"""

import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

_WORD: Final = re.compile(r"\S+")


def fold(text: str) -> str:
    """The form terms are compared in: NFKC, casefolded, without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class Match[T]:
    owner: T
    start: int  # in Squeezed.folded
    end: int
    quote: str  # the matched text as written, spaces included


def _lowered(text: str) -> str:
    """A normalized text in the case terms are compared in, letter for letter."""
    lowered = text.casefold()
    if len(lowered) != len(text):  # "ß" → "ss" would break the position map
        lowered = text.lower() if len(text.lower()) == len(text) else text
    return lowered


class Squeezed:
    """A text folded for matching, with the way back to the text as written."""

    __slots__ = ("folded", "origin", "text", "word_starts")

    def __init__(self, text: str) -> None:
        self.text = unicodedata.normalize("NFKC", text)
        lowered = _lowered(self.text)
        pieces: list[str] = []
        self.origin: list[int] = []
        self.word_starts: set[int] = set()
        for word in _WORD.finditer(lowered):
            self.word_starts.add(len(self.origin))
            pieces.append(word.group())
            self.origin.extend(range(word.start(), word.end()))
        self.folded = "".join(pieces)

    def quote(self, start: int, end: int) -> str:
        return self.text[self.origin[start] : self.origin[end - 1] + 1]

    def is_edge(self, position: int) -> bool:
        """Whether a word, or a run of letters and digits, begins or ends here."""
        folded = self.folded
        return (
            position in (0, len(folded))
            or position in self.word_starts
            or not folded[position - 1].isalnum()
            or not folded[position].isalnum()
        )

    def accepts(self, start: int, end: int) -> bool:
        folded = self.folded
        if _is_latin(folded[start]) and self._latin_joins(start):
            return False
        if _is_latin(folded[end - 1]) and self._latin_joins(end):
            return False
        if end - start == 1 and _is_hangul(folded[start]):
            return self.is_edge(start) and self.is_edge(end)
        inner_starts = [position for position in range(start + 1, end) if position in self.word_starts]
        if inner_starts:
            if self.is_edge(end):
                return True
            # Ending inside a word, the match must take more than its first syllable: "다이 캐스팅업체"
            # is die casting, "용접 기공" is not a 용접기 (welding machine).
            return self.is_edge(start) and end - inner_starts[-1] >= 2
        return True

    def _latin_joins(self, position: int) -> bool:
        """Whether Latin letters or digits meet here without a space: "meTAL"."""
        folded = self.folded
        return (
            0 < position < len(folded)
            and position not in self.word_starts
            and _is_latin(folded[position - 1])
            and _is_latin(folded[position])
        )


class TermMatcher[T]:
    """Terms with their owners; the first owner given for a spelling keeps it."""

    def __init__(self, terms: Iterable[tuple[str, T]]) -> None:
        # Indexed by their first two characters (or their only one), then by length, so that a text is
        # scanned once and each place in it is looked up once per length rather than once per term.
        self._by_prefix: dict[str, dict[int, dict[str, T]]] = {}
        self._single: dict[str, T] = {}
        for term, owner in terms:
            key = fold(term)
            if not key:
                continue
            if len(key) == 1:
                self._single.setdefault(key, owner)
            else:
                self._by_prefix.setdefault(key[:2], {}).setdefault(len(key), {}).setdefault(key, owner)
        # may_occur's quick test: a one-syllable Korean term only counts as a word of its own (accepts),
        # so "동" in "남동구" is no reason to look closer; any other one-letter term anywhere is.
        alone = sorted(char for char in self._single if _is_hangul(char))
        self._alone = re.compile(f"(?<![^\\W_])[{''.join(alone)}](?![^\\W_])") if alone else None
        self._anywhere = frozenset(char for char in self._single if not _is_hangul(char))

    def may_occur(self, text: str) -> bool:
        """False when find() surely finds nothing in this text, without building its Squeezed: most
        lines a national import indexes (addresses, names) name no term, and this test is in C."""
        lowered = _lowered(unicodedata.normalize("NFKC", text))
        folded = "".join(lowered.split())
        if not self._by_prefix.keys().isdisjoint(map(operator.add, folded, folded[1:])):
            return True
        if self._alone is not None and self._alone.search(lowered):
            return True
        return not self._anywhere.isdisjoint(folded)

    def find(self, text: Squeezed) -> list[Match[T]]:
        """The matches that survive, in text order."""
        folded = text.folded
        candidates: list[tuple[int, int, str, T]] = []
        for start, char in enumerate(folded):
            if char in self._single and text.accepts(start, start + 1):
                candidates.append((-1, start, char, self._single[char]))
            by_length = self._by_prefix.get(folded[start : start + 2])
            if by_length is None:
                continue
            for length, owners in by_length.items():
                term = folded[start : start + length]
                if term in owners and text.accepts(start, start + length):
                    candidates.append((-length, start, term, owners[term]))
        candidates.sort(key=lambda candidate: candidate[:2])
        taken = bytearray(len(folded))
        matches: list[Match[T]] = []
        for negative_length, start, _term, owner in candidates:
            end = start - negative_length
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            matches.append(Match(owner, start, end, text.quote(start, end)))
        matches.sort(key=lambda match: match.start)
        return matches


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"
