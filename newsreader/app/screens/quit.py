"""Quitting while changes cannot be written (a full disk): the user decides what happens to them.

``r`` tries to save again, ``w`` writes everything unsaved to a rescue file (the state file's
own format; ``newsreader restore-backup --force FILE`` puts it in place), ``y`` quits without
them, ``esc`` goes back to the app. The dialog stays open until one of them works. The
store's messages name files, so everything is shown as plain ``Content``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.app.keymap import bindings

if TYPE_CHECKING:
    from newsreader.core.state import StateStore

__all__ = ["QuitDialog", "restore_hint"]

RETRY_TIMEOUT = 10.0


def restore_hint(path: Path | str) -> str:
    return f"'newsreader restore-backup --force {path}' puts it in place of state.json (the old file is kept, renamed)"


def _problem(store: StateStore) -> str:
    return (store.last_error or "the changes could not be written").removesuffix("; will retry")


def _plural(n: int) -> str:
    return f"{n} change{'s' if n != 1 else ''}"


class QuitDialog(ModalScreen["tuple[str, Path | None] | None"]):
    """Dismissed with ("saved", None), ("rescued", path), ("dropped", None), or None (back)."""

    BINDINGS = bindings("quit")
    DEFAULT_CSS = """
    QuitDialog { align: center middle; }
    QuitDialog > Static { width: 80; max-width: 95%; height: auto; border: round $error; background: $surface; padding: 1 2; }
    """

    def __init__(self, store: StateStore) -> None:
        super().__init__()
        self.store = store
        self.attempts = 1  # the try made when q was pressed
        self.busy = False
        self.text = ""
        self._problem = _problem(store)

    def compose(self) -> ComposeResult:
        yield Static(self._content(), id="quit-text")

    def _content(self, status: str = "") -> Content:
        head = f"{_plural(self.store.pending)} not saved: {self._problem}"
        choices = (
            "r  try again (free some space first)\n"
            "w  write them to a rescue file (beside state.json, else in your home or temp folder), then quit;\n"
            f"   {restore_hint('FILE')}\n"
            "y  quit and lose them\n"
            "esc  back to the app"
        )
        self.text = "\n\n".join(p for p in (head, status, choices) if p)
        return Content.assemble((head, "bold"), "\n\n", (status + "\n\n" if status else ""), (choices, "$text-muted"))

    def _show(self, status: str = "") -> None:
        self.query_one("#quit-text", Static).update(self._content(status))

    def action_retry(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._show("Trying again…")
        self.run_worker(self._retry, thread=True, group="quit", exclusive=True)

    def _retry(self) -> None:
        ok = self.store.flush(RETRY_TIMEOUT, fail_fast=True)
        self.app.call_from_thread(self._retried, ok)

    def _retried(self, ok: bool) -> None:
        self.busy = False
        self.attempts += 1
        if ok or self.store.pending == 0:
            self.dismiss(("saved", None))
            return
        self._problem = _problem(self.store)
        self._show(f"Still not saved (try {self.attempts}).")

    def action_rescue(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._show("Writing a rescue file…")
        self.run_worker(self._rescue, thread=True, group="quit", exclusive=True)

    def _rescue(self) -> None:
        from newsreader.core.state import StateError

        try:
            path: Path | None = self.store.rescue()
            problem = None
        except StateError as exc:
            path, problem = None, str(exc)
        self.app.call_from_thread(self._rescued, path, problem)

    def _rescued(self, path: Path | None, problem: str | None) -> None:
        self.busy = False
        if path is not None:
            self.dismiss(("rescued", path))
            return
        self._show(f"No rescue file: {problem}")

    def action_drop(self) -> None:
        if not self.busy:
            self.dismiss(("dropped", None))

    def action_back(self) -> None:
        if not self.busy:
            self.dismiss(None)
