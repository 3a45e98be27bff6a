"""The catalog file: its tables, its version, and opening it (a bad or foreign one is made anew).

The catalog is a cache. A file that is not a database, is damaged, lacks our tables, or was
written by a newer (or older) format, or by another version of the parser, is deleted and
created again; the caller gets a one-line notice saying why.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from functools import cache
from pathlib import Path

from newsreader import __version__

__all__ = ["SCHEMA_VERSION", "connect", "create", "fingerprint", "open_file", "remove_files"]

SCHEMA_VERSION = 2
BUSY_MS = 10_000
_CORE = Path(__file__).resolve().parent.parent
# What the stored parses and index depend on: any change to these sources rebuilds the catalog.
_SOURCES = ("ingest/*.py", "model.py", "sanitize.py", "errors.py", "catalog/codec.py")
_TABLES = ("meta", "files", "shadowed", "articles", "bodies", "analyses", "mentions", "state", "fts")

# Weights of the indexed columns in the ranking: title first.
WEIGHTS = {"title": 10.0, "body": 1.0, "outlet": 2.0, "byline": 2.0, "entities": 3.0, "tags": 3.0, "notes": 2.0}

DDL = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(
    path TEXT PRIMARY KEY,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER,
    digest TEXT,
    ids TEXT NOT NULL DEFAULT '',
    warnings TEXT,
    problem TEXT,
    skipped INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX files_digest ON files(digest);
CREATE TABLE shadowed(
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (id, path)
) WITHOUT ROWID;
CREATE INDEX shadowed_path ON shadowed(path);
CREATE TABLE articles(
    rowid INTEGER PRIMARY KEY,  -- in order of publication (see write.date_rowid)
    id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    byline TEXT,
    published TEXT,
    published_ts REAL,
    url TEXT,
    tags TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    title_key TEXT NOT NULL,
    outlet_key TEXT NOT NULL,
    author_key TEXT NOT NULL,
    source_key TEXT NOT NULL,
    tags_key TEXT NOT NULL
);
CREATE TABLE bodies(rowid INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE INDEX articles_file ON articles(file);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_oldest ON articles(published_ts IS NULL, published_ts);
CREATE INDEX articles_title ON articles(title_key);
CREATE INDEX articles_outlet ON articles(outlet_key, rowid DESC);
CREATE TABLE analyses(
    vid INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    engine TEXT NOT NULL,
    spans BLOB,
    entities TEXT NOT NULL DEFAULT '',
    problem TEXT
);
CREATE TABLE mentions(
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    vid INTEGER NOT NULL,
    name TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (key, label, vid)
) WITHOUT ROWID;
CREATE INDEX mentions_vid ON mentions(vid);
CREATE TABLE state(
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '',
    tags_key TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    note_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(
    {", ".join(WEIGHTS)}, content='', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO fts(fts, rank) VALUES('rank', 'bm25({", ".join(str(w) for w in WEIGHTS.values())})');
"""


@cache
def fingerprint() -> str:
    """A hash of newsreader's version and the parser's sources."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{SCHEMA_VERSION}\0{__version__}\0{sys.version_info[:2]}".encode())
    for path in sorted(p for pattern in _SOURCES for p in _CORE.glob(pattern)):
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(path.name.encode() + b"\0?\0")
    return digest.hexdigest()


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread
    that owns it; readers get ``query_only``."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    conn.execute("PRAGMA cache_size = -16000")
    if readonly:
        conn.execute("PRAGMA query_only = 1")
    else:
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _move_folders_aside(path: Path) -> str | None:
    """A folder where the catalog file (or its log) belongs is someone's: it is renamed, never
    deleted. Returns what was done, in a few words (None: nothing was in the way)."""
    done = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        where = Path(str(path) + suffix)
        if not where.is_dir():
            continue
        for n in range(1, 1000):
            aside = where.with_name(f"{where.name}.moved-{n}")
            if not aside.exists() and not aside.is_symlink():
                break
        try:
            where.rename(aside)
        except OSError as exc:
            raise OSError(f"{where}: a folder is in the place of the search catalog and cannot be moved "
                          f"aside ({exc.strerror or exc})") from None
        done.append(f"{where} was a folder, moved to {aside}")
    return "; ".join(done) or None


def remove_files(path: Path) -> None:
    """Delete the catalog file and its write-ahead log."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def create(path: Path) -> sqlite3.Connection:
    remove_files(path)
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in _statements(DDL):
        conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('fingerprint', ?)", (fingerprint(),))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")
    return conn


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def _check(conn: sqlite3.Connection) -> str | None:
    """Why this file cannot be used as it is (None when it can)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return f"it was written by a newer newsreader (format {version}, this one reads {SCHEMA_VERSION})"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if version == 0 and not names:
        return "it is empty"
    if version < SCHEMA_VERSION:
        return f"it is in an older format ({version})"
    if not set(_TABLES) <= names:
        return "tables are missing"
    row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != fingerprint():
        return "newsreader's parser has changed since it was written"
    return None


def open_file(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """The writer connection to the catalog at ``path``, and a notice when it was rebuilt."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    moved = _move_folders_aside(path)
    if moved:
        return create(path), f"The search catalog was rebuilt: {moved}. Articles are read again."
    if not path.exists():
        return create(path), None
    reason: str | None
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path)
        reason = _check(conn)
        if reason is None:
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                reason = "it cannot use a write-ahead log"
    except sqlite3.DatabaseError as exc:
        reason = f"it is damaged ({exc})"
    if reason is None and conn is not None:
        return conn, None
    if conn is not None:
        conn.close()
    quiet = reason == "it is empty"
    return create(path), None if quiet else f"The search catalog was rebuilt: {reason}. Articles are read again."
