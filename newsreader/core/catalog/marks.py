"""Where a query's words occur in a piece of text, to mark them (case and accents ignored)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = ["mark_ranges", "marked_terms"]

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _plain(m.group())) for m in _WORD.finditer(text)]


def _term_words(term: str) -> tuple[str, ...]:
    return tuple(w for w in (_plain(m.group()) for m in _WORD.finditer(unicodedata.normalize("NFKC", term))) if w)


def mark_ranges(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of each word or phrase in ``text``, sorted, merged."""
    words = _words(text)
    plain = [w for _, _, w in words]
    ranges: list[tuple[int, int]] = []
    for term in terms:
        wanted = _term_words(term)
        if not wanted:
            continue
        n = len(wanted)
        for i in range(len(plain) - n + 1):
            if plain[i] == wanted[0] and tuple(plain[i:i + n]) == wanted:
                ranges.append((words[i][0], words[i + n - 1][1]))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked_terms(texts: Sequence[str], terms: Iterable[str]) -> tuple[str, ...]:
    """The terms that occur in any of ``texts``."""
    plains = [[w for _, _, w in _words(t)] for t in texts if t]
    found: list[str] = []
    for term in terms:
        wanted = _term_words(term)
        n = len(wanted)
        if n and any(
            tuple(p[i:i + n]) == wanted for p in plains for i in range(len(p) - n + 1) if p[i] == wanted[0]
        ):
            found.append(term)
    return tuple(found)
