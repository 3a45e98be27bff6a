"""How articles and spans are stored in the catalog: compressed JSON, and the text indexed."""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from newsreader.core.analysis.spans import Span
from newsreader.core.model import Article, Caption

__all__ = [
    "SEP",
    "article_blob",
    "article_from_blob",
    "fold",
    "fts_values",
    "key_list",
    "spans_blob",
    "spans_from_blob",
    "timestamp",
]

SEP = "\x1f"  # between the names in a key list: "\x1fa\x1fb\x1f"


def fold(text: str | None) -> str:
    """Case- and width-folded, spaces collapsed: how names are compared."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def key_list(names: Iterable[str]) -> str:
    """Names as one string that ``instr(column, SEP || name || SEP)`` searches."""
    folded = [fold(n) for n in names]
    folded = [n for n in folded if n]
    return SEP + SEP.join(folded) + SEP if folded else ""


def timestamp(when: datetime | None) -> float | None:
    """UTC seconds; a date without a time zone counts as UTC."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def article_blob(article: Article) -> bytes:
    """The whole article, except its id and source path (kept in their own columns)."""
    data = article.to_json()
    del data["id"], data["source"]
    return zlib.compress(orjson.dumps(data), 1)


def article_from_blob(blob: bytes, article_id: str, source: str | None) -> Article:
    data: dict[str, Any] = orjson.loads(zlib.decompress(blob))
    published = data.get("published")
    return Article(
        id=article_id,
        title=data["title"],
        source=Path(source) if source else None,
        url=data.get("url"),
        section=data.get("section"),
        outlet=data.get("outlet"),
        byline=data.get("byline"),
        byline_credit=data.get("byline_credit"),
        published=datetime.fromisoformat(published) if published else None,
        captions=tuple(Caption(c["text"], c.get("credit")) for c in data.get("captions", ())),
        paragraphs=tuple(data.get("paragraphs", ())),
        links=tuple(data.get("links", ())),
        removed=tuple(data.get("removed", ())),
        tags=tuple(data.get("tags", ())),
        content_hash=data.get("content_hash"),
    )


def fts_values(
    article: Article, sources: Iterable[str], entities: Iterable[str], tags: Iterable[str], notes: str
) -> tuple[str, str, str, str, str, str, str]:
    """The indexed columns: title, body (with captions), outlet (with the folder names the
    article is filed under: ``sources``), byline, entities, tags, notes.

    The index keeps no copy of the text, so removing a row needs these exact values again:
    they must depend only on what the catalog stores.
    """
    body = "\n\n".join([*article.paragraphs, *(c.text for c in article.captions)])
    byline = " ".join(x for x in (article.byline, article.byline_credit) if x)
    return (
        article.title,
        body,
        "\n".join(sources),
        byline,
        "\n".join(entities),
        "\n".join(tags),
        notes,
    )


def spans_blob(spans: Iterable[Span]) -> bytes:
    return zlib.compress(orjson.dumps([s.to_json() for s in spans], option=orjson.OPT_NON_STR_KEYS), 1)


def spans_from_blob(blob: bytes) -> tuple[Span, ...]:
    return tuple(
        Span(d["start"], d["end"], d["label"], d["text"], d.get("canonical"), d.get("value"), d.get("speaker"))
        for d in orjson.loads(zlib.decompress(blob))
    )
