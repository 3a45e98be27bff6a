"""The state file's schema version and the ordered migrations between versions.

The ``meta`` table holds one record, ``schema``, with ``version``. A file with a version
below ``CURRENT`` is migrated one step at a time (``MIGRATIONS[n]`` takes version n to n+1)
after a copy of it has been put in the backups folder; a file from a newer newsreader is
opened read-only.

Versions:

1. The first layout, TinyDB's defaults: integer document ids, ``meta`` ``{"1":
   {"schema_version": 1}}``, one full record per article in ``marks`` (``article``, ``read``,
   ``read_at``, ``starred``, ``tags``) and notes with ``article``, ``text`` and times as Unix
   seconds. Files without a ``meta`` table are taken to be version 1.
2. Records keyed by their stable ids; ``articles`` is sparse (only what differs from unread,
   not starred, no tags), ``notes`` and ``annotations`` have ISO times. See ``records``.

Tables a migration does not know are carried over untouched: nothing is dropped.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from newsreader.core.state.records import new_id, normalize_tags

__all__ = ["CURRENT", "META", "MIGRATIONS", "fresh", "migrate", "stamp", "version_of"]

CURRENT = 2
META = "meta"
META_ID = "schema"

Data = dict[str, dict[str, Any]]


def fresh() -> Data:
    data: Data = {META: {}, "articles": {}, "notes": {}, "annotations": {}}
    stamp(data)
    return data


def stamp(data: Data, version: int = CURRENT) -> None:
    from newsreader import __version__

    data.setdefault(META, {})
    data[META][META_ID] = {"version": version, "written_by": f"newsreader {__version__}"}


def _valid(version: Any) -> bool:
    # Versions start at 1; 0, -1 or true are no version at all (nothing migrates from them).
    return isinstance(version, int) and not isinstance(version, bool) and version >= 1


def version_of(data: Data) -> int | None:
    """The file's schema version; None when the meta table says something we cannot read
    (no version, or one that is not a whole number from 1 up)."""
    meta = data.get(META)
    if meta is None:
        return 1
    record = meta.get(META_ID)
    if isinstance(record, dict) and "version" in record:
        return record["version"] if _valid(record["version"]) else None
    for record in meta.values():  # version 1 kept it under an integer id
        if isinstance(record, dict) and "schema_version" in record:
            return record["schema_version"] if _valid(record["schema_version"]) else None
    if not meta:
        return 1
    return None


def _iso(seconds: Any) -> str | None:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        return None
    try:
        when = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _1_to_2(data: Data) -> Data:
    out: Data = {name: table for name, table in data.items() if name not in (META, "marks", "notes")}
    articles: dict[str, Any] = dict(out.get("articles", {}))
    for doc_id, mark in data.get("marks", {}).items():
        article = mark.get("article")
        if not isinstance(article, str) or not article:
            out.setdefault("unmigrated_marks", {})[doc_id] = mark  # kept, never dropped
            continue
        record: dict[str, Any] = dict(articles.get(article, {}))
        if mark.get("read"):
            record["read"] = _iso(mark.get("read_at")) or "1970-01-01T00:00:00.000Z"
        if mark.get("starred"):
            record["starred"] = _iso(mark.get("starred_at")) or _iso(mark.get("read_at")) or "1970-01-01T00:00:00.000Z"
        tags = normalize_tags(mark.get("tags") if isinstance(mark.get("tags"), list) else ())
        if tags:
            record["tags"] = list(tags)
        if record:
            articles[article] = record
    out["articles"] = articles
    notes: dict[str, Any] = {}
    for doc_id, note in data.get("notes", {}).items():
        if not isinstance(note.get("article"), str) or not isinstance(note.get("text"), str):
            out.setdefault("unmigrated_notes", {})[doc_id] = note
            continue
        created = _iso(note.get("created")) or "1970-01-01T00:00:00.000Z"
        notes[note.get("id") if isinstance(note.get("id"), str) else new_id()] = {
            "article": note["article"],
            "text": note["text"],
            "created": created,
            "updated": _iso(note.get("updated")) or created,
        }
    out["notes"] = notes
    out.setdefault("annotations", {})
    out[META] = {}
    return out


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _1_to_2}


def migrate(data: Data, version: int) -> Data:
    """``data`` (at ``version``) brought up to ``CURRENT``; the input is not changed."""
    if version not in MIGRATIONS and version < CURRENT:
        raise ValueError(f"there is no upgrade from schema {version}")
    data = copy.deepcopy(data)
    while version < CURRENT:
        data = MIGRATIONS[version](data)
        version += 1
        stamp(data, version)
    return data
