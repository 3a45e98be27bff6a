"""A search query matched against articles held in memory (no catalog): the same language,
without ranking. Words and phrases are looked for in the title, outlet, byline, tags and body."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsreader.core.catalog.codec import fold, timestamp
from newsreader.core.model import Article
from newsreader.core.query import Filter, Query, words_of

if TYPE_CHECKING:
    from newsreader.core.library.memory import Library

__all__ = ["matches"]


def _has(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    n = len(wanted)
    return any(words[i:i + n] == wanted for i in range(len(words) - n + 1) if words[i] == wanted[0])


def _filter(article: Article, item: Filter, library: Library) -> bool:
    key, value, marks = item.key, item.value, library.marks
    if key == "tag":
        return value in {fold(t).lstrip("#") for t in (*article.tags, *marks.tags(article.id))}
    if key == "source":
        return str(value) in fold(" ".join(filter(None, (article.outlet, str(article.source or "")))))
    if key == "author":
        return str(value) in fold(article.byline)
    if key in ("person", "org", "place", "entity"):
        return any(
            fold(r.name) == value and (item.label is None or r.label == item.label)
            for r in library.article_entities(article.id)
        )
    if key == "is":
        if value == "starred":
            return marks.is_starred(article.id)
        return marks.is_read(article.id) == (value == "read")
    if key == "has":
        count = getattr(marks, "note_count", None)
        return bool(count and count(article.id))
    when = timestamp(article.published)
    if when is None:
        return False
    return when < value if key == "before" else when >= value


def matches(article: Article, query: Query, library: Library) -> bool:
    text = " ".join(filter(None, (article.title, article.outlet, article.byline, " ".join(article.tags), *article.paragraphs)))
    words = words_of(text)
    for term in query.terms:
        if _has(words, term.words) == term.negated:
            return False
    return all(_filter(article, f, library) != f.negated for f in query.filters)
