"""Palette: find articles by title, outlet, byline or the names they mention."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from newsreader.app.providers.matching import best_matches, highlighted
from newsreader.core.model import Article

__all__ = ["ArticlesProvider"]

FIELD_PREFIX = {"outlet": "outlet: ", "byline": "by: ", "name": "names: "}


class ArticlesProvider(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        library = app.library  # type: ignore[attr-defined]

        def fields(article: Article):
            yield "title", article.title, 1.0
            if article.outlet:
                yield "outlet", article.outlet, 0.8
            if article.byline:
                yield "byline", article.byline, 0.8
            for ref in library.article_entities(article.id):
                yield "name", ref.name, 0.9

        matches = await asyncio.to_thread(best_matches, query, list(library.articles), fields)
        style = self.match_style or Style(reverse=True)
        for score, article, field, text, offsets in matches:
            parts: list[Content | tuple[str, str]] = []
            parts.append(highlighted(article.title, offsets, style) if field == "title" else Content(article.title))
            if field == "outlet":
                parts += [("  ·  ", "$text-muted"), highlighted(text, offsets, style)]
            elif article.outlet:
                parts.append((f"  ·  {article.outlet}", "$text-muted"))
            if field in ("byline", "name"):
                parts += [("  ·  " + FIELD_PREFIX[field], "$text-muted"), highlighted(text, offsets, style)]
            # The palette parses ``help`` as markup, so it never carries article text.
            when = article.published.strftime("%A %d %B %Y") if article.published else None
            yield Hit(
                score,
                Content.assemble(*parts),
                partial(app.open_article_id, article.id),  # type: ignore[attr-defined]
                text=article.title,
                help=when,
            )
