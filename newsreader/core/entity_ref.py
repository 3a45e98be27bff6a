"""An entity as an index knows it (``EntityRef``) and the key two mentions of it share.

Shared by the catalog and the libraries; imports nothing of either.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EntityRef", "entity_key"]


def entity_key(canonical: str) -> str:
    """The key two mentions share when they name the same thing."""
    return " ".join(canonical.casefold().split())


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity as the index knows it: its label, its canonical name and how often it occurs."""

    label: str
    name: str
    mentions: int = 0
    articles: int = 0

    @property
    def key(self) -> str:
        return entity_key(self.name)
