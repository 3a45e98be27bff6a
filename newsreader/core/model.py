"""The article model: frozen, typed, and free of any UI."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = ["Article", "Caption", "article_id", "canonical_url"]


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption kept apart from the body, with its credit when one is given."""

    text: str
    credit: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit}


@dataclass(frozen=True, slots=True)
class Article:
    """One parsed article."""

    id: str
    title: str
    source: Path | None = None
    url: str | None = None
    section: str | None = None
    outlet: str | None = None
    byline: str | None = None
    byline_credit: str | None = None
    published: datetime | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    removed: tuple[str, ...] = field(default=(), repr=False)
    # Tags the source gives (front matter, feed categories, the subscription's tags).
    tags: tuple[str, ...] = ()
    # A hash of the input this version of the article was parsed from (the file's bytes, or
    # a feed entry's fields): equal hashes mean the same version, so parses and analyses
    # can be cached by it. None for articles built in memory.
    content_hash: str | None = field(default=None, repr=False)

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": str(self.source) if self.source else None,
            "url": self.url,
            "section": self.section,
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "byline_credit": self.byline_credit,
            "published": self.published.isoformat() if self.published else None,
            "captions": [c.to_json() for c in self.captions],
            "paragraphs": list(self.paragraphs),
            "links": list(self.links),
            "removed": list(self.removed),
            "tags": list(self.tags),
            "content_hash": self.content_hash,
        }


def _norm_key(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"\s+", " ", text).strip()


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, default ports and a trailing slash."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, parts.query, ""))


def article_id(
    *,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
) -> str:
    """A stable id: from the canonical URL when known, else outlet + title + published.

    Never from the body, so re-importing an edited or better-parsed file keeps its id.
    """
    if url:
        key = "url\x1f" + canonical_url(url)
    else:
        when = published.isoformat() if published else ""
        key = "\x1f".join(("meta", _norm_key(outlet), _norm_key(title), when))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
