"""What the app asks of a library, whichever holds the articles: ``Library`` (in memory) and
``CatalogLibrary`` (read from the catalog) both are an ``ArticleLibrary``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from newsreader.core.analysis.document import AnalysedArticle
    from newsreader.core.analysis.guarded import AnalysisGuard
    from newsreader.core.catalog import SyncReport
    from newsreader.core.entity_ref import EntityRef
    from newsreader.core.library.marks import MarkStore
    from newsreader.core.library.rows import RowSource
    from newsreader.core.model import Article
    from newsreader.core.query import Query
    from newsreader.core.state import StateStore

__all__ = ["ArticleLibrary", "Progress"]

# (stage, done, total): how far a sync has got.
Progress = Callable[[str, int, int], None]


class ArticleLibrary(Protocol):
    @property
    def notice(self) -> str | None:
        """A one-line notice for the user at start (a rebuilt catalog), or None."""

    @property
    def default(self) -> bool:
        """The default library (the samples and the fetched feeds): a refresh adds to it."""

    # -- rows and articles
    def rows(
        self,
        sort: str = "newest",
        *,
        entity: tuple[str, str] | None = None,
        tag: str | None = None,
        unread: bool = False,
        query: Query | None = None,
    ) -> RowSource: ...

    def article(self, article_id: str) -> Article | None: ...

    def search_rows(self, query: Query, limit: int) -> Sequence[Any]:
        """The first ``limit`` rows matching ``query`` (best first)."""

    def newest(self, limit: int) -> Sequence[Any]:
        """The ``limit`` newest rows."""

    def export_articles(self, article_ids: set[str]) -> list[Any]:
        """What an export names these articles by (rows or articles; unknown ids left out)."""

    # -- state
    def use_marks(self, marks: MarkStore) -> None: ...

    def follow_state(self, store: Callable[[], StateStore | None]) -> None:
        """Keep a copy of the state for searching (the catalog's); started once."""

    def state_changed(self, article_id: str | None = None) -> None:
        """An article's state changed (None: any article's)."""

    def wait_marks(self, timeout: float = 1.0) -> bool:
        """Wait until the state changes made so far count in searches."""

    # -- analysis
    def use_guard(self, guard: AnalysisGuard) -> None: ...

    def cached(self, article_id: str) -> AnalysedArticle | None: ...

    def analysis(self, article: Article) -> AnalysedArticle: ...

    def sync(self, progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> SyncReport | None:
        """Read the library's files again (None: nothing to read)."""

    def index_all(self, should_stop: Callable[[], bool] = lambda: False) -> bool:
        """Analyse what is not analysed yet; True when complete."""

    # -- entities
    @property
    def mentions_known(self) -> bool:
        """``mentioning`` can answer now (without ``index_all`` first)."""

    def mentioning(self, canonical: str) -> set[str]: ...

    def entities(self) -> list[EntityRef]: ...

    def entities_named(self, prefix: str, limit: int = 30) -> list[EntityRef]: ...

    def forget_entities(self) -> None:
        """The analysis went on: entity lists are read again."""

    def article_entities(self, article_id: str) -> tuple[EntityRef, ...]: ...

    def stop(self) -> None:
        """Closing: stop the background work the library started."""
