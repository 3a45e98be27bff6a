"""The catalog: a library's articles in SQLite, with a full-text index and the query language.

A cache in the user cache folder (``paths.catalog_file()`` for the default library, one file
per other set of paths via ``catalog_path(paths)``). Deleting it loses nothing: the state
store (``core.state``) stays the truth for read, starred, tags and notes; the catalog only
mirrors them for searching. A damaged catalog, one from a newer (or older) format, or one
written by another version of the parser is rebuilt, and ``open`` returns a notice saying so.

Opening and filling::

    catalog, notice = Catalog.open()                # or Catalog.for_library(paths)
    if notice: show(notice)                          # one line, plain text
    report = catalog.sync(paths, progress=None, should_stop=None, workers=1)  # -> SyncReport
    #   progress(stage, done, total); workers > 1 parses in that many processes
    #   report.new / changed / removed / unchanged / reused / skipped (files),
    #   report.articles, report.problems (one line each), report.stopped
    catalog.sync_state(state_records(store))         # mirror tags, notes, read, starred
    catalog.update_state(article_id, record_of(store, article_id))  # after one change
    catalog.analyse(should_stop=None, progress=None) # background: spans and entities

``sync`` parses only new or changed files (a file whose size, times and inode are unchanged is
not opened; one with the same bytes as before, or as a removed file, is not parsed again), and
drops the articles of removed files. It does not analyse: the first screen needs no analysis,
so ``analyse`` (newest first; the slow part, see ``benchmarks/RESULTS.md``) runs in the
background afterwards (``pending_analysis()`` says how many are left),
and ``analysis(id)`` computes one article at once when the reader needs it before that.
Analyses are kept per article version (content hash), so an unchanged article is analysed once.

Reading (fast enough for the UI thread: an indexed page is a few milliseconds)::

    catalog.count(query=None) -> int
    catalog.rows(query=None, order=None, offset=0, limit=50) -> list[Row]
    catalog.ids(query=None, order=None) -> list[str]
    catalog.index_of(id, query=None, order=None) -> int | None   # its place in that list
    catalog.search(text, limit=50, order=None) -> SearchResult(query, total, rows)
    catalog.row(id) -> Row | None
    catalog.article(id) -> Article | None            # the whole parsed article
    catalog.spans(id) -> tuple[Span, ...] | None     # None: not analysed yet
    catalog.analysis(id, compute=True) -> AnalysedArticle | None
    catalog.entity_index(label, name) -> list[str]   # the entity pivot: ids, newest first
    catalog.entities(prefix="", label=None, limit=50) -> list[EntityRef]
    catalog.article_entities(id) -> tuple[EntityRef, ...]
    catalog.info() -> CatalogInfo; catalog.problems() -> list[str]   # files that could not be read
    catalog.rebuild(); catalog.close()

``query`` is text in the query language (see ``core.query``; ``parse_query`` raises ``QueryError``
with a column, for the search box to show), a parsed ``Query``, or None for every article.
``order`` is "rank" (BM25, title weighted highest, ties newest first; the default when the
query has words; it ranks the newest 2,000 matches, ``compile.RANK_WINDOW``, and lists older
matches after them, newest first, so that a common word stays fast in a large library),
"newest" (the default otherwise), "oldest", "title" or "outlet". A ``Row``
carries what a list line shows (id, title, outlet, byline, published, source, url, tags,
content_hash, read, starred, note_count) and ``marks``: the query's words found in the title,
outlet or byline; ``marks.mark_ranges(text, terms)`` gives where to mark them in any text.

Threads: every method may be called from any thread. Reads use one SQLite connection per
thread (made on first use), in WAL mode, so the UI thread reads while a background thread
syncs or analyses; a reader sees the articles committed so far (a sync commits every quarter
second). Writes (``sync``, ``analyse``'s results, ``sync_state``, ``update_state``,
``rebuild``) go through the one writer connection, one transaction at a time: a sync holds it
for one batch at a time, so ``update_state`` from the UI thread waits at most about a quarter
second. Another process writing the same file waits its turn (up to 10 s per batch). ``close``
once no thread uses the catalog.
"""

from __future__ import annotations

from newsreader.core.catalog.catalog import (
    Catalog,
    CatalogInfo,
    Row,
    SearchResult,
    catalog_path,
    default_library,
)
from newsreader.core.catalog.marks import mark_ranges
from newsreader.core.catalog.mirror import StateRecord, record_of, state_records
from newsreader.core.catalog.sync import SyncReport
from newsreader.core.query import Query, QueryError, parse_query

__all__ = [
    "Catalog",
    "CatalogInfo",
    "Query",
    "QueryError",
    "Row",
    "SearchResult",
    "StateRecord",
    "SyncReport",
    "catalog_path",
    "default_library",
    "mark_ranges",
    "parse_query",
    "record_of",
    "state_records",
]
