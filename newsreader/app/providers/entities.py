"""Palette: find a name mentioned in any article; choosing it narrows the list to those articles."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from newsreader.app.providers.matching import best_matches, highlighted
from newsreader.app.theming import label_style
from newsreader.core.library import EntityRef

__all__ = ["EntitiesProvider"]


class EntitiesProvider(Provider):
    async def search(self, query: str) -> Hits:
        app = self.screen
        library = app.library  # type: ignore[attr-defined]

        def fields(ref: EntityRef):
            yield "name", ref.name, 1.0

        def find() -> list:
            candidates = library.entities()  # from the catalog: the most mentioned, bounded
            named = getattr(library, "entities_named", None)
            if named is not None:  # and those whose name starts with the text
                known = {(r.label, r.key) for r in candidates}
                candidates = candidates + [r for r in named(query) if (r.label, r.key) not in known]
            return best_matches(query, candidates, fields)

        matches = await asyncio.to_thread(find)
        style = self.match_style or Style(reverse=True)
        for score, ref, _field, text, offsets in matches:
            display = Content.assemble(
                highlighted(text, offsets, style).stylize_before(label_style(ref.label)),
                (f"  {ref.label.lower()}", "$text-muted"),
            )
            count = f"{ref.articles} article" + ("s" if ref.articles != 1 else "")
            yield Hit(
                score * 0.95,
                display,
                partial(app.pivot, ref.label, ref.name),  # type: ignore[attr-defined]
                text=ref.name,
                help=f"Show the {count} that mention it",
            )
