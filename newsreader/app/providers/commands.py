"""Palette: the app's commands (sorts, highlight kinds, the ledger, themes, help, quit)."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from newsreader.app.providers.matching import highlighted

__all__ = ["CommandsProvider"]


class CommandsProvider(Provider):
    def _commands(self):
        return self.screen.palette_commands()  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        style = self.match_style or Style(reverse=True)
        for title, callback, help_text in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                yield Hit(score, highlighted(title, offsets, style), callback, text=title, help=help_text)
