"""The main screen: the article list, the reader and the notes, their keys, and what the list
shows (``list_state``). The state actions and the library actions are collaborators it owns;
the messages workers and widgets post arrive here and go to the one that handles them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header

from newsreader.app.highlights import MODES, next_mode
from newsreader.app.keymap import bindings
from newsreader.app.library_actions import LibraryActions
from newsreader.app.list_state import ListState, list_titles
from newsreader.app.messages import (
    AnalysisDone,
    AnalysisFailed,
    AnalysisReady,
    AnalysisStarted,
    AnalysisTimedOutFor,
    ArticleHighlighted,
    ArticleOpened,
    EntityChosen,
    ExportDone,
    FigureChosen,
    LedgerReady,
    NoteChosen,
    PivotReady,
    RefreshDone,
    RefreshProgress,
    RowFound,
    SaveChecked,
    SearchAccepted,
    SearchCancelled,
    SearchChanged,
    SearchDone,
    SyncDone,
    SyncProgress,
)
from newsreader.app.providers.loaders import PROVIDERS, PaletteCommand
from newsreader.app.reading import Reading
from newsreader.app.state_actions import StateActions
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.footer import AppFooter
from newsreader.app.widgets.legend import Legend
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.app.widgets.refresh_bar import RefreshBar
from newsreader.app.widgets.search_bar import SearchBar
from newsreader.core.library import SORTS
from newsreader.core.model import Article

if TYPE_CHECKING:
    from newsreader.app.session import StateSession
    from newsreader.core.library.interface import ArticleLibrary
    from newsreader.core.library.rows import RowSource
    from newsreader.core.settings import Settings
    from newsreader.core.state import StateStore

__all__ = ["MainScreen"]

_SHOWN = "\0shown"  # keep the article shown selected when the list changes


class MainScreen(Screen[None]):
    DEFAULT_CSS = """
    #panes { height: 1fr; }
    #list { width: 34%; min-width: 30; border-right: vkey $primary 40%; border-top: hkey $primary 40%; }
    #reader-pane { width: 1fr; border-top: hkey $primary 40%; }
    #reader { height: 1fr; }
    #notes { width: 28; min-width: 20; border-left: vkey $primary 40%; border-top: hkey $primary 40%; }
    #notes:focus { border-left: vkey $primary 40%; border-top: hkey $primary 40%; }
    #list:focus, #reader:focus, #notes:focus { background-tint: $primary 4%; }
    MainScreen.-narrow #notes { display: none; }
    MainScreen.-narrow #list { width: 40%; min-width: 24; }
    """
    SCOPED_CSS = False  # the width classes are on the screen itself
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = bindings("main")
    COMMANDS = PROVIDERS

    list_state: reactive[ListState] = reactive(ListState, init=False)

    def __init__(
        self,
        library: ArticleLibrary,
        session: StateSession,
        settings: Settings,
        *,
        save_setting: Callable[[str, object], None],
        app_commands: Callable[[], list[PaletteCommand]],
        started: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(id="main")
        self.library = library
        self.session = session
        self.settings = settings
        self._save_setting = save_setting
        self._app_commands = app_commands
        self._started = started
        self.set_reactive(MainScreen.list_state, ListState(sort=ListState.valid_sort(settings.get("sort", "newest"))))
        mode = settings.get("highlights", "all")
        self.mode = mode if mode in MODES else "all"
        self.show_removed = False
        self._next_rows: RowSource | None = None  # rows a worker read for the next list state
        self._next_keep: str | None = _SHOWN
        self.reading = Reading(self)
        self.state_actions = StateActions(self)
        self.library_actions = LibraryActions(self)
        session.opened.append(self.state_actions.store_opened)

    # -- the panes -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._apply_breakpoints()  # before the panes mount, so they are styled once
        yield Header()
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield ArticleList(source=self.rows_for(self.list_state), marks=self.state_actions.row_marks, id="list")
            with Vertical(id="reader-pane"):
                yield Legend(id="legend")
                yield ArticleView(id="reader")
            yield NotesPane(id="notes")
        yield RefreshBar(id="refresh-bar")
        yield AppFooter()

    def _apply_breakpoints(self) -> None:
        """The width classes Textual gives the screen on its first resize, given before the
        panes mount: they are styled once and the resize restyles nothing."""
        width = self.app.size.width
        chosen = next((name for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= edge), None)
        self.update_classes({name: name == chosen for _, name in self.HORIZONTAL_BREAKPOINTS}, animate=False)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def reader(self) -> ArticleView:
        return self.query_one("#reader", ArticleView)

    @property
    def notes(self) -> NotesPane:
        return self.query_one("#notes", NotesPane)

    @property
    def legend(self) -> Legend:
        return self.query_one("#legend", Legend)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search-bar", SearchBar)

    @property
    def refresh_bar(self) -> RefreshBar:
        return self.query_one("#refresh-bar", RefreshBar)

    @property
    def store(self) -> StateStore:
        return self.session.store

    def on_mount(self) -> None:
        self.article_list.focus()
        self.query_one("#reader-pane").border_title = Content("Reader")
        self.notes.border_title = Content("Notes")
        self.update_titles()
        self.legend.show(self.mode)
        self.reader.mode = self.mode
        # The first frame draws the list; the reader fills on the next one, then analysis starts.
        self.call_after_refresh(self._first_article)

    def _first_article(self) -> None:
        if self.current_article is None:
            self.preview(self.resolve(self.article_list.current), analyse=False)
        self.call_after_refresh(self._start_work)

    def _start_work(self) -> None:
        self._started()
        self.session.open_now()
        article = self.current_article
        if article is not None and self.library.cached(article.id) is None and not self.reading.error:
            self.reading.analyse(article)
        self.library_actions.start()

    def on_unmount(self) -> None:
        self.library_actions.stop()

    # -- what the list shows -----------------------------------------------------------------

    def rows_for(self, state: ListState) -> RowSource:
        if state.tag is not None or state.unread:
            self.session.store  # noqa: B018 - the marks these filters read
        return self.library.rows(state.sort, entity=state.entity, tag=state.tag, unread=state.unread, query=state.query)

    def show_list(self, state: ListState, *, rows: RowSource | None = None, keep: str | None = _SHOWN) -> None:
        """List ``state`` (``rows``: read for it already; ``keep``: the article to stay on,
        by default the one shown; None: the first row)."""
        self._next_rows = rows
        self._next_keep = keep
        if state == self.list_state:
            self.watch_list_state(state)
        else:
            self.list_state = state

    def watch_list_state(self, state: ListState) -> None:
        rows, self._next_rows = self._next_rows, None
        keep, self._next_keep = self._next_keep, _SHOWN
        listing = self.article_list
        if keep == _SHOWN:
            current = self.current_article
            keep = current.id if current is not None else None
        if rows is None:
            rows = self.rows_for(state)
        if not listing.set_source(rows, keep=keep) and keep is not None:
            self.library_actions.find_row(listing.source, keep)
        self.update_titles()
        self.refresh_bindings()

    @property
    def articles(self) -> list[Any]:
        """The rows in the list (in memory: the articles). See ``ArticleList.articles``."""
        try:
            return self.article_list.articles
        except NoMatches:  # not shown yet
            return ArticleList(source=self.rows_for(self.list_state)).articles

    def update_titles(self) -> None:
        """Pane titles as Content (entity names and searches are text: never markup)."""
        try:
            listing = self.article_list
        except NoMatches:
            return
        count = listing.article_count
        busy = self.library_actions.busy_note()  # "· syncing 40%" while the library is read
        listing.border_title, listing.border_subtitle, self.sub_title = list_titles(self.list_state, count, busy)

    def resolve(self, item: object) -> Article | None:
        """The article for a list row (a catalog row is read from the catalog)."""
        if item is None or isinstance(item, Article):
            return item
        article_id = getattr(item, "id", None)
        return self.library.article(article_id) if isinstance(article_id, str) else None

    # -- showing an article ------------------------------------------------------------------

    @property
    def current_article(self) -> Article | None:
        try:
            return self.reader.article
        except NoMatches:  # closing: a worker's late result finds the panes gone
            return None

    def preview(self, article: Article | None, *, analyse: bool = True) -> None:
        reader, notes = self.reader, self.notes
        if article is None:
            self.state_actions.article_shown(None)
            reader.show(None)
            notes.show_message("No article.")
            return
        cached = self.library.cached(article.id)
        reader.show(article, cached, mode=self.mode, show_removed=self.show_removed)
        self.state_actions.article_shown(article)  # marks, notes and highlights; read after a moment
        if cached is not None:
            notes.show(cached)
        elif self.reading.error:
            notes.show_message("Names and figures are unavailable.")
        else:
            notes.show(None)
            if analyse:
                self.reading.analyse(article)

    def show_state(self, article: Article | None, *, update: bool = True) -> None:
        self.state_actions.show_state(article, update=update)

    def on_article_highlighted(self, event: ArticleHighlighted) -> None:
        event.stop()
        current = self.current_article
        if current is None or current.id != event.article.id:
            self.preview(self.resolve(event.article))

    def on_article_opened(self, event: ArticleOpened) -> None:
        event.stop()
        article = self.resolve(event.article)
        if article is not None:
            self.open_article(article, focus_reader=event.focus_reader)

    def open_article(self, article: Article, *, focus_reader: bool = True) -> None:
        current = self.current_article
        if current is None or current.id != article.id:
            self.preview(article)  # marked read after a moment (the mark_read_delay setting)
        if focus_reader:
            self.reader.focus()

    def open_article_id(self, article_id: str) -> None:
        """Open an article chosen in the palette, clearing a filter that hides it."""
        article = self.library.article(article_id)
        if article is None:
            return
        listing = self.article_list
        index = listing.source.cached_index(article_id)
        if index is not None:
            listing.cursor = index
        else:  # is it listed? asked off the UI thread
            self.library_actions.find_row(listing.source, article_id, open_if_hidden=True)
        self.open_article(article)

    def on_row_found(self, event: RowFound) -> None:
        listing = self.article_list
        if event.index is None and event.open_if_hidden and event.rows is listing.source:
            self._show_hidden(event.article_id)
            return
        listing.place_cursor(event.rows, event.index)

    def _show_hidden(self, article_id: str) -> None:
        """Clear the filters and the search that hide ``article_id``, keeping it selected."""
        self.search_bar.close()
        self.show_list(self.list_state.cleared(), keep=article_id)

    # -- reader and notes events -------------------------------------------------------------

    @on(ArticleView.SpanFocused)
    def _span_focused(self, event: ArticleView.SpanFocused) -> None:
        event.stop()
        note = ""
        span = event.span
        if span is not None:
            name = span.canonical or span.text if span.kind == "entity" else span.text
            note = f"▸ {name} · {span.label.lower()} · {event.position}/{event.total}"
            if span.kind == "entity":
                note += " · enter: articles naming it"
        self.legend.show(self.mode, note)

    def on_entity_chosen(self, event: EntityChosen) -> None:
        event.stop()
        self.pivot(event.label, event.name)

    def on_figure_chosen(self, event: FigureChosen) -> None:
        event.stop()
        if not self.reader.select_offset(event.start):
            self._set_mode("all")
            self.reader.select_offset(event.start)

    def on_note_chosen(self, event: NoteChosen) -> None:
        event.stop()
        self.state_actions.edit(event.kind, event.note_id)

    # -- the entity pivot and the filters ----------------------------------------------------

    def pivot(self, label: str, name: str) -> None:
        """Narrow the list to the articles that mention ``name`` (by canonical name)."""
        if self.library.mentions_known:
            self.on_pivot_ready(PivotReady(label, name))
        else:
            self.notify("Finding the articles that mention it…", markup=False, timeout=3)
            self._pivot_when_indexed(label, name)

    @work(thread=True, exclusive=True, group="pivot")
    def _pivot_when_indexed(self, label: str, name: str) -> None:
        self.library.index_all()
        self.post_message(PivotReady(label, name))

    def on_pivot_ready(self, event: PivotReady) -> None:
        label, name = event.label, event.name
        if not self.library.mentioning(name):
            self.notify(f"No article mentions {name}.", markup=False, timeout=4)
            return
        self.show_list(self.list_state.with_(entity=(label, name)))
        self.article_list.focus()
        count = self.article_list.article_count
        more = " · more as the analysis goes on" if self.library_actions.analysing else ""
        self.notify(f"{count} article{'s' if count != 1 else ''} mention{'s' if count == 1 else ''} {name} · esc clears{more}",
                    markup=False, timeout=4)

    def filter_tag(self, tag: str) -> None:
        """List only the articles tagged ``tag`` (from the palette)."""
        self.show_list(self.list_state.with_(tag=tag))
        self.article_list.focus()
        count = self.article_list.article_count
        self.notify(f"{count} article{'s' if count != 1 else ''} tagged #{tag} · esc clears", markup=False, timeout=4)

    def action_unread_only(self) -> None:
        unread = not self.list_state.unread
        self.show_list(self.list_state.with_(unread=unread))
        self.notify("Unread articles only · u shows all" if unread else "All articles", markup=False, timeout=3)

    def action_clear_filter(self) -> None:
        if self.library_actions.search_active():
            self.library_actions.clear_search()
            self.article_list.focus()
            return
        if not self.list_state.filtered:
            return
        self.show_list(self.list_state.unfiltered())
        self.article_list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.list_state.filtered or self.library_actions.search_active()
        return self.state_actions.check(action)

    # -- highlights, sort and the rest -------------------------------------------------------

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.reader.set_mode(mode)
        self._save_setting("highlights", mode)

    def action_cycle_highlights(self) -> None:
        self._set_mode(next_mode(self.mode))
        self.notify(f"Highlights: {self.mode}", markup=False, timeout=2)

    def set_highlights(self, mode: str) -> None:
        self._set_mode(mode)

    def set_sort(self, name: str) -> None:
        self.show_list(self.list_state.with_(sort=name))
        self._save_setting("sort", name)

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.set_sort(names[(names.index(self.list_state.sort) + 1) % len(names)])
        self.notify(f"Sorted: {SORTS[self.list_state.sort].description}", markup=False, timeout=2)

    def action_toggle_removed(self) -> None:
        self.show_removed = not self.show_removed
        self.reader.set_show_removed(self.show_removed)

    def action_open_link(self) -> None:
        article = self.current_article
        if article is None:
            return
        if not article.url:
            self.notify("This article has no link.", markup=False, timeout=3)
            return
        from newsreader.core.ingest.fields import web_link

        if web_link(article.url) is None:  # the readers keep only http(s) links; a cache could hold others
            self.notify(f"Not opened: {article.url[:100]} is not an http or https address.", markup=False, timeout=5)
            return
        self.app.open_url(article.url)
        self.notify(f"Opening {article.url}", markup=False, timeout=3)

    def action_figures(self) -> None:
        article = self.current_article
        if article is not None:
            self.reading.open_ledger(article)

    # -- keys that go to the collaborators ---------------------------------------------------

    def action_search(self) -> None:
        self.library_actions.open_search()

    def action_refresh_feeds(self) -> None:
        self.library_actions.refresh_feeds()

    def action_toggle_read(self) -> None:
        self.state_actions.action_toggle_read()

    def action_toggle_star(self) -> None:
        self.state_actions.action_toggle_star()

    def action_tags(self) -> None:
        self.state_actions.action_tags()

    def action_new_note(self) -> None:
        self.state_actions.action_new_note()

    def action_annotate(self) -> None:
        self.state_actions.action_annotate()

    def action_edit_note(self) -> None:
        self.state_actions.action_edit_note()

    def action_delete_note(self) -> None:
        self.state_actions.action_delete_note()

    def action_undo(self) -> None:
        self.state_actions.action_undo()

    def mark_all_read(self) -> None:
        self.state_actions.mark_all_read()

    def export_notes(self, fmt: str) -> None:
        self.state_actions.export_notes(fmt)

    # -- messages that go to the collaborators -----------------------------------------------

    def on_analysis_ready(self, event: AnalysisReady) -> None:
        self.reading.analysis_ready(event)

    def on_analysis_timed_out_for(self, event: AnalysisTimedOutFor) -> None:
        self.reading.analysis_timed_out(event)

    def on_analysis_failed(self, event: AnalysisFailed) -> None:
        self.reading.analysis_failed(event)

    def on_ledger_ready(self, event: LedgerReady) -> None:
        self.reading.ledger_ready(event)

    def on_search_changed(self, event: SearchChanged) -> None:
        event.stop()
        self.library_actions.search_changed(event.text)

    def on_search_accepted(self, event: SearchAccepted) -> None:
        event.stop()
        self.article_list.focus()

    def on_search_cancelled(self, event: SearchCancelled) -> None:
        event.stop()
        self.library_actions.clear_search()
        self.article_list.focus()

    def on_search_done(self, event: SearchDone) -> None:
        self.library_actions.search_done(event)

    def on_sync_progress(self, event: SyncProgress) -> None:
        self.library_actions.sync_progress(event)

    def on_sync_done(self, event: SyncDone) -> None:
        self.library_actions.sync_done(event)

    def on_analysis_started(self, event: AnalysisStarted) -> None:
        self.library_actions.analysis_started(event)

    def on_analysis_done(self, event: AnalysisDone) -> None:
        self.library_actions.analysis_done(event)

    def on_refresh_progress(self, event: RefreshProgress) -> None:
        self.library_actions.refresh_progress(event)

    def on_refresh_done(self, event: RefreshDone) -> None:
        self.library_actions.refresh_done(event)

    def on_save_checked(self, event: SaveChecked) -> None:
        self.state_actions.save_checked(event)

    def on_export_done(self, event: ExportDone) -> None:
        self.state_actions.export_done(event)

    # -- the command palette -----------------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        commands: list[PaletteCommand] = []
        for name, sort in SORTS.items():
            commands.append((f"Sort: {sort.description}", partial(self.set_sort, name), "Order the article list (S: next)"))
        for mode in MODES:
            commands.append((f"Highlights: {mode}", partial(self.set_highlights, mode), "Which spans the reader colours (h)"))
        commands.append(("Figures ledger", self.action_figures, "Every figure in the article, exportable to CSV (f)"))
        commands.append(("Show or hide removed text", self.action_toggle_removed, "The boilerplate taken out of the page (x)"))
        commands.append(("Open link in browser", self.action_open_link, "The article's address (o)"))
        commands += self.state_actions.palette_commands()
        commands.append(("Unread only / all articles", self.action_unread_only, "Filter the list (u)"))
        commands += self.library_actions.palette_commands()
        if self.check_action("clear_filter", ()):
            commands.append(("Clear the filter", self.action_clear_filter, "Show every article again (esc)"))
        return commands + self._app_commands()
