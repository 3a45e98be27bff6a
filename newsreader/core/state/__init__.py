"""Durable reader state: read and starred marks, tags, notes and annotations in ``state.json``.

``StateStore`` (in ``store``) is the one owner of the file; see its module for the roles and
the write path, ``storage`` for how a write reaches the disk, ``schema`` for versions and
migrations, ``anchors`` for annotation anchoring, ``export`` for Markdown and Web Annotation
export and import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.core.state.errors import (
        StateBusy,
        StateCorrupt,
        StateError,
        StateReadOnly,
        StateWriteError,
    )
    from newsreader.core.state.merge import ImportBatch, ImportReport
    from newsreader.core.state.records import Annotation, Note
    from newsreader.core.state.store import MarksUndo, StateStore
    from newsreader.core.state.view import Snapshot

# Loaded on first use, so a module that needs only ``records`` or ``anchors`` does not load the
# store with its file lock and database (the app opens the store after its first frame).
_HOMES = {
    "Annotation": "records",
    "ImportBatch": "merge",
    "ImportReport": "merge",
    "MarksUndo": "store",
    "Note": "records",
    "Snapshot": "view",
    "StateBusy": "errors",
    "StateCorrupt": "errors",
    "StateError": "errors",
    "StateReadOnly": "errors",
    "StateStore": "store",
    "StateWriteError": "errors",
}

__all__ = [
    "Annotation",
    "ImportBatch",
    "ImportReport",
    "MarksUndo",
    "Note",
    "Snapshot",
    "StateBusy",
    "StateCorrupt",
    "StateError",
    "StateReadOnly",
    "StateStore",
    "StateWriteError",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
