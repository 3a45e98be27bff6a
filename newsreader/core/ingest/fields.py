"""Small helpers shared by the Markdown, HTML and feed readers: clean strings, dates, links, hashes."""

from __future__ import annotations

import email.utils
import hashlib
import re
import unicodedata
from datetime import UTC, datetime

from newsreader.core.ingest.datelines import parse_dateline
from newsreader.core.model import article_id
from newsreader.core.sanitize import sanitize

__all__ = ["clean_block", "clean_line", "digest", "entry_id", "parse_date", "split_tags", "web_link"]

_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_line(text: object) -> str:
    """One line of untrusted text: sanitised, NFC, whitespace runs collapsed to one space."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _SPACE.sub(" ", sanitize(text)).strip()


def clean_block(text: str) -> list[str]:
    """Plain text split into clean paragraphs at blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [p for p in (clean_line(part) for part in _BLANK_LINES.split(sanitize(text))) if p]


def web_link(url: object) -> str | None:
    """``url`` when it is an absolute http(s) address, cleaned; None for any other scheme."""
    if not isinstance(url, str):
        return None
    url = clean_line(url)
    if " " in url or len(url) > 4096:
        return None
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() not in ("http", "https") or not rest.startswith("//") or len(rest) < 3:
        return None
    return url


def parse_date(value: object) -> datetime | None:
    """A date from front matter, a feed or page metadata: ISO 8601, RFC 2822 or a dateline."""
    if isinstance(value, datetime):
        return value
    if value is None:
        return None
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        try:
            return datetime(value.year, value.month, value.day)  # a date (TOML, YAML)
        except (TypeError, ValueError):
            return None
    text = clean_line(value)
    if not text or len(text) > 200:
        return None
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is not None:
        return parsed
    try:
        return parse_dateline(text)
    except (ValueError, OverflowError):
        return None


def utc_from_struct(value: object) -> datetime | None:
    """A ``time.struct_time`` (feedparser's parsed dates, in UTC) as an aware datetime."""
    try:
        return datetime(*value[:6], tzinfo=UTC)  # type: ignore[index]
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def digest(*parts: bytes | str) -> str:
    """A short hex hash of ``parts`` (bytes as they are, strings as UTF-8)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def split_tags(value: object) -> tuple[str, ...]:
    """Tags from a list or a comma-separated string: cleaned, de-duplicated, order kept."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    seen: dict[str, None] = {}
    for item in items:
        if isinstance(item, (list, tuple, dict)):
            continue
        tag = clean_line(item).strip("#/ ")
        if tag and len(tag) <= 100:
            seen.setdefault(tag, None)
    return tuple(seen)


def entry_id(*, url: str | None, guid: str | None, outlet: str | None, title: str,
             published: datetime | None) -> str:
    """An article's id: from its URL; else from its feed's guid (stable when the title is
    edited); else from outlet, title and date."""
    if url:
        return article_id(url=url)
    if guid:
        return article_id(outlet=outlet, title="guid\x1f" + guid)
    return article_id(outlet=outlet, title=title, published=published)
