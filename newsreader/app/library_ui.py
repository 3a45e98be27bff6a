"""The library in the app: the catalog's rows, its sync and analysis in the background, the
search box, saved searches and refreshing feeds.

Mixed into ``NewsreaderApp``. With a catalog the list reads pages of rows as it draws them;
the sync, the analysis, searches and refreshes run on threads and report back by message
(never by waiting on the UI thread, so quitting is never held up). Without one (articles
given in memory) the same filters and the query language run over the list in memory.
Everything shown from article text, queries or feed results is plain text.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message

from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.search_bar import SearchBar
from newsreader.core.library import Library
from newsreader.core.model import Article
from newsreader.core.sanitize import visible

if TYPE_CHECKING:
    from newsreader.core.analysis.engine import Engine
    from newsreader.core.catalog import Catalog, Query, SyncReport
    from newsreader.core.feeds.refresh import FeedResult, RefreshReport
    from newsreader.core.library.rows import RowSource

__all__ = ["LibraryActions"]

RELOAD_EVERY = 0.25  # seconds between list reloads while a sync commits rows
MAX_RESULT_LINES = 8  # feeds named in the refresh notification


class SyncProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        super().__init__()


class SyncDone(Message):
    def __init__(self, report: SyncReport | None, error: str | None = None) -> None:
        self.report, self.error = report, error
        super().__init__()


class AnalysisDone(Message):
    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__()


class SearchDone(Message):
    def __init__(self, generation: int, text: str, query: Query | None, rows: RowSource | None,
                 error: tuple[str, int] | None) -> None:
        self.generation, self.text, self.query, self.rows, self.error = generation, text, query, rows, error
        super().__init__()


class RowFound(Message):
    def __init__(self, rows: RowSource, article_id: str, index: int | None, open_if_hidden: bool) -> None:
        self.rows, self.article_id, self.index, self.open_if_hidden = rows, article_id, index, open_if_hidden
        super().__init__()


class RefreshProgress(Message):
    def __init__(self, result: FeedResult | None, done: int, total: int) -> None:
        self.result, self.done, self.total = result, done, total
        super().__init__()


class RefreshDone(Message):
    def __init__(self, report: RefreshReport | None, error: str | None) -> None:
        self.report, self.error = report, error
        super().__init__()


class LibraryActions:
    """See the module doc."""

    library: Library
    sort: str
    filter: tuple[str, str] | None
    tag_filter: str | None
    unread_only: bool

    # -- making the library --------------------------------------------------------------

    def _make_library(
        self,
        articles: Sequence[Article],
        engine: Engine | None,
        catalog: Catalog | None,
        paths: Sequence[Path],
        default: bool,
    ):
        self.catalog = catalog
        if catalog is None:
            return Library(articles, engine=engine, marks=self._store)  # type: ignore[attr-defined]
        from newsreader.core.library.catalog import CatalogLibrary

        if catalog.notice:
            self.problems.append(catalog.notice)  # type: ignore[attr-defined]
        return CatalogLibrary(catalog, paths, engine=engine, marks=self._store, default=default)  # type: ignore[attr-defined]

    def _init_library(self) -> None:
        self.search_query: Query | None = None
        self.search_text = ""
        self.search_name: str | None = None  # the saved search shown
        self._search_generation = 0
        self._syncing: tuple[int, int] | None = None  # (done, total) while the catalog syncs
        self._last_reload = 0.0
        self._stopping = threading.Event()
        self._mirror = None
        self._refreshing = False
        self._analysing = False  # the catalog's background analysis is running

    @property
    def articles(self) -> list:
        """The rows in the list (in memory: the articles). See ``ArticleList.articles``."""
        if self.is_running and self.screen_stack:  # type: ignore[attr-defined]
            return self.query_one(ArticleList).articles  # type: ignore[attr-defined]
        return ArticleList(source=self._list_rows()).articles

    def _list_rows(self) -> RowSource:
        if self.catalog is None and (self.tag_filter is not None or self.unread_only):
            self.store  # type: ignore[attr-defined]  # noqa: B018 - these filters read it
        return self.library.rows(
            self.sort, entity=self.filter, tag=self.tag_filter, unread=self.unread_only, query=self.search_query
        )

    def _resolve(self, item) -> Article | None:
        """The article for a list row (a catalog row is read from the catalog)."""
        if item is None or isinstance(item, Article):
            return item
        return self.library.article(item.id)

    def _stopped(self) -> bool:
        """For the background threads: the app is closing (asked between files and articles)."""
        return self._stopping.is_set() or not self.is_running  # type: ignore[attr-defined]

    # -- start and stop ------------------------------------------------------------------

    def _start_library(self) -> None:
        """After the first frames: sync the catalog, then analyse (or, in memory, index)."""
        if self.catalog is None:
            self._index_library()  # type: ignore[attr-defined]
            return
        from newsreader.core.library.catalog import StateMirror

        self._mirror = StateMirror(self.catalog, lambda: self._store)  # type: ignore[attr-defined]
        self._mirror.everything()
        self._syncing = (0, 0)
        self._update_titles()  # type: ignore[attr-defined]
        self.run_worker(self._sync_worker, thread=True, group="sync", exclusive=True)  # type: ignore[attr-defined]

    def _stop_library(self) -> None:
        self._stopping.set()
        if self._mirror is not None:
            self._mirror.stop()

    def _state_changed(self, article_id: str | None = None) -> None:
        """Mirror a state change to the catalog (None: every article)."""
        if self._mirror is None:
            return
        if article_id is None:
            self._mirror.everything()
        else:
            self._mirror.changed(article_id)

    def _sync_worker(self) -> None:
        from textual.worker import get_current_worker

        from newsreader.core.library.catalog import CatalogLibrary

        library = self.library
        assert isinstance(library, CatalogLibrary)
        worker = get_current_worker()

        def stop() -> bool:  # the app closes, or a newer sync (after a refresh) replaced this one
            return worker.is_cancelled or self._stopped()

        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(SyncProgress(done, total))  # type: ignore[attr-defined]

        try:
            report = library.sync(progress=progress, should_stop=stop)
        except Exception as exc:
            self.post_message(SyncDone(None, f"{type(exc).__name__}: {exc}"))  # type: ignore[attr-defined]
            return
        self.post_message(SyncDone(report))  # type: ignore[attr-defined]
        if stop():
            return
        self._analysing = True
        try:
            count = library.catalog.analyse(should_stop=stop, engine=library.engine_given)
        except Exception:
            count = 0
        self.post_message(AnalysisDone(count))  # type: ignore[attr-defined]

    def on_sync_progress(self, event: SyncProgress) -> None:
        self._syncing = (event.done, event.total)
        now = time.monotonic()
        if now - self._last_reload >= RELOAD_EVERY:
            self._last_reload = now
            self._reload_list()
        else:
            self._update_titles()  # type: ignore[attr-defined]

    def on_sync_done(self, event: SyncDone) -> None:
        self._syncing = None
        self._reload_list()
        if event.error:
            self.notify(f"The catalog could not be read again: {visible(event.error)}", title="Library",  # type: ignore[attr-defined]
                        severity="warning", markup=False, timeout=10)
            return
        report = event.report
        if report is not None and report.problems:
            shown = "\n".join(report.problems[:5]) + (f"\n… and {len(report.problems) - 5} more" if len(report.problems) > 5 else "")
            self.notify(visible(shown), title="Problems", severity="warning", markup=False, timeout=10)  # type: ignore[attr-defined]

    def on_analysis_done(self, event: AnalysisDone) -> None:
        self._analysing = False
        forget = getattr(self.library, "forget_entities", None)
        if forget is not None:
            forget()

    def _reload_list(self) -> None:
        listing = self.query_one(ArticleList)  # type: ignore[attr-defined]
        was_empty = listing.article_count == 0
        listing.reload()
        self._update_titles()  # type: ignore[attr-defined]
        if was_empty and self.current_article is None and listing.current is not None:  # type: ignore[attr-defined]
            self._preview(self._resolve(listing.current))  # type: ignore[attr-defined]

    def _busy_note(self) -> str:
        if self._syncing is None:
            return ""
        done, total = self._syncing
        return f" · syncing {done * 100 // total}%" if total else " · syncing"

    def _find_row(self, rows: RowSource, article_id: str, *, open_if_hidden: bool = False) -> None:
        """Find where ``article_id`` is in a catalog's rows off the UI thread (RowFound)."""

        def find() -> None:
            self.post_message(RowFound(rows, article_id, rows.position(article_id), open_if_hidden))  # type: ignore[attr-defined]

        self.run_worker(find, thread=True, group="find-row", exclusive=True)  # type: ignore[attr-defined]

    def on_row_found(self, event: RowFound) -> None:
        listing = self.query_one(ArticleList)  # type: ignore[attr-defined]
        if event.index is None and event.open_if_hidden and event.rows is listing.source:
            self._show_hidden(event.article_id)  # type: ignore[attr-defined]
            return
        listing.place_cursor(event.rows, event.index)

    # -- the search box ------------------------------------------------------------------

    def _search_active(self) -> bool:
        if self.search_query is not None:
            return True
        try:
            return self.query_one(SearchBar).is_open  # type: ignore[attr-defined]
        except Exception:
            return False

    def _search_title(self, listing: ArticleList, count: int, busy: str) -> bool:
        if self.search_query is None:
            return False
        if self.search_name is not None:
            listing.border_title = Content.assemble(("Saved: ", ""), (self.search_name, "bold"), f" ({count:,}){busy}")
        else:
            listing.border_title = Content.assemble("Search ", (self.search_text, "bold"), f" ({count:,}){busy}")
        listing.border_subtitle = Content("ranked · esc clears" if self.search_query.ranked else "esc clears")
        return True

    def action_search(self) -> None:
        if len(self.screen_stack) > 1:  # type: ignore[attr-defined]
            return
        self.query_one(SearchBar).open()  # type: ignore[attr-defined]

    def run_search(self, text: str, name: str | None = None) -> None:
        """Show ``text`` in the search box and run it (a saved search gives its ``name``)."""
        self.query_one(SearchBar).open()  # type: ignore[attr-defined]
        self._pending_name = name
        self.query_one(SearchBar).set_text(text)  # type: ignore[attr-defined]

    def on_search_bar_changed(self, event: SearchBar.Changed) -> None:
        event.stop()
        self._search_generation += 1
        self.run_worker(partial(self._search_worker, self._search_generation, event.text),  # type: ignore[attr-defined]
                        thread=True, group="search", exclusive=True)

    def on_search_bar_accepted(self, event: SearchBar.Accepted) -> None:
        event.stop()
        self.query_one(ArticleList).focus()  # type: ignore[attr-defined]

    def on_search_bar_cancelled(self, event: SearchBar.Cancelled) -> None:
        event.stop()
        self._clear_search()
        self.query_one(ArticleList).focus()  # type: ignore[attr-defined]

    def _search_worker(self, generation: int, text: str) -> None:
        from newsreader.core.query import QueryError, parse_query

        query: Query | None = None
        try:
            query = parse_query(text)
        except QueryError as exc:
            self.post_message(SearchDone(generation, text, None, None, (exc.message, exc.position)))  # type: ignore[attr-defined]
            return
        if query.empty:
            query = None
        if self._mirror is not None and query is not None and any(f.key in ("is", "has", "tag") for f in query.filters):
            self._mirror.wait(1.0)  # marks made a moment ago count
        if generation != self._search_generation:
            return
        rows = self.library.rows(self.sort, entity=self.filter, tag=self.tag_filter, unread=self.unread_only, query=query)
        len(rows)  # the count and the first page, read here rather than on the UI thread
        rows.get(0)
        self.post_message(SearchDone(generation, text, query, rows, None))  # type: ignore[attr-defined]

    def on_search_done(self, event: SearchDone) -> None:
        if event.generation != self._search_generation:
            return  # a newer search was typed
        bar = self.query_one(SearchBar)  # type: ignore[attr-defined]
        if event.error is not None:
            bar.show_error(*event.error)
            return
        bar.show_error(None)
        self.search_query = event.query
        self.search_text = event.text.strip()
        self.search_name = getattr(self, "_pending_name", None)
        self._pending_name = None
        listing = self.query_one(ArticleList)  # type: ignore[attr-defined]
        assert event.rows is not None
        listing.set_source(event.rows)
        self._update_titles()  # type: ignore[attr-defined]
        self.refresh_bindings()  # type: ignore[attr-defined]

    def _clear_search(self, relist: bool = True) -> None:
        """Close the search box and show the list without the search."""
        self._search_generation += 1  # a search still running is dropped
        try:
            bar = self.query_one(SearchBar)  # type: ignore[attr-defined]
        except Exception:
            bar = None
        if bar is not None:
            bar.close()
        had = self.search_query is not None
        self.search_query = None
        self.search_text = ""
        self.search_name = None
        if had and relist and self.is_running:  # type: ignore[attr-defined]
            current = self.current_article  # type: ignore[attr-defined]
            self._relist(keep=current.id if current else None)  # type: ignore[attr-defined]

    # -- saved searches ------------------------------------------------------------------

    def _saved_searches(self) -> list:
        try:
            from newsreader.core.library.saved_searches import load_saved_searches
        except ImportError:
            return []
        try:
            searches, _warnings = load_saved_searches()
        except Exception:
            return []
        return searches

    def save_search(self) -> None:
        """Ask a name, then keep the search in the box as a saved search."""
        text = self.search_text if self.search_query is not None else ""
        if not text:
            self.notify("Type a search first (ctrl+f), then save it.", markup=False, timeout=4)  # type: ignore[attr-defined]
            return
        from newsreader.app.screens.name_prompt import NamePrompt

        self.push_screen(NamePrompt(f"Save the search {text!r} as:", self.search_name or ""),  # type: ignore[attr-defined]
                         partial(self._search_named, text))

    def _search_named(self, text: str, name: str | None) -> None:
        if not name:
            return
        from newsreader.core.errors import InputError
        from newsreader.core.library.saved_searches import add_saved_search

        try:
            saved, _replaced = add_saved_search(name, text)
        except (InputError, ValueError, OSError) as exc:  # QueryError is a ValueError
            self.notify(f"Not saved: {exc}", title="Saved searches", severity="warning", markup=False, timeout=8)  # type: ignore[attr-defined]
            return
        self.search_name = saved.name
        self._update_titles()  # type: ignore[attr-defined]
        self.notify(f"Saved search: {self.search_name}", markup=False, timeout=3)  # type: ignore[attr-defined]

    # -- refreshing feeds ----------------------------------------------------------------

    def action_refresh_feeds(self) -> None:
        if self._refreshing:
            self.notify("Feeds are being refreshed already.", markup=False, timeout=3)  # type: ignore[attr-defined]
            return
        from newsreader.core.feeds.subscriptions import load_subscriptions

        try:
            subs, _warnings = load_subscriptions()
        except Exception as exc:
            self.notify(f"Feeds not refreshed: {exc}", title="Refresh", severity="error", markup=False, timeout=10)  # type: ignore[attr-defined]
            return
        if not subs:
            self.notify("No subscriptions yet. Add a feed with: newsreader feeds add URL", title="Refresh",  # type: ignore[attr-defined]
                        markup=False, timeout=8)
            return
        from newsreader.app.widgets.refresh_bar import RefreshBar

        self._refreshing = True
        self.query_one(RefreshBar).start(len(subs))  # type: ignore[attr-defined]
        self.run_worker(partial(self._refresh_worker, subs), thread=True, group="refresh", exclusive=True)  # type: ignore[attr-defined]

    def _refresh_worker(self, subs) -> None:
        from newsreader.core.feeds.refresh import refresh_feeds

        def progress(result, done: int, total: int) -> None:
            self.post_message(RefreshProgress(result, done, total))  # type: ignore[attr-defined]

        try:
            report = refresh_feeds(subs, progress=progress, should_stop=self._stopped)
        except Exception as exc:
            self.post_message(RefreshDone(None, str(exc)))  # type: ignore[attr-defined]
            return
        self.post_message(RefreshDone(report, None))  # type: ignore[attr-defined]

    def on_refresh_progress(self, event: RefreshProgress) -> None:
        from newsreader.app.widgets.refresh_bar import RefreshBar

        self.query_one(RefreshBar).advance(event.done, event.total, event.result)  # type: ignore[attr-defined]

    def on_refresh_done(self, event: RefreshDone) -> None:
        from newsreader.app.widgets.refresh_bar import RefreshBar
        self._refreshing = False
        self.query_one(RefreshBar).finish()  # type: ignore[attr-defined]
        if event.report is None:
            self.notify(visible(f"Feeds not refreshed: {event.error}"), title="Refresh", severity="error",  # type: ignore[attr-defined]
                        markup=False, timeout=10)
            return
        report = event.report
        lines = [f"{r.summary()} · {r.title or r.url}" for r in report.results[:MAX_RESULT_LINES]]
        if len(report.results) > MAX_RESULT_LINES:
            lines.append(f"… and {len(report.results) - MAX_RESULT_LINES} more feeds")
        errors = len(report.errors)
        head = f"{len(report.results)} feeds: {report.new} new item{'s' if report.new != 1 else ''}"
        head += f", {errors} error{'s' if errors != 1 else ''}" if errors else ""
        self.notify(visible("\n".join([head, *lines])), title="Refresh", severity="warning" if errors else "information",  # type: ignore[attr-defined]
                    markup=False, timeout=12)
        if self.catalog is None:
            return
        if not getattr(self.library, "default", False):
            if report.new:
                self.notify("New articles are in the default library: run newsreader without paths to read them.",  # type: ignore[attr-defined]
                            markup=False, timeout=8)
            return
        self._syncing = (0, 0)
        self._update_titles()  # type: ignore[attr-defined]
        self.run_worker(self._sync_worker, thread=True, group="sync", exclusive=True)  # type: ignore[attr-defined]

    # -- the palette ---------------------------------------------------------------------

    def library_palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Search…", self.action_search, "The search box: words, \"phrases\", tag:, person:, is:unread… (ctrl+f)"),
            ("Refresh feeds", self.action_refresh_feeds, "Fetch the feeds you subscribe to (r)"),
        ]
        if self.search_query is not None:
            commands.append(("Save this search…", self.save_search, "Keep it as a saved search (a virtual feed)"))
        for saved in self._saved_searches():
            # The palette reads help as markup: the query stays out of it.
            commands.append((f"Saved search: {saved.name}", partial(self.run_search, saved.query, saved.name),
                             "Run this saved search"))
        return commands

    def _export_articles(self, snapshot) -> list:
        """What an export names its articles by: every article in memory, or from the catalog
        the rows of the articles the export holds."""
        if self.catalog is None:
            return list(self.library.articles)
        ids = set(snapshot.articles) | {n.article for n in snapshot.notes} | {a.article for a in snapshot.annotations}
        rows = (self.catalog.row(i) for i in sorted(ids))
        return [r for r in rows if r is not None]
