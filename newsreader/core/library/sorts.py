"""The orders the article list can be sorted in (``SORTS``, by name)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from newsreader.core.model import Article

__all__ = ["SORTS", "Sort"]


def _date_key(article: Article) -> float:
    if article.published is None:
        return float("-inf")
    when = article.published
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


@dataclass(frozen=True, slots=True)
class Sort:
    name: str
    description: str
    key: Callable[[Article], Any]
    reverse: bool = False


SORTS: dict[str, Sort] = {
    s.name: s
    for s in (
        Sort("newest", "Newest first", _date_key, reverse=True),
        Sort("oldest", "Oldest first", lambda a: (a.published is None, _date_key(a))),
        Sort("title", "Title A–Z", lambda a: a.title.casefold()),
        Sort("outlet", "Outlet A–Z", lambda a: ((a.outlet or "\uffff").casefold(), -_date_key(a))),
    )
}
