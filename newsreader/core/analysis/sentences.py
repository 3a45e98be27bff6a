"""Sentence boundaries in news prose, as (start, end) offsets."""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt maj capt sgt adm cmdr st mt ft jr sr
    inc ltd co corp vs etc approx dept est fig jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.k u.n e.g i.e a.m p.m""".split()
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_CONTINUES = re.compile(r"\s*[a-z0-9,;]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; blank lines and line ends always split."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] == ".":
            before = _WORD_BEFORE.search(text, max(0, m.start() - 64), m.start())
            word = before.group(1).lower().rstrip(".") if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if _CONTINUES.match(text, m.end()):  # "No. 5", "3 p.m. on Monday"
                continue
        end = m.end() if m.group(0)[0] not in "\n" else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
