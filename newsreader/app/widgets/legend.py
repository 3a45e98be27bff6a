"""The legend over the reader: the colour of every label and the highlight kinds shown."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from newsreader.app.highlights import MODE_KINDS
from newsreader.app.theming import label_style
from newsreader.core.analysis.spans import ENTITY_LABELS, FIGURE_LABELS, QUOTE

__all__ = ["Legend", "legend_content"]


def legend_content(mode: str, note: str = "") -> Content:
    kinds = MODE_KINDS.get(mode, frozenset())
    parts: list[tuple[str, str] | str | Content] = []

    def chip(label: str, kind: str) -> None:
        style = label_style(label) if kind in kinds else "$text-muted strike"
        parts.append((label.lower(), style))
        parts.append(" ")

    for label in ENTITY_LABELS:
        chip(label, "entity")
    parts.append(("│ ", "$text-muted"))
    for label in FIGURE_LABELS:
        chip(label, "figure")
    parts.append(("│ ", "$text-muted"))
    chip(QUOTE, "quote")
    parts.append((f"│ highlights: {mode} (h)", "$text-muted"))
    if note:
        parts.append(("  " + note, "$text-muted italic"))
    return Content.assemble(*parts)


class Legend(Static):
    DEFAULT_CSS = """
    Legend { height: auto; padding: 0 2; background: $surface; color: $text-muted; }
    """

    def show(self, mode: str, note: str = "") -> None:
        self.update(legend_content(mode, note))
