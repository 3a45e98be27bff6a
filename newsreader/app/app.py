"""The newsreader Textual app: article list, reader and notes, wired together by messages."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Header
from textual.worker import get_current_worker

from newsreader.app.highlights import MODES, next_mode
from newsreader.app.keymap import bindings
from newsreader.app.library_ui import LibraryActions
from newsreader.app.messages import EntityChosen, FigureChosen
from newsreader.app.state_ui import StateActions
from newsreader.app.theming import DEFAULT_THEME, fallback_variables, load_textual_themes
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.footer import AppFooter
from newsreader.app.widgets.legend import Legend
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.app.widgets.refresh_bar import RefreshBar
from newsreader.app.widgets.search_bar import SearchBar
from newsreader.core.analysis.document import AnalysedArticle
from newsreader.core.analysis.engine import Engine
from newsreader.core.analysis.guarded import (
    AnalysisCancelled,
    AnalysisGuard,
    AnalysisTimedOut,
    deadline_setting,
)
from newsreader.core.library import SORTS, Library, figure_rows
from newsreader.core.model import Article
from newsreader.core.paths import data_dir
from newsreader.core.sanitize import visible
from newsreader.core.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from newsreader.core.catalog import Catalog
    from newsreader.core.state import StateStore

__all__ = ["NewsreaderApp", "newest_first"]


# Palette providers and screens load when first used, to keep them off the startup path.
def _articles_provider():
    from newsreader.app.providers.articles import ArticlesProvider

    return ArticlesProvider


def _entities_provider():
    from newsreader.app.providers.entities import EntitiesProvider

    return EntitiesProvider


def _commands_provider():
    from newsreader.app.providers.commands import CommandsProvider

    return CommandsProvider


def _tags_provider():
    from newsreader.app.providers.tags import TagsProvider

    return TagsProvider


def newest_first(articles: Sequence[Article]) -> list[Article]:
    return Library.ordered("newest", articles)


# Seconds from closing the state on the way out to the end of the process at the latest (a
# refresh stops its fetches within a second; this is for a thread nothing can stop).
EXIT_GRACE = 2.0


class NewsreaderApp(LibraryActions, StateActions, App[None]):
    TITLE = "newsreader"
    CSS = """
    #panes { height: 1fr; }
    #list { width: 34%; min-width: 30; border-right: vkey $primary 40%; border-top: hkey $primary 40%; }
    #reader-pane { width: 1fr; border-top: hkey $primary 40%; }
    #reader { height: 1fr; }
    #notes { width: 28; min-width: 20; border-left: vkey $primary 40%; border-top: hkey $primary 40%; }
    #notes:focus { border-left: vkey $primary 40%; border-top: hkey $primary 40%; }
    #list:focus, #reader:focus, #notes:focus { background-tint: $primary 4%; }
    .-narrow #notes { display: none; }
    .-narrow #list { width: 40%; min-width: 24; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = bindings("app")
    COMMANDS = {_articles_provider, _entities_provider, _commands_provider, _tags_provider}
    COMMAND_PALETTE_DISPLAY = "/"

    def __init__(
        self,
        articles: Sequence[Article],
        problems: Sequence[str] = (),
        engine: Engine | None = None,
        *,
        theme: str | None = None,
        settings: Settings | None = None,
        store: StateStore | None = None,
        catalog: Catalog | None = None,
        library_paths: Sequence[Path] = (),
        default_library: bool = False,
    ) -> None:
        super().__init__()
        self.problems = list(problems)
        self.settings = settings if settings is not None else Settings.load()
        if self.settings.problem:
            self.problems.append(self.settings.problem)
        self._init_state(store)  # the state file (or the given store), which the app closes
        self.library = self._make_library(articles, engine, catalog, library_paths, default_library)
        # Analyses run in a worker process, each within a deadline (the analysis_deadline
        # setting): a slow one cannot hold the event loop. The process starts when first used.
        deadline = deadline_setting(self.settings.get("analysis_deadline"))
        self._guard = AnalysisGuard(deadline)
        self.library.guard = self._guard
        if catalog is not None:
            catalog.analysis_deadline = deadline
        sort = self.settings.get("sort", "newest")
        self.sort = sort if sort in SORTS else "newest"
        mode = self.settings.get("highlights", "all")
        self.mode = mode if mode in MODES else "all"
        self.show_removed = False
        self.filter: tuple[str, str] | None = None  # (label, canonical name)
        self._init_library()
        self._analysis_error: str | None = None
        self.newsreader_themes: list[str] = []
        self._install_themes(theme)

    def run(self, *, exit_grace: float | None = None, **kwargs):  # type: ignore[override]
        """``exit_grace`` (the command line gives ``EXIT_GRACE``): once the app has closed its
        state on the way out, the process ends that many seconds later even if a worker thread
        is stuck (asyncio and concurrent.futures would wait for it for ever). Tests running
        the app in their own process leave it out."""
        self._exit_grace = exit_grace
        # What is loaded by now (modules, the articles) lives as long as the app: the garbage
        # collector need not walk it again each time it runs. Nor does it run while the first
        # frames are drawn (what they make lives on too): it runs again once they are out.
        gc.freeze()
        self._gc_paused = gc.isenabled()
        gc.disable()
        try:
            return super().run(**kwargs)
        finally:
            self._resume_gc()

    def _resume_gc(self) -> None:
        if getattr(self, "_gc_paused", False):
            self._gc_paused = False
            gc.enable()

    # -- themes -------------------------------------------------------------------------

    def refresh_css(self, animate: bool = True) -> None:
        if not self.screen_stack:
            # The theme chosen in __init__ asks for this before anything is styled: the
            # stylesheet needs the theme's variables, and is parsed once, when the first screen
            # is styled, instead of twice.
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate=animate)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **fallback_variables()}

    def _install_themes(self, requested: str | None) -> None:
        themes, problems = load_textual_themes()
        for theme in themes:
            self.register_theme(theme)
            self.newsreader_themes.append(theme.name)
        self.problems.extend(f"theme {p}" for p in problems)
        remembered = self.settings.get("theme")
        choice = None
        for name in (requested, remembered, DEFAULT_THEME):
            if name and name in self.available_themes:
                choice = name
                break
            if name and name == requested:
                self.problems.append(f"theme {name!r} not found; themes: {', '.join(sorted(self.newsreader_themes))}")
        if choice:
            self.theme = choice

    def _remember_theme(self, theme) -> None:
        if self.settings.get("theme") != theme.name:
            self._save_setting("theme", theme.name)

    def _save_setting(self, key: str, value) -> None:
        problem = self.settings.set(key, value)
        if problem and not getattr(self, "_settings_warned", False):
            self._settings_warned = True
            self.notify(problem, title="Settings", severity="warning", markup=False, timeout=8)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._apply_breakpoints()  # before the panes mount, so they are styled once
        yield Header()
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield ArticleList(source=self._list_rows(), marks=self._row_marks, id="list")
            with Vertical(id="reader-pane"):
                yield Legend(id="legend")
                yield ArticleView(id="reader")
            yield NotesPane(id="notes")
        yield RefreshBar(id="refresh-bar")
        yield AppFooter()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        listing = self.query_one(ArticleList)
        listing.focus()
        self.query_one("#reader-pane").border_title = Content("Reader")
        self.query_one(NotesPane).border_title = Content("Notes")
        self._update_titles()
        self.query_one(Legend).show(self.mode)
        reader = self.query_one(ArticleView)
        reader.mode = self.mode
        for problem in self.problems:  # they name files, and a file name may hold escape sequences
            self.notify(visible(problem), title="Problem", severity="warning", markup=False, timeout=8)
        self._state_mounted()
        # The first frame draws the list; the reader fills on the next one, then analysis starts.
        self.call_after_refresh(self._first_article)

    def _apply_breakpoints(self) -> None:
        """The width classes Textual gives the screen on its first resize, given before the
        panes mount: they are styled once, the first layout has its final styles, and the
        resize restyles nothing."""
        width = self.size.width
        chosen = next((name for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= edge), None)
        self.screen.update_classes({name: name == chosen for _, name in self.HORIZONTAL_BREAKPOINTS}, animate=False)

    def _first_article(self) -> None:
        if self.current_article is None:
            self._preview(self._resolve(self.query_one(ArticleList).current), analyse=False)
        self.call_after_refresh(self._start_analysis)

    def _start_analysis(self) -> None:
        self._resume_gc()
        self._open_state()
        article = self.current_article
        if article is not None and self.library.cached(article.id) is None and not self._analysis_error:
            self._analyse(article)
        self._start_library()

    def on_unmount(self) -> None:
        self._stop_library()
        self._guard.close()  # a stuck analysis is killed, not waited for
        if self.catalog is not None:
            self.catalog.stop_analysis()
        self._state_closed()
        self._end_process_later()

    def _end_process_later(self) -> None:
        """See ``run``: the state is on disk by now (the SIGHUP path relies on the same), so
        nothing is lost if a thread still working is cut short."""
        grace = getattr(self, "_exit_grace", None)
        if grace is None:
            return

        def end() -> None:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(self.return_code or 0)

        timer = threading.Timer(grace, end)
        timer.daemon = True
        timer.start()

    def _update_titles(self) -> None:
        """Pane titles as Content (entity names are article text: never markup)."""
        listing = self.query_one(ArticleList)
        count = listing.article_count
        plural = "s" if count != 1 else ""
        busy = self._busy_note()  # "· syncing 40%" while the catalog is read
        if self._search_title(listing, count, busy):
            self.sub_title = f"{count} article{plural} · search"
        elif self.filter is not None:
            mentioning = "Unread, mentioning " if self.unread_only else "Mentioning "
            listing.border_title = Content.assemble(mentioning, (self.filter[1], "bold"), f" ({count})")
            listing.border_subtitle = Content("esc clears")
            self.sub_title = f"{count} article{plural} · filtered by a name"
        elif self.tag_filter is not None:
            tagged = "Unread, tagged " if self.unread_only else "Tagged "
            listing.border_title = Content.assemble(tagged, (f"#{self.tag_filter}", "bold"), f" ({count})")
            listing.border_subtitle = Content("esc clears")
            self.sub_title = f"{count} article{plural} · filtered by a tag"
        else:
            listing.border_title = Content(f"{'Unread' if self.unread_only else 'Articles'} ({count:,}){busy}")
            listing.border_subtitle = Content(SORTS[self.sort].description)
            self.sub_title = f"{count} article{plural} · {SORTS[self.sort].description.lower()}"

    # -- showing an article -------------------------------------------------------------

    @property
    def current_article(self) -> Article | None:
        try:
            return self.query_one(ArticleView).article
        except NoMatches:  # closing: a worker's late result finds the panes gone
            return None

    def _preview(self, article: Article | None, *, analyse: bool = True) -> None:
        reader = self.query_one(ArticleView)
        notes = self.query_one(NotesPane)
        if article is None:
            self._article_shown(None)
            reader.show(None)
            notes.show_message("No article.")
            return
        cached = self.library.cached(article.id)
        reader.show(article, cached, mode=self.mode, show_removed=self.show_removed)
        self._article_shown(article)  # marks, notes and highlights; read after a moment
        if cached is not None:
            notes.show(cached)
        elif self._analysis_error:
            notes.show_message("Names and figures are unavailable.")
        else:
            notes.show(None)
            if analyse:
                self._analyse(article)

    @work(thread=True, exclusive=True, group="analyse")
    def _analyse(self, article: Article) -> None:
        try:
            analysed = self.library.analysis(article)
        except AnalysisCancelled:  # closing
            return
        except AnalysisTimedOut as exc:  # this article only: shown without highlights
            self.call_from_thread(self._analysis_timed_out, article.id, exc)
            return
        except Exception as exc:  # the engine failed: show the text without highlights
            self.call_from_thread(self._analysis_failed, f"{type(exc).__name__}: {exc}")
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._analysis_ready, article.id, analysed)

    def _analysis_timed_out(self, article_id: str, exc: AnalysisTimedOut) -> None:
        article = self.current_article
        if article is None or article.id != article_id:
            return
        message = f"Names and figures not shown for this article: {exc}."
        self.query_one(NotesPane).show_message(message)
        self.query_one(Legend).show(self.mode, message)
        self.notify(message, title="Analysis", severity="warning", markup=False, timeout=8)

    def _analysis_ready(self, article_id: str, analysed: AnalysedArticle) -> None:
        article = self.current_article
        if article is None or article.id != article_id:
            return
        self.query_one(ArticleView).set_analysis(analysed)
        self.query_one(NotesPane).show(analysed)

    def _analysis_failed(self, reason: str) -> None:
        try:
            self.query_one(NotesPane).show_message("Names and figures are unavailable.")
        except NoMatches:  # closing
            return
        if self._analysis_error is None:
            self._analysis_error = reason
            self.notify(f"Highlights are unavailable: {reason}", title="Analysis", severity="warning", markup=False, timeout=8)

    @work(thread=True, exclusive=True, group="index")
    def _index_library(self) -> None:
        worker = get_current_worker()
        self.library.index_all(should_stop=lambda: worker.is_cancelled)

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        event.stop()
        if self.current_article is None or self.current_article.id != event.article.id:
            self._preview(self._resolve(event.article))

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        event.stop()
        article = self._resolve(event.article)
        if article is not None:
            self.open_article(article, focus_reader=event.focus_reader)

    def open_article(self, article: Article, *, focus_reader: bool = True) -> None:
        if self.current_article is None or self.current_article.id != article.id:
            self._preview(article)  # marked read after a moment (the mark_read_delay setting)
        if focus_reader:
            self.query_one(ArticleView).focus()

    def open_article_id(self, article_id: str) -> None:
        """Open an article chosen in the palette, clearing a filter that hides it."""
        article = self.library.article(article_id)
        if article is None:
            return
        listing = self.query_one(ArticleList)
        index = listing.source.cached_index(article_id)
        if index is not None:
            listing.cursor = index
        elif self.catalog is not None:  # is it listed? asked off the UI thread
            self._find_row(listing.source, article_id, open_if_hidden=True)
        else:
            self._show_hidden(article_id)
        self.open_article(article)

    def _show_hidden(self, article_id: str) -> None:
        """Clear the filters and the search that hide ``article_id``, keeping it selected."""
        self.filter = self.tag_filter = None
        self.unread_only = False
        self._clear_search(relist=False)
        self._relist(keep=article_id)

    # -- reader events ------------------------------------------------------------------

    def on_article_view_span_focused(self, event: ArticleView.SpanFocused) -> None:
        event.stop()
        note = ""
        span = event.span
        if span is not None:
            name = span.canonical or span.text if span.kind == "entity" else span.text
            note = f"▸ {name} · {span.label.lower()} · {event.position}/{event.total}"
            if span.kind == "entity":
                note += " · enter: articles naming it"
        self.query_one(Legend).show(self.mode, note)

    def on_entity_chosen(self, event: EntityChosen) -> None:
        event.stop()
        self.pivot(event.label, event.name)

    def on_figure_chosen(self, event: FigureChosen) -> None:
        event.stop()
        reader = self.query_one(ArticleView)
        if not reader.select_offset(event.start):
            self._set_mode("all")
            reader.select_offset(event.start)

    # -- the entity pivot ---------------------------------------------------------------

    def pivot(self, label: str, name: str) -> None:
        """Narrow the list to the articles that mention ``name`` (by canonical name)."""
        if self.catalog is not None or self.library.indexed:
            self._apply_pivot(label, name)
        else:
            self.notify("Finding the articles that mention it…", markup=False, timeout=3)
            self._pivot_when_indexed(label, name)

    @work(thread=True, exclusive=True, group="pivot")
    def _pivot_when_indexed(self, label: str, name: str) -> None:
        self.library.index_all()
        self.call_from_thread(self._apply_pivot, label, name)

    def _apply_pivot(self, label: str, name: str) -> None:
        current = self.current_article
        if not self.library.mentioning(name):
            self.notify(f"No article mentions {name}.", markup=False, timeout=4)
            return
        self.filter = (label, name)
        self._relist(keep=current.id if current else None)
        self.query_one(ArticleList).focus()
        count = self.query_one(ArticleList).article_count
        more = " · more as the analysis goes on" if self._analysing else ""
        self.notify(f"{count} article{'s' if count != 1 else ''} mention{'s' if count == 1 else ''} {name} · esc clears{more}", markup=False, timeout=4)

    def action_clear_filter(self) -> None:
        if self._search_active():
            self._clear_search()
            self.query_one(ArticleList).focus()
            return
        if self.filter is None and self.tag_filter is None and not self.unread_only:
            return
        self.filter = self.tag_filter = None
        self.unread_only = False
        current = self.current_article
        self._relist(keep=current.id if current else None)
        self.query_one(ArticleList).focus()

    def _relist(self, keep: str | None = None) -> None:
        listing = self.query_one(ArticleList)
        if not listing.set_source(self._list_rows(), keep=keep) and keep is not None:
            self._find_row(listing.source, keep)
        self._update_titles()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.filter is not None or self.tag_filter is not None or self.unread_only or self._search_active()
        return self.state_check_action(action)

    # -- other actions ------------------------------------------------------------------

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.query_one(ArticleView).set_mode(mode)
        self._save_setting("highlights", mode)

    def action_cycle_highlights(self) -> None:
        self._set_mode(next_mode(self.mode))
        self.notify(f"Highlights: {self.mode}", markup=False, timeout=2)

    def set_highlights(self, mode: str) -> None:
        self._set_mode(mode)

    def set_sort(self, name: str) -> None:
        self.sort = name
        current = self.current_article
        self._relist(keep=current.id if current else None)
        self._save_setting("sort", name)

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.set_sort(names[(names.index(self.sort) + 1) % len(names)])
        self.notify(f"Sorted: {SORTS[self.sort].description}", markup=False, timeout=2)

    def action_toggle_removed(self) -> None:
        self.show_removed = not self.show_removed
        self.query_one(ArticleView).set_show_removed(self.show_removed)

    def action_help(self) -> None:
        from newsreader.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

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
        self.open_url(article.url)
        self.notify(f"Opening {article.url}", markup=False, timeout=3)

    def action_figures(self) -> None:
        article = self.current_article
        if article is None:
            return
        if type(self.screen).__name__ == "LedgerScreen":
            return
        self._open_ledger(article)

    @work(thread=True, exclusive=True, group="ledger")
    def _open_ledger(self, article: Article) -> None:
        try:
            analysed = self.library.analysis(article)
        except AnalysisCancelled:
            return
        except AnalysisTimedOut as exc:
            self.call_from_thread(self._analysis_timed_out, article.id, exc)
            return
        except Exception as exc:
            self.call_from_thread(self._analysis_failed, f"{type(exc).__name__}: {exc}")
            return
        rows = figure_rows(analysed)
        self.call_from_thread(self._push_ledger, article, rows)

    def _push_ledger(self, article: Article, rows) -> None:
        from newsreader.app.screens.ledger import LedgerScreen

        default = data_dir() / "exports" / f"figures-{article.id}.csv"
        self.push_screen(LedgerScreen(article.title, rows, default))

    # -- the command palette ------------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = []
        for name, sort in SORTS.items():
            commands.append((f"Sort: {sort.description}", partial(self.set_sort, name), "Order the article list (S: next)"))
        for mode in MODES:
            commands.append((f"Highlights: {mode}", partial(self.set_highlights, mode), "Which spans the reader colours (h)"))
        commands.append(("Figures ledger", self.action_figures, "Every figure in the article, exportable to CSV (f)"))
        commands.append(("Show or hide removed text", self.action_toggle_removed, "The boilerplate taken out of the page (x)"))
        commands.append(("Open link in browser", self.action_open_link, "The article's address (o)"))
        commands += self.state_palette_commands()
        commands += self.library_palette_commands()
        if self.check_action("clear_filter", ()):
            commands.append(("Clear the filter", self.action_clear_filter, "Show every article again (esc)"))
        for name in sorted(self.newsreader_themes):
            commands.append((f"Theme: {name}", partial(setattr, self, "theme", name), "Switch theme (remembered)"))
        commands.append(("Help: keys", self.action_help, "Every key binding (?)"))
        commands.append(("Quit", self.action_quit, "Leave newsreader (q); asks first if changes could not be saved"))
        return commands
