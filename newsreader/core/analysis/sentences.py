"""Sentence boundaries in news prose, as (start, end) offsets."""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "maj", "capt", "sgt", "adm", "cmdr", "st", "mt", "ft", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m"]
)
# Sentence-ending marks, a blank line or a line end. Written to start with one set of
# characters so that the scan can skip to them (a top-level alternation cannot).
_LONGEST = max(map(len, _ABBREVIATIONS)) + 1
_END = re.compile(r"[.!?…\n](?:(?<=\n)(?:\s*\n)?|(?<!\n)[.!?…]*[\"'”’)\]]*(?=\s+|$))")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_CONTINUES = re.compile(r"\s*[a-z0-9,;]")
_LOOK_BACK = 64  # characters searched for the word before a full stop
_NEAR = 8  # tried first: most words before a full stop are shorter than this


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; blank lines and line ends always split.

    With ``start`` and ``end`` (a line, or lines, of ``text``: ``start`` at the start of a
    line, ``end`` at the end of one), only that part is split, with the same result as
    splitting the whole text and keeping the sentences inside it.
    """
    spans: list[tuple[int, int]] = []
    append = spans.append
    stop = len(text) if end is None else end
    for m in _END.finditer(text, start, stop):
        at = m.start()
        first = text[at]
        if first == ".":
            # Seven letters or digits before the stop make a word longer than any abbreviation.
            if at < _LONGEST or not text[at - _LONGEST : at].isalnum():
                word = _word_before(text, at)
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            if _CONTINUES.match(text, m.end()):  # "No. 5", "3 p.m. on Monday"
                continue
        end = at if first == "\n" else m.end()
        # The sentence without the white space around it.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            append((start, end))
        start = m.end()
    end = stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        append((start, end))
    return spans


def _word_before(text: str, at: int) -> str:
    """The word (letters, digits, dots) ending at ``at``, lower-cased, without final dots;
    at most ``_LOOK_BACK`` characters of it are read."""
    near = max(0, at - _NEAR)
    before = _WORD_BEFORE.search(text, near, at)
    if before is None:
        return ""  # no word ends here, in a longer window either
    if before.start() == near and near > 0 and near > at - _LOOK_BACK:
        before = _WORD_BEFORE.search(text, max(0, at - _LOOK_BACK), at)  # the word may be longer
    return before.group(1).lower().rstrip(".")
