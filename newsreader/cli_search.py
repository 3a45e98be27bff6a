"""Command line for the catalog: ``search QUERY``, ``searches add|list|remove``, ``catalog info|rebuild|analyse``.

``search`` looks in the default library (the bundled samples, and the articles fetched from
feeds when there are any) or in the ``--library`` paths, bringing the catalog up to date
first. Read, starred, tags and notes come from the state file (read-only here).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.sanitize import json_safe, sanitize

__all__ = ["COMMANDS", "run_search"]

PROG = "newsreader"
COMMANDS = ("search", "searches", "catalog")
EXIT_BAD_QUERY = 2
LIBRARY_HELP = ("articles (files or folders) to search; repeatable "
                "(default: the bundled samples, and the articles fetched from feeds)")
ORDERS = ("rank", "newest", "oldest", "title", "outlet")


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--library", type=Path, action="append", metavar="PATH", help=LIBRARY_HELP)
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="folder of state.json (default: $NEWSREADER_DATA_DIR or the user data folder)")


def _search_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{PROG} search",
        description="Search the articles. QUERY: words, \"phrases\", -word, tag:, source:, author:, "
        "person:, org:, place:, entity:, is:unread|read|starred, has:notes, before:/after:YYYY[-MM[-DD]]. "
        "Results are ranked (title first) when the query has words, else newest first.",
    )
    p.add_argument("query", metavar="QUERY", help="the query (quote it for the shell)")
    p.add_argument("--json", action="store_true", help="print a JSON list of the hits")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20; 0: all)")
    p.add_argument("--order", choices=ORDERS, help="default: rank with words, else newest")
    _common(p)
    return p


def _searches_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{PROG} searches",
                                description="Saved searches (virtual feeds), kept in searches.toml in the config folder.")
    sub = p.add_subparsers(dest="action", required=True, metavar="add|list|remove")
    add = sub.add_parser("add", help="save a search", description="Save QUERY as NAME (replacing one of that name).")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", metavar="QUERY")
    lst = sub.add_parser("list", help="list saved searches", description="List the saved searches.")
    lst.add_argument("--json", action="store_true", help="print JSON")
    rm = sub.add_parser("remove", help="forget a saved search", description="Forget the saved search NAME.")
    rm.add_argument("name", metavar="NAME")
    return p


def _catalog_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{PROG} catalog",
                                description="The search catalog: a cache in the user cache folder (deleting it loses nothing).")
    sub = p.add_subparsers(dest="action", required=True, metavar="info|rebuild|analyse")
    info = sub.add_parser("info", help="what the catalog holds", description="Show what the catalog holds.")
    info.add_argument("--json", action="store_true", help="print JSON")
    _common(info)
    rebuild = sub.add_parser("rebuild", help="read every article again",
                             description="Empty the catalog and read every article again.")
    rebuild.add_argument("--analyse", action="store_true", help="also find the names in every article (slow)")
    _common(rebuild)
    analyse = sub.add_parser("analyse", help="find the names in articles not analysed yet",
                             description="Find the people, organisations and places in the articles not analysed "
                             "yet (for person:, org:, place:, entity:). Stop with ctrl+c; the work done is kept.")
    _common(analyse)
    return p


class _Progress:
    """Progress on standard error, once an operation has taken over a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.tty = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < 1.0 or (now - self.last < (0.2 if self.tty else 5.0) and done < total):
            return
        self.last = now
        what = "reading articles" if stage == "read" else "finding names"
        line = f"{PROG}: {what}: {done}/{total}"
        if self.tty:
            print("\r" + line, end="\n" if done >= total else "", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)
        self.shown = True

    def end(self) -> None:
        if self.shown and self.tty:
            print(file=sys.stderr, flush=True)
        self.shown = False


def _open(library: list[Path] | None, data_dir: Path | None):
    from newsreader.core.catalog import Catalog, default_library
    from newsreader.core.paths import set_data_dir

    if data_dir is not None:
        set_data_dir(data_dir)
    paths = list(library) if library else default_library()
    catalog, notice = Catalog.for_library(paths)
    if notice:
        _err(f"notice: {notice}")
    return catalog, paths


def _sync(catalog, paths: list[Path]) -> None:
    progress = _Progress()
    workers = max(1, min(4, os.cpu_count() or 1))
    try:
        report = catalog.sync(paths, progress, workers=workers)
    finally:
        progress.end()
    if report.problems:
        count = len(report.problems)
        _err(f"warning: {count} file{'s' if count != 1 else ''} could not be read "
             f"(first: {report.problems[0]}); '{PROG} catalog info' lists them")
    _mirror_state(catalog)


def _mirror_state(catalog) -> None:
    from newsreader.core.catalog import state_records
    from newsreader.core.paths import state_file
    from newsreader.core.state import StateError, StateStore

    if not state_file().exists():
        catalog.sync_state({})
        return
    try:
        store = StateStore.open(role="reader")
    except StateError as exc:
        _err(f"warning: notes and marks not searched: {exc}")
        return
    try:
        catalog.sync_state(state_records(store))
    finally:
        store.close()


def _analyse(catalog) -> int:
    progress = _Progress()
    try:
        return catalog.analyse(progress=progress)
    finally:
        progress.end()


def _hit_json(row) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "outlet": row.outlet,
        "byline": row.byline,
        "published": row.published.isoformat() if row.published else None,
        "source": str(row.source) if row.source else None,
        "url": row.url,
        "tags": list(row.tags),
        "read": row.read,
        "starred": row.starred,
        "notes": row.note_count,
        "marks": list(row.marks),
    }


def _hit_line(row) -> str:
    date = row.published.date().isoformat() if row.published else "----------"
    parts = [date, row.outlet or "-", row.title, row.id]
    line = "  ".join(" ".join(sanitize(p).split()) for p in parts)
    if row.marks:
        line += "  [" + ", ".join(" ".join(sanitize(m).split()) for m in row.marks) + "]"
    return line


def run_search_command(argv: Sequence[str]) -> int:
    from newsreader.core.catalog import QueryError, parse_query

    args = _search_parser().parse_args(argv)
    try:
        query = parse_query(args.query)
    except QueryError as exc:
        _err(f"error: bad query: {exc}")
        return EXIT_BAD_QUERY
    if args.limit < 0:
        _err("error: --limit must be 0 or more")
        return EXIT_BAD_QUERY
    catalog, paths = _open(args.library, args.data_dir)
    try:
        _sync(catalog, paths)
        if query.needs_entities and catalog.pending_analysis():
            _analyse(catalog)
        total = catalog.count(query)
        limit = total if args.limit == 0 else args.limit
        rows = catalog.rows(query, args.order, 0, limit)
    finally:
        catalog.close()
    if args.json:
        utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
        print(json_safe(json.dumps([_hit_json(r) for r in rows], ensure_ascii=not utf8, indent=2)))
    else:
        for row in rows:
            print(_hit_line(row))
        if len(rows) < total:
            _err(f"{len(rows)} of {total} matches shown (--limit N for more)")
        elif not rows:
            _err("no matches")
    return 0


def run_searches_command(argv: Sequence[str]) -> int:
    from newsreader.core.catalog import QueryError
    from newsreader.core.library.saved_searches import (
        add_saved_search,
        load_saved_searches,
        remove_saved_search,
    )
    from newsreader.core.paths import saved_searches_file

    args = _searches_parser().parse_args(argv)
    if args.action == "add":
        try:
            saved, replaced = add_saved_search(args.name, args.query)
        except QueryError as exc:
            _err(f"error: bad query: {exc}")
            return EXIT_BAD_QUERY
        except ValueError as exc:
            _err(f"error: {exc}")
            return EXIT_BAD_QUERY
        print(f"{'updated' if replaced else 'saved'}: {sanitize(saved.name)} = {sanitize(saved.query)}")
        return 0
    if args.action == "remove":
        try:
            gone = remove_saved_search(args.name)
        except KeyError:
            _err(f"error: no saved search called {sanitize(args.name)!r}")
            return 1
        print(f"removed: {sanitize(gone.name)}")
        return 0
    searches, warnings = load_saved_searches()
    for warning in warnings:
        _err(f"warning: {sanitize(warning)}")
    if args.json:
        print(json_safe(json.dumps([{"name": s.name, "query": s.query} for s in searches], indent=2, ensure_ascii=False)))
        return 0
    if not searches:
        print(f"no saved searches ({saved_searches_file()}); add one with: {PROG} searches add NAME QUERY")
        return 0
    width = max(len(s.name) for s in searches)
    for s in searches:
        print(f"{sanitize(s.name):<{width}}  {sanitize(s.query)}")
    return 0


def run_catalog_command(argv: Sequence[str]) -> int:
    args = _catalog_parser().parse_args(argv)
    catalog, paths = _open(args.library, args.data_dir)
    try:
        if args.action == "rebuild":
            catalog.rebuild()
            _sync(catalog, paths)
            if args.analyse:
                _analyse(catalog)
        elif args.action == "analyse":
            _sync(catalog, paths)
            try:
                done = _analyse(catalog)
            except KeyboardInterrupt:
                _err("stopped; the names found so far are kept")
                return 130
            print(f"analysed {done} articles")
        info = catalog.info()
        problems = catalog.problems()
    finally:
        catalog.close()
    if args.action == "info" and args.json:
        data = {
            "path": str(info.path), "bytes": info.bytes, "articles": info.articles, "files": info.files,
            "analysed": info.analysed, "pending_analysis": info.pending, "state": info.state,
            "schema": info.schema, "problems": problems,
        }
        print(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))
        return 0
    print(f"catalog:   {info.path}")
    print(f"size:      {info.bytes / 1e6:.1f} MB")
    print(f"articles:  {info.articles} from {info.files} files")
    print(f"analysed:  {info.analysed} article versions ({info.pending} not yet)")
    print(f"state:     {info.state} articles with marks, tags or notes")
    print(f"library:   {', '.join(str(p) for p in paths)}")
    for problem in problems:
        print(f"problem:   {sanitize(problem)}")
    return 0


def run_search(argv: Sequence[str]) -> int:
    """Dispatch ``argv`` (starting with the command name) to the catalog commands."""
    command, rest = argv[0], list(argv[1:])
    try:
        if command == "search":
            return run_search_command(rest)
        if command == "searches":
            return run_searches_command(rest)
        return run_catalog_command(rest)
    except InputError:
        raise
    except OSError as exc:
        _err(f"error: {exc.filename or 'catalog'}: {exc.strerror or exc}")
        return 1
    except sqlite3.Error as exc:
        _err(f"error: the search catalog cannot be used: {exc}")
        return 1
