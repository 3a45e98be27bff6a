"""The library on the main screen: its sync and analysis in the background, the search box,
saved searches and refreshing feeds.

The sync, the analysis, searches and refreshes run on threads and report back by message
(never by waiting on the UI thread, so quitting is never held up); the screen hands each
message to the method here of the same name. Everything shown from article text, queries or
feed results is plain text.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from newsreader.app.messages import (
    AnalysisDone,
    AnalysisStarted,
    RefreshDone,
    RefreshProgress,
    RowFound,
    SearchDone,
    SyncDone,
    SyncProgress,
)
from newsreader.core.sanitize import visible_lines

if TYPE_CHECKING:
    from newsreader.app.view import MainView
    from newsreader.core.library.rows import RowSource
    from newsreader.core.query import Query

__all__ = ["LibraryActions"]

RELOAD_EVERY = 0.25  # seconds between list reloads while a sync commits rows
MAX_RESULT_LINES = 8  # feeds named in the refresh notification


class LibraryActions:
    """See the module doc."""

    def __init__(self, view: MainView) -> None:
        self.view = view
        self.syncing: tuple[int, int] | None = None  # (done, total) while the library syncs
        self.analysing = False  # the library's background analysis is running
        self.refreshing = False
        self._last_reload = 0.0
        self._stopping = threading.Event()
        self._search_generation = 0
        self._pending_name: str | None = None  # the saved search being run

    def stopped(self) -> bool:
        """For the background threads: the app is closing (asked between files and articles)."""
        return self._stopping.is_set() or not self.view.app.is_running

    # -- start and stop ------------------------------------------------------------------

    def start(self) -> None:
        """After the first frames: sync the library's files, then analyse what is new."""
        self.view.library.follow_state(lambda: self.view.session.store_if_open)
        self._sync()

    def _sync(self) -> None:
        self.view.run_worker(self._sync_worker, thread=True, group="sync", exclusive=True)

    def stop(self) -> None:
        self._stopping.set()
        self.view.library.stop()

    def _sync_worker(self) -> None:
        library = self.view.library
        worker = get_current_worker()

        def stop() -> bool:  # the app closes, or a newer sync (after a refresh) replaced this one
            return worker.is_cancelled or self.stopped()

        def progress(stage: str, done: int, total: int) -> None:
            self.view.post_message(SyncProgress(done, total))

        try:
            report = library.sync(progress=progress, should_stop=stop)
        except Exception as exc:
            self.view.post_message(SyncDone(None, f"{type(exc).__name__}: {exc}"))
            return
        if report is not None:
            self.view.post_message(SyncDone(report))
        if stop():
            return
        self.view.post_message(AnalysisStarted())
        try:
            library.index_all(should_stop=stop)
        except Exception:
            pass  # each article's failure is the reader's to show when it is opened
        self.view.post_message(AnalysisDone())

    def sync_progress(self, event: SyncProgress) -> None:
        self.syncing = (event.done, event.total)
        now = time.monotonic()
        if now - self._last_reload >= RELOAD_EVERY:
            self._last_reload = now
            self.reload_list()
        else:
            self.view.update_titles()

    def sync_done(self, event: SyncDone) -> None:
        self.syncing = None
        self.reload_list()
        if event.error:
            self.view.notify(visible_lines(f"The catalog could not be read again: {event.error}"), title="Library",
                             severity="warning", markup=False, timeout=10)
            return
        report = event.report
        if report is not None and report.problems:
            more = len(report.problems) - 5
            shown = "\n".join(report.problems[:5]) + (f"\n… and {more} more" if more > 0 else "")
            self.view.notify(visible_lines(shown), title="Problems", severity="warning", markup=False, timeout=10)

    def analysis_started(self, event: AnalysisStarted) -> None:
        self.analysing = True

    def analysis_done(self, event: AnalysisDone) -> None:
        self.analysing = False
        self.view.library.forget_entities()

    def reload_list(self) -> None:
        listing = self.view.article_list
        was_empty = listing.article_count == 0
        listing.reload()
        self.view.update_titles()
        if was_empty and self.view.current_article is None and listing.current is not None:
            self.view.preview(self.view.resolve(listing.current))

    def busy_note(self) -> str:
        if self.syncing is None:
            return ""
        done, total = self.syncing
        return f" · syncing {done * 100 // total}%" if total else " · syncing"

    def find_row(self, rows: RowSource, article_id: str, *, open_if_hidden: bool = False) -> None:
        """Find where ``article_id`` is in ``rows`` off the UI thread (RowFound)."""

        def find() -> None:
            self.view.post_message(RowFound(rows, article_id, rows.position(article_id), open_if_hidden))

        self.view.run_worker(find, thread=True, group="find-row", exclusive=True)

    # -- the search box ------------------------------------------------------------------

    def search_active(self) -> bool:
        return self.view.list_state.query is not None or self.view.search_bar.is_open

    def open_search(self) -> None:
        self.view.search_bar.open()

    def run_search(self, text: str, name: str | None = None) -> None:
        """Show ``text`` in the search box and run it (a saved search gives its ``name``)."""
        self.view.search_bar.open()
        self._pending_name = name
        self.view.search_bar.set_text(text)

    def search_changed(self, text: str) -> None:
        self._search_generation += 1
        self.view.run_worker(partial(self._search_worker, self._search_generation, text),
                             thread=True, group="search", exclusive=True)

    def _search_worker(self, generation: int, text: str) -> None:
        from newsreader.core.query import QueryError, parse_query

        query: Query | None = None
        try:
            query = parse_query(text)
        except QueryError as exc:
            self.view.post_message(SearchDone(generation, text, None, None, (exc.message, exc.position)))
            return
        if query.empty:
            query = None
        if query is not None and any(f.key in ("is", "has", "tag") for f in query.filters):
            self.view.library.wait_marks(1.0)  # marks made a moment ago count
        if generation != self._search_generation:
            return
        state = self.view.list_state
        rows = self.view.library.rows(state.sort, entity=state.entity, tag=state.tag, unread=state.unread, query=query)
        len(rows)  # the count and the first page, read here rather than on the UI thread
        rows.get(0)
        self.view.post_message(SearchDone(generation, text, query, rows, None))

    def search_done(self, event: SearchDone) -> None:
        if event.generation != self._search_generation:
            return  # a newer search was typed
        bar = self.view.search_bar
        if event.error is not None:
            bar.show_error(*event.error)
            return
        bar.show_error(None)
        name, self._pending_name = self._pending_name, None
        state = self.view.list_state.with_(query=event.query, query_text=event.text.strip(), search_name=name)
        self.view.show_list(state, rows=event.rows, keep=None)

    def clear_search(self) -> None:
        """Close the search box and show the list without the search."""
        self._search_generation += 1  # a search still running is dropped
        self.view.search_bar.close()
        self.view.show_list(self.view.list_state.without_search())

    # -- saved searches ------------------------------------------------------------------

    def _saved_searches(self) -> list[Any]:
        from newsreader.core.library.saved_searches import load_saved_searches

        try:
            searches, _warnings = load_saved_searches()
        except Exception:
            return []
        return list(searches)

    def save_search(self) -> None:
        """Ask a name, then keep the search in the box as a saved search."""
        state = self.view.list_state
        text = state.query_text if state.query is not None else ""
        if not text:
            self.view.notify("Type a search first (ctrl+f), then save it.", markup=False, timeout=4)
            return
        from newsreader.app.screens.name_prompt import NamePrompt

        self.view.app.push_screen(NamePrompt(f"Save the search {text!r} as:", state.search_name or ""),
                                  partial(self._search_named, text))

    def _search_named(self, text: str, name: str | None) -> None:
        if not name:
            return
        from newsreader.core.errors import InputError
        from newsreader.core.library.saved_searches import add_saved_search

        try:
            saved, _replaced = add_saved_search(name, text)
        except (InputError, ValueError, OSError) as exc:  # QueryError is a ValueError
            self.view.notify(f"Not saved: {exc}", title="Saved searches", severity="warning", markup=False, timeout=8)
            return
        self.view.show_list(self.view.list_state.with_(search_name=saved.name), rows=self.view.article_list.source)
        self.view.notify(f"Saved search: {saved.name}", markup=False, timeout=3)

    # -- refreshing feeds ----------------------------------------------------------------

    def refresh_feeds(self) -> None:
        if self.refreshing:
            self.view.notify("Feeds are being refreshed already.", markup=False, timeout=3)
            return
        from newsreader.core.feeds.subscriptions import load_subscriptions

        try:
            subs, _warnings = load_subscriptions()
        except Exception as exc:
            self.view.notify(f"Feeds not refreshed: {exc}", title="Refresh", severity="error", markup=False, timeout=10)
            return
        if not subs:
            self.view.notify("No subscriptions yet. Add a feed with: newsreader feeds add URL", title="Refresh",
                             markup=False, timeout=8)
            return
        self.refreshing = True
        self.view.refresh_bar.start(len(subs))
        self.view.run_worker(partial(self._refresh_worker, subs), thread=True, group="refresh", exclusive=True)

    def _refresh_worker(self, subs: list[Any]) -> None:
        from newsreader.core.feeds.refresh import refresh_feeds

        def progress(result: Any, done: int, total: int) -> None:
            self.view.post_message(RefreshProgress(result, done, total))

        try:
            report = refresh_feeds(subs, progress=progress, should_stop=self.stopped)
        except Exception as exc:
            self.view.post_message(RefreshDone(None, str(exc)))
            return
        self.view.post_message(RefreshDone(report, None))

    def refresh_progress(self, event: RefreshProgress) -> None:
        self.view.refresh_bar.advance(event.done, event.total, event.result)

    def refresh_done(self, event: RefreshDone) -> None:
        self.refreshing = False
        self.view.refresh_bar.finish()
        if event.report is None:
            self.view.notify(visible_lines(f"Feeds not refreshed: {event.error}"), title="Refresh", severity="error",
                             markup=False, timeout=10)
            return
        report = event.report
        lines = [f"{r.summary()} · {r.title or r.url}" for r in report.results[:MAX_RESULT_LINES]]
        if len(report.results) > MAX_RESULT_LINES:
            lines.append(f"… and {len(report.results) - MAX_RESULT_LINES} more feeds")
        errors = len(report.errors)
        head = f"{len(report.results)} feeds: {report.new} new item{'s' if report.new != 1 else ''}"
        head += f", {errors} error{'s' if errors != 1 else ''}" if errors else ""
        self.view.notify(visible_lines("\n".join([head, *lines])), title="Refresh",
                         severity="warning" if errors else "information", markup=False, timeout=12)
        if not self.view.library.default:
            if report.new:
                self.view.notify("New articles are in the default library: run newsreader without paths to read them.",
                                 markup=False, timeout=8)
            return
        self.syncing = (0, 0)
        self.view.update_titles()
        self._sync()

    # -- the palette ---------------------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Search…", self.open_search, "The search box: words, \"phrases\", tag:, person:, is:unread… (ctrl+f)"),
            ("Refresh feeds", self.refresh_feeds, "Fetch the feeds you subscribe to (r)"),
        ]
        if self.view.list_state.query is not None:
            commands.append(("Save this search…", self.save_search, "Keep it as a saved search (a virtual feed)"))
        for saved in self._saved_searches():
            # The palette reads help as markup: the query stays out of it.
            commands.append((f"Saved search: {saved.name}", partial(self.run_search, saved.query, saved.name),
                             "Run this saved search"))
        return commands
