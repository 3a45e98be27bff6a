"""The articles the reader has open, held in memory: order, marks, per-article analysis and
the entity index.

UI-free. The app asks for an order, a filter or an article's analysis; analysis results are
cached per article id, and ``index_all`` (run off the UI thread) builds the entity index used
by the entity pivot and the palette's entity search.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from newsreader.core.analysis.document import AnalysedArticle
from newsreader.core.analysis.engine import Engine, get_engine
from newsreader.core.analysis.guarded import AnalysisCancelled, AnalysisGuard, AnalysisTimedOut
from newsreader.core.entity_ref import EntityRef, entity_key
from newsreader.core.library.analyses import entity_counts, guarded_analysis
from newsreader.core.library.marks import MarkStore, MemoryMarks
from newsreader.core.library.rows import MemoryRows
from newsreader.core.library.sorts import SORTS
from newsreader.core.model import Article

if TYPE_CHECKING:
    from newsreader.core.analysis.guarded import AnalysisGuard as Guard
    from newsreader.core.catalog import SyncReport
    from newsreader.core.library.interface import Progress
    from newsreader.core.query import Query
    from newsreader.core.state import StateStore

__all__ = ["Library"]


class Library:
    """The open articles, their marks, and a cache of their analyses (thread-safe)."""

    def __init__(
        self,
        articles: Iterable[Article],
        *,
        engine: Engine | None = None,
        marks: MarkStore | None = None,
    ) -> None:
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.id, article)
        self.by_id = unique
        self.articles: tuple[Article, ...] = tuple(self.ordered("newest", unique.values()))
        self.marks: MarkStore = marks or MemoryMarks()
        self._engine = engine
        self._lock = threading.Lock()
        self._analyses: dict[str, AnalysedArticle] = {}
        self.guard: AnalysisGuard | None = None  # set by the app: analyses in a worker process
        self._timed_out: dict[str, AnalysisTimedOut] = {}  # not tried again this session
        self._index_lock = threading.Lock()
        self._mentions: dict[str, set[str]] = {}  # entity key -> article ids
        self._entities: dict[str, EntityRef] = {}  # entity key -> ref with totals
        self._article_entities: dict[str, tuple[EntityRef, ...]] = {}
        self.indexed = False
        self.index_problems: list[str] = []

    def __len__(self) -> int:
        return len(self.articles)

    notice: str | None = None
    default = False  # articles given to the app: a refresh does not add to them

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = get_engine()
        return self._engine

    @staticmethod
    def ordered(sort: str, articles: Iterable[Article]) -> list[Article]:
        spec = SORTS[sort]
        return sorted(articles, key=spec.key, reverse=spec.reverse)

    def article(self, article_id: str) -> Article | None:
        return self.by_id.get(article_id)

    def rows(
        self,
        sort: str = "newest",
        *,
        entity: tuple[str, str] | None = None,
        tag: str | None = None,
        unread: bool = False,
        query: Query | None = None,
    ) -> MemoryRows:
        """The list's rows: ``sort`` order, narrowed to an entity (label, name), a tag,
        unread articles and a search ``query`` (words, phrases, tag:, is:, dates)."""
        articles = self.view(sort, entity[1] if entity else None)
        marks = self.marks
        if tag is not None:
            wanted = tag.casefold()
            articles = [a for a in articles if any(t.casefold() == wanted for t in marks.tags(a.id))]
        if unread:
            articles = [a for a in articles if not marks.is_read(a.id)]
        rows = MemoryRows(articles)
        if query is not None and not query.empty:
            from newsreader.core.library.match import matches

            rows = MemoryRows([a for a in articles if matches(a, query, self)])
            rows.terms = query.marks
        return rows

    def view(self, sort: str = "newest", entity: str | None = None) -> list[Article]:
        """Articles in ``sort`` order, only those mentioning ``entity`` (a canonical name) if given."""
        articles: Iterable[Article] = self.articles
        if entity is not None:
            ids = self.mentioning(entity)
            articles = [a for a in self.articles if a.id in ids]
        return self.ordered(sort, articles)

    # -- analysis -----------------------------------------------------------------------

    def cached(self, article_id: str) -> AnalysedArticle | None:
        return self._analyses.get(article_id)

    def analysis(self, article: Article) -> AnalysedArticle:
        """The article's analysis, computed once (may raise what the engine raises)."""
        found = self._analyses.get(article.id)
        if found is not None:
            return found
        analysed = guarded_analysis(self.guard, article, self.engine, self._timed_out)
        with self._lock:
            return self._analyses.setdefault(article.id, analysed)

    def index_all(self, should_stop: Callable[[], bool] = lambda: False) -> bool:
        """Analyse every article and build the entity index; True when complete."""
        with self._index_lock:
            if self.indexed:
                return True
            for article in self.articles:
                if should_stop():
                    return False
                if article.id in self._article_entities:
                    continue
                try:
                    analysed = self.analysis(article)
                except AnalysisCancelled:  # closing
                    return False
                except Exception as exc:  # one bad article or a missing engine: report, go on
                    self.index_problems.append(f"{article.title[:60]}: {type(exc).__name__}: {exc}")
                    self._article_entities[article.id] = ()
                    continue
                self._add_to_index(article.id, analysed)
            self.indexed = True
            return True

    def _add_to_index(self, article_id: str, analysed: AnalysedArticle) -> None:
        refs = entity_counts(analysed)
        self._article_entities[article_id] = refs
        for ref in refs:
            self._mentions.setdefault(ref.key, set()).add(article_id)
            known = self._entities.get(ref.key)
            if known is None:
                self._entities[ref.key] = EntityRef(ref.label, ref.name, ref.mentions, 1)
            else:
                self._entities[ref.key] = EntityRef(
                    known.label, known.name, known.mentions + ref.mentions, known.articles + 1
                )

    def mentioning(self, canonical: str) -> set[str]:
        """Ids of the articles that mention ``canonical`` (needs ``index_all`` first)."""
        return set(self._mentions.get(entity_key(canonical), ()))

    def entities(self) -> list[EntityRef]:
        """Every indexed entity, most mentioned first."""
        return sorted(self._entities.values(), key=lambda r: (-r.articles, -r.mentions, r.name))

    def article_entities(self, article_id: str) -> tuple[EntityRef, ...]:
        return self._article_entities.get(article_id, ())

    def entities_named(self, prefix: str, limit: int = 30) -> list[EntityRef]:
        wanted = entity_key(prefix)
        return [r for r in self.entities() if r.key.startswith(wanted)][:limit]

    def forget_entities(self) -> None:
        """Nothing to forget: the index is built once, in full."""

    @property
    def mentions_known(self) -> bool:
        return self.indexed

    # -- what the catalog library does that memory needs not --------------------------

    def search_rows(self, query: Query, limit: int) -> list[Article]:
        return list(self.rows("newest", query=query).items[:limit])

    def newest(self, limit: int) -> list[Article]:
        return list(self.articles[:limit])

    def export_articles(self, article_ids: set[str]) -> list[Article]:
        return [a for a in self.articles if a.id in article_ids]

    def use_marks(self, marks: MarkStore) -> None:
        self.marks = marks

    def use_guard(self, guard: Guard) -> None:
        self.guard = guard

    def follow_state(self, store: Callable[[], StateStore | None]) -> None:
        """The marks are read from the store itself: nothing to copy."""

    def state_changed(self, article_id: str | None = None) -> None:
        """See ``follow_state``."""

    def wait_marks(self, timeout: float = 1.0) -> bool:
        return True

    def sync(self, progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> SyncReport | None:
        return None  # the articles were given, not read from files

    def stop(self) -> None:
        """No thread of its own to stop."""
