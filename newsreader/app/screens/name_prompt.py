"""A small dialog asking for a line of text (a saved search's name); dismisses with it or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newsreader.app.keymap import bindings

__all__ = ["NamePrompt"]


class NamePrompt(ModalScreen[str | None]):
    BINDINGS = bindings("dialog")
    DEFAULT_CSS = """
    NamePrompt { align: center middle; }
    NamePrompt > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: round $primary; background: $surface; padding: 1 2;
    }
    NamePrompt Static { margin: 0 0 1 0; }
    """

    def __init__(self, prompt: str, default: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.prompt))
            yield Input(self.default, id="name")
            yield Static(Content.styled("enter saves · esc cancels", "$text-muted"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.result(event.value.strip()))

    def result(self, value: str):
        """What the dialog gives for the text typed (None: nothing)."""
        return value or None

    def action_close(self) -> None:
        self.dismiss(None)
