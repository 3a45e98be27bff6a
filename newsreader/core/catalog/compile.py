"""A parsed ``Query`` as SQL over the catalog's tables.

User text never reaches the SQL: every value is a bound parameter, and the full-text
expression is built only from the words of each term, each phrase in double quotes (words
are runs of letters and digits, so they hold no quote and no FTS5 operator).

``tag:``, ``author:`` and ``source:`` are looked up in the text index too (the tags, byline
and outlet columns; the outlet column also holds the folder names), so they never scan the
whole catalog; ``tag:`` then checks that a whole tag matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsreader.core.catalog.codec import SEP
from newsreader.core.catalog.schema import WEIGHTS
from newsreader.core.query import Filter, Query, words_of

__all__ = ["ORDERS", "RANK_WINDOW", "Compiled", "compile_query", "fts_phrase"]

# Ranking looks at the newest this-many matches, then older matches follow newest first: BM25
# costs a few microseconds a match, and a common word matches most of a 100k library (the
# text index walks matches newest first and stops here). Counts are always exact.
RANK_WINDOW = 2_000
SCORE = f"bm25(fts, {', '.join(str(w) for w in WEIGHTS.values())})"
ORDERS = ("rank", "newest", "oldest", "title", "outlet")
_ORDER_SQL = {
    "oldest": "(a.published_ts IS NULL), a.published_ts, a.rowid",
    "title": "a.title_key, a.rowid",
    "outlet": "a.outlet_key, a.rowid DESC",
}
_COLUMN = {"tag": "tags", "author": "byline", "source": "outlet"}
_TAG_SQL = "(instr(a.tags_key, ?) > 0 OR a.id IN (SELECT id FROM state WHERE instr(tags_key, ?) > 0))"


def fts_phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Compiled:
    """``SELECT ... FROM {source} WHERE {where}`` with ``params``. When ``match`` is set the
    source joins the text index (``fts``) and its first parameter is the match expression."""

    query: Query
    source: str
    where: str
    params: tuple[object, ...]
    match: str | None

    @property
    def ranked(self) -> bool:
        return self.query.ranked

    @property
    def index_only(self) -> bool:
        """True when the match expression alone decides (a count needs no join)."""
        return self.match is not None and self.where == "fts MATCH ?"

    def order(self, order: str | None) -> str:
        if order is None or (order == "rank" and not self.ranked):
            return "rank" if self.ranked else "newest"
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of: {', '.join(ORDERS)}")
        return order

    def order_by(self, order: str) -> str:
        """ORDER BY for any order but "rank" (which ``Catalog.rows`` pages in two parts)."""
        if order in ("newest", "rank"):
            return "fts.rowid DESC" if self.match else "a.rowid DESC"
        return _ORDER_SQL[order]


_SLOTS = 1 << 16  # as write.date_rowid: rowid = whole seconds of publication * _SLOTS + n
_FIRST_DATED = -(1 << 45) * _SLOTS


def _date_bound(seconds: float) -> int:
    """The first rowid of articles published at or after ``seconds`` (a whole second)."""
    return int(min(max(seconds, -(1 << 45)), 1 << 45)) * _SLOTS


def compile_query(query: Query) -> Compiled:
    conditions: list[str] = []
    params: list[object] = []
    dated: list[tuple[Filter, str, list[object]]] = []
    positive = [fts_phrase(t.words) for t in query.positive]
    negative = [fts_phrase(t.words) for t in query.negative]
    for item in query.filters:
        column = _COLUMN.get(item.key)
        words = words_of(str(item.value)) if column else ()
        if column and words and not (item.negated and item.key == "tag"):
            phrase = f"{column} : {fts_phrase(words)}"
            (negative if item.negated else positive).append(phrase)
            if item.key == "tag":  # the index finds the words; a whole tag must match
                wanted = SEP + str(item.value) + SEP
                conditions.append(_TAG_SQL)
                params.extend([wanted, wanted])
            continue
        if item.key in ("before", "after"):  # rowids follow publication times: a range of them
            bound = _date_bound(float(item.value))
            if item.key == "before":
                dated.append((item, "{rowid} >= ? AND {rowid} < ?", [_FIRST_DATED, bound]))
            else:
                dated.append((item, "{rowid} >= ?", [bound]))
            continue
        sql, values = _filter(item, words)
        conditions.append(f"NOT coalesce(({sql}), 0)" if item.negated else f"({sql})")
        params.extend(values)
    match = None
    source = "articles a"
    if positive:
        match = "(" + " AND ".join(positive) + ")" + "".join(f" NOT {n}" for n in negative)
        source = "fts JOIN articles a ON a.rowid = fts.rowid"
        conditions.insert(0, "fts MATCH ?")
        params.insert(0, match)
    elif negative:
        conditions.insert(0, "a.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.insert(0, " OR ".join(negative))
    rowid = "fts.rowid" if match else "a.rowid"
    for item, sql, values in dated:
        sql = sql.format(rowid=rowid)
        conditions.append(f"NOT ({sql})" if item.negated else sql)
        params.extend(values)
    return Compiled(query, source, " AND ".join(conditions) or "1", tuple(params), match)


def _filter(item: Filter, words: tuple[str, ...]) -> tuple[str, list[object]]:
    key, value = item.key, item.value
    if key == "tag":
        wanted = SEP + str(value) + SEP
        if words:  # negated: not (found by the index and a whole tag)
            return (f"a.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?) AND {_TAG_SQL}",
                    [f"tags : {fts_phrase(words)}", wanted, wanted])
        return _TAG_SQL, [wanted, wanted]
    if key == "source":  # a name without letters or digits: compared as text
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
    raise AssertionError(f"no SQL for filter {key!r}")
