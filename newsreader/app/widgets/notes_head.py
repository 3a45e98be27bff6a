"""The top of the notes pane: the article's read and starred marks, tags, notes and highlights.

Everything here is user text (notes may be imported): nothing is parsed as markup. Notes are
Markdown rendered by Rich with ``hyperlinks=False`` (a link shows its address; nothing is
clickable), after ``sanitize`` has taken out terminal control sequences.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.content import Content
from textual.widgets.option_list import Option

from newsreader.core.sanitize import sanitize

if TYPE_CHECKING:  # the state modules load with the store, after the app's first frame
    from newsreader.core.state.anchors import Placed
    from newsreader.core.state.records import Note

__all__ = ["STATUS_ID", "head_options", "note_target", "status_content"]

STATUS_ID = "state-status"
NOTE_PREFIX, ANNOTATION_PREFIX = "note:", "annotation:"
MAX_NOTE_SHOWN = 2000  # characters of a note drawn in the pane; e shows the rest
MAX_QUOTE_SHOWN = 240


def note_target(option_id: str | None) -> tuple[str, str] | None:
    """("note" | "annotation", id) for an option of this section, else None."""
    if not option_id:
        return None
    if option_id.startswith(NOTE_PREFIX):
        return "note", option_id[len(NOTE_PREFIX) :]
    if option_id.startswith(ANNOTATION_PREFIX):
        return "annotation", option_id[len(ANNOTATION_PREFIX) :]
    return None


def _when(value: datetime | str | None) -> str:
    when = value
    if isinstance(when, str):
        from newsreader.core.state.records import parse_time

        when = parse_time(when)
    if when is None:
        return ""
    try:
        when = when.astimezone()
    except (ValueError, OverflowError):
        pass
    return when.strftime("%d %b %Y %H:%M")


def _tags(tags: Sequence[str]) -> str:
    return " ".join(f"#{t}" for t in tags)


def status_content(read_at: datetime | None, read: bool, starred: bool, tags: Sequence[str]) -> Content:
    """One or two lines: read (with when) or unread, the star, the tags."""
    parts: list[str | tuple[str, str]] = []
    if read:
        parts.append((f"Read {_when(read_at)}".rstrip(), "$text-muted"))
    else:
        parts.append(("● Unread", "bold"))
    if starred:
        parts += ["  ", ("★ Starred", "$warning")]
    if tags:
        parts += ["\n", (_tags(tags), "$secondary")]
    return Content.assemble(*parts)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _note_prompt(note: Note):
    from rich.markdown import Markdown  # loads markdown-it only when a note is shown

    text = sanitize(note.text)
    if len(text) > MAX_NOTE_SHOWN:
        text = text[:MAX_NOTE_SHOWN].rstrip() + "\n\n… (e shows the whole note)"
    edited = " · edited" if note.updated != note.created else ""
    heading = Text(f"✎ {_when(note.created)}{edited}", style="dim")
    return Group(heading, Markdown(text, hyperlinks=False))


def _annotation_prompt(item: Placed) -> Content:
    a = item.annotation
    parts: list[str | tuple[str, str]] = [("▍", "$accent"), (f"“{_cut(a.exact, MAX_QUOTE_SHOWN)}”", "italic")]
    if a.note:
        parts += ["\n", _cut(a.note, MAX_NOTE_SHOWN)]
    if a.tags:
        parts += ["\n", (_tags(a.tags), "$secondary")]
    return Content.assemble(*parts)


def head_options(
    status: Content,
    notes: Sequence[Note],
    placed: Sequence[Placed],
) -> list[Option | None]:
    """The options of the section: the status line, then notes, highlights, orphaned highlights."""
    options: list[Option | None] = [Option(status, id=STATUS_ID, disabled=True)]
    if notes:
        options.append(None)
        options.append(Option(Content.styled(f"Notes ({len(notes)})", "bold"), disabled=True))
        options += [Option(_note_prompt(n), id=NOTE_PREFIX + n.id) for n in notes]
    found = [p for p in placed if not p.orphaned]
    orphans = [p for p in placed if p.orphaned]
    if found:
        options.append(None)
        options.append(Option(Content.styled(f"Highlights ({len(found)})", "bold"), disabled=True))
        options += [Option(_annotation_prompt(p), id=ANNOTATION_PREFIX + p.annotation.id) for p in found]
    if orphans:
        options.append(None)
        options.append(Option(Content.styled(f"Orphaned highlights ({len(orphans)}): text not found", "bold"), disabled=True))
        options += [Option(_annotation_prompt(p), id=ANNOTATION_PREFIX + p.annotation.id) for p in orphans]
    return options
