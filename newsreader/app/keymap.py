"""Every key binding in one place, with its description: used by the footer and the help screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

__all__ = ["CONTEXTS", "KEYS", "Key", "bindings", "keymap_problems", "keys_in"]


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    context: str
    show: bool = True  # in the footer
    display: str | None = None  # how the help screen and footer name the keys
    priority: bool = False
    help: str | None = None  # the help screen's longer description

    @property
    def id(self) -> str:
        """The binding's id, which the keymap setting rebinds: ``context.action``."""
        return f"{self.context}.{self.action.rpartition('.')[2]}"

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.display,
            priority=self.priority,
            id=self.id,
        )

    @property
    def help_text(self) -> str:
        return self.help or self.description

    @property
    def shown_keys(self) -> str:
        return self.display or " / ".join(k.strip() for k in self.keys.split(","))


CONTEXTS = {
    "app": "Everywhere",
    "main": "Main screen",
    "list": "Article list",
    "reader": "Reader",
    "notes": "Notes",
    "ledger": "Figures ledger",
    "help": "Help screen",
    "dialog": "Dialogs",
    "editor": "Note, highlight and tag editors",
    "confirm": "Drop changes?",
    "quit": "Quit with unsaved changes",
    "search": "Search box",
}

KEYS: tuple[Key, ...] = (
    # everywhere
    Key("q,ctrl+q", "quit", "Quit", "app", display="q", help="Quit (also ctrl+q)"),
    Key("question_mark", "help", "Help", "app", display="?"),
    Key("slash,ctrl+p", "command_palette", "Search", "app", show=False, display="/ ctrl+p",
        help="Command palette: articles, names, commands"),
    Key("ctrl+f", "search", "Search box", "main", show=False, display="ctrl+f",
        help="Search box: words, \"phrases\", tag:, person:, is:unread..."),
    Key("r", "refresh_feeds", "Refresh", "main", show=False, help="Refresh the feeds you subscribe to"),
    Key("tab", "focus_next", "Next pane", "app", show=False),
    Key("shift+tab", "focus_previous", "Previous pane", "app", show=False),
    Key("h", "cycle_highlights", "Highlights", "main", help="Highlight kinds: all / entities / figures / off"),
    Key("f", "figures", "Figures", "main", help="Figures ledger (exports CSV)"),
    Key("o", "open_link", "Open link", "main", show=False, help="Open the article link in the browser"),
    Key("x", "toggle_removed", "Removed text", "main", show=False, help="Show / hide the removed boilerplate, dimmed"),
    Key("S", "cycle_sort", "Sort", "main", show=False, help="Next sort: newest, oldest, title, outlet"),
    Key("escape", "clear_filter", "Clear filter", "main", display="esc", help="Clear the filters: a name, a tag, unread only"),
    # reader state: marks, tags, notes and highlights (kept in state.json)
    Key("m", "toggle_read", "Read", "main", help="Read / unread (shown articles turn read after a moment)"),
    Key("s", "toggle_star", "Star", "main", help="Star / unstar the article"),
    Key("t", "tags", "Tags", "main", help="Tags: a list replaces them, +tag adds, -tag removes"),
    Key("n", "new_note", "Note", "main", help="New Markdown note on the article"),
    Key("a", "annotate", "Annotate", "main", help="Highlight the current name or figure, or the paragraph"),
    Key("e", "edit_note", "Edit note", "main", show=False, help="Edit the selected note or highlight, or the latest note"),
    Key("u", "unread_only", "Unread only", "main", show=False, help="Show only unread articles / all articles"),
    Key("z", "undo", "Undo", "main", show=False, help="Undo the last delete or \"mark all read\""),
    # the article list
    Key("j,down", "cursor_down", "Next article", "list", show=False, display="j / ↓"),
    Key("k,up", "cursor_up", "Previous article", "list", show=False, display="k / ↑"),
    Key("enter", "open", "Open", "list", help="Open the article in the reader"),
    Key("g,home", "first", "First article", "list", show=False, display="g / home"),
    Key("G,end", "last", "Last article", "list", show=False, display="G / end"),
    Key("pagedown", "page_down", "Page down", "list", show=False),
    Key("pageup", "page_up", "Page up", "list", show=False),
    # the reader
    Key("space,pagedown", "page_down", "Page", "reader", display="space", help="Page down"),
    Key("b,pageup", "page_up", "Page up", "reader", show=False, display="b"),
    Key("j,down", "scroll_down", "Scroll down", "reader", show=False, display="j / ↓"),
    Key("k,up", "scroll_up", "Scroll up", "reader", show=False, display="k / ↑"),
    Key("right_square_bracket", "next_span", "Next", "reader", display="]", help="Next highlighted name or figure"),
    Key("left_square_bracket", "previous_span", "Prev", "reader", display="[", help="Previous highlighted name or figure"),
    Key("enter", "pivot", "Pivot", "reader", help="Entity pivot: list the articles naming the current entity"),
    Key("g,home", "scroll_home", "Top", "reader", show=False, display="g / home"),
    Key("G,end", "scroll_end", "Bottom", "reader", show=False, display="G / end"),
    # the notes pane
    Key("j,down", "cursor_down", "Next note", "notes", show=False, display="j / ↓"),
    Key("k,up", "cursor_up", "Previous note", "notes", show=False, display="k / ↑"),
    Key("enter", "select", "Pivot", "notes", help="Pivot on a name, show a figure, edit a note"),
    Key("d", "screen.delete_note", "Delete", "notes", help="Delete the selected note or highlight (z undoes)"),
    # the figures ledger
    Key("j,down", "cursor_down", "Next figure", "ledger", show=False, display="j / ↓"),
    Key("k,up", "cursor_up", "Previous figure", "ledger", show=False, display="k / ↑"),
    Key("e", "export", "Export CSV", "ledger"),
    Key("escape,q,f", "close", "Close", "ledger", display="esc / q / f"),
    # the help screen and dialogs (the CSV path)
    Key("escape,question_mark", "close", "Close", "help", display="esc / ?"),
    Key("q", "app.quit", "Quit", "help", help="Quit, as everywhere"),
    Key("escape", "close", "Cancel", "dialog", display="esc"),
    # the search box (enter goes to the results)
    Key("escape", "cancel", "Clear search", "search", display="esc", help="Clear the search and show every article"),
    # the note, highlight and tag editors
    Key("ctrl+s", "save", "Save", "editor", priority=True),
    Key("escape", "cancel", "Cancel", "editor", display="esc", help="Cancel (asks before dropping changes)"),
    Key("ctrl+r", "widen", "Passage", "editor", show=False, help="Another passage: name or figure, sentence, paragraph"),
    Key("y", "discard", "Discard", "confirm", help="Drop the changes"),
    Key("n,escape", "keep", "Keep editing", "confirm", display="n / esc"),
    # quitting while changes cannot be written (a full disk)
    Key("r", "retry", "Try again", "quit", help="Try to save again (after freeing space)"),
    Key("w", "rescue", "Rescue file", "quit", help="Write the unsaved changes to a rescue file, then quit"),
    Key("y", "drop", "Quit, losing them", "quit", help="Quit without the unsaved changes"),
    Key("escape", "back", "Back", "quit", display="esc", help="Back to the app"),
)


def keys_in(context: str) -> list[Key]:
    return [k for k in KEYS if k.context == context]


def bindings(context: str) -> list[BindingType]:
    """The Textual bindings for one context."""
    return [k.binding() for k in keys_in(context)]


def keymap_problems(keymap: object) -> str | None:
    """What is wrong with a keymap setting (a table of binding id = "keys"), or None."""
    if not isinstance(keymap, dict):
        return "a table of binding id = \"keys\" is expected"
    known = {k.id for k in KEYS}
    for name, keys in keymap.items():
        if name not in known:
            return f"unknown binding id {name!r}"
        if not isinstance(keys, str) or not keys.strip():
            return f"{name}: keys are text, such as \"j,down\""
    return None
