"""Palette: the tags in use; choosing one lists only the articles with that tag (esc clears)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from newsreader.app.providers.matching import highlighted

__all__ = ["TagsProvider"]


class TagsProvider(Provider):
    def _tags(self) -> list[tuple[str, int]]:
        return self.screen.store.all_tags()  # type: ignore[attr-defined]

    @staticmethod
    def _help(count: int) -> str:
        return f"List the articles tagged with it ({count} use{'s' if count != 1 else ''})"

    async def discover(self) -> Hits:
        for tag, count in self._tags()[:20]:
            title = f"#{tag}"
            yield DiscoveryHit(Content.styled(title, "$secondary"), partial(self.screen.filter_tag, tag), text=title, help=self._help(count))  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        wanted = query.strip().lstrip("#")
        if not wanted:  # "#" alone: every tag, most used first
            if query.strip().startswith("#"):
                for tag, count in self._tags():
                    title = f"#{tag}"
                    yield Hit(0.9, Content.styled(title, "$secondary"), partial(self.screen.filter_tag, tag), text=title, help=self._help(count))  # type: ignore[attr-defined]
            return
        matcher = self.matcher(wanted)
        style = self.match_style or Style(reverse=True)
        for tag, count in self._tags():
            title = f"#{tag}"
            score, offsets = matcher.fuzzy_search.match(wanted, tag)
            if score > 0:
                shifted = tuple(o + 1 for o in offsets)
                display = highlighted(title, shifted, style).stylize_before("$secondary")
                yield Hit(score * 0.9, display, partial(self.screen.filter_tag, tag), text=title, help=self._help(count))  # type: ignore[attr-defined]
