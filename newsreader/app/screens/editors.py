"""Editors for the reader's state: a note (TextArea), a highlight (quote, note, tags), the tags.

``ctrl+s`` saves, ``esc`` cancels and asks first when something was typed. Everything shown
is plain ``Content``: article text, notes and tags are never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static, TextArea

from newsreader.app.keymap import bindings
from newsreader.core.state.records import normalize_tags

__all__ = [
    "AnnotationEditor",
    "ConfirmDiscard",
    "NoteEditor",
    "Passage",
    "TagSuggester",
    "TagsEditor",
    "apply_tag_edit",
]

MAX_QUOTE_SHOWN = 600


def apply_tag_edit(current: Sequence[str], typed: str) -> tuple[str, ...]:
    """The tags after ``typed``: ``+a -b`` adds and removes; a plain list replaces them all.

    With any ``+`` or ``-`` word, plain words are added too. An empty entry removes every tag.
    """
    words = typed.split()
    if not any(w[:1] in "+-" and len(w) > 1 for w in words):
        return normalize_tags(words)
    adds = [w.removeprefix("+") for w in words if not (w.startswith("-") and len(w) > 1)]
    removes = {t.casefold() for t in normalize_tags([w[1:] for w in words if w.startswith("-") and len(w) > 1])}
    return tuple(t for t in normalize_tags([*current, *adds]) if t.casefold() not in removes)


class TagSuggester(Suggester):
    """Completes the word being typed (after any ``+``, ``-`` or ``#``) from the tags in use."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        word = value.rsplit(" ", 1)[-1] if value and not value.endswith(" ") else ""
        prefix = word.lstrip("+-#")
        if not prefix:
            return None
        folded = prefix.casefold()
        for tag in self.tags:
            if len(tag) > len(prefix) and tag.casefold().startswith(folded):
                return value + tag[len(prefix) :]
        return None


class ConfirmDiscard(ModalScreen[bool]):
    """Drop what was typed? ``y`` drops it, ``n`` or ``esc`` goes back to the editor."""

    BINDINGS = bindings("confirm")
    DEFAULT_CSS = """
    ConfirmDiscard { align: center middle; }
    ConfirmDiscard > Static { width: 50; max-width: 95%; height: auto; border: round $warning; background: $surface; padding: 1 2; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble("Drop your changes?\n\n", ("y drops them · n or esc keeps editing", "$text-muted")))

    def action_discard(self) -> None:
        self.dismiss(True)

    def action_keep(self) -> None:
        self.dismiss(False)


class EditorScreen(ModalScreen):
    """What the editors share: save, cancel (asking first when changed)."""

    BINDINGS = bindings("editor")
    DEFAULT_CSS = """
    EditorScreen { align: center middle; }
    EditorScreen > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    EditorScreen .title { text-style: bold; margin: 0 0 1 0; }
    EditorScreen .quote { color: $text; text-style: italic; border-left: outer $accent; padding: 0 1; margin: 0 0 1 0; max-height: 8; overflow-y: auto; }
    EditorScreen .hint { color: $text-muted; margin: 1 0 0 0; }
    EditorScreen .label { color: $text-muted; }
    EditorScreen TextArea { height: 12; }
    """

    def changed(self) -> bool:
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def action_save(self) -> None:
        result = self.result()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "widen"


class NoteEditor(EditorScreen):
    """A Markdown note in a TextArea; dismisses with the text, or None when cancelled."""

    def __init__(self, heading: str, text: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.original = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading), classes="title")
            yield TextArea(self.original, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Content("Markdown · ctrl+s saves · esc cancels"), classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def changed(self) -> bool:
        return self.query_one(TextArea).text != self.original

    def result(self) -> str | None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("The note is empty: type something, or esc to cancel.", markup=False, timeout=4)
            return None
        return text


class TagsEditor(EditorScreen):
    """The article's tags in one line; dismisses with the typed line, or None."""

    DEFAULT_CSS = """
    TagsEditor > Vertical { width: 70; }
    """

    def __init__(self, heading: str, current: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.heading = heading
        self.original = " ".join(current)
        self.known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading), classes="title")
            yield Input(self.original, id="tags", placeholder="tags, or +add -remove", suggester=TagSuggester(self.known))
            yield Static(
                Content("a list replaces the tags · +tag adds · -tag removes · → takes the suggestion · enter saves · esc cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def changed(self) -> bool:
        return self.query_one(Input).value != self.original

    def result(self) -> str:
        return self.query_one(Input).value


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the article's reader text that can be highlighted."""

    label: str  # "the paragraph", "its sentence", ...
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class AnnotationResult:
    passage: Passage
    note: str
    tags: str


class AnnotationEditor(EditorScreen):
    """A highlight: the quoted passage (``ctrl+r`` picks another), an optional note and tags."""

    def __init__(
        self,
        heading: str,
        passages: Sequence[Passage],
        known: Sequence[str],
        *,
        note: str = "",
        tags: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.heading = heading
        self.passages = list(passages)
        self.choice = 0
        self.known = list(known)
        self.original = (note, " ".join(tags))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading), classes="title")
            yield Static(self._quote(), classes="quote", id="quote")
            yield Static(Content("Note (optional, Markdown)"), classes="label")
            yield TextArea(self.original[0], id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Content("Tags"), classes="label")
            yield Input(self.original[1], id="tags", placeholder="tags", suggester=TagSuggester(self.known))
            more = " · ctrl+r: another passage" if len(self.passages) > 1 else ""
            yield Static(Content(f"ctrl+s saves · esc cancels · tab moves{more}"), classes="hint")

    def _quote(self) -> Content:
        passage = self.passages[self.choice]
        text = passage.text if len(passage.text) <= MAX_QUOTE_SHOWN else passage.text[: MAX_QUOTE_SHOWN - 1] + "…"
        if len(self.passages) > 1:
            return Content.assemble((passage.label.capitalize(), "$text-muted"), "\n", text)
        return Content(text)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "widen":
            return len(self.passages) > 1
        return True

    def action_widen(self) -> None:
        self.choice = (self.choice + 1) % len(self.passages)
        self.query_one("#quote", Static).update(self._quote())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def changed(self) -> bool:
        return (self.query_one(TextArea).text, self.query_one(Input).value) != self.original

    def result(self) -> AnnotationResult:
        return AnnotationResult(self.passages[self.choice], self.query_one(TextArea).text, self.query_one(Input).value)
