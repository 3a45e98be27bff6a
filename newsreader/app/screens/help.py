"""The help screen (``?``): every key binding from the keymap, by where it works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.app.keymap import CONTEXTS, bindings, keys_in

__all__ = ["HelpScreen", "help_content"]


def help_content() -> Content:
    lines: list[Content] = [Content.styled("newsreader — keys", "bold $accent"), Content("")]
    for context, title in CONTEXTS.items():
        keys = keys_in(context)
        if not keys:
            continue
        lines.append(Content.styled(title, "bold"))
        width = max(len(k.shown_keys) for k in keys)
        for key in keys:
            lines.append(Content.assemble("  ", (key.shown_keys.ljust(width + 2), "$accent"), key.help_text))
        lines.append(Content(""))
    lines.append(Content.styled("The command palette (/ or ctrl+p) finds articles, names and commands.", "$text-muted"))
    lines.append(Content.styled("Type # in it for the tags in use: choosing one lists the articles with it.", "$text-muted"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 95%; height: 90%;
        border: round $primary; background: $surface; padding: 0 2;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help — esc closes"
            yield Static(help_content(), id="help-text")

    def action_close(self) -> None:
        self.dismiss()
