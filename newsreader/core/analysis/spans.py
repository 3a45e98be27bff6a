"""Spans: labelled ranges of an analysed text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ENTITY_LABELS", "FIGURE_LABELS", "LABELS", "QUOTE", "Span"]

ENTITY_LABELS = ("PERSON", "ORG", "PLACE", "GROUP")
FIGURE_LABELS = ("NUMBER", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME", "ORDINAL")
QUOTE = "QUOTE"
LABELS = ENTITY_LABELS + FIGURE_LABELS + (QUOTE,)


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` carries ``label``; offsets are code points into the analysed text.

    ``canonical`` is set for entities (the name all mentions share), ``value`` for
    figures with a normalised value (a number, ``{"value": 170, "unit": "mm"}``, an ISO
    date, ...), ``speaker`` for quotes whose sentence names one.
    """

    start: int
    end: int
    label: str
    text: str
    canonical: str | None = None
    value: Any = None
    speaker: str | None = None

    @property
    def kind(self) -> str:
        if self.label in ENTITY_LABELS:
            return "entity"
        if self.label in FIGURE_LABELS:
            return "figure"
        return "quote"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
        }
        if self.canonical is not None:
            data["canonical"] = self.canonical
        if self.value is not None:
            data["value"] = self.value
        if self.speaker is not None:
            data["speaker"] = self.speaker
        return data
