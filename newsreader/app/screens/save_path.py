"""A small dialog asking where to write a file; dismisses with the path or None."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newsreader.app.keymap import bindings

__all__ = ["SavePathScreen"]


class SavePathScreen(ModalScreen[Path | None]):
    BINDINGS = bindings("dialog")
    DEFAULT_CSS = """
    SavePathScreen { align: center middle; }
    SavePathScreen > Vertical {
        width: 80; max-width: 95%; height: auto;
        border: round $primary; background: $surface; padding: 1 2;
    }
    SavePathScreen Static { margin: 0 0 1 0; }
    """

    def __init__(self, prompt: str, default: Path) -> None:
        super().__init__()
        self.prompt = prompt
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.prompt))
            yield Input(str(self.default), id="path")
            yield Static(Content.styled("enter saves · esc cancels", "$text-muted"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_close(self) -> None:
        self.dismiss(None)
