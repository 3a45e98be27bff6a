"""What every analysis engine shares: the ``Engine`` protocol, ``EngineUnavailable``, and
``merge_kinds`` to put entities and figures together."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from newsreader.core.analysis.spans import Span

__all__ = ["Engine", "EngineUnavailable", "merge_kinds"]


class EngineUnavailable(Exception):
    """The engine asked for cannot run here; the message says why in one line."""


class Engine(Protocol):
    name: str

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        """Spans over ``text``, sorted by start."""
        ...


def merge_kinds(entities: Sequence[Span], figures: Sequence[Span]) -> list[Span]:
    """Entities and figures without overlaps between them: the longer span wins."""
    keep_figures: list[Span] = []
    dropped_entities: set[int] = set()
    clashing = _clashes(entities)
    for figure in figures:
        clashes = clashing(figure)
        if not clashes:
            keep_figures.append(figure)
        elif all(figure.end - figure.start > entities[i].end - entities[i].start for i in clashes):
            keep_figures.append(figure)
            dropped_entities.update(clashes)
    kept = [e for i, e in enumerate(entities) if i not in dropped_entities]
    return sorted(kept + keep_figures, key=lambda s: (s.start, s.end))


def _clashes(entities: Sequence[Span]) -> Callable[[Span], Sequence[int]]:
    """A function giving the indexes of the entities a span overlaps. Entities in order
    and apart (as recognisers give them) are looked up by bisection, others one by one."""
    starts = [e.start for e in entities]
    ends = [e.end for e in entities]
    if all(ends[i] <= starts[i + 1] for i in range(len(entities) - 1)):
        return lambda span: range(bisect_right(ends, span.start), bisect_left(starts, span.end))
    return lambda span: [i for i, e in enumerate(entities) if e.start < span.end and span.start < e.end]
