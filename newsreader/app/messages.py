"""Messages the widgets post; the app (or screen) decides what they mean."""

from __future__ import annotations

from textual.message import Message

__all__ = ["EntityChosen", "FigureChosen", "NoteChosen"]


class EntityChosen(Message):
    """The user picked an entity (in the reader or the notes): pivot the list to it."""

    def __init__(self, label: str, name: str) -> None:
        self.label = label
        self.name = name
        super().__init__()


class FigureChosen(Message):
    """The user picked a figure in the notes: show it in the reader."""

    def __init__(self, start: int) -> None:
        self.start = start
        super().__init__()


class NoteChosen(Message):
    """The user picked a note or a highlight in the notes pane: edit it."""

    def __init__(self, kind: str, note_id: str) -> None:
        self.kind = kind  # "note" or "annotation"
        self.note_id = note_id
        super().__init__()
