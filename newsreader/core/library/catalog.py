"""The articles the reader has open, read from the catalog: what ``Library`` gives the app,
without holding the articles in memory.

Rows come a page at a time (``rows.CatalogRows``); an article is read when shown; its
analysis is the stored one, or made at once (and kept for the session) when the background
analysis has not reached it. ``StateMirror`` copies state changes to the catalog on a
thread of its own, so a mark never waits for a sync that holds the catalog's writer.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.core.analysis.document import AnalysedArticle
from newsreader.core.analysis.engine import Engine, get_engine
from newsreader.core.analysis.guarded import AnalysisGuard, AnalysisTimedOut
from newsreader.core.catalog import Catalog, SyncReport, record_of, state_records
from newsreader.core.catalog.catalog import TIMED_OUT, Row
from newsreader.core.catalog.codec import fold
from newsreader.core.entity_ref import EntityRef
from newsreader.core.library.analyses import guarded_analysis
from newsreader.core.library.marks import MarkStore, MemoryMarks
from newsreader.core.library.rows import CatalogRows
from newsreader.core.model import Article
from newsreader.core.query import Filter, Query

if TYPE_CHECKING:
    from newsreader.core.state import StateStore

__all__ = ["CatalogLibrary", "StateMirror", "combined_query"]

KEPT_ANALYSES = 64
ENTITY_CANDIDATES = 2000


def combined_query(
    query: Query | None,
    *,
    entity: tuple[str, str] | None = None,
    tag: str | None = None,
    unread: bool = False,
) -> Query | None:
    """``query`` narrowed by the list's filters (a name, a tag, unread only)."""
    extra: list[Filter] = []
    if entity is not None:
        label, name = entity
        extra.append(Filter("entity", fold(name), False, 0, label))
    if tag is not None:
        extra.append(Filter("tag", fold(tag).lstrip("#"), False, 0))
    if unread:
        extra.append(Filter("is", "unread", False, 0))
    if not extra:
        return query
    base = query or Query("")
    return Query(base.text, base.terms, base.filters + tuple(extra))


class CatalogLibrary:
    """A library read from a ``Catalog`` (see the module doc)."""

    def __init__(
        self,
        catalog: Catalog,
        paths: Sequence[Path],
        *,
        engine: Engine | None = None,
        marks: MarkStore | None = None,
        default: bool = False,
    ) -> None:
        self.catalog = catalog
        self.paths = list(paths)
        self.default = default  # the default library: the samples and the fetched feeds
        self.marks: MarkStore = marks or MemoryMarks()
        self._engine = engine
        self._lock = threading.Lock()
        self._analyses: OrderedDict[str, AnalysedArticle] = OrderedDict()
        self.guard: AnalysisGuard | None = None  # set by the app: analyses in a worker process
        self._timed_out: dict[str, AnalysisTimedOut] = {}
        self._entities: list[EntityRef] | None = None
        self._mirror: StateMirror | None = None

    def __len__(self) -> int:
        return self.catalog.count()

    @property
    def engine_given(self) -> Engine | None:
        """The engine the app was given (None: the catalog's default)."""
        return self._engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = get_engine()
        return self._engine

    # -- rows and articles ---------------------------------------------------------------

    def rows(
        self,
        sort: str = "newest",
        *,
        entity: tuple[str, str] | None = None,
        tag: str | None = None,
        unread: bool = False,
        query: Query | None = None,
    ) -> CatalogRows:
        """The list's rows (see ``Library.rows``); a query with words is ranked."""
        combined = combined_query(query, entity=entity, tag=tag, unread=unread)
        order = None if query is not None and query.ranked else sort
        return CatalogRows(self.catalog, combined, order)

    def article(self, article_id: str) -> Article | None:
        return self.catalog.article(article_id)

    # -- analysis ------------------------------------------------------------------------

    def cached(self, article_id: str) -> AnalysedArticle | None:
        with self._lock:
            return self._analyses.get(article_id)

    def analysis(self, article: Article) -> AnalysedArticle:
        """The stored analysis, else one made now (kept for the session, not written: the
        catalog's writer may be busy with a sync; the background analysis stores it)."""
        found = self.cached(article.id)
        if found is not None:
            return found
        analysed = self.catalog.analysis(article.id, compute=False)
        if analysed is not None and not analysed.spans:
            problem = self.catalog.analysis_problem(article.id) or ""
            if problem.startswith(TIMED_OUT):  # the background analysis ran out of time on it
                raise AnalysisTimedOut.from_text(problem, self.guard.deadline if self.guard else None)
        if analysed is None:
            analysed = guarded_analysis(self.guard, article, self.engine, self._timed_out)
        with self._lock:
            self._analyses[article.id] = analysed
            while len(self._analyses) > KEPT_ANALYSES:
                self._analyses.popitem(last=False)
        return analysed

    def index_all(self, should_stop: Callable[[], bool] = lambda: False, progress=None) -> bool:
        """Analyse what is not analysed yet (the entity index fills as it goes)."""
        self.catalog.analyse(should_stop=should_stop, progress=progress, engine=self._engine)
        self._entities = None
        return not should_stop()

    @property
    def indexed(self) -> bool:
        return self.catalog.pending_analysis() == 0

    # -- entities ------------------------------------------------------------------------

    def mentioning(self, canonical: str, label: str | None = None) -> set[str]:
        return set(self.catalog.entity_index(label, canonical))

    def entities(self) -> list[EntityRef]:
        """The most mentioned entities (a bounded list, for the palette)."""
        found = self._entities
        if found is None:
            found = self._entities = self.catalog.entities("", limit=ENTITY_CANDIDATES)
        return found

    def entities_named(self, prefix: str, limit: int = 30) -> list[EntityRef]:
        return self.catalog.entities(prefix, limit=limit)

    def forget_entities(self) -> None:
        self._entities = None

    def article_entities(self, article_id: str) -> tuple[EntityRef, ...]:
        return self.catalog.article_entities(article_id)

    @property
    def mentions_known(self) -> bool:
        return True  # the catalog's entity index answers with what is analysed so far

    # -- for the app ---------------------------------------------------------------------

    @property
    def notice(self) -> str | None:
        return self.catalog.notice

    def search_rows(self, query: Query, limit: int) -> list[Row]:
        return self.catalog.rows(query, None, 0, limit)

    def newest(self, limit: int) -> list[Row]:
        return self.catalog.rows(None, "newest", 0, limit)

    def export_articles(self, article_ids: set[str]) -> list[Row]:
        rows = (self.catalog.row(i) for i in sorted(article_ids))
        return [r for r in rows if r is not None]

    def use_marks(self, marks: MarkStore) -> None:
        self.marks = marks

    def use_guard(self, guard: AnalysisGuard) -> None:
        self.guard = guard
        self.catalog.analysis_deadline = guard.deadline

    def follow_state(self, store: Callable[[], StateStore | None]) -> None:
        if self._mirror is None:
            self._mirror = StateMirror(self.catalog, store)
        self._mirror.everything()

    def state_changed(self, article_id: str | None = None) -> None:
        mirror = self._mirror
        if mirror is None:
            return
        if article_id is None:
            mirror.everything()
        else:
            mirror.changed(article_id)

    def wait_marks(self, timeout: float = 1.0) -> bool:
        return self._mirror.wait(timeout) if self._mirror is not None else True

    def stop(self) -> None:
        if self._mirror is not None:
            self._mirror.stop()
        self.catalog.stop_analysis()

    # -- syncing -------------------------------------------------------------------------

    def sync(self, progress=None, should_stop: Callable[[], bool] | None = None) -> SyncReport:
        if self.default:  # the feeds folder may have appeared since the start
            from newsreader.core.catalog import default_library

            self.paths = default_library()
        return self.catalog.sync(self.paths, progress=progress, should_stop=should_stop)


class StateMirror:
    """Copies the state store's changes to the catalog, one thread, in order.

    ``changed(id)`` and ``everything()`` return at once; ``wait(timeout)`` waits until what
    was asked before is written (a search that must see the latest marks calls it).
    """

    def __init__(self, catalog: Catalog, store: Callable[[], StateStore | None]) -> None:
        self.catalog = catalog
        self._store = store
        self._queue: queue.Queue[str | object | None] = queue.Queue()
        self._idle = threading.Condition()
        self._pending = 0
        self.problem: str | None = None
        self._thread = threading.Thread(target=self._run, name="state-mirror", daemon=True)
        self._thread.start()

    _ALL = object()

    def changed(self, article_id: str) -> None:
        self._put(article_id)

    def everything(self) -> None:
        self._put(self._ALL)

    def _put(self, item: object) -> None:
        with self._idle:
            self._pending += 1
        self._queue.put(item)

    def wait(self, timeout: float = 2.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def stop(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                store = self._store()
                if store is not None:
                    if item is self._ALL:
                        self.catalog.sync_state(_records(store))
                    else:
                        self.catalog.update_state(item, record_of(store, item))  # type: ignore[arg-type]
            except Exception as exc:
                self.problem = f"{type(exc).__name__}: {exc}"
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()


def _records(store: StateStore):
    for _ in range(3):  # the UI thread may change the store while it is read
        try:
            return state_records(store)
        except RuntimeError:
            continue
    return state_records(store)
