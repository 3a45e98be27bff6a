"""Storing analyses (spans and entity mentions) per article version, keyed by content hash."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence

from newsreader.core.analysis.spans import ENTITY_LABELS, Span
from newsreader.core.catalog.codec import fold, spans_blob
from newsreader.core.catalog.write import indexed_values, reindex

__all__ = ["pending", "store_analysis"]


def pending(conn: sqlite3.Connection, limit: int | None = None) -> list[tuple[str, str]]:
    """(content hash, article id) of article versions not analysed yet, newest first."""
    sql = (
        "SELECT a.content_hash, a.id FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM analyses v WHERE v.hash = a.content_hash) "
        "ORDER BY a.rowid DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    seen: dict[str, str] = {}
    for content_hash, article_id in conn.execute(sql):
        seen.setdefault(content_hash, article_id)
    return list(seen.items())


def store_analysis(
    conn: sqlite3.Connection,
    content_hash: str,
    engine: str,
    spans: Sequence[Span],
    problem: str | None = None,
) -> None:
    """Keep one version's analysis and index its entity names (inside a transaction)."""
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM articles WHERE content_hash = ?", (content_hash,))]
    olds = [(rowid, indexed_values(conn, rowid)) for rowid in rowids]
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {}
    for span in spans:
        if span.label not in ENTITY_LABELS:
            continue
        name = span.canonical or span.text
        key = fold(name)
        if not key:
            continue
        names.setdefault(key, name)
        counts[(key, span.label)] += 1
    entities = "\n".join(names[k] for k in names)
    conn.execute(
        """INSERT INTO analyses(hash, engine, spans, entities, problem) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(hash) DO UPDATE SET engine = excluded.engine, spans = excluded.spans,
               entities = excluded.entities, problem = excluded.problem""",
        (content_hash, engine, spans_blob(spans), entities, problem),
    )
    vid = conn.execute("SELECT vid FROM analyses WHERE hash = ?", (content_hash,)).fetchone()[0]
    conn.execute("DELETE FROM mentions WHERE vid = ?", (vid,))
    conn.executemany(
        "INSERT INTO mentions(key, label, vid, name, n) VALUES (?, ?, ?, ?, ?)",
        [(key, label, vid, names[key], n) for (key, label), n in counts.items()],
    )
    for rowid, old in olds:
        if old is not None:
            reindex(conn, rowid, old)
