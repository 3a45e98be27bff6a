"""The state file's lifetime in the app: opened after the first frame (or by the first key
that needs it), wired to report failed writes, flushed on signals, closed on the way out, and
the quit that asks before dropping what is not on disk."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from newsreader.app._textual_compat import add_exit_renderable, set_return_code
from newsreader.app.messages import QuitFlushed, StateWriteFailed

if TYPE_CHECKING:
    from textual.app import App

    from newsreader.core.library.interface import ArticleLibrary
    from newsreader.core.state import StateStore

__all__ = ["StateSession", "open_store", "rescued_lines"]


def open_store() -> StateStore:
    """The app's store; never raises (a failure opens an empty read-only store with a notice)."""
    from newsreader.core.state import StateStore

    try:
        return StateStore.open()
    except Exception as exc:
        from newsreader.core.paths import state_file
        from newsreader.core.state import schema

        path = state_file()
        notice = f"{path}: cannot be used ({type(exc).__name__}: {exc}); opened read-only, changes will not be saved."
        return StateStore(path, schema.fresh(), writable=False, notice=notice)


class StateSession:
    """See the module doc. ``opened`` callbacks run on the UI thread when a store the app
    opened itself is ready (a store given to the app is ready from the start)."""

    def __init__(self, app: App[Any], store: StateStore | None) -> None:
        self.app = app
        self._store = store
        self.pending = store is None  # the store opens after the first frame
        self.opened: list[Callable[[StateStore], None]] = []
        self._mounted = False
        self._wired = False
        self._restore_signals: Callable[[], None] | None = None
        self._unsaved_handled = False  # chosen in the quit dialog: rescued, or quit without them
        self._asking = False  # the quit dialog is up
        self.rescued: Path | None = None  # where unsaved changes went on the way out
        self.library: ArticleLibrary | None = None  # reads its marks from the store once open

    @property
    def store(self) -> StateStore:
        store = self._store
        if store is None:
            store = self._store = open_store()
            if self.library is not None:
                self.library.use_marks(store)
            if self._mounted:  # needed before the first frame was out (a key pressed at once)
                self._wire()
                self.open_now()
        return store

    @property
    def store_if_open(self) -> StateStore | None:
        return self._store

    def mounted(self) -> None:
        """The app is up: a store given to it is wired now; its own when it opens."""
        self._mounted = True
        if self._store is not None:
            self._wire()

    def open_now(self) -> None:
        """After the first frame: open the store and tell those waiting for it."""
        if not self.pending:
            return
        self.pending = False
        store = self.store
        for callback in self.opened:
            callback(store)

    def _wire(self) -> None:
        """Write errors, notices and flushing on signals."""
        store = self._store
        if store is None or self._wired:
            return
        self._wired = True
        app = self.app
        def failed(text: str) -> None:
            app.post_message(StateWriteFailed(text))

        store.on_error = failed
        if store.notice:
            app.notify(store.notice, title="Notes and marks", severity="warning" if store.read_only else "information",
                       markup=False, timeout=20)
        for problem in store.problems:
            app.notify(problem, title="Notes and marks", severity="warning", markup=False, timeout=10)
        if threading.current_thread() is threading.main_thread():
            from newsreader.core.state.signals import flush_on_signals

            loop = asyncio.get_running_loop()
            self._restore_signals = flush_on_signals(store, then=lambda: loop.call_soon_threadsafe(app.exit))

    def close(self) -> None:
        """On the way out: write everything, stop the writer, release the lock."""
        self.pending = False
        self._mounted = False
        if self._restore_signals is not None:
            self._restore_signals()
            self._restore_signals = None
        store = self._store
        if store is None:  # never opened: nothing to write
            return
        store.on_error = None
        unsaved = store.pending
        if store.close() or self._unsaved_handled:
            return
        # Not asked (a signal, or the disk filled while quitting): keep them in a rescue file.
        from newsreader.core.state import StateError

        problem = store.last_error or f"{store.path}: the changes could not be saved"
        try:
            self.rescued = store.rescue()
            message = f"newsreader: {problem}\n{rescued_lines(self.rescued, unsaved)}"
        except StateError as exc:
            message = f"newsreader: {problem}; {unsaved or 'some'} change(s) lost: {exc}"
        add_exit_renderable(self.app, Text(message))  # printed once the screen is back
        set_return_code(self.app, 1)

    # -- quitting ------------------------------------------------------------------------

    def quit(self) -> None:
        """``q``: quit at once when everything is on disk; else one more try, then ask."""
        store = self._store
        if self._asking:
            return
        if store is None or store.pending == 0:
            self.app.exit()
            return
        self.app.run_worker(partial(self._flush, store), thread=True, group="quit", exclusive=True)

    def _flush(self, store: StateStore) -> None:
        self.app.post_message(QuitFlushed(store.flush(5.0, fail_fast=True)))

    def flushed(self, ok: bool) -> None:
        from newsreader.app.screens.quit import QuitDialog

        store = self._store
        if ok or store is None or store.pending == 0:
            self.app.exit()
        elif not self._asking:
            self._asking = True
            self.app.push_screen(QuitDialog(store), self._chosen)

    def _chosen(self, choice: tuple[str, Path | None] | None) -> None:
        self._asking = False
        if choice is None:
            return
        what, path = choice
        count = self._store.pending if self._store is not None else 0
        if what == "rescued" and path is not None:
            self.rescued = path
            self._unsaved_handled = True
            self.app.exit(message=Text(rescued_lines(path, count)))
        elif what == "dropped":
            self._unsaved_handled = True
            self.app.exit(message=Text(f"newsreader: quit without {count} unsaved change(s), as asked"))
        else:
            self.app.exit()


def rescued_lines(path: Path, count: int) -> str:
    """Where the rescue file is and how to get it back; each path on a line of its own."""
    what = f"{count} unsaved change{'s' if count != 1 else ''}" if count else "the unsaved changes"
    return (
        f"newsreader: {what} (the whole state with them) written to\n  {path}\n"
        "newsreader: once there is space again, this puts it in place of state.json (the old file is kept, renamed):\n"
        f"  newsreader restore-backup --force {path}"
    )
