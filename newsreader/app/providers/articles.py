"""Palette: find articles by title, outlet, byline or the names they mention.

The text is a search in the query language first (whole words; ranked in a catalog), then
the newest articles are matched fuzzily (in memory by byline and names too), so a word being
typed finds something: both bounded, both off the UI thread.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from newsreader.app.providers.matching import MAX_HITS, best_matches, highlighted
from newsreader.core.model import Article

__all__ = ["ArticlesProvider"]

FIELD_PREFIX = {"outlet": "outlet: ", "byline": "by: ", "name": "names: "}
FUZZY_WINDOW = 2000  # newest catalog rows matched fuzzily


def _matches(library, query: str) -> list:
    from newsreader.core.catalog.marks import mark_ranges
    from newsreader.core.query import QueryError, parse_query

    found: list = []
    seen: set[str] = set()
    try:
        parsed = parse_query(query)
    except QueryError:
        parsed = None
    if parsed is not None and not parsed.empty:
        for n, row in enumerate(library.search_rows(parsed, MAX_HITS)):
            offsets = tuple(i for start, end in mark_ranges(row.title, parsed.marks if isinstance(row, Article) else row.marks) for i in range(start, end))
            found.append((1.0 - n / 100, row, "title", row.title, offsets))
            seen.add(row.id)

    def fields(row):
        yield "title", row.title, 0.9
        if row.outlet:
            yield "outlet", row.outlet, 0.7
        if isinstance(row, Article):  # held in memory: its byline and names are at hand
            if row.byline:
                yield "byline", row.byline, 0.7
            for ref in library.article_entities(row.id):
                yield "name", ref.name, 0.8

    window = [r for r in library.newest(FUZZY_WINDOW) if r.id not in seen]
    found += best_matches(query, window, fields, limit=max(0, MAX_HITS - len(found)))
    return found[:MAX_HITS]


class ArticlesProvider(Provider):
    async def search(self, query: str) -> Hits:
        app = self.screen
        library = app.library  # type: ignore[attr-defined]

        matches = await asyncio.to_thread(_matches, library, query)
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
