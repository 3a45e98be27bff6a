"""Fuzzy matching for the palette, run off the UI thread, with hits built as ``Content``.

Textual's ``Matcher.highlight`` parses its candidate as markup, so it is never used on
article text: offsets come from ``FuzzySearch.match`` and are applied to ``Content(text)``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import TypeVar

from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.style import Style

__all__ = ["MAX_HITS", "best_matches", "could_match", "highlighted"]

MAX_HITS = 30
T = TypeVar("T")


def could_match(query: str, candidate: str) -> bool:
    """A cheap test before the fuzzy one: every query character appears, in order."""
    position = 0
    for char in query:
        if char.isspace():
            continue
        position = candidate.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def highlighted(text: str, offsets: Iterable[int], style: Style | str) -> Content:
    """``text`` as plain Content with the matched characters styled."""
    content = Content(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def best_matches(
    query: str,
    items: Iterable[T],
    fields: Callable[[T], Iterable[tuple[str, str, float]]],
    limit: int = MAX_HITS,
) -> list[tuple[float, T, str, str, tuple[int, ...]]]:
    """Score each item by its best-matching field; the top ``limit`` as
    (score, item, field name, field text, offsets). Meant for ``asyncio.to_thread``."""
    search = FuzzySearch()
    folded = query.casefold()
    heap: list[tuple[float, int, T, str, str, tuple[int, ...]]] = []
    for n, item in enumerate(items):
        best: tuple[float, str, str, tuple[int, ...]] | None = None
        for name, text, weight in fields(item):
            if not text or not could_match(folded, text.casefold()):
                continue
            score, offsets = search.match(query, text)
            score *= weight
            if score > 0 and (best is None or score > best[0]):
                best = (score, name, text, tuple(offsets))
        if best is None:
            continue
        entry = (best[0], -n, item, best[1], best[2], best[3])
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry[:2] > heap[0][:2]:
            heapq.heapreplace(heap, entry)
    ordered = sorted(heap, key=lambda e: (e[0], e[1]), reverse=True)
    return [(score, item, name, text, offsets) for score, _, item, name, text, offsets in ordered]
