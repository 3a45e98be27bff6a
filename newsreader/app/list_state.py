"""What the article list shows: one value, so the list and its title change together."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.content import Content

from newsreader.core.library import SORTS

if TYPE_CHECKING:
    from newsreader.core.query import Query

__all__ = ["ListState", "list_titles"]


@dataclass(frozen=True, slots=True)
class ListState:
    sort: str = "newest"
    entity: tuple[str, str] | None = None  # (label, canonical name)
    tag: str | None = None
    unread: bool = False
    query: Query | None = None  # a search
    query_text: str = ""
    search_name: str | None = None  # the saved search shown

    @property
    def filtered(self) -> bool:
        """A name, a tag or unread only narrows the list (esc clears them)."""
        return self.entity is not None or self.tag is not None or self.unread

    def cleared(self) -> ListState:
        """Every filter and the search gone; the sort stays."""
        return ListState(sort=self.sort)

    def unfiltered(self) -> ListState:
        """The filters gone, the search kept."""
        return replace(self, entity=None, tag=None, unread=False)

    def without_search(self) -> ListState:
        return replace(self, query=None, query_text="", search_name=None)

    def with_(self, **changes: object) -> ListState:
        return replace(self, **changes)  # type: ignore[arg-type]

    @staticmethod
    def valid_sort(name: object) -> str:
        return name if isinstance(name, str) and name in SORTS else "newest"


def list_titles(state: ListState, count: int, busy: str = "") -> tuple[Content, Content, str]:
    """The list's border title and subtitle and the screen's subtitle for ``state`` with
    ``count`` rows (``busy``: a note such as " · syncing 40%"). Names, tags and searches are
    text, never markup."""
    plural = "s" if count != 1 else ""
    if state.query is not None:
        if state.search_name is not None:
            title = Content.assemble("Saved: ", (state.search_name, "bold"), f" ({count:,}){busy}")
        else:
            title = Content.assemble("Search ", (state.query_text, "bold"), f" ({count:,}){busy}")
        return title, Content("ranked · esc clears" if state.query.ranked else "esc clears"), f"{count} article{plural} · search"
    if state.entity is not None:
        mentioning = "Unread, mentioning " if state.unread else "Mentioning "
        title = Content.assemble(mentioning, (state.entity[1], "bold"), f" ({count})")
        return title, Content("esc clears"), f"{count} article{plural} · filtered by a name"
    if state.tag is not None:
        tagged = "Unread, tagged " if state.unread else "Tagged "
        title = Content.assemble(tagged, (f"#{state.tag}", "bold"), f" ({count})")
        return title, Content("esc clears"), f"{count} article{plural} · filtered by a tag"
    description = SORTS[state.sort].description
    title = Content(f"{'Unread' if state.unread else 'Articles'} ({count:,}){busy}")
    return title, Content(description), f"{count} article{plural} · {description.lower()}"
