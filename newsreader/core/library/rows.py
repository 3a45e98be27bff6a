"""Row sources for the article list: a count and the row at an index, read when drawn.

``MemoryRows`` holds a list (articles opened in memory). ``CatalogRows`` asks the catalog for
pages of rows as the list draws them and keeps a few pages, so a list of 100k articles holds
only the rows near the screen. A row is anything with ``id``, ``title``, ``outlet`` and
``published`` (an ``Article`` or a catalog ``Row``); ``marks`` (words to mark) is optional.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from newsreader.core.catalog import Catalog
    from newsreader.core.query import Query

__all__ = ["PAGES_KEPT", "PAGE_SIZE", "CatalogRows", "MemoryRows", "RowSource"]

PAGE_SIZE = 200
PAGES_KEPT = 5


class RowSource(Protocol):
    terms: tuple[str, ...]  # words a search marks in the titles

    def __len__(self) -> int: ...
    def get(self, index: int) -> Any | None: ...
    def index_of(self, article_id: str) -> int | None: ...
    def ids(self) -> list[str]: ...
    def cached_index(self, article_id: str) -> int | None: ...
    def position(self, article_id: str) -> int | None: ...
    def invalidate(self) -> None: ...


class MemoryRows:
    """Rows held in a list."""

    def __init__(self, items: Sequence[Any] = ()) -> None:
        self.items = list(items)
        self._index: dict[str, int] | None = None
        self.terms: tuple[str, ...] = ()  # words to mark in every row (a search)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, index: int) -> Any | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def index_of(self, article_id: str) -> int | None:
        if self._index is None:
            self._index = {}
            for i, item in enumerate(self.items):
                self._index.setdefault(item.id, i)
        return self._index.get(article_id)

    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    def cached_index(self, article_id: str) -> int | None:
        return self.index_of(article_id)

    def position(self, article_id: str) -> int | None:
        return self.index_of(article_id)

    def invalidate(self) -> None:
        self._index = None


class CatalogRows:
    """The rows of a catalog query in an order, read a page at a time (a few pages kept)."""

    def __init__(self, catalog: Catalog, query: Query | None = None, order: str | None = None) -> None:
        self.catalog = catalog
        self.query = query
        self.order = order
        self.terms: tuple[str, ...] = ()  # rows carry their own ``marks``
        self._count: int | None = None
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.catalog.count(self.query)
        return self._count

    def _page(self, number: int) -> list[Any]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self.catalog.rows(self.query, self.order, number * PAGE_SIZE, PAGE_SIZE)
        self._pages[number] = page
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        return page

    def get(self, index: int) -> Any | None:
        if index < 0 or index >= len(self):
            return None
        number, at = divmod(index, PAGE_SIZE)
        page = self._page(number)
        return page[at] if at < len(page) else None

    def cached_index(self, article_id: str) -> int | None:
        """The row's index if it is in a page already read (no query)."""
        for number, page in self._pages.items():
            for at, row in enumerate(page):
                if row.id == article_id:
                    return number * PAGE_SIZE + at
        return None

    def index_of(self, article_id: str) -> int | None:
        found = self.cached_index(article_id)
        if found is not None:
            return found
        try:
            return self.ids().index(article_id)
        except ValueError:
            return None

    def ids(self) -> list[str]:
        return self.catalog.ids(self.query, self.order)

    def position(self, article_id: str) -> int | None:
        """Where ``article_id`` is in the rows (reads every id; keeps nothing: any thread)."""
        try:
            return self.ids().index(article_id)
        except ValueError:
            return None

    def invalidate(self) -> None:
        self._count = None
        self._pages.clear()

    @property
    def pages_kept(self) -> int:
        return len(self._pages)
