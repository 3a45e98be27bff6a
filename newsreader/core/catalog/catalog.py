"""``Catalog``: the articles of a library in SQLite, searchable. See the package docstring."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.core.analysis.spans import ENTITY_LABELS, Span
from newsreader.core.catalog import schema
from newsreader.core.catalog.analyse import pending, store_analysis
from newsreader.core.catalog.codec import SEP, article_from_blob, fold, spans_from_blob
from newsreader.core.catalog.compile import RANK_WINDOW, SCORE, Compiled, compile_query
from newsreader.core.catalog.marks import marked_terms
from newsreader.core.catalog.mirror import StateRecord
from newsreader.core.catalog.sync import Progress, SyncReport, run_sync
from newsreader.core.catalog.write import state_ids, write_state
from newsreader.core.catalog.write_lock import WriteLock
from newsreader.core.entity_ref import EntityRef
from newsreader.core.model import Article
from newsreader.core.paths import cache_dir, catalog_file, feeds_dir, seeds_dir
from newsreader.core.query import Query, parse_query

# The analysis modules load when an analysis is asked for: the first page needs none.
if TYPE_CHECKING:
    from newsreader.core.analysis.document import AnalysedArticle

__all__ = ["Catalog", "CatalogInfo", "Row", "SearchResult", "catalog_path", "default_library"]

QueryLike = str | Query | None
TIMED_OUT = "timed out"  # how a stored analysis problem starts when the deadline passed
_ROW_COLUMNS = (
    "a.id, a.title, a.outlet, a.byline, a.published, a.file, a.url, a.tags, a.content_hash, "
    "s.read, s.starred, s.note_count, s.tags"
)


@dataclass(frozen=True, slots=True)
class Row:
    """What the article list needs to draw one line, without loading the article.

    ``read``, ``starred``, ``note_count`` and the state part of ``tags`` come from the
    catalog's mirror of the state store (the store is the truth). ``marks``: the query's
    words and phrases found in the title, outlet or byline (``marks.mark_ranges`` places them).
    """

    id: str
    title: str
    outlet: str | None
    byline: str | None
    published: datetime | None
    source: Path | None
    url: str | None
    tags: tuple[str, ...]
    content_hash: str
    read: bool = False
    starred: bool = False
    note_count: int = 0
    marks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: Query
    total: int
    rows: list[Row]


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    path: Path
    bytes: int  # on disk, with the write-ahead log
    articles: int
    files: int
    analysed: int  # article versions analysed
    pending: int  # article versions not analysed yet
    state: int  # articles with mirrored state
    schema: int


def default_library() -> list[Path]:
    """What ``newsreader search`` looks in by default: the bundled samples, and the articles
    fetched from feeds when there are any."""
    library = [seeds_dir()]
    if feeds_dir().is_dir():
        library.append(feeds_dir())
    return library


def catalog_path(paths: Sequence[Path | str] | None = None) -> Path:
    """The catalog file for a library: ``catalog_file()`` for the default library (or None),
    else one per set of paths in ``catalogs/`` in the cache folder."""
    if paths is None:
        return catalog_file()
    wanted = sorted({os.path.abspath(os.fspath(p)) for p in paths})
    if wanted == sorted({os.path.abspath(p) for p in default_library()}):
        return catalog_file()
    name = hashlib.blake2b("\0".join(wanted).encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    return cache_dir() / "catalogs" / f"{name}.sqlite3"


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class Catalog:
    """One catalog file. Open with ``Catalog.open``; see the package docstring for threads."""

    def __init__(self, path: Path, writer: sqlite3.Connection, notice: str | None) -> None:
        self.path = path
        self.notice = notice
        self._writer = writer
        self._write_lock = WriteLock()  # held by one write transaction at a time
        self._sync_lock = threading.Lock()  # one sync at a time
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._generation = 0
        self._closed = False
        self.analysis_deadline: float | None = None  # seconds; None: the guard's default
        self._guard = None  # the worker process that analyses (analysis.guarded), when started

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None) -> tuple[Catalog, str | None]:
        """Open (or create) the catalog at ``path`` (default: ``catalog_file()``).

        Returns the catalog and a one-line notice when the file had to be rebuilt (damaged,
        from a newer newsreader, ...), else None. Raises ``OSError`` when the cache folder or
        the file cannot be written at all.
        """
        where = Path(path) if path is not None else catalog_file()
        try:
            writer, notice = schema.open_file(where)
        except sqlite3.Error as exc:  # a read-only or full disk, a file we may not open
            raise OSError(f"{where}: {exc}") from exc
        return cls(where, writer, notice), notice

    @classmethod
    def for_library(cls, paths: Sequence[Path | str] | None = None) -> tuple[Catalog, str | None]:
        """``open`` the catalog kept for this library (see ``catalog_path``)."""
        return cls.open(catalog_path(paths))

    def close(self) -> None:
        """Close every connection (call once no other thread uses the catalog)."""
        if self._closed:
            return
        self._closed = True
        self.stop_analysis()
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._write_lock:
            self._writer.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reader(self) -> sqlite3.Connection:
        """This thread's read connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.generation != self._generation:
            conn = schema.connect(self.path, readonly=True)
            self._local.conn, self._local.generation = conn, self._generation
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def rebuild(self, reason: str | None = None) -> None:
        """Start again from an empty catalog (the next ``sync`` reads every file)."""
        with self._write_lock:
            self._writer.close()
            with self._readers_lock:
                for conn in self._readers:
                    conn.close()
                self._readers.clear()
                self._generation += 1
            self._writer = schema.create(self.path)
            if reason:
                self.notice = f"The search catalog was rebuilt: {reason}. Articles are read again."

    # -- writing -------------------------------------------------------------------------

    def sync(
        self,
        paths: Iterable[Path | str],
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        workers: int = 1,
    ) -> SyncReport:
        """Make the catalog hold exactly the articles under ``paths`` (files and folders).

        ``progress(stage, done, total)`` is called now and then; ``should_stop()`` is asked
        between files (what was done is kept). ``workers`` > 1 parses in that many processes
        when many files need reading. A catalog found damaged is rebuilt and synced again.
        """
        paths = list(paths)
        with self._sync_lock:
            try:
                return run_sync(self._writer, paths, progress=progress, should_stop=should_stop,
                                workers=workers, lock=self._write_lock)
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc):
                    raise
                self.rebuild(f"it is damaged ({exc})")
                return run_sync(self._writer, paths, progress=progress, should_stop=should_stop,
                                workers=workers, lock=self._write_lock)

    def pending_analysis(self) -> int:
        """How many article versions are not analysed yet."""
        return self._reader().execute(
            "SELECT count(DISTINCT content_hash) FROM articles a "
            "WHERE NOT EXISTS (SELECT 1 FROM analyses v WHERE v.hash = a.content_hash)"
        ).fetchone()[0]

    def analyse(
        self,
        should_stop: Callable[[], bool] | None = None,
        progress: Progress | None = None,
        *,
        limit: int | None = None,
        engine=None,
    ) -> int:
        """Analyse articles not analysed yet, newest first; returns how many were done.

        Meant for a background thread: the analysis runs outside the write lock, and each
        result is committed as it comes, so ``person:`` and friends find more as it goes.
        """
        from newsreader.core.analysis.engine import get_engine

        engine = engine or get_engine()
        todo = pending(self._reader(), limit)
        done = 0
        last = 0.0
        for content_hash, article_id in todo:
            if should_stop is not None and should_stop():
                break
            article = self.article(article_id)
            if article is not None:
                self._analyse_one(article, engine, content_hash)
            done += 1
            if progress is not None and time.monotonic() - last > 0.1:
                progress("analyse", done, len(todo))
                last = time.monotonic()
        if progress is not None and todo:
            progress("analyse", done, len(todo))
        return done

    def _analysis_guard(self):
        """The worker process analyses run in, within a deadline (started when first used)."""
        from newsreader.core.analysis.guarded import DEFAULT_DEADLINE, AnalysisGuard

        guard = self._guard
        if guard is None:
            guard = self._guard = AnalysisGuard(self.analysis_deadline or DEFAULT_DEADLINE)
        return guard

    def stop_analysis(self) -> None:
        """Kill the analysis worker now (an analysis running stops with ``AnalysisCancelled``);
        a later analysis starts a new one."""
        guard, self._guard = self._guard, None
        if guard is not None:
            guard.close()

    def _analyse_one(self, article: Article, engine, content_hash: str) -> AnalysedArticle:
        from newsreader.core.analysis.document import AnalysedArticle, article_blocks
        from newsreader.core.analysis.guarded import AnalysisCancelled, AnalysisTimedOut

        try:
            analysed = self._analysis_guard().analyse(article, engine)
            spans, problem = analysed.spans, None
        except AnalysisCancelled:
            raise
        except AnalysisTimedOut as exc:  # kept without names: not tried again for this version
            text, blocks = article_blocks(article)
            analysed = AnalysedArticle(text, blocks, ())
            spans, problem = (), f"{TIMED_OUT}: {exc}"
        except Exception as exc:  # one article the engine cannot read: noted, not retried
            text, blocks = article_blocks(article)
            analysed = AnalysedArticle(text, blocks, ())
            spans, problem = (), f"{type(exc).__name__}: {exc}"
        with self._write_lock:
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                store_analysis(self._writer, content_hash, getattr(engine, "name", "?"), spans, problem)
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self._writer.execute("COMMIT")
        return analysed

    def sync_state(self, records: Mapping[str, StateRecord]) -> int:
        """Mirror the whole state: ``records`` maps article id to its state (see
        ``mirror.state_records``); articles not in it have none. Returns how many changed."""
        changed = 0
        with self._write_lock:
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                for article_id in set(state_ids(self._writer)) - set(records):
                    changed += write_state(self._writer, article_id, None)
                for article_id, record in records.items():
                    changed += write_state(self._writer, article_id, record)
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self._writer.execute("COMMIT")
        return changed

    def update_state(self, article_id: str, record: StateRecord | None) -> bool:
        """Mirror one article's state after a change (cheap: one row of the index)."""
        with self._write_lock:
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                changed = write_state(self._writer, article_id, record)
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self._writer.execute("COMMIT")
        return changed

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def compile(query: QueryLike) -> Compiled:
        """Parse (when text) and compile a query; raises ``QueryError`` for a bad one."""
        if query is None:
            query = Query("")
        elif isinstance(query, str):
            query = parse_query(query)
        return compile_query(query)

    def count(self, query: QueryLike = None) -> int:
        """How many articles match (all of them for None or an empty query)."""
        compiled = self.compile(query)
        if compiled.where == "1":
            return self._reader().execute("SELECT count(*) FROM articles").fetchone()[0]
        if compiled.index_only:
            return self._reader().execute("SELECT count(*) FROM fts WHERE fts MATCH ?", compiled.params).fetchone()[0]
        sql = f"SELECT count(*) FROM {compiled.source} WHERE {compiled.where}"
        return self._reader().execute(sql, compiled.params).fetchone()[0]

    def rows(self, query: QueryLike = None, order: str | None = None, offset: int = 0, limit: int = 50) -> list[Row]:
        """One page of matching articles. ``order``: "rank" (the default when the query has
        words), "newest" (the default otherwise), "oldest", "title" or "outlet"."""
        compiled = self.compile(query)
        offset, limit = max(0, int(offset)), max(0, int(limit))
        marks = compiled.query.marks
        return [_row(r, marks) for r in self._page(compiled, compiled.order(order), offset, limit)]

    def ids(self, query: QueryLike = None, order: str | None = None) -> list[str]:
        """The ids of every matching article, in order."""
        compiled = self.compile(query)
        order = compiled.order(order)
        if order == "rank":
            return [r[0] for r in self._page(compiled, order, 0, -1)]
        sql = f"SELECT a.id FROM {compiled.source} WHERE {compiled.where} ORDER BY {compiled.order_by(order)}"
        return [r[0] for r in self._reader().execute(sql, compiled.params)]

    def _page(self, compiled: Compiled, order: str, offset: int, limit: int) -> list[tuple]:
        """Rows (``_ROW_COLUMNS``) of one page; limit -1 for all. Ranked: the newest
        ``RANK_WINDOW`` matches by score (ties newest first), then older matches, newest first."""
        conn = self._reader()
        if order != "rank":
            sql = (
                f"SELECT {_ROW_COLUMNS} FROM {compiled.source} LEFT JOIN state s ON s.id = a.id "
                f"WHERE {compiled.where} ORDER BY {compiled.order_by(order)} LIMIT ? OFFSET ?"
            )
            return conn.execute(sql, (*compiled.params, limit, offset)).fetchall()
        window = (
            f"SELECT fts.rowid AS r, {SCORE} AS score FROM {compiled.source} "
            f"WHERE {compiled.where} ORDER BY fts.rowid DESC LIMIT {RANK_WINDOW}"
        )
        found: list[tuple] = []
        if offset < RANK_WINDOW:
            sql = (
                f"SELECT {_ROW_COLUMNS} FROM ({window}) w JOIN articles a ON a.rowid = w.r "
                "LEFT JOIN state s ON s.id = a.id ORDER BY w.score, w.r DESC LIMIT ? OFFSET ?"
            )
            found = conn.execute(sql, (*compiled.params, limit, offset)).fetchall()
            if len(found) == limit or len(found) + offset < RANK_WINDOW:
                return found
        # Past the window: older matches, newest first.
        last = conn.execute(
            f"SELECT fts.rowid FROM {compiled.source} WHERE {compiled.where} "
            f"ORDER BY fts.rowid DESC LIMIT 1 OFFSET {RANK_WINDOW - 1}",
            compiled.params,
        ).fetchone()
        if last is None:
            return found
        more = -1 if limit < 0 else limit - len(found)
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {compiled.source} LEFT JOIN state s ON s.id = a.id "
            f"WHERE {compiled.where} AND fts.rowid < ? ORDER BY fts.rowid DESC LIMIT ? OFFSET ?"
        )
        return found + conn.execute(
            sql, (*compiled.params, last[0], more, max(0, offset - RANK_WINDOW))
        ).fetchall()

    def index_of(self, article_id: str, query: QueryLike = None, order: str | None = None) -> int | None:
        """Where the article is in ``rows(query, order)`` (None: it does not match)."""
        compiled = self.compile(query)
        order = compiled.order(order)
        if order == "newest":
            found = self._reader().execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
            if found is None:
                return None
            column = "fts.rowid" if compiled.match else "a.rowid"
            sql = f"SELECT {column} FROM {compiled.source} WHERE {compiled.where} AND {column} >= ?"
            newer = [r[0] for r in self._reader().execute(sql, (*compiled.params, found[0]))]
            return len(newer) - 1 if found[0] in newer else None
        try:
            return self.ids(compiled.query, order).index(article_id)
        except ValueError:
            return None

    def search(self, text: str, limit: int = 50, order: str | None = None) -> SearchResult:
        """Parse ``text`` (``QueryError`` if bad) and give the total and the first rows."""
        query = parse_query(text)
        return SearchResult(query, self.count(query), self.rows(query, order, 0, limit))

    def row(self, article_id: str) -> Row | None:
        found = self._reader().execute(
            f"SELECT {_ROW_COLUMNS} FROM articles a LEFT JOIN state s ON s.id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return _row(found, ()) if found else None

    def article(self, article_id: str) -> Article | None:
        """The whole article, as parsed."""
        found = self._reader().execute(
            "SELECT b.data, a.file FROM articles a JOIN bodies b ON b.rowid = a.rowid WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return article_from_blob(found[0], article_id, found[1]) if found else None

    def analysis_problem(self, article_id: str) -> str | None:
        """Why the article's stored analysis found nothing (``timed out: ...``, an engine's
        error), or None."""
        found = self._reader().execute(
            "SELECT v.problem FROM articles a JOIN analyses v ON v.hash = a.content_hash WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return found[0] if found else None

    def spans(self, article_id: str) -> tuple[Span, ...] | None:
        """The article's stored analysis spans; None when it is not analysed yet."""
        found = self._reader().execute(
            "SELECT v.spans FROM articles a JOIN analyses v ON v.hash = a.content_hash WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return spans_from_blob(found[0]) if found else None

    def analysis(self, article_id: str, *, compute: bool = True, engine=None) -> AnalysedArticle | None:
        """The article's analysis: stored, or (``compute``) made now and stored."""
        article = self.article(article_id)
        if article is None:
            return None
        spans = self.spans(article_id)
        if spans is not None:
            from newsreader.core.analysis.document import AnalysedArticle, article_blocks

            text, blocks = article_blocks(article)
            return AnalysedArticle(text, blocks, spans)
        if not compute:
            return None
        from newsreader.core.analysis.engine import get_engine

        return self._analyse_one(article, engine or get_engine(), article.content_hash or "")

    def entity_index(self, label: str | None, name: str) -> list[str]:
        """Ids of the analysed articles that mention the entity ``name`` (its canonical name,
        any case) with ``label`` (PERSON, ORG, PLACE, GROUP; None for any), newest first."""
        where = "m.key = ?" + (" AND m.label = ?" if label else "")
        params = (fold(name), label) if label else (fold(name),)
        sql = (
            "SELECT a.id FROM articles a WHERE a.content_hash IN (SELECT v.hash FROM mentions m "
            f"JOIN analyses v ON v.vid = m.vid WHERE {where}) ORDER BY a.rowid DESC"
        )
        return [r[0] for r in self._reader().execute(sql, params)]

    def entities(self, prefix: str = "", label: str | None = None, limit: int = 50) -> list[EntityRef]:
        """Entities whose canonical name starts with ``prefix``, most mentioned first, with
        their mention and article-version counts."""
        key = fold(prefix)
        where, params = "1", []
        if key:
            where, params = "m.key >= ? AND m.key < ?", [key, key + "\U0010ffff"]
        if label:
            where += " AND m.label = ?"
            params.append(label)
        sql = (
            f"SELECT m.label, min(m.name), sum(m.n), count(*) FROM mentions m WHERE {where} "
            "GROUP BY m.key, m.label ORDER BY count(*) DESC, sum(m.n) DESC, m.key LIMIT ?"
        )
        return [EntityRef(r[0], r[1], r[2], r[3]) for r in self._reader().execute(sql, (*params, limit))]

    def article_entities(self, article_id: str) -> tuple[EntityRef, ...]:
        """The article's entities with mention counts, by label then most mentioned."""
        sql = (
            "SELECT m.label, m.name, m.n FROM articles a JOIN analyses v ON v.hash = a.content_hash "
            "JOIN mentions m ON m.vid = v.vid WHERE a.id = ?"
        )
        order = {label: i for i, label in enumerate(ENTITY_LABELS)}
        refs = [EntityRef(r[0], r[1], r[2], 1) for r in self._reader().execute(sql, (article_id,))]
        return tuple(sorted(refs, key=lambda r: (order.get(r.label, 9), -r.mentions, r.name.casefold())))

    def problems(self) -> list[str]:
        """The files of the last sync that could not be read, one line each."""
        return [r[0] for r in self._reader().execute(
            "SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")]

    def info(self) -> CatalogInfo:
        conn = self._reader()
        size = sum(
            Path(str(self.path) + s).stat().st_size for s in ("", "-wal") if Path(str(self.path) + s).exists()
        )
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return CatalogInfo(
            path=self.path,
            bytes=size,
            articles=one("SELECT count(*) FROM articles"),
            files=one("SELECT count(*) FROM files"),
            analysed=one("SELECT count(*) FROM analyses"),
            pending=self.pending_analysis(),
            state=one("SELECT count(*) FROM state"),
            schema=one("PRAGMA user_version"),
        )


def _row(r: tuple, marks: tuple[str, ...]) -> Row:
    tags = tuple(t for t in (r[7] or "").split(SEP) if t)
    if r[12]:
        seen = {fold(t) for t in tags}
        tags += tuple(t for t in r[12].split(SEP) if t and fold(t) not in seen)
    return Row(
        id=r[0],
        title=r[1],
        outlet=r[2],
        byline=r[3],
        published=datetime.fromisoformat(r[4]) if r[4] else None,
        source=Path(r[5]) if r[5] else None,
        url=r[6],
        tags=tags,
        content_hash=r[8],
        read=bool(r[9]),
        starred=bool(r[10]),
        note_count=r[11] or 0,
        marks=marked_terms((r[1], r[2] or "", r[3] or ""), marks) if marks else (),
    )
