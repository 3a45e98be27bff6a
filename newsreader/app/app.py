"""The newsreader Textual app: settings, themes, keys and the state file's lifetime, over
one main screen (``screens/main.py``) that holds the panes."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.theme import Theme

from newsreader.app.keymap import bindings, keymap_problems
from newsreader.app.messages import QuitFlushed, StateWriteFailed
from newsreader.app.providers.loaders import PaletteCommand
from newsreader.app.screens.main import MainScreen
from newsreader.app.session import StateSession
from newsreader.app.theming import DEFAULT_THEME, fallback_variables, load_textual_themes
from newsreader.core.analysis.guarded import AnalysisGuard, deadline_setting
from newsreader.core.library import Library
from newsreader.core.sanitize import visible
from newsreader.core.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from newsreader.core.analysis.engine import Engine
    from newsreader.core.catalog import Catalog
    from newsreader.core.library.interface import ArticleLibrary
    from newsreader.core.model import Article
    from newsreader.core.state import StateStore

__all__ = ["NewsreaderApp", "make_library"]

# Seconds from closing the state on the way out to the end of the process at the latest (a
# refresh stops its fetches within a second; this is for a thread nothing can stop).
EXIT_GRACE = 2.0


def make_library(
    articles: Sequence[Article],
    engine: Engine | None,
    catalog: Catalog | None,
    paths: Sequence[Path] = (),
    default: bool = False,
    store: StateStore | None = None,
) -> ArticleLibrary:
    """The articles given, in memory; or, with a catalog, the library read from it."""
    if catalog is None:
        return Library(articles, engine=engine, marks=store)
    from newsreader.core.library.catalog import CatalogLibrary

    return CatalogLibrary(catalog, paths, engine=engine, marks=store, default=default)


class NewsreaderApp(App[None]):
    TITLE = "newsreader"
    BINDINGS = bindings("app")
    COMMANDS: ClassVar[set[Any]] = set()  # the main screen has the palette's providers
    COMMAND_PALETTE_DISPLAY = "/"
    MAIN_SCREEN: ClassVar[type[MainScreen]] = MainScreen

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
        self.session = StateSession(self, store)  # the state file (or the given store), closed here
        self.library = make_library(articles, engine, catalog, library_paths, default_library, store)
        self.session.library = self.library
        if self.library.notice:
            self.problems.append(self.library.notice)
        # Analyses run in a worker process, each within a deadline (the analysis_deadline
        # setting): a slow one cannot hold the event loop. The process starts when first used.
        self.guard = AnalysisGuard(deadline_setting(self.settings.get("analysis_deadline")))
        self.library.use_guard(self.guard)
        self._main: MainScreen | None = None
        self._exit_grace: float | None = None
        self._gc_paused = False
        self._settings_warned = False
        self.newsreader_themes: list[str] = []
        self._install_themes(theme)
        self._apply_keymap()

    @property
    def store(self) -> StateStore:
        return self.session.store

    @property
    def main(self) -> MainScreen:
        """The main screen (made on first use)."""
        if self._main is None:
            self._main = self.MAIN_SCREEN(
                self.library, self.session, self.settings,
                save_setting=self.save_setting, app_commands=self.app_commands, started=self._resume_gc,
            )
        return self._main

    def get_default_screen(self) -> MainScreen:
        return self.main

    def run(self, *, exit_grace: float | None = None, **kwargs: Any) -> None:
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
        if self._gc_paused:
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

    def _remember_theme(self, theme: Theme) -> None:
        if self.settings.get("theme") != theme.name:
            self.save_setting("theme", theme.name)

    def save_setting(self, key: str, value: object) -> None:
        problem = self.settings.set(key, value)
        if problem and not self._settings_warned:
            self._settings_warned = True
            self.notify(problem, title="Settings", severity="warning", markup=False, timeout=8)

    def _apply_keymap(self) -> None:
        """The keymap setting: binding ids (as the help screen lists them) to keys."""
        keymap = self.settings.get("keymap", {})
        problems = keymap_problems(keymap)
        if problems:
            self.problems.append(f"settings: keymap: {problems}")
            return
        if keymap:
            self.set_keymap(dict(keymap))

    # -- lifetime ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.session.mounted()
        for problem in self.problems:  # they name files, and a file name may hold escape sequences
            self.notify(visible(problem), title="Problem", severity="warning", markup=False, timeout=8)

    def on_unmount(self) -> None:
        self.library.stop()
        self.guard.close()  # a stuck analysis is killed, not waited for
        self.session.close()
        self._end_process_later()

    def _end_process_later(self) -> None:
        """See ``run``: the state is on disk by now (the SIGHUP path relies on the same), so
        nothing is lost if a thread still working is cut short."""
        grace = self._exit_grace
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

    async def action_quit(self) -> None:
        """``q``: quit at once when everything is on disk; else one more try, then ask."""
        self.session.quit()

    def on_quit_flushed(self, event: QuitFlushed) -> None:
        self.session.flushed(event.ok)

    def on_state_write_failed(self, event: StateWriteFailed) -> None:
        self.notify(event.text, title="Not saved", severity="error", markup=False, timeout=15)

    def action_help(self) -> None:
        from newsreader.app.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def app_commands(self) -> list[PaletteCommand]:
        commands: list[PaletteCommand] = []
        for name in sorted(self.newsreader_themes):
            commands.append((f"Theme: {name}", partial(setattr, self, "theme", name), "Switch theme (remembered)"))
        commands.append(("Help: keys", self.action_help, "Every key binding (?)"))
        commands.append(("Quit", self.action_quit, "Leave newsreader (q); asks first if changes could not be saved"))
        return commands
