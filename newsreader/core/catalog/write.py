"""Changes to the catalog's tables, always keeping the text index in step with them.

The index (``fts``) keeps no copy of the text: removing an article's row from it needs the
exact values it was indexed with, which ``indexed_values`` computes again from the stored
article, its analysis and its mirrored state. So every change to one of those goes through
here: take the row out of the index, change the table, put the row back. Callers hold the
writer connection inside a transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from newsreader.core.catalog.codec import (
    SEP,
    article_blob,
    article_from_blob,
    fold,
    fts_values,
    key_list,
    timestamp,
)
from newsreader.core.catalog.mirror import StateRecord
from newsreader.core.model import Article

__all__ = [
    "date_rowid",
    "delete_file_articles",
    "flush_index",
    "indexed_values",
    "insert_article",
    "reindex",
    "source_names",
    "write_state",
]

_FTS_COLUMNS = "title, body, outlet, byline, entities, tags, notes"
_NO_STATE = ("", "")
_SLOTS = 1 << 16  # rowids per second of publication
_UNDATED = -(1 << 62)  # undated articles: below every dated one


def date_rowid(conn: sqlite3.Connection, published_ts: float | None) -> int:
    """A free rowid that sorts by publication time: newest first is rowid order, which the
    text index can walk from the end (so "the newest N matches" needs no sort)."""
    if published_ts is None:
        low, high = _UNDATED, _UNDATED + (1 << 61)
    else:
        low = max(int(published_ts // 1), -(1 << 45)) * _SLOTS
        high = low + _SLOTS
    top = conn.execute("SELECT max(rowid) FROM articles WHERE rowid >= ? AND rowid < ?", (low, high)).fetchone()[0]
    if top is None:
        return low
    if top + 1 < high:
        return top + 1
    free = conn.execute(  # a second with 65,536 articles: the first gap
        "SELECT a.rowid + 1 FROM articles a WHERE a.rowid >= ? AND a.rowid < ? - 1 "
        "AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.rowid = a.rowid + 1) LIMIT 1",
        (low, high),
    ).fetchone()
    if free is None:
        raise sqlite3.IntegrityError("no free row for this publication time")
    return free[0]


def source_names(path: str, root: str | None) -> list[str]:
    """The folder names an article file is filed under: its root's name and the folders below."""
    file = Path(path)
    if root is None or root == path:
        return [file.parent.name]
    try:
        parts = file.parent.relative_to(root).parts
    except ValueError:
        parts = ()
    return [Path(root).name, *parts]


def _state_row(conn: sqlite3.Connection, article_id: str) -> tuple[str, str]:
    row = conn.execute("SELECT tags, notes FROM state WHERE id = ?", (article_id,)).fetchone()
    return (row[0], row[1]) if row else _NO_STATE


def _entities(conn: sqlite3.Connection, content_hash: str) -> str:
    row = conn.execute("SELECT entities FROM analyses WHERE hash = ?", (content_hash,)).fetchone()
    return row[0] if row else ""


def _values(article: Article, source_key: str, entities: str, state_tags: str, notes: str) -> tuple[str, ...]:
    tags = list(article.tags)
    seen = {fold(t) for t in tags}
    tags += [t for t in state_tags.split(SEP) if t and fold(t) not in seen]
    sources = [n for n in source_key.split(SEP) if n]
    return fts_values(article, sources, [e for e in entities.split("\n") if e], tags, notes)


def indexed_values(conn: sqlite3.Connection, rowid: int) -> tuple[str, ...] | None:
    """The values article ``rowid`` is in the index with now (None: no such article)."""
    row = conn.execute(
        "SELECT a.id, a.file, b.data, a.content_hash, a.source_key FROM articles a "
        "JOIN bodies b ON b.rowid = a.rowid WHERE a.rowid = ?",
        (rowid,),
    ).fetchone()
    if row is None:
        return None
    article = article_from_blob(row[2], row[0], row[1])
    return _values(article, row[4], _entities(conn, row[3]), *_state_row(conn, row[0]))


def _fts_delete(conn: sqlite3.Connection, rowid: int, values: tuple[str, ...]) -> None:
    conn.execute(f"INSERT INTO fts(fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?)",
                 (rowid, *values))


def _fts_insert(conn: sqlite3.Connection, rowid: int, values: tuple[str, ...]) -> None:
    conn.execute(f"INSERT INTO fts(rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (rowid, *values))


def reindex(conn: sqlite3.Connection, rowid: int, old: tuple[str, ...]) -> None:
    """Replace article ``rowid``'s index row (indexed with ``old``) with its values now."""
    new = indexed_values(conn, rowid)
    if new == old:
        return
    _fts_delete(conn, rowid, old)
    if new is not None:
        _fts_insert(conn, rowid, new)


def flush_index(conn: sqlite3.Connection, pending: list[tuple[int, tuple[str, ...]]]) -> None:
    """Index the rows ``insert_article`` held back, in rowid order.

    The text index takes rows cheaply only in increasing rowid order within a transaction (a
    smaller rowid makes it write out what it holds as a new segment), and rowids follow
    publication dates, not the order files are read in.
    """
    pending.sort(key=lambda item: item[0])
    for rowid, values in pending:
        _fts_insert(conn, rowid, values)
    pending.clear()


def insert_article(
    conn: sqlite3.Connection,
    article: Article,
    path: str,
    root: str | None,
    pending: list[tuple[int, tuple[str, ...]]] | None = None,
) -> int | None:
    """Add one article; None when an article with its id is already in (the first one stays).

    With ``pending``, its index row is added there for ``flush_index`` (before the commit).
    """
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
        return None
    content_hash = article.content_hash or ""
    published_ts = timestamp(article.published)
    rowid = date_rowid(conn, published_ts)
    source_key = key_list([article.outlet or "", *source_names(path, root)])
    conn.execute(
        """INSERT INTO articles(rowid, id, file, title, outlet, byline, published, published_ts, url, tags,
               content_hash, title_key, outlet_key, author_key, source_key, tags_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            rowid, article.id, path, article.title, article.outlet, article.byline,
            article.published.isoformat() if article.published else None,
            published_ts, article.url, SEP.join(article.tags), content_hash,
            fold(article.title), fold(article.outlet) if article.outlet else "\uffff",
            key_list([article.byline or "", article.byline_credit or ""]),
            source_key, key_list(article.tags),
        ),
    )
    conn.execute("INSERT INTO bodies(rowid, data) VALUES (?, ?)", (rowid, article_blob(article)))
    values = _values(article, source_key, _entities(conn, content_hash), *_state_row(conn, article.id))
    if pending is None:
        _fts_insert(conn, rowid, values)
    else:
        pending.append((rowid, values))
    return rowid


def delete_file_articles(conn: sqlite3.Connection, path: str) -> list[str]:
    """Remove the articles read from ``path``; returns their ids."""
    gone: list[str] = []
    for rowid, article_id in conn.execute("SELECT rowid, id FROM articles WHERE file = ?", (path,)).fetchall():
        values = indexed_values(conn, rowid)
        if values is not None:
            _fts_delete(conn, rowid, values)
        gone.append(article_id)
    conn.execute("DELETE FROM bodies WHERE rowid IN (SELECT rowid FROM articles WHERE file = ?)", (path,))
    conn.execute("DELETE FROM articles WHERE file = ?", (path,))
    conn.execute("DELETE FROM shadowed WHERE path = ?", (path,))
    return gone


def write_state(conn: sqlite3.Connection, article_id: str, record: StateRecord | None) -> bool:
    """Mirror one article's state; True when it changed. None or an empty record clears it."""
    new = record.row() if record is not None and not record.empty else None
    old_row = conn.execute(
        "SELECT read, starred, tags, tags_key, notes, note_count FROM state WHERE id = ?", (article_id,)
    ).fetchone()
    if (tuple(old_row) if old_row else None) == new:
        return False
    found = conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
    # Only tags and notes are in the text index; read and starred are not.
    index_changes = ((old_row[2], old_row[4]) if old_row else ("", "")) != ((new[2], new[4]) if new else ("", ""))
    old = indexed_values(conn, found[0]) if found and index_changes else None
    if new is None:
        conn.execute("DELETE FROM state WHERE id = ?", (article_id,))
    else:
        conn.execute(
            """INSERT INTO state(id, read, starred, tags, tags_key, notes, note_count)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET read = excluded.read, starred = excluded.starred,
                   tags = excluded.tags, tags_key = excluded.tags_key, notes = excluded.notes,
                   note_count = excluded.note_count""",
            (article_id, *new),
        )
    if old is not None:
        reindex(conn, found[0], old)
    return True


def move_articles(conn: sqlite3.Connection, old: str, new: str, root: str | None) -> None:
    """The articles of file ``old`` now come from ``new`` (same bytes, another name)."""
    for rowid, outlet in conn.execute("SELECT rowid, outlet FROM articles WHERE file = ?", (old,)).fetchall():
        before = indexed_values(conn, rowid)
        conn.execute("UPDATE articles SET file = ?, source_key = ? WHERE rowid = ?",
                     (new, key_list([outlet or "", *source_names(new, root)]), rowid))
        if before is not None:
            reindex(conn, rowid, before)


def state_ids(conn: sqlite3.Connection) -> Iterable[str]:
    return [r[0] for r in conn.execute("SELECT id FROM state")]
