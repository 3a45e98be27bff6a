"""The search box above the panes: typing runs the query language (debounced), enter moves
to the list, esc clears. A bad query's error shows on the line under the box, a caret under
its column; the list keeps its last results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from newsreader.app.keymap import bindings
from newsreader.app.messages import SearchAccepted, SearchCancelled, SearchChanged

if TYPE_CHECKING:
    from textual.widgets import Input

__all__ = ["DEBOUNCE", "SearchBar"]

DEBOUNCE = 0.15  # seconds of no typing before a query runs
TEXT_COLUMN = 2  # the Input's border and padding before its first character


class SearchBar(Vertical):
    BINDINGS = bindings("search")
    DEFAULT_CSS = """
    SearchBar { height: auto; display: none; }
    SearchBar.-open { display: block; }
    SearchBar > Input { border: tall $primary 40%; }
    SearchBar > Input:focus { border: tall $primary; }
    SearchBar > #search-error { height: auto; color: $error; display: none; }
    SearchBar > #search-error.-shown { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._timer: Timer | None = None

    def _make_parts(self) -> None:
        """The box and its error line, made when first needed rather than at start: most starts
        never search, and an Input is a fair share of the first frame's work."""
        if self.children:
            return
        from textual.widgets import Input

        placeholder = "search: words \"a phrase\" -word tag: source: person: is:unread after:2024"
        self.mount(Input(placeholder=placeholder, id="search-input"), Static("", id="search-error", markup=False))

    @property
    def input(self) -> Input:
        from textual.widgets import Input

        self._make_parts()
        return self.query_one("#search-input", Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, text: str | None = None) -> None:
        self.add_class("-open")
        if text is not None:
            self.set_text(text)
        self.input.focus()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-open")
        if not self.children:  # never opened: nothing typed
            return
        self.show_error(None)
        with self.input.prevent(self.input.Changed):
            self.input.value = ""

    def set_text(self, text: str) -> None:
        """Put ``text`` in the box and run it at once (a saved search)."""
        with self.input.prevent(self.input.Changed):
            self.input.value = text
        self.input.cursor_position = len(text)
        self.post_message(SearchChanged(text))

    def show_error(self, message: str | None, column: int = 0) -> None:
        if message is None and not self.children:
            return
        self._make_parts()
        line = self.query_one("#search-error", Static)
        if message is None:
            line.remove_class("-shown")
            line.update("")
            return
        width = max(10, self.size.width - 1)
        at = min(TEXT_COLUMN + max(0, column), width - 1)
        text = " " * at + "^ " + message
        line.update(Content(text[: max(width, at + 40)]))
        line.add_class("-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self.post_message(SearchChanged(text)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:  # run what was typed now, then go to the list
            self._timer.stop()
            self._timer = None
            self.post_message(SearchChanged(event.value))
        self.post_message(SearchAccepted())

    def action_cancel(self) -> None:
        self.post_message(SearchCancelled())
