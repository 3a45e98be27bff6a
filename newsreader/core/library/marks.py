"""Read, starred and tagged state per article id: the ``MarkStore`` a library asks, and
``MemoryMarks``, the one used when there is no state store."""

from __future__ import annotations

from typing import Protocol

__all__ = ["MarkStore", "MemoryMarks"]


class MarkStore(Protocol):
    """Read, starred and tagged state per article id (the state store is one)."""

    def is_read(self, article_id: str) -> bool: ...
    def mark_read(self, article_id: str, read: bool = True) -> None: ...
    def is_starred(self, article_id: str) -> bool: ...
    def tags(self, article_id: str) -> tuple[str, ...]: ...


class MemoryMarks:
    """Every article unread until opened in this session; no stars, no tags yet."""

    def __init__(self) -> None:
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._tags: dict[str, tuple[str, ...]] = {}

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def mark_read(self, article_id: str, read: bool = True) -> None:
        (self._read.add if read else self._read.discard)(article_id)

    def is_starred(self, article_id: str) -> bool:
        return article_id in self._starred

    def tags(self, article_id: str) -> tuple[str, ...]:
        return self._tags.get(article_id, ())
