"""What the state keeps: per-article marks, notes and annotations, as frozen values.

On disk (schema 2) each table is ``{id: record}``:

- ``articles``: ``{article id: {"read": time, "starred": time, "tags": [...]}}``, sparse: a
  field is present only when it differs from the default (unread, not starred, no tags), and an
  article with nothing left is removed.
- ``notes``: ``{note id: {"article", "text", "created", "updated", "title"?, "url"?}}``, the text
  is Markdown.
- ``annotations``: ``{id: {"article", "exact", "prefix", "suffix", "start", "end", "note",
  "tags", "created", "updated", "title"?, "url"?}}``, anchored like a W3C TextQuoteSelector
  plus a TextPositionSelector.

Times are ISO 8601 in UTC with milliseconds (``2025-05-01T10:22:33.123Z``). Text typed by a
user or read from a file goes through the sanitiser.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from newsreader.core.sanitize import sanitize

__all__ = [
    "MAX_NOTE_CHARS",
    "Annotation",
    "Note",
    "clean_text",
    "new_id",
    "normalize_tag",
    "normalize_tags",
    "now_iso",
    "parse_time",
    "valid_id",
]

MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 64
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")


_last_now = datetime.min.replace(tzinfo=UTC)
_now_lock = threading.Lock()


def now_iso(after: str | None = None) -> str:
    """Now in UTC to the millisecond, strictly later than the last call (so order is kept).

    With ``after`` (a stored time), also later than that: an edit stays newer than the version
    it replaces when the clock has been set back, so an import cannot bring the old one back.
    """
    global _last_now
    floor = parse_time(after)
    with _now_lock:
        now = datetime.now(UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        if now <= _last_now:
            now = _last_now + timedelta(milliseconds=1)
        _last_now = now
    if floor is not None and now <= floor:
        try:
            now = floor.astimezone(UTC).replace(microsecond=floor.microsecond // 1000 * 1000) + timedelta(milliseconds=1)
        except OverflowError:
            now = floor.astimezone(UTC)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(value: Any) -> datetime | None:
    """A stored time as an aware datetime, or None when it is missing or not a time."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def iso_or_now(value: Any) -> str:
    """``value`` as a stored time string if it is one, else now."""
    when = parse_time(value)
    if when is None:
        return now_iso()
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clean_text(text: str) -> str:
    """Note text as stored: line ends made ``\\n``, sanitised, outer blank lines removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return sanitize(text).rstrip().lstrip("\n")


def normalize_tag(tag: str) -> str | None:
    """A tag as kept: one word (inner spaces become ``-``), no leading ``#``; None if empty."""
    tag = sanitize(str(tag)).strip().lstrip("#").strip()
    tag = re.sub(r"\s+", "-", tag)[:MAX_TAG_CHARS].strip(",;")
    return tag or None


def normalize_tags(tags: Any) -> tuple[str, ...]:
    """Tags in first-seen order, de-duplicated ignoring case."""
    if isinstance(tags, str):
        tags = tags.split()
    out: list[str] = []
    seen: set[str] = set()
    for raw in tags or ():
        tag = normalize_tag(raw)
        if tag is not None and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def new_id() -> str:
    return uuid.uuid4().hex


def valid_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _optional_str(value: Any) -> str | None:
    return sanitize(value) if isinstance(value, str) and value else None


@dataclass(frozen=True, slots=True)
class Note:
    """A Markdown note on an article; an article may have several."""

    id: str
    article: str
    text: str
    created: str
    updated: str
    title: str | None = None  # the article's title when the note was written (for export)
    url: str | None = None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "article": self.article,
            "text": self.text,
            "created": self.created,
            "updated": self.updated,
        }
        if self.title:
            record["title"] = self.title
        if self.url:
            record["url"] = self.url
        return record

    @classmethod
    def from_record(cls, note_id: str, record: dict[str, Any]) -> Note:
        """Raises ``ValueError`` naming the field when the record cannot be a note."""
        article, text = record.get("article"), record.get("text")
        if not valid_id(note_id):
            raise ValueError("not a valid id")
        if not valid_id(article):
            raise ValueError('"article" is not an article id')
        if not isinstance(text, str):
            raise ValueError('"text" is not text')
        created = iso_or_now(record.get("created"))
        return cls(
            id=note_id,
            article=article,
            text=sanitize(text),  # the file may have been edited by hand
            created=created,
            updated=iso_or_now(record.get("updated") or created),
            title=_optional_str(record.get("title")),
            url=_optional_str(record.get("url")),
        )

    def edited(self, text: str) -> Note:
        return replace(self, text=text, updated=now_iso(after=self.updated))


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlighted passage with an optional note and tags.

    Anchored by the quoted text with some text before and after it (a W3C TextQuoteSelector)
    and the offsets where it was made (a TextPositionSelector), both in the reader text of the
    article: body paragraphs then captions, joined by blank lines.
    """

    id: str
    article: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    title: str | None = None
    url: str | None = None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "article": self.article,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
        }
        if self.title:
            record["title"] = self.title
        if self.url:
            record["url"] = self.url
        return record

    @classmethod
    def from_record(cls, annotation_id: str, record: dict[str, Any]) -> Annotation:
        article, exact = record.get("article"), record.get("exact")
        if not valid_id(annotation_id):
            raise ValueError("not a valid id")
        if not valid_id(article):
            raise ValueError('"article" is not an article id')
        if not isinstance(exact, str) or not exact:
            raise ValueError('"exact" (the quoted text) is missing')
        start, end = record.get("start"), record.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            start = end = None
        note = record.get("note") or ""
        if not isinstance(note, str):
            raise ValueError('"note" is not text')
        created = iso_or_now(record.get("created"))
        return cls(
            id=annotation_id,
            article=article,
            exact=sanitize(exact),
            prefix=sanitize(record["prefix"]) if isinstance(record.get("prefix"), str) else "",
            suffix=sanitize(record["suffix"]) if isinstance(record.get("suffix"), str) else "",
            start=start,
            end=end,
            note=sanitize(note),
            tags=normalize_tags(record.get("tags") if isinstance(record.get("tags"), (list, str)) else ()),
            created=created,
            updated=iso_or_now(record.get("updated") or created),
            title=_optional_str(record.get("title")),
            url=_optional_str(record.get("url")),
        )
