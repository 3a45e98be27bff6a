"""The reader's state as the catalog mirrors it, for searching (``tag:``, ``is:``, notes).

The state store stays the one source of truth; the catalog keeps a copy of what searching
needs, refreshed with ``Catalog.sync_state`` (everything) or ``Catalog.update_state`` (one
article, after a change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsreader.core.catalog.codec import SEP, key_list

if TYPE_CHECKING:
    from newsreader.core.state import StateStore

__all__ = ["StateRecord", "record_of", "state_records"]


@dataclass(frozen=True, slots=True)
class StateRecord:
    """What the catalog knows of one article's state."""

    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # the text of its notes and of its highlights' notes
    note_count: int = 0  # notes and highlights

    @property
    def empty(self) -> bool:
        return not (self.read or self.starred or self.tags or self.notes or self.note_count)

    def row(self) -> tuple[int, int, str, str, str, int]:
        """As stored: read, starred, tags, tags_key, notes, note_count."""
        tags = tuple(t.replace(SEP, " ") for t in self.tags)
        return (int(self.read), int(self.starred), SEP.join(tags), key_list(tags),
                "\n\n".join(self.notes), self.note_count)


def record_of(store: StateStore, article_id: str) -> StateRecord:
    """One article's state, read from the state store."""
    notes = [n.text for n in store.notes(article_id)]
    notes += [a.note for a in store.annotations(article_id) if a.note]
    return StateRecord(
        read=store.is_read(article_id),
        starred=store.is_starred(article_id),
        tags=store.tags(article_id),
        notes=tuple(notes),
        note_count=store.note_count(article_id),
    )


def state_records(store: StateStore) -> dict[str, StateRecord]:
    """Every article with any state, for ``Catalog.sync_state``."""
    ids = set(store.articles_with_state())
    ids.update(n.article for n in store.all_notes())
    ids.update(a.article for a in store.all_annotations())
    return {article_id: record_of(store, article_id) for article_id in sorted(ids)}
