"""Durable reader state: read and starred marks, tags, notes and annotations in ``state.json``.

``StateStore`` (in ``store``) is the one owner of the file; see its module for the roles and
the write path, ``storage`` for how a write reaches the disk, ``schema`` for versions and
migrations, ``anchors`` for annotation anchoring, ``export`` for Markdown and Web Annotation
export and import.
"""

from __future__ import annotations

from newsreader.core.state.errors import (
    StateBusy,
    StateCorrupt,
    StateError,
    StateReadOnly,
    StateWriteError,
)
from newsreader.core.state.records import Annotation, Note
from newsreader.core.state.store import (
    ImportBatch,
    ImportReport,
    MarksUndo,
    Snapshot,
    StateStore,
)

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
