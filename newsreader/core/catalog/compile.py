"""A parsed ``Query`` as SQL over the catalog's tables.

User text never reaches the SQL: every value is a bound parameter, and the full-text
expression is built only from the words of each term, each phrase in double quotes (words
are runs of letters and digits, so they hold no quote and no FTS5 operator).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsreader.core.catalog.codec import SEP
from newsreader.core.catalog.query import Filter, Query, Term

__all__ = ["ORDERS", "Compiled", "compile_query", "fts_phrase"]

ORDERS = {
    "newest": "a.published_ts DESC, a.rowid DESC",
    "oldest": "(a.published_ts IS NULL), a.published_ts, a.rowid",
    "title": "a.title_key, a.rowid",
    "outlet": "a.outlet_key, a.published_ts DESC, a.rowid",
    "rank": "fts.rank, a.published_ts DESC, a.rowid DESC",
}


def fts_phrase(term: Term) -> str:
    return '"' + " ".join(term.words).replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Compiled:
    """``FROM {source} WHERE {where}`` with ``params``; ``source`` joins the index when ranked."""

    query: Query
    source: str
    where: str
    params: tuple[object, ...]

    @property
    def ranked(self) -> bool:
        return self.query.ranked

    def order_by(self, order: str | None) -> str:
        if order is None:
            order = "rank" if self.ranked else "newest"
        if order == "rank" and not self.ranked:
            order = "newest"
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of: {', '.join(ORDERS)}")
        return ORDERS[order]


def compile_query(query: Query) -> Compiled:
    conditions: list[str] = []
    params: list[object] = []
    positive, negative = query.positive, query.negative
    source = "articles a"
    if positive:
        expression = "(" + " AND ".join(fts_phrase(t) for t in positive) + ")"
        expression += "".join(f" NOT {fts_phrase(t)}" for t in negative)
        source = "fts JOIN articles a ON a.rowid = fts.rowid"
        conditions.append("fts MATCH ?")
        params.append(expression)
    elif negative:
        conditions.append("a.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(" OR ".join(fts_phrase(t) for t in negative))
    for item in query.filters:
        sql, values = _filter(item)
        conditions.append(f"NOT coalesce(({sql}), 0)" if item.negated else f"({sql})")
        params.extend(values)
    return Compiled(query, source, " AND ".join(conditions) or "1", tuple(params))


def _filter(item: Filter) -> tuple[str, list[object]]:
    key, value = item.key, item.value
    if key == "tag":
        wanted = SEP + str(value) + SEP
        return ("instr(a.tags_key, ?) > 0 OR a.id IN (SELECT id FROM state WHERE instr(tags_key, ?) > 0)",
                [wanted, wanted])
    if key == "source":
        return "instr(a.source_key, ?) > 0", [value]
    if key == "author":
        return "instr(a.author_key, ?) > 0", [value]
    if key in ("person", "org", "place", "entity"):
        label = " AND m.label = ?" if item.label else ""
        return (
            "a.content_hash IN (SELECT v.hash FROM mentions m JOIN analyses v ON v.vid = m.vid "
            f"WHERE m.key = ?{label})",
            [value, item.label] if item.label else [value],
        )
    if key == "is":
        if value == "unread":
            return "a.id NOT IN (SELECT id FROM state WHERE read)", []
        column = "read" if value == "read" else "starred"
        return f"a.id IN (SELECT id FROM state WHERE {column})", []
    if key == "has":
        return "a.id IN (SELECT id FROM state WHERE note_count > 0 OR notes != '')", []
    if key == "before":
        return "a.published_ts < ?", [value]
    if key == "after":
        return "a.published_ts >= ?", [value]
    raise AssertionError(f"no SQL for filter {key!r}")
