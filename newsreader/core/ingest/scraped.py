"""Parser for raw article text scraped from web pages into an ``Article``."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.ingest.body import select_body
from newsreader.core.ingest.boilerplate import is_boilerplate, is_promo
from newsreader.core.ingest.bylines import (
    is_caption,
    is_section_label,
    parse_byline,
    parse_caption,
    parse_name_credit,
    split_title,
)
from newsreader.core.ingest.datelines import is_dateline, parse_dateline
from newsreader.core.model import Article, Caption, article_id

__all__ = ["parse_scraped"]

_URL = re.compile(r"\bhttps?://[^\s<>\"'“”‘’()\[\]{}]+|\bwww\.[^\s<>\"'“”‘’()\[\]{}]+", re.I)
# How far below the headline a byline or dateline is looked for.
_HEADER_REACH = 60
# A line under a call to subscribe is its blurb when shorter than this many words.
_PROMO_WORDS = 20


def _links(lines: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in lines:
        for m in _URL.finditer(line):
            seen.setdefault(m.group(0).rstrip(".,;:!?"), None)
    return tuple(seen)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _lines_and_promos(text: str) -> tuple[list[str], set[int]]:
    """The non-empty lines, and which of them are the blurb of a call to subscribe just above.

    A short line directly under "Subscribe to our newsletter" (no blank line between)
    describes the newsletter, not the news.
    """
    lines: list[str] = []
    promos: set[int] = set()
    after_promo = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            after_promo = False
            continue
        if after_promo and not is_boilerplate(line) and len(line.split()) < _PROMO_WORDS:
            promos.add(len(lines))
        after_promo = is_promo(line)
        lines.append(line)
    return lines, promos


def _byline_beside(lines: list[str], at: int, taken: set[int]) -> tuple[str | None, str | None, int | None]:
    """A "Jane Doe, Meridian Wire" line just above or below the dateline: (names, credit, index)."""
    for i in (at - 1, at + 1):
        if 0 <= i < len(lines) and i not in taken and (found := parse_name_credit(lines[i])):
            return found[0], found[1], i
    return None, None, None


def parse_scraped(text: str, *, source: Path | None = None, url: str | None = None) -> Article:
    """Parse clean (decoded, sanitised) scraped text into an article.

    Raises ``InputError`` when there is no text at all.
    """
    lines, promos = _lines_and_promos(text)
    if not lines:
        raise InputError(source or "<text>", "no article text")

    taken: set[int] = set()  # lines that are header, not body or boilerplate
    section: str | None = None
    title_at = 0
    if len(lines) > 1 and is_section_label(lines[0]):
        section = lines[0].rstrip(":").strip()
        taken.add(0)
        title_at = 1
    title, outlet = split_title(lines[title_at])
    taken.add(title_at)
    title_key = _norm(title)

    byline = byline_credit = None
    published: datetime | None = None
    dateline_at: int | None = None
    reach = min(len(lines), title_at + 1 + _HEADER_REACH)
    captions: list[Caption] = []
    for i, line in enumerate(lines):
        if i in taken:
            continue
        if i > title_at and _norm(line) == title_key:
            taken.add(i)  # the headline repeated above the article
        elif is_caption(line):
            captions.append(parse_caption(line))
            taken.add(i)
        elif i < reach and byline is None and len(line.split()) <= 14 and (found := parse_byline(line)):
            byline, byline_credit = found
            taken.add(i)
            if published is None and (published := parse_dateline(line)):
                dateline_at = i  # "By Jane Doe Updated Nov 13, 2019"
        elif i < reach and published is None and is_dateline(line):
            published = parse_dateline(line)
            dateline_at = i
            taken.add(i)
    if byline is None and dateline_at is not None:
        byline, byline_credit, at = _byline_beside(lines, dateline_at, taken)
        if at is not None:
            taken.add(at)

    rest = [i for i in range(len(lines)) if i not in taken and i not in promos]
    body_pos, _ = select_body([lines[i] for i in rest])
    body_idx = {rest[p] for p in body_pos}

    paragraphs = tuple(lines[i] for i in sorted(body_idx))
    removed = tuple(lines[i] for i in range(len(lines)) if i not in taken and i not in body_idx)
    return Article(
        id=article_id(url=url, outlet=outlet, title=title, published=published),
        title=title,
        source=source,
        url=url,
        section=section,
        outlet=outlet,
        byline=byline,
        byline_credit=byline_credit,
        published=published,
        captions=tuple(captions),
        paragraphs=paragraphs,
        links=_links(lines),
        removed=removed,
    )
