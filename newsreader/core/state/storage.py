"""The state file on disk: a TinyDB storage that writes like a database would.

Every write serialises the whole document with orjson into a temporary file in the same
folder, fsyncs it, renames it over the state file with ``os.replace`` and fsyncs the folder,
so the file on disk is always either the old version or the new one, never a mix. Temporary
files left by a crash are removed at start by whoever holds the lock.

A file that cannot be read (not JSON, not UTF-8, not the shape of a TinyDB file) raises
``StateCorrupt`` with its line and column; nothing here ever writes over such a file.

This is deliberately not TinyDB's ``CachingMiddleware``: nothing is held back. ``read`` returns
the document loaded at open (the lock makes this process the only writer) and ``batch`` groups
the writes of one commit into a single file write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from newsreader.core.files import fsync_dir, write_target
from newsreader.core.state.errors import StateCorrupt, StateReadOnly, StateTooLarge

__all__ = [
    "MAX_READ_BYTES",
    "MAX_STATE_BYTES",
    "StateStorage",
    "StateTable",
    "check_size",
    "clean_stale_temps",
    "dumps",
    "open_db",
    "parse_state",
    "read_state_file",
    "temp_files",
    "write_atomic",
]

# The largest state file newsreader opens for writing and writes. Every save rewrites the whole
# file: at 32 MB one CLI write takes about 2 s and 200 MB of memory on 2 vCPUs, and both grow in
# proportion (benchmarks/state_size.py, benchmarks/RESULTS.md). A save that would go over is
# refused; the file on disk stays as it was.
MAX_STATE_BYTES = 32 * 1024 * 1024
# Beyond this a file is not read at all, not even to export it.
MAX_READ_BYTES = 512 * 1024 * 1024
TEMP_SUFFIX = ".tmp"


_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
CHUNK = 500  # records serialised per orjson call


def dumps(data: dict[str, dict[str, Any]], pause: Callable[[], None] | None = None) -> bytes:
    """The file's bytes: indented so a person can read and fix it, keys sorted, a final newline.

    Byte for byte what ``orjson.dumps(data, OPT_INDENT_2 | OPT_SORT_KEYS)`` gives, but made
    ``CHUNK`` records at a time, calling ``pause`` in between: the writer thread passes
    ``time.sleep(0)`` there so it never holds the GIL for long and the UI thread stays quick.
    """
    names = sorted(data)
    if not names:
        return b"{}\n"
    out: list[bytes] = [b"{"]
    for n, name in enumerate(names):
        table = data[name]
        out.append(b"\n  " + orjson.dumps(name) + b": ")
        if not isinstance(table, dict) or not table:
            out.append(orjson.dumps(table, option=_OPTIONS).replace(b"\n", b"\n  "))
        else:
            keys = sorted(table)
            out.append(b"{")
            for at in range(0, len(keys), CHUNK):
                part = orjson.dumps({k: table[k] for k in keys[at : at + CHUNK]}, option=_OPTIONS)
                out.append(part[1:-2].replace(b"\n", b"\n  "))
                if at + CHUNK < len(keys):
                    out.append(b",")
                if pause is not None:
                    pause()
            out.append(b"\n  }")
        if n < len(names) - 1:
            out.append(b",")
    out.append(b"\n}\n")
    return b"".join(out)


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(raw)))
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _key_position(raw: bytes, *keys: str) -> tuple[int, int]:
    """Line and column of the first ``"key":`` found (the nearest thing to where a shape is wrong)."""
    offset = 0
    for key in keys:
        found = raw.find(orjson.dumps(key), offset)
        if found < 0:
            break
        offset = found
    return _line_column(raw, offset)


def parse_state(raw: bytes, path: Path | str) -> dict[str, dict[str, Any]]:
    """Parse and check the shape of a state file's bytes: ``{table: {id: {field: value}}}``."""
    if not raw.strip():
        raise StateCorrupt(path, "the file is empty", line=1, column=1)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw, exc.start)
        raise StateCorrupt(path, "not UTF-8 text (a damaged byte)", line=line, column=column) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        line, column = _line_column(raw, exc.pos)
        raise StateCorrupt(path, f"not valid JSON ({exc.msg})", line=line, column=column) from None
    if not isinstance(data, dict):
        raise StateCorrupt(path, "not a JSON object of tables", line=1, column=1)
    for name, table in data.items():
        if not isinstance(table, dict):
            line, column = _key_position(raw, name)
            raise StateCorrupt(path, f"table {name!r} is not a JSON object", line=line, column=column)
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                line, column = _key_position(raw, name, doc_id)
                raise StateCorrupt(
                    path, f"record {doc_id!r} in table {name!r} is not a JSON object", line=line, column=column
                )
    return data


def _mb(size: int, digits: str = ".1f") -> str:
    return f"{size / (1024 * 1024):{digits}} MB"


def check_size(path: Path, *, limit: int | None = None) -> int | None:
    """The file's size (None when there is none); ``StateTooLarge`` when it is over ``limit``
    (default ``MAX_STATE_BYTES``, the most that is written) or over ``MAX_READ_BYTES``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateCorrupt(path, f"cannot be read ({exc.strerror or exc})") from None
    limit = MAX_STATE_BYTES if limit is None else limit
    if size > MAX_READ_BYTES:
        raise StateTooLarge(path, f"is {_mb(size)}, over the {_mb(MAX_READ_BYTES, '.3g')} limit; not read")
    if size > limit:
        raise StateTooLarge(path, f"is {_mb(size)}, over the {_mb(limit, '.3g')} limit for a state file")
    return size


def read_state_file(path: Path, *, limit: int | None = None) -> tuple[dict[str, dict[str, Any]] | None, bytes]:
    """The parsed file and its bytes; ``(None, b"")`` when there is no file yet.

    A file over ``limit`` (default ``MAX_STATE_BYTES``) raises ``StateTooLarge``; readers pass
    ``MAX_READ_BYTES``, so that such a file can still be exported.
    """
    if check_size(path, limit=limit) is None:
        return None, b""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise StateCorrupt(path, "is a folder, not a file") from None
    except FileNotFoundError:
        return None, b""
    except OSError as exc:
        raise StateCorrupt(path, f"cannot be read ({exc.strerror or exc})") from None
    return parse_state(raw, path), raw


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, rename, fsync folder.
    A symbolic link is written through: its target is replaced, in the target's folder."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = write_target(path)
    tmp = _temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def temp_files(path: Path) -> list[Path]:
    """Temporary files a writer of ``path`` may have left behind."""
    path = write_target(path)
    try:
        return sorted(path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"))
    except OSError:
        return []


def clean_stale_temps(path: Path) -> int:
    """Remove leftover temporary files; only call this while holding the lock."""
    removed = 0
    for tmp in temp_files(path):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


class StateStorage(Storage):
    """TinyDB storage over an already loaded document; writes go to disk atomically."""

    def __init__(self, path: Path, data: dict[str, dict[str, Any]] | None = None, *, writable: bool = True) -> None:
        self.path = Path(path)
        self.writable = writable
        self._data: dict[str, dict[str, Any]] = data if data is not None else {}
        self._depth = 0
        self._dirty = False
        self.writes = 0
        self.pause: Callable[[], None] | None = None  # called between chunks of work

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self.writable:
            raise StateReadOnly(self.path, "opened read-only; the change was not saved")
        self._data = data
        self._dirty = True
        if self._depth == 0:
            self.save()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group TinyDB's writes: the file is written once, when the outermost batch ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth == 0 and self._dirty:
            self.save()

    def save(self) -> None:
        """Write the document now (raises ``OSError`` and stays dirty when that fails)."""
        if not self.writable:
            raise StateReadOnly(self.path, "opened read-only; the change was not saved")
        raw = dumps(self._data, self.pause)
        if len(raw) > MAX_STATE_BYTES:  # the file is left as it was; the change stays pending
            raise OSError(errno.EFBIG, f"the state would be {_mb(len(raw))}, over the "
                          f"{_mb(MAX_STATE_BYTES, '.3g')} limit for a state file")
        write_atomic(self.path, raw)
        self._dirty = False
        self.writes += 1

    @property
    def dirty(self) -> bool:
        return self._dirty

    def close(self) -> None:
        pass


class StateTable(Table):
    """A TinyDB table whose document ids are our stable string ids (article, note, annotation)."""

    document_id_class = str  # type: ignore[assignment]

    def apply(self, changes: dict[str, dict[str, Any] | None]) -> None:
        """Set each id to its record, or remove it for None: one pass over the table."""

        # Like TinyDB's own ``_update_table`` (read, change, write back) but changing the table
        # in place: rebuilding a 10k-record table for a one-record change would cost milliseconds.
        storage = self._storage
        tables = storage.read()
        if tables is None:
            tables = {}
        table = tables.setdefault(self.name, {})
        pause = getattr(storage, "pause", None)
        for n, (doc_id, record) in enumerate(changes.items(), 1):
            if record is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = dict(record)
            if pause is not None and n % CHUNK == 0:
                pause()
        storage.write(tables)
        self.clear_cache()


class _StateDB(TinyDB):
    table_class = StateTable
    default_table_name = "articles"


def open_db(storage: StateStorage) -> TinyDB:
    """A TinyDB over ``storage`` with string-keyed tables."""
    return _StateDB(storage=lambda: storage)
