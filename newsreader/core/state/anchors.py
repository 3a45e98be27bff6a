"""Anchoring a highlighted passage to an article's text, and finding it again after the text changes.

An anchor is what the W3C Web Annotation model calls a TextQuoteSelector (the quoted text,
``exact``, with some text before it, ``prefix``, and after it, ``suffix``) plus a
TextPositionSelector (``start`` and ``end`` offsets). The text is the article's reader text:
body paragraphs then captions joined by blank lines (``analysis.document.article_blocks``).

Re-attaching tries, in order, and stops at the first that works:

1. ``position``: the quote is still at its offsets.
2. ``quote``: the quote occurs elsewhere; with several occurrences the one whose surrounding
   text best matches prefix and suffix wins, then the one nearest the old offset.
3. ``normalised``: the same, ignoring case, runs of white space, curly versus straight quotes,
   dashes, soft hyphens and zero-width characters (what a better parser tends to change).
4. ``fuzzy``: the prefix and the suffix are both found, close together, and what lies between
   them is at least 60% like the quote (a corrected typo inside the passage).

Otherwise the annotation is orphaned: kept, listed, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.core.state.records import Annotation

__all__ = ["CONTEXT", "Anchor", "Placed", "Quote", "attach", "place", "quote_at"]

CONTEXT = 32
MAX_OCCURRENCES = 2000
FUZZY_RATIO = 0.6
MIN_FUZZY_CONTEXT = 8

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}


@dataclass(frozen=True, slots=True)
class Quote:
    """A TextQuoteSelector with the TextPositionSelector it was made at."""

    exact: str
    prefix: str
    suffix: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote is now: ``text[start:end]``, and which step found it."""

    start: int
    end: int
    how: str  # "position", "quote", "normalised" or "fuzzy"


@dataclass(frozen=True, slots=True)
class Placed:
    """An annotation with its place in the current text; ``anchor`` is None when orphaned."""

    annotation: Annotation
    anchor: Anchor | None

    @property
    def orphaned(self) -> bool:
        return self.anchor is None


def quote_at(text: str, start: int, end: int, context: int = CONTEXT) -> Quote:
    """The selector for ``text[start:end]`` (offsets are clamped; raises ValueError when empty)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if start == end or not text[start:end].strip():
        raise ValueError("nothing to annotate: the passage is empty")
    return Quote(text[start:end], text[max(0, start - context) : start], text[end : end + context], start, end)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _best(text: str, hits: Sequence[int], length: int, prefix: str, suffix: str, near: int | None) -> int:
    def score(at: int) -> tuple[int, int]:
        context = _common_suffix(prefix, text[max(0, at - len(prefix)) : at])
        context += _common_prefix(suffix, text[at + length : at + length + len(suffix)])
        distance = abs(at - near) if near is not None else at
        return (-context, distance)

    return min(hits, key=score)


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for loose matching, with the original offset of each folded character."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, char in enumerate(text):
        if char.isspace():
            if not space:
                out.append(" ")
                index.append(i)
                space = True
            continue
        folded = _FOLD.get(char)
        if folded is None:
            folded = char.lower()
        if folded:
            space = False
        for piece in folded:
            out.append(piece)
            index.append(i)
    return "".join(out), index


def attach(text: str, quote: Quote) -> Anchor | None:
    """Find ``quote`` in ``text`` (see the module's steps); None when it cannot be found."""
    exact = quote.exact
    if not exact:
        return None
    if (
        quote.start is not None
        and quote.end is not None
        and text[quote.start : quote.end] == exact
        and text[max(0, quote.start - len(quote.prefix)) : quote.start].endswith(quote.prefix)
        and text[quote.end : quote.end + len(quote.suffix)].startswith(quote.suffix)
    ):  # the same text in the same words: a repeat that text moved into the old place is not it
        return Anchor(quote.start, quote.end, "position")
    hits = _occurrences(text, exact)
    if hits:
        at = _best(text, hits, len(exact), quote.prefix, quote.suffix, quote.start)
        return Anchor(at, at + len(exact), "quote")

    folded, index = _fold(text)
    f_exact = _fold(exact)[0].strip()
    f_prefix = _fold(quote.prefix)[0]
    f_suffix = _fold(quote.suffix)[0]
    if f_exact:
        hits = _occurrences(folded, f_exact)
        if hits:
            near = None
            if quote.start is not None:
                near = next((j for j, i in enumerate(index) if i >= quote.start), len(folded))
            at = _best(folded, hits, len(f_exact), f_prefix, f_suffix, near)
            return Anchor(index[at], index[at + len(f_exact) - 1] + 1, "normalised")
    return _fuzzy(folded, index, f_exact, f_prefix.lstrip(), f_suffix.rstrip(), len(text))


def _fuzzy(folded: str, index: list[int], exact: str, prefix: str, suffix: str, size: int) -> Anchor | None:
    if not exact or (len(prefix) < MIN_FUZZY_CONTEXT and len(suffix) < MIN_FUZZY_CONTEXT):
        return None
    starts = [at + len(prefix) for at in _occurrences(folded, prefix)] if prefix else [0]
    ends = _occurrences(folded, suffix) if suffix else [len(folded)]
    reach = 2 * len(exact) + 20
    best: tuple[float, int, int] | None = None
    for begin in starts[:50]:
        for end in ends:
            if end < begin:
                continue
            if end - begin > reach:
                break
            middle = folded[begin:end].strip()
            if not middle:
                continue
            ratio = SequenceMatcher(None, exact, middle, autojunk=False).ratio()
            if ratio >= FUZZY_RATIO and (best is None or ratio > best[0]):
                lead = len(folded[begin:end]) - len(folded[begin:end].lstrip())
                best = (ratio, begin + lead, begin + lead + len(middle))
    if best is None:
        return None
    _, begin, end = best
    start = index[begin] if begin < len(index) else size
    stop = index[end - 1] + 1 if end > 0 else 0
    return Anchor(start, stop, "fuzzy")


def place(annotations: Iterable[Annotation], text: str) -> list[Placed]:
    """Each annotation with its anchor in ``text`` (None for the orphans), in text order, orphans last."""
    placed = [
        Placed(a, attach(text, Quote(a.exact, a.prefix, a.suffix, a.start, a.end))) for a in annotations
    ]
    return sorted(placed, key=lambda p: (p.anchor is None, p.anchor.start if p.anchor else 0, p.annotation.created))
