"""An adapter that runs a spaCy pipeline as a newsreader analysis engine."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsreader.core.analysis.aliases import assign_canonical
from newsreader.core.analysis.engine_base import EngineUnavailable, merge_kinds
from newsreader.core.analysis.quotes import find_quotes
from newsreader.core.analysis.spans import ENTITY_LABELS, Span

__all__ = ["SPACY_LABELS", "SpacyEngine"]

# spaCy (OntoNotes) labels to ours; others (LAW, EVENT, WORK_OF_ART, ...) are dropped.
SPACY_LABELS = {
    "PERSON": "PERSON", "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
    "NORP": "GROUP",
    "CARDINAL": "NUMBER", "QUANTITY": "QUANTITY", "MONEY": "MONEY", "PERCENT": "PERCENT",
    "DATE": "DATE", "TIME": "TIME", "ORDINAL": "ORDINAL",
}


class SpacyEngine:
    """Entities and figures from a spaCy pipeline; quotes and aliases from newsreader's rules."""

    name = "spacy"

    def __init__(self, nlp: Any, model: str | None = None) -> None:
        self.nlp = nlp
        self.model = model
        # Loaded again by name in a worker process (analysis.guarded), never pickled whole.
        self.separate_process = model is not None

    def __reduce__(self):
        if self.model is None:
            raise TypeError("a spaCy engine made from a pipeline object cannot be sent to a worker")
        return (SpacyEngine.load, (self.model,))

    @classmethod
    def load(cls, model: str) -> SpacyEngine:
        try:
            import spacy
        except ImportError:
            raise EngineUnavailable("the spacy engine needs spaCy: pip install spacy") from None
        try:
            return cls(spacy.load(model), model)
        except OSError:
            raise EngineUnavailable(
                f"spaCy pipeline {model!r} is not installed: python -m spacy download {model}"
            ) from None

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        doc = self.nlp(text)
        entities: list[Span] = []
        figures: list[Span] = []
        for ent in doc.ents:
            label = SPACY_LABELS.get(ent.label_)
            if label is None:
                continue
            span = Span(ent.start_char, ent.end_char, label, text[ent.start_char:ent.end_char])
            (entities if label in ENTITY_LABELS else figures).append(span)
        entities = assign_canonical(text, entities)
        spans = merge_kinds(entities, figures)
        spans.extend(find_quotes(text, entities))
        return sorted(spans, key=lambda s: (s.start, s.end))
