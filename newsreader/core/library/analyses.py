"""What both libraries do with an analysis: make it under the guard (``guarded_analysis``)
and count its entities (``entity_counts``)."""

from __future__ import annotations

from collections import Counter

from newsreader.core.analysis.document import AnalysedArticle, analyze_article
from newsreader.core.analysis.engine import Engine
from newsreader.core.analysis.guarded import AnalysisGuard, AnalysisTimedOut
from newsreader.core.analysis.spans import ENTITY_LABELS
from newsreader.core.entity_ref import EntityRef, entity_key
from newsreader.core.model import Article

__all__ = ["entity_counts", "guarded_analysis"]


def guarded_analysis(
    guard: AnalysisGuard | None, article: Article, engine: Engine, timed_out: dict[str, AnalysisTimedOut]
) -> AnalysedArticle:
    """The article analysed by ``guard`` (in its worker, within its deadline) or here when
    there is none; an article that ran out of time once raises ``AnalysisTimedOut`` again."""
    if guard is None:
        return analyze_article(article, engine)
    known = timed_out.get(article.id)
    if known is not None:
        raise AnalysisTimedOut(known.seconds)
    try:
        return guard.analyse(article, engine)
    except AnalysisTimedOut as exc:
        timed_out[article.id] = exc
        raise


def entity_counts(analysed: AnalysedArticle) -> tuple[EntityRef, ...]:
    """The article's entities with mention counts, grouped by label then most mentioned."""
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, tuple[str, str]] = {}
    for span in analysed.spans:
        if span.label not in ENTITY_LABELS:
            continue
        name = span.canonical or span.text
        key = entity_key(name)
        label, shown = names.setdefault(key, (span.label, name))
        counts[(label, shown)] += 1
    order = {label: i for i, label in enumerate(ENTITY_LABELS)}
    refs = [EntityRef(label, name, n, 1) for (label, name), n in counts.items()]
    return tuple(sorted(refs, key=lambda r: (order[r.label], -r.mentions, r.name.casefold())))
