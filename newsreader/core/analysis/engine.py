"""Analysis engines: the built-in rules, or spaCy when it is installed (loaded only when asked for)."""

from __future__ import annotations

from datetime import datetime

from newsreader.core.analysis.engine_base import Engine, EngineUnavailable, merge_kinds
from newsreader.core.analysis.spans import Span

__all__ = ["ENGINES", "Engine", "EngineUnavailable", "get_engine"]

ENGINES = ("builtin", "spacy")


class BuiltinEngine:
    """Rules and gazetteers shipped with newsreader; no downloads."""

    name = "builtin"
    separate_process = True  # stateless: the app runs it in a worker process (analysis.guarded)

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        from newsreader.core.analysis.entities import find_entities
        from newsreader.core.analysis.figures import find_figures
        from newsreader.core.analysis.quotes import find_quotes

        entities = find_entities(text)
        spans = merge_kinds(entities, find_figures(text, published))
        spans.extend(find_quotes(text, entities))
        return sorted(spans, key=lambda s: (s.start, s.end))


def get_engine(name: str = "builtin", *, model: str | None = None) -> Engine:
    """The engine called ``name``; raises ``EngineUnavailable`` with the reason."""
    if name == "builtin":
        return BuiltinEngine()
    if name == "spacy":
        from newsreader.core.analysis.spacy_engine import SpacyEngine

        return SpacyEngine.load(model or "en_core_web_sm")
    raise EngineUnavailable(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
