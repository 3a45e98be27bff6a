"""Parser for raw article text scraped from web pages into an ``Article``."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.ingest.body import select_body
from newsreader.core.ingest.bylines import (
    is_caption,
    is_section_label,
    parse_byline,
    parse_caption,
    split_title,
)
from newsreader.core.ingest.datelines import is_dateline, parse_dateline
from newsreader.core.model import Article, Caption, article_id

__all__ = ["parse_scraped"]

_URL = re.compile(r"\bhttps?://[^\s<>\"'“”‘’()\[\]{}]+|\bwww\.[^\s<>\"'“”‘’()\[\]{}]+", re.I)
# How far below the headline a byline or dateline is looked for.
_HEADER_REACH = 60


def _links(lines: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in lines:
        for m in _URL.finditer(line):
            seen.setdefault(m.group(0).rstrip(".,;:!?"), None)
    return tuple(seen)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def parse_scraped(text: str, *, source: Path | None = None, url: str | None = None) -> Article:
    """Parse clean (decoded, sanitised) scraped text into an article.

    Raises ``InputError`` when there is no text at all.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
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
        elif i < reach and published is None and is_dateline(line):
            published = parse_dateline(line)
            taken.add(i)

    rest = [i for i in range(len(lines)) if i not in taken]
    body_pos, _ = select_body([lines[i] for i in rest])
    body_idx = {rest[p] for p in body_pos}

    paragraphs = tuple(lines[i] for i in sorted(body_idx))
    removed = tuple(lines[i] for i in rest if i not in body_idx)
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
