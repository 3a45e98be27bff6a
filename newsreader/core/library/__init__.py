"""The articles the reader has open: ``Library`` (held in memory) and ``CatalogLibrary``
(``library.catalog``, read from the catalog), with what they share.

Modules: ``memory`` (Library), ``catalog`` (CatalogLibrary, StateMirror), ``rows`` (the list's
row sources), ``match`` (a query matched in memory), ``marks`` (MarkStore), ``sorts`` (SORTS),
``figures`` (the figures ledger), ``analyses`` (guarded analysis, entity counts) and
``saved_searches``. The query language is ``core.query``; ``EntityRef`` is ``core.entity_ref``.
The names below are re-exported; ``catalog`` is not (it loads the catalog).
"""

from __future__ import annotations

from newsreader.core.entity_ref import EntityRef, entity_key
from newsreader.core.library.analyses import entity_counts
from newsreader.core.library.figures import FigureRow, figure_rows, format_value, write_figures_csv
from newsreader.core.library.marks import MarkStore, MemoryMarks
from newsreader.core.library.memory import Library
from newsreader.core.library.sorts import SORTS, Sort

__all__ = [
    "SORTS",
    "EntityRef",
    "FigureRow",
    "Library",
    "MarkStore",
    "MemoryMarks",
    "Sort",
    "entity_counts",
    "entity_key",
    "figure_rows",
    "format_value",
    "write_figures_csv",
]
