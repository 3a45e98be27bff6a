"""Bringing the catalog in line with the library's files.

A file whose size, times and inode are as stored is not read. One that changed is read and
hashed: the same bytes as stored (a touch) or as a file that disappeared (a move) reuse the
articles already in the catalog; other files are parsed. Files gone from the library take
their articles with them; an article id that several files give belongs to the first one
read, and goes to the next when that one is removed. Work is committed in small batches, so
readers see articles arrive and a stopped sync keeps what it did.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.catalog.parse import ParsedFile, file_digest, parse_file, parse_files
from newsreader.core.catalog.write import (
    delete_file_articles,
    flush_index,
    insert_article,
    move_articles,
)
from newsreader.core.errors import InputError

__all__ = ["Progress", "SyncReport", "run_sync"]

Progress = Callable[[str, int, int], None]  # (stage, done, total)
_RECENT_NS = 2_000_000_000  # a file changed this recently is checked again next time
_BATCH_SECONDS = 0.25


@dataclass
class SyncReport:
    """What a sync did. Counts are of files, except ``articles``."""

    new: int = 0  # files read for the first time
    changed: int = 0  # files read again because their bytes changed
    removed: int = 0  # files gone since the last sync
    unchanged: int = 0  # files not read: same size, times and inode
    reused: int = 0  # files with new times or a new name but the same bytes: not parsed again
    skipped: int = 0  # files that hold no article
    articles: int = 0  # articles in the catalog afterwards
    parsed: int = 0  # articles parsed in this sync
    problems: list[str] = field(default_factory=list)  # one line each, naming the file
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False  # ``should_stop`` said to stop: the rest is done next time
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{self.articles} articles", f"{self.new} new", f"{self.changed} changed",
                 f"{self.removed} removed", f"{self.unchanged + self.reused} unchanged files"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} problems")
        return ", ".join(parts) + (" (stopped)" if self.stopped else "")


Key = tuple[int, int, int, int]


def _key(info: os.stat_result) -> Key:
    mtime = info.st_mtime_ns
    if time.time_ns() - mtime < _RECENT_NS:
        mtime = -1  # never equal to a stored key: looked at again (by its hash) next time
    return (info.st_size, mtime, info.st_ctime_ns, info.st_ino)


class _Batch:
    """A write transaction committed every ``_BATCH_SECONDS``, holding ``lock`` while open (so
    other writers wait for one batch, not for the whole sync)."""

    def __init__(self, conn: sqlite3.Connection, lock: AbstractContextManager | None = None) -> None:
        self.conn = conn
        self.lock = lock if lock is not None else nullcontext()
        self.open = False
        self.since = 0.0
        self.index: list[tuple[int, tuple[str, ...]]] = []  # rows to index before the commit

    def begin(self) -> None:
        if not self.open:
            self.lock.__enter__()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.lock.__exit__(None, None, None)
                raise
            self.open, self.since = True, time.monotonic()

    def tick(self) -> None:
        if self.open and time.monotonic() - self.since > _BATCH_SECONDS:
            self.commit()
            pause = getattr(self.lock, "pause", None)
            if pause is not None:
                pause()  # a writer waiting now goes before the next batch

    def commit(self) -> None:
        if self.open:
            try:
                flush_index(self.conn, self.index)
                self.conn.execute("COMMIT")
            finally:
                self.open = False
                self.lock.__exit__(None, None, None)

    def rollback(self) -> None:
        self.index.clear()
        if self.open:
            try:
                self.conn.execute("ROLLBACK")
            finally:
                self.open = False
                self.lock.__exit__(None, None, None)


def _scan(roots: Sequence[str], report: SyncReport) -> tuple[dict[str, tuple[Key, str]], list[str]]:
    """Every article file under ``roots`` with its key and root; roots that could not be listed."""
    from newsreader.core.ingest.loader import article_files

    seen: dict[str, tuple[Key, str]] = {}
    unlisted: list[str] = []
    for root in roots:
        path = Path(root)
        try:
            if path.is_dir():
                files = [str(p) for p in article_files(path)]
            elif path.exists():
                files = [root]
            else:
                report.problems.append(str(InputError(root, "no such file or folder")))
                continue
        except InputError as exc:
            report.problems.append(str(exc))
            unlisted.append(root)
            continue
        for file in files:
            if file in seen:
                continue
            try:
                seen[file] = (_key(os.stat(file)), root)
            except OSError as exc:
                report.problems.append(str(InputError(file, exc.strerror or "cannot be read")))
    return seen, unlisted


def _parsed(paths: list[str], workers: int, should_stop: Callable[[], bool]) -> Iterator[ParsedFile]:
    """Parses of ``paths`` in order, in worker processes when ``workers`` > 1."""
    if workers <= 1 or len(paths) < 64:
        for path in paths:
            if should_stop():
                return
            yield parse_file(path)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = 16
    chunks = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending = [executor.submit(parse_files, c) for c in chunks[: workers * 4]]
        next_chunk = len(pending)
        while pending:
            results = pending.pop(0).result()
            if next_chunk < len(chunks) and not should_stop():
                pending.append(executor.submit(parse_files, chunks[next_chunk]))
                next_chunk += 1
            yield from results
            if should_stop():
                return
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def run_sync(
    conn: sqlite3.Connection,
    paths: Sequence[Path | str],
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int = 1,
    lock: AbstractContextManager | None = None,
) -> SyncReport:
    started = time.monotonic()
    stop = should_stop or (lambda: False)
    report = SyncReport()
    roots = list(dict.fromkeys(os.path.abspath(os.fspath(p)) for p in paths))
    seen, unlisted = _scan(roots, report)
    known: dict[str, tuple[Key, str | None]] = {
        row[0]: ((row[1], row[2], row[3], row[4]), row[5])
        for row in conn.execute("SELECT path, size, mtime_ns, ctime_ns, ino, digest FROM files")
    }
    kept_roots = tuple(r.rstrip(os.sep) + os.sep for r in unlisted)
    removed = [p for p in known if p not in seen and not p.startswith(kept_roots)]
    todo = sorted(p for p, (key, _) in seen.items() if known.get(p, (None,))[0] != key)
    report.unchanged = len(seen) - len(todo)
    batch = _Batch(conn, lock)
    digests: dict[str, tuple[str | None, str | None]] = {}
    try:
        if removed:
            _moves(conn, batch, removed, todo, seen, known, digests, report)
        vanished: set[str] = set()
        batch.begin()
        for path in removed:
            vanished.update(delete_file_articles(conn, path))
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
            report.removed += 1
            batch.tick()
            batch.begin()
        to_parse: list[str] = []
        for path in todo:
            old_digest = known.get(path, (None, None))[1]
            if path in known and old_digest is not None:
                digest, _ = digests.get(path) or file_digest(Path(path))
                if digest == old_digest:  # touched, same bytes
                    _put_file(conn, path, seen[path][0], digest)
                    report.reused += 1
                    batch.tick()
                    batch.begin()
                    continue
            to_parse.append(path)
        batch.commit()
        total = len(to_parse)
        done = 0
        last = 0.0
        inserted: set[str] = set()
        batch.begin()
        for parsed in _parsed(to_parse, workers, stop):
            path = parsed.path
            if path in known:
                vanished.update(delete_file_articles(conn, path))
                report.changed += 1
            else:
                report.new += 1
            _store(conn, parsed, seen[path], report, inserted, batch.index)
            done += 1
            batch.tick()
            batch.begin()
            if progress is not None and time.monotonic() - last > 0.1:
                progress("read", done, total)
                last = time.monotonic()
        if done < total:
            report.stopped = True
        batch.commit()
        _promote(conn, batch, vanished - inserted, seen, report, inserted)
        if removed or report.changed:
            batch.begin()
            _collect_garbage(conn)
            batch.commit()
        if progress is not None and total:
            progress("read", done, total)
    except BaseException:
        batch.rollback()
        raise
    report.problems.extend(_stored_problems(conn, seen))
    report.skipped = conn.execute("SELECT count(*) FROM files WHERE skipped").fetchone()[0]
    report.articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    report.seconds = time.monotonic() - started
    return report


def _moves(conn, batch, removed, todo, seen, known, digests, report) -> None:
    """Files that reappear under another name: their articles move with them, unparsed."""
    gone: dict[str, list[str]] = {}
    for path in removed:
        digest = known[path][1]
        if digest:
            gone.setdefault(digest, []).append(path)
    if not gone:
        return
    moved: set[str] = set()
    batch.begin()
    for path in todo:
        if path in known:
            continue
        digests[path] = file_digest(Path(path))
        digest = digests[path][0]
        if digest and gone.get(digest):
            old = gone[digest].pop()
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
            conn.execute("UPDATE files SET path = ? WHERE path = ?", (path, old))
            _put_file(conn, path, seen[path][0], digest)
            move_articles(conn, old, path, seen[path][1])
            conn.execute("UPDATE shadowed SET path = ? WHERE path = ?", (path, old))
            moved.add(old)
            known[path] = (seen[path][0], digest)
            report.reused += 1
            batch.tick()
            batch.begin()
    batch.commit()
    removed[:] = [p for p in removed if p not in moved]
    todo[:] = [p for p in todo if known.get(p, (None,))[0] != seen[p][0]]


def _put_file(conn: sqlite3.Connection, path: str, key: Key, digest: str | None, *,
              warnings: Sequence[str] = (), problem: str | None = None, skipped: bool = False,
              keep_notes: bool = True) -> None:
    if keep_notes:
        updated = conn.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, digest = ? WHERE path = ?",
            (*key, digest, path),
        ).rowcount
        if updated:
            return
    conn.execute(
        """INSERT OR REPLACE INTO files(path, size, mtime_ns, ctime_ns, ino, digest, warnings, problem, skipped)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (path, *key, digest, json.dumps(list(warnings)) if warnings else None, problem, int(skipped)),
    )


def _store(conn, parsed: ParsedFile, where: tuple[Key, str], report: SyncReport, inserted: set[str],
           index: list | None = None) -> None:
    key, root = where
    in_folder = root != parsed.path
    skipped = parsed.skipped and in_folder
    _put_file(conn, parsed.path, key, parsed.digest, warnings=parsed.warnings,
              problem=None if skipped else parsed.problem, skipped=skipped, keep_notes=False)
    report.warnings.extend(parsed.warnings)
    held = len(index) if index is not None else 0
    conn.execute("SAVEPOINT file")
    added: list[str] = []
    try:
        for article in parsed.articles:
            if insert_article(conn, article, parsed.path, root, index) is None:
                conn.execute("INSERT OR IGNORE INTO shadowed(id, path) VALUES (?, ?)", (article.id, parsed.path))
            else:
                added.append(article.id)
    except (ValueError, TypeError, sqlite3.IntegrityError) as exc:  # text that cannot be stored
        conn.execute("ROLLBACK TO file")
        if index is not None:
            del index[held:]
        problem = str(InputError(parsed.path, f"cannot be stored in the catalog ({type(exc).__name__})"))
        conn.execute("UPDATE files SET problem = ? WHERE path = ?", (problem, parsed.path))
        added = []
    conn.execute("RELEASE file")
    inserted.update(added)
    report.parsed += len(parsed.articles)


def _promote(conn, batch, ids: set[str], seen, report: SyncReport, inserted: set[str]) -> None:
    """Articles whose file went away while another file also gives them: read that one again."""
    if not ids:
        return
    again: set[str] = set()
    for article_id in ids:
        again.update(r[0] for r in conn.execute("SELECT path FROM shadowed WHERE id = ?", (article_id,)))
    for path in sorted(again):
        if path not in seen:
            continue
        parsed = parse_file(path)
        batch.begin()
        delete_file_articles(conn, path)
        _store(conn, parsed, seen[path], report, inserted)
        batch.commit()


def _collect_garbage(conn: sqlite3.Connection) -> None:
    """Analyses of article versions no longer in the catalog."""
    conn.execute(
        "DELETE FROM mentions WHERE vid IN (SELECT vid FROM analyses WHERE hash NOT IN "
        "(SELECT content_hash FROM articles))"
    )
    conn.execute("DELETE FROM analyses WHERE hash NOT IN (SELECT content_hash FROM articles)")


def _stored_problems(conn: sqlite3.Connection, seen: dict) -> list[str]:
    return [
        problem for path, problem in conn.execute("SELECT path, problem FROM files WHERE problem IS NOT NULL")
        if path in seen
    ]
