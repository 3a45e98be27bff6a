"""The reader's durable state: marks, tags, notes and annotations, with one owner of the file.

``StateStore.open()`` loads ``state.json`` into an in-memory view that answers every read at
once (``is_read``, ``tags``, ``notes`` ...). A change updates the view and is handed to a
writer thread, the only code that touches TinyDB after open. Read and star flags are batched:
written once no other change came for ``FLAG_IDLE`` seconds (50 ms), and at most
``flag_delay`` seconds after the first; tags, notes and annotations are written at once. So
a kill that cannot be caught (SIGKILL, power loss) can lose only a flag set in the last
moment; SIGTERM and SIGHUP flush first (see ``signals``). Each commit is one atomic, fsynced
file write (see ``storage``). ``flush()`` forces and waits, ``wait_saved()`` only waits;
``close()`` flushes, stops the writer and releases the lock, and also runs at interpreter
exit. When the disk stays full, ``pending`` counts what is not on disk and ``rescue()``
writes it all to a rescue file elsewhere.

Roles:

- ``"app"``: takes the lock if it is free; if another newsreader has it, opens read-only and
  says so in ``notice``. A damaged file or one from a newer newsreader also opens read-only
  with a notice (and ``corrupt`` set for a damaged one).
- ``"writer"`` (the command line): waits up to ``wait`` seconds for the lock, then raises
  ``StateBusy``; a damaged or newer file raises.
- ``"reader"``: no lock, read-only; a damaged file raises.

Read-only: read and star flags and tags change only in memory, for the session; a note or an
annotation raises ``StateReadOnly`` so nothing typed is silently lost.

Satisfies ``newsreader.core.library.MarkStore``.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from newsreader.core.paths import state_file
from newsreader.core.sanitize import sanitize, visible
from newsreader.core.state import backup as backups
from newsreader.core.state import schema
from newsreader.core.state.anchors import Placed, place, quote_at
from newsreader.core.state.errors import (
    StateBusy,
    StateCorrupt,
    StateError,
    StateReadOnly,
    StateWriteError,
)
from newsreader.core.state.lock import StateLock
from newsreader.core.state.records import (
    MAX_NOTE_CHARS,
    Annotation,
    Note,
    clean_text,
    new_id,
    normalize_tags,
    now_iso,
    parse_time,
    valid_id,
)
from newsreader.core.state.storage import (
    MAX_READ_BYTES,
    StateStorage,
    clean_stale_temps,
    dumps,
    open_db,
    read_state_file,
    write_atomic,
)

__all__ = ["FLAG_DELAY", "ImportBatch", "ImportReport", "MarksUndo", "Snapshot", "StateStore"]

Role = Literal["app", "writer", "reader"]
FLAG_DELAY = 0.5  # seconds a read or star flag may wait, at most, to be batched with others
FLAG_IDLE = 0.05  # ... and written as soon as no other change came for this long
RETRY_DELAY = 1.0  # seconds between attempts when a write fails
ARTICLES, NOTES, ANNOTATIONS = "articles", "notes", "annotations"
_DEFAULT_WAIT = 10.0


@dataclass(frozen=True, slots=True)
class MarksUndo:
    """What ``mark_all_read`` changed, for ``restore_marks``: each article's record before."""

    records: dict[str, dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything in the store at one moment (for export and listing)."""

    articles: dict[str, dict[str, Any]]
    notes: tuple[Note, ...]
    annotations: tuple[Annotation, ...]


@dataclass
class ImportBatch:
    """Parsed from an export file; merged by ``StateStore.merge``."""

    notes: list[Note] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    marks: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> read/starred/tags


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept_newer:
            text += f", {self.kept_newer} kept (newer here)"
        return text


class StateStore:
    """The single owner of the state file. Create with ``StateStore.open``."""

    def __init__(
        self,
        path: Path,
        data: dict[str, dict[str, Any]],
        *,
        writable: bool,
        lock: StateLock | None = None,
        notice: str | None = None,
        problems: Iterable[str] = (),
        corrupt: StateCorrupt | None = None,
        flag_delay: float = FLAG_DELAY,
        backup_raw: bytes = b"",
        flag_idle: float | None = FLAG_IDLE,
    ) -> None:
        self.path = path
        self.writable = writable
        self.notice = notice
        self.problems: list[str] = list(problems)
        self.corrupt = corrupt
        self.flag_delay = flag_delay
        self.flag_idle = flag_idle  # None: flags wait the whole flag_delay
        self.on_error: Callable[[str], None] | None = None
        self.last_error: str | None = None
        self._lock = lock
        self._mutex = threading.RLock()  # guards the view
        self._articles: dict[str, dict[str, Any]] = {}
        self._notes: dict[str, Note] = {}
        self._annotations: dict[str, Annotation] = {}
        self._note_ids: dict[str, set[str]] = {}  # article id -> its note ids
        self._annotation_ids: dict[str, set[str]] = {}  # article id -> its annotation ids
        self._tag_cache: list[tuple[str, int]] | None = None
        self._load_view(data)
        # writer state, guarded by _cv
        self._cv = threading.Condition(threading.Lock())
        self._pending: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._urgent = False
        self._force = False
        self._closing = False
        self._closed = False
        self._deadline = 0.0
        self._idle_at = 0.0
        self._seq = 0
        self._saved = 0
        self._failed = 0  # the last change in the latest batch that could not be written
        self._failures = 0  # how many writes failed
        self._inflight: dict[tuple[str, str], dict[str, Any] | None] = {}  # the batch being written
        self._thread: threading.Thread | None = None
        if writable:
            storage = StateStorage(path, data)
            storage.pause = _yield_gil
            self._db = open_db(storage)
            self._storage = storage
            self._jobs: list[Callable[[], None]] = []
            if backup_raw:
                self._jobs.append(lambda: backups.daily_backup(path, backup_raw))
            self._thread = threading.Thread(target=self._run, name="newsreader-state-writer", daemon=True)
            self._thread.start()
        atexit.register(self.close)

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        role: Role = "app",
        wait: float = _DEFAULT_WAIT,
        flag_delay: float = FLAG_DELAY,
        flag_idle: float | None = FLAG_IDLE,
    ) -> StateStore:
        """Open the state file (default: ``paths.state_file()``) for ``role``; see the module doc."""
        path = Path(path).expanduser() if path is not None else state_file()
        lock: StateLock | None = None
        notice: str | None = None
        if role != "reader":
            lock = StateLock(path)
            try:
                got = lock.acquire(0.0 if role == "app" else wait)
            except OSError as exc:
                problem = StateError(path.parent, f"cannot use this folder for state ({exc.strerror or exc})")
                if role == "writer":
                    raise problem from None
                try:  # a read-only folder may still hold a readable file
                    data, _ = read_state_file(path)
                    version = schema.version_of(data) if data is not None else None
                    if data is None or version is None or version > schema.CURRENT:
                        data = schema.fresh()
                    elif version < schema.CURRENT:
                        data = schema.migrate(data, version)
                except StateCorrupt:
                    data = schema.fresh()
                notice = f"{problem}; opened read-only, changes will not be saved."
                return cls(path, data, writable=False, notice=notice, flag_delay=flag_delay)
            if not got:
                if role == "writer":
                    raise StateBusy(
                        path,
                        f"another newsreader (the app or a command) is using this file; waited {wait:g} s. "
                        "Try again when it has closed",
                    )
                lock = None
                notice = "Another newsreader is open on this state file: opened read-only, changes will not be saved."
        try:
            if lock is not None:
                clean_stale_temps(path)
                backups.clean_temps(path)
            data, raw = read_state_file(path, limit=MAX_READ_BYTES if role == "reader" else None)  # readers may export a file too large to write
        except StateCorrupt as exc:
            if lock is not None:
                lock.release()
            exc.backup = backups.newest_good_backup(path)
            if role == "app":
                return cls(path, schema.fresh(), writable=False, notice=f"{exc} — {exc.advice()}", corrupt=exc)
            raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if data is None:
            data, raw = schema.fresh(), b""
        version = schema.version_of(data)
        if version is None:
            if lock is not None:
                lock.release()
            exc = StateCorrupt(path, "the meta table has no schema version", line=1, column=1)
            exc.backup = backups.newest_good_backup(path)
            if role == "app":
                return cls(path, schema.fresh(), writable=False, notice=f"{exc} — {exc.advice()}", corrupt=exc)
            raise exc
        if version > schema.CURRENT:
            newer = (
                f"{path}: written by a newer newsreader (schema {version}; this one knows {schema.CURRENT}); "
                "opened read-only, nothing will be changed"
            )
            if lock is not None:
                lock.release()
            if role == "writer":
                raise StateReadOnly(path, newer.split(": ", 1)[1])
            return cls(path, data, writable=False, notice=newer, flag_delay=flag_delay)
        if version < schema.CURRENT:
            if lock is None:  # a reader or a second app: migrate in memory only
                data = schema.migrate(data, version)
            else:
                try:
                    saved = backups.migration_backup(path, raw, version)
                    migrated = schema.migrate(data, version)
                    raw = dumps(migrated)
                    write_atomic(path, raw)
                except Exception as exc:  # the file is left as it was
                    lock.release()
                    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
                    problem = StateWriteError(path, f"could not upgrade the file from schema {version} ({reason})")
                    if role == "writer":
                        raise problem from None
                    try:
                        shown = schema.migrate(data, version)
                    except Exception:
                        shown = schema.fresh()
                    return cls(path, shown, writable=False, notice=f"{problem}; opened read-only", flag_delay=flag_delay)
                except BaseException:
                    lock.release()
                    raise
                data = migrated
                notice = f"{path}: upgraded from schema {version} to {schema.CURRENT}; the old file is kept as {saved}"
        return cls(
            path,
            data,
            writable=lock is not None,
            lock=lock,
            notice=notice,
            flag_delay=flag_delay,
            backup_raw=raw if lock is not None else b"",
            flag_idle=flag_idle,
        )

    def _load_view(self, data: dict[str, dict[str, Any]]) -> None:
        where = visible(str(self.path))
        # Ids are shown with ``visible``: a hand-edited file may hold anything.
        for article_id, record in data.get(ARTICLES, {}).items():
            if not valid_id(article_id):
                self.problems.append(f"{where}: article {visible(article_id)!r}: not a valid id; kept in the file, not shown")
                continue
            tags = record.get("tags")
            if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
                self.problems.append(f"{where}: article {article_id}: \"tags\" is not a list of words; ignored")
            view = dict(record)
            if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
                view["tags"] = list(normalize_tags(tags))  # cleaned as if typed (the file may be hand-edited)
            for key, value in view.items():
                if isinstance(value, str):
                    view[key] = sanitize(value)
            self._articles[article_id] = view
        for note_id, record in data.get(NOTES, {}).items():
            try:
                self._set_note(Note.from_record(note_id, record))
            except ValueError as exc:
                self.problems.append(f"{where}: note {visible(note_id)}: {exc}; kept in the file, not shown")
        for annotation_id, record in data.get(ANNOTATIONS, {}).items():
            try:
                self._set_annotation(Annotation.from_record(annotation_id, record))
            except ValueError as exc:
                self.problems.append(f"{where}: annotation {visible(annotation_id)}: {exc}; kept in the file, not shown")

    # -- writing -----------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return not self.writable

    def _put(self, table: str, key: str, record: dict[str, Any] | None, *, urgent: bool) -> int:
        if not self.writable:
            return self._seq
        with self._cv:
            if self._closed:
                raise StateWriteError(self.path, "the state file is closed; the change was not saved")
            now = time.monotonic()
            if not self._pending:
                self._deadline = now + self.flag_delay
            self._idle_at = self._deadline if self.flag_idle is None else now + self.flag_idle
            self._pending[(table, key)] = None if record is None else dict(record)
            self._seq += 1
            if urgent:
                self._urgent = True
            self._cv.notify_all()
            return self._seq

    def _need_writable(self, what: str) -> None:
        if not self.writable:
            reason = self.notice or "opened read-only"
            raise StateReadOnly(self.path, f"{what} cannot be saved: {reason}")

    def _run(self) -> None:
        """The writer thread: the only code that uses TinyDB once the store is open."""
        while True:
            with self._cv:
                while True:
                    if self._pending or self._jobs:
                        if self._urgent or self._force or self._closing or self._jobs:
                            break
                        remaining = min(self._deadline, self._idle_at) - time.monotonic()
                        if remaining <= 0:
                            break
                        self._cv.wait(remaining)
                    elif self._closing:
                        self._closed = True
                        self._cv.notify_all()
                        return
                    else:
                        if self._force:
                            self._force = False
                            self._cv.notify_all()
                        self._cv.wait()
                batch, self._pending = self._pending, {}
                jobs, self._jobs = self._jobs, []
                seq = self._seq
                self._inflight = batch
                self._urgent = self._force = False
            error = self._commit(batch) if batch else None
            for job in jobs:
                try:
                    job()
                except Exception as exc:  # a backup that fails is reported, the state is not affected
                    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                    self._report(f"{self.path}: daily backup failed ({reason})")
            with self._cv:
                self._inflight = {}
                if error is None:
                    self._saved = seq
                    self.last_error = None
                else:
                    for key, record in batch.items():
                        self._pending.setdefault(key, record)
                    self._deadline = self._idle_at = time.monotonic() + RETRY_DELAY
                    self._urgent = False
                    self._failed = seq
                    self._failures += 1
                self._cv.notify_all()
            if error is not None:
                if self._closing:  # no retry after this one
                    error = error.removesuffix("; will retry") + "; not saved"
                self._report(error)
                if self._closing:
                    with self._cv:
                        self._closed = True
                        self._cv.notify_all()
                    return
                time.sleep(RETRY_DELAY / 4)

    def _commit(self, batch: dict[tuple[str, str], dict[str, Any] | None]) -> str | None:
        tables: dict[str, dict[str, dict[str, Any] | None]] = {}
        for (table, key), record in batch.items():
            tables.setdefault(table, {})[key] = record
        try:
            with self._storage.batch():
                for name, changes in tables.items():
                    self._db.table(name).apply(changes)  # type: ignore[attr-defined]
        except OSError as exc:
            return f"{self.path}: could not save changes ({exc.strerror or exc}); will retry"
        except Exception as exc:  # never let the writer thread die
            return f"{self.path}: could not save changes ({type(exc).__name__}: {exc}); will retry"
        return None

    def _report(self, message: str) -> None:
        first = message != self.last_error
        self.last_error = message
        if first and self.on_error is not None:
            try:
                self.on_error(message)
            except Exception:
                pass

    @property
    def pending(self) -> int:
        """How many changes are not yet on disk."""
        with self._cv:
            return self._seq - self._saved if self.writable else 0

    @property
    def last_change(self) -> int:
        """The number of the latest change, for ``wait_saved(change=...)``."""
        with self._cv:
            return self._seq

    def wait_saved(self, timeout: float | None = None, *, change: int | None = None) -> bool:
        """Wait until every change made so far is on disk (batched flags included); False on timeout.

        With ``change`` (a ``last_change`` taken after making it): wait for that change only, and
        give up (False) as soon as a write that held it failed.
        """
        if not self.writable:
            return True
        with self._cv:
            target = self._seq if change is None else change
            return self._wait_for(target, timeout, lambda: change is not None and self._failed >= target)

    def flush(self, timeout: float | None = 10.0, *, fail_fast: bool = False) -> bool:
        """Write every pending change now and wait for it to be on disk; False on timeout or failure.

        With ``fail_fast``, one failed attempt ends the wait (the change stays pending)."""
        if not self.writable:
            return True
        with self._cv:
            self._force = True
            failures = self._failures
            self._cv.notify_all()
        if not fail_fast:
            return self.wait_saved(timeout)
        with self._cv:
            return self._wait_for(self._seq, timeout, lambda: self._failures > failures)

    def _wait_for(self, target: int, timeout: float | None, failed: Callable[[], bool]) -> bool:
        """Wait (holding ``_cv``) until change ``target`` is saved; False when closed, on
        ``failed()`` or at the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._saved < target:
            if self._closed or failed():
                return False
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            self._cv.wait(remaining)
        return True

    def rescue(self, timeout: float = 10.0) -> Path:
        """Write the state as it would be saved, unsaved changes included, to a rescue file.

        For when ``state.json`` cannot be written (a full disk): the whole document, in the
        state file's own format, written atomically to ``newsreader-state-rescue-TIME.json`` in
        the first of ``rescue_folders`` that takes it. ``newsreader restore-backup --force FILE``
        puts it in place. Raises ``StateWriteError`` naming each folder tried.
        """
        if not hasattr(self, "_storage"):
            raise StateWriteError(self.path, "opened read-only; there is nothing unsaved to rescue")
        done = threading.Event()
        box: dict[str, Any] = {}

        def job() -> None:
            try:
                box["path"] = self._write_rescue()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                box["error"] = exc
            finally:
                done.set()

        with self._cv:
            queued = self._thread is not None and self._thread.is_alive() and not self._closed
            if queued:
                self._jobs.append(job)
                self._cv.notify_all()
        if not queued:  # the writer has stopped: nothing else touches the document
            job()
        elif not done.wait(timeout):
            raise StateWriteError(self.path, f"the rescue file was not written in {timeout:g} s")
        if "error" in box:
            raise box["error"]
        return box["path"]

    def _write_rescue(self) -> Path:
        """On the writer thread (or once it has stopped): the document plus every unsaved change."""
        data = self._storage.read() or {}
        doc = {name: dict(table) for name, table in data.items()}
        with self._cv:
            changes = {**self._inflight, **self._pending}
        for (table, key), record in changes.items():
            if record is None:
                doc.get(table, {}).pop(key, None)
            else:
                doc.setdefault(table, {})[key] = dict(record)
        raw = dumps(doc)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        failed: list[str] = []
        for folder in rescue_folders(self.path):
            target = folder / f"newsreader-state-rescue-{stamp}.json"
            n = 1
            while target.exists():
                target = folder / f"newsreader-state-rescue-{stamp}-{n}.json"
                n += 1
            try:
                write_atomic(target, raw)
            except OSError as exc:
                failed.append(f"{folder} ({exc.strerror or exc})")
                continue
            return target
        raise StateWriteError(self.path, "no rescue file could be written: " + "; ".join(failed))

    def close(self, timeout: float = 10.0) -> bool:
        """Flush, stop the writer and release the lock. True when everything was saved."""
        atexit.unregister(self.close)
        if self._thread is None:
            self._release()
            return True
        with self._cv:
            self._closing = True
            self._cv.notify_all()
        self._thread.join(timeout)
        with self._cv:
            ok = self._saved >= self._seq
            self._closed = True
        if not self._thread.is_alive():
            self._thread = None
            self._release()
        return ok

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.writable = False

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- marks (the MarkStore protocol and more) --------------------------------------

    def _set_fields(self, article_id: str, urgent: bool, **fields: Any) -> None:
        """Change fields of an article's record (None removes a field); drop records left empty."""
        with self._mutex:
            record = dict(self._articles.get(article_id, {}))
            for name, value in fields.items():
                if value is None:
                    record.pop(name, None)
                else:
                    record[name] = value
            if record:
                self._articles[article_id] = record
            else:
                self._articles.pop(article_id, None)
            if "tags" in fields:
                self._tag_cache = None
            self._put(ARTICLES, article_id, record or None, urgent=urgent)

    def record(self, article_id: str) -> dict[str, Any]:
        """The article's stored fields (empty for an untouched article)."""
        with self._mutex:
            return dict(self._articles.get(article_id, {}))

    def articles_with_state(self) -> list[str]:
        with self._mutex:
            return list(self._articles)

    def is_read(self, article_id: str) -> bool:
        record = self._articles.get(article_id)
        return bool(record and record.get("read"))

    def read_at(self, article_id: str) -> datetime | None:
        record = self._articles.get(article_id)
        return parse_time(record.get("read")) if record else None

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read == self.is_read(article_id):
            return
        self._set_fields(article_id, False, read=now_iso() if read else None)

    def toggle_read(self, article_id: str) -> bool:
        """``m``: flip read/unread; returns the new state."""
        with self._mutex:
            read = not self.is_read(article_id)
            self.mark_read(article_id, read)
            return read

    def is_starred(self, article_id: str) -> bool:
        record = self._articles.get(article_id)
        return bool(record and record.get("starred"))

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        if starred == self.is_starred(article_id):
            return
        self._set_fields(article_id, False, starred=now_iso() if starred else None)

    def toggle_star(self, article_id: str) -> bool:
        """``s``: flip the star; returns the new state."""
        with self._mutex:
            starred = not self.is_starred(article_id)
            self.set_starred(article_id, starred)
            return starred

    def tags(self, article_id: str) -> tuple[str, ...]:
        record = self._articles.get(article_id)
        tags = record.get("tags") if record else None
        if not isinstance(tags, list):
            return ()
        return tuple(t for t in tags if isinstance(t, str))

    def set_tags(self, article_id: str, tags: Iterable[str] | str) -> tuple[str, ...]:
        """Replace the article's tags (free words; ``#`` and case-insensitive repeats dropped)."""
        clean = normalize_tags(tags)
        with self._mutex:
            if clean == self.tags(article_id):
                return clean
            self._set_fields(article_id, True, tags=list(clean) or None)
        return clean

    def add_tags(self, article_id: str, tags: Iterable[str] | str) -> tuple[str, ...]:
        with self._mutex:
            return self.set_tags(article_id, self.tags(article_id) + normalize_tags(tags))

    def remove_tags(self, article_id: str, tags: Iterable[str] | str) -> tuple[str, ...]:
        gone = {t.casefold() for t in normalize_tags(tags)}
        with self._mutex:
            return self.set_tags(article_id, [t for t in self.tags(article_id) if t.casefold() not in gone])

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use (articles and annotations) with how often, most used first."""
        with self._mutex:
            if self._tag_cache is None:
                counts: Counter[str] = Counter()
                shown: dict[str, str] = {}
                for record in self._articles.values():
                    tags = record.get("tags")
                    if isinstance(tags, list):
                        for tag in tags:
                            if isinstance(tag, str):
                                counts[shown.setdefault(tag.casefold(), tag)] += 1
                for annotation in self._annotations.values():
                    for tag in annotation.tags:
                        counts[shown.setdefault(tag.casefold(), tag)] += 1
                self._tag_cache = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            return list(self._tag_cache)

    def complete_tag(self, prefix: str, limit: int = 20) -> list[str]:
        """Tags starting with ``prefix`` (ignoring case and a leading ``#``), most used first."""
        wanted = prefix.strip().lstrip("#").casefold()
        return [tag for tag, _ in self.all_tags() if tag.casefold().startswith(wanted)][:limit]

    def mark_all_read(self, article_ids: Iterable[str], read: bool = True) -> MarksUndo:
        """"Mark all in view read": returns what ``restore_marks`` needs to undo it."""
        before: dict[str, dict[str, Any] | None] = {}
        with self._mutex:
            for article_id in article_ids:
                if article_id in before or self.is_read(article_id) == read:
                    continue
                old = self._articles.get(article_id)
                before[article_id] = dict(old) if old else None
                self._set_fields(article_id, False, read=now_iso() if read else None)
        return MarksUndo(before)

    def restore_marks(self, undo: MarksUndo) -> None:
        """Put back the records ``mark_all_read`` changed."""
        with self._mutex:
            for article_id, record in undo.records.items():
                if record:
                    self._articles[article_id] = dict(record)
                else:
                    self._articles.pop(article_id, None)
                self._put(ARTICLES, article_id, record, urgent=False)
            self._tag_cache = None

    # -- notes -------------------------------------------------------------------------

    def _set_note(self, note: Note) -> None:
        old = self._notes.get(note.id)
        if old is not None and old.article != note.article:
            self._note_ids.get(old.article, set()).discard(note.id)
        self._notes[note.id] = note
        self._note_ids.setdefault(note.article, set()).add(note.id)

    def _drop_note(self, note_id: str) -> Note:
        note = self._notes.pop(note_id)
        ids = self._note_ids.get(note.article)
        if ids is not None:
            ids.discard(note_id)
            if not ids:
                del self._note_ids[note.article]
        return note

    def _set_annotation(self, annotation: Annotation) -> None:
        old = self._annotations.get(annotation.id)
        if old is not None and old.article != annotation.article:
            self._annotation_ids.get(old.article, set()).discard(annotation.id)
        self._annotations[annotation.id] = annotation
        self._annotation_ids.setdefault(annotation.article, set()).add(annotation.id)

    def _drop_annotation(self, annotation_id: str) -> Annotation:
        annotation = self._annotations.pop(annotation_id)
        ids = self._annotation_ids.get(annotation.article)
        if ids is not None:
            ids.discard(annotation_id)
            if not ids:
                del self._annotation_ids[annotation.article]
        return annotation

    def note_count(self, article_id: str) -> int:
        """How many notes and annotations the article has (for a marker in the list)."""
        return len(self._note_ids.get(article_id, ())) + len(self._annotation_ids.get(article_id, ()))

    def notes(self, article_id: str) -> list[Note]:
        """The article's notes, oldest first."""
        with self._mutex:
            found = [self._notes[i] for i in self._note_ids.get(article_id, ())]
        return sorted(found, key=lambda n: (n.created, n.id))

    def note(self, note_id: str) -> Note | None:
        return self._notes.get(note_id)

    def all_notes(self) -> list[Note]:
        with self._mutex:
            return sorted(self._notes.values(), key=lambda n: (n.created, n.id))

    @staticmethod
    def _note_text(text: str) -> str:
        text = clean_text(text)
        if not text.strip():
            raise ValueError("the note is empty")
        if len(text) > MAX_NOTE_CHARS:
            raise ValueError(f"the note is longer than {MAX_NOTE_CHARS:,} characters")
        return text

    def add_note(self, article_id: str, text: str, *, title: str | None = None, url: str | None = None) -> Note:
        """``n``: a new note, written to disk at once. Raises ValueError for an empty note."""
        self._need_writable("The note")
        now = now_iso()
        note = Note(new_id(), article_id, self._note_text(text), now, now, title or None, url or None)
        with self._mutex:
            self._set_note(note)
            self._put(NOTES, note.id, note.to_record(), urgent=True)
        return note

    def edit_note(self, note_id: str, text: str) -> Note:
        """``e``: replace the note's text (KeyError for an unknown id)."""
        self._need_writable("The note")
        with self._mutex:
            note = self._notes[note_id]
            text = self._note_text(text)
            if text == note.text:
                return note
            note = note.edited(text)
            self._set_note(note)
            self._put(NOTES, note_id, note.to_record(), urgent=True)
        return note

    def delete_note(self, note_id: str) -> Note:
        """``d``: remove the note; returns it for ``restore_note`` (undo)."""
        self._need_writable("Deleting the note")
        with self._mutex:
            note = self._drop_note(note_id)
            self._put(NOTES, note_id, None, urgent=True)
        return note

    def restore_note(self, note: Note) -> Note:
        """Undo a delete: the same note, same id, back again."""
        self._need_writable("The note")
        with self._mutex:
            self._set_note(note)
            self._put(NOTES, note.id, note.to_record(), urgent=True)
        return note

    # -- annotations -------------------------------------------------------------------

    def annotations(self, article_id: str) -> list[Annotation]:
        with self._mutex:
            found = [self._annotations[i] for i in self._annotation_ids.get(article_id, ())]
        return sorted(found, key=lambda a: (a.start if a.start is not None else -1, a.created, a.id))

    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._annotations.get(annotation_id)

    def all_annotations(self) -> list[Annotation]:
        with self._mutex:
            return sorted(self._annotations.values(), key=lambda a: (a.created, a.id))

    def annotate(
        self,
        article_id: str,
        text: str,
        start: int,
        end: int,
        *,
        note: str = "",
        tags: Iterable[str] | str = (),
        title: str | None = None,
        url: str | None = None,
    ) -> Annotation:
        """``a``: highlight ``text[start:end]`` (the article's reader text). ValueError when empty."""
        self._need_writable("The annotation")
        quote = quote_at(text, start, end)
        now = now_iso()
        annotation = Annotation(
            id=new_id(),
            article=article_id,
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
            start=quote.start,
            end=quote.end,
            note=clean_text(note) if note else "",
            tags=normalize_tags(tags),
            created=now,
            updated=now,
            title=title or None,
            url=url or None,
        )
        return self._save_annotation(annotation)

    def _save_annotation(self, annotation: Annotation) -> Annotation:
        with self._mutex:
            self._set_annotation(annotation)
            self._tag_cache = None
            self._put(ANNOTATIONS, annotation.id, annotation.to_record(), urgent=True)
        return annotation

    def edit_annotation(
        self, annotation_id: str, *, note: str | None = None, tags: Iterable[str] | str | None = None
    ) -> Annotation:
        self._need_writable("The annotation")
        with self._mutex:
            old = self._annotations[annotation_id]
            new = old
            if note is not None:
                new = replace(new, note=clean_text(note))
            if tags is not None:
                new = replace(new, tags=normalize_tags(tags))
            if new == old:
                return old
            return self._save_annotation(replace(new, updated=now_iso(after=old.updated)))

    def delete_annotation(self, annotation_id: str) -> Annotation:
        self._need_writable("Deleting the annotation")
        with self._mutex:
            annotation = self._drop_annotation(annotation_id)
            self._tag_cache = None
            self._put(ANNOTATIONS, annotation_id, None, urgent=True)
        return annotation

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        self._need_writable("The annotation")
        return self._save_annotation(annotation)

    def place(self, article_id: str, text: str, *, remember: bool = False) -> list[Placed]:
        """The article's annotations placed in ``text`` (its reader text now); orphans last.

        With ``remember``, annotations found somewhere other than their stored offsets get the
        new offsets and context saved (the quote itself is never changed); orphans are kept.
        """
        placed = place(self.annotations(article_id), text)
        if remember and self.writable:
            for item in placed:
                anchor = item.anchor
                if anchor is None or anchor.how == "position":
                    continue
                a = item.annotation
                if text[anchor.start : anchor.end] != a.exact:
                    continue  # only exact re-finds move the stored offsets
                moved = quote_at(text, anchor.start, anchor.end)
                self._save_annotation(replace(a, prefix=moved.prefix, suffix=moved.suffix, start=moved.start, end=moved.end))
        return placed

    # -- export / import ----------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self._mutex:
            return Snapshot(
                {k: dict(v) for k, v in self._articles.items()},
                tuple(self.all_notes()),
                tuple(self.all_annotations()),
            )

    def merge(self, batch: ImportBatch) -> ImportReport:
        """Merge imported notes, annotations and marks. Idempotent: a second import changes nothing.

        Notes and annotations are matched by id; an imported one replaces ours unless ours was
        updated later. Marks only ever add: read and starred are set if not set, tags are joined.
        """
        self._need_writable("The import")
        report = ImportReport()
        with self._mutex:
            for note in batch.notes:
                ours = self._notes.get(note.id)
                if ours is None:
                    self._set_note(note)
                    self._put(NOTES, note.id, note.to_record(), urgent=True)
                    report.added += 1
                elif (ours.text, ours.article) == (note.text, note.article):
                    report.unchanged += 1
                elif ours.updated > note.updated:
                    report.kept_newer += 1
                else:
                    merged = replace(note, created=min(ours.created, note.created))
                    self._set_note(merged)
                    self._put(NOTES, note.id, merged.to_record(), urgent=True)
                    report.updated += 1
            for annotation in batch.annotations:
                ours_a = self._annotations.get(annotation.id)
                if ours_a is None:
                    self._save_annotation(annotation)
                    report.added += 1
                elif _same_annotation(ours_a, annotation):
                    report.unchanged += 1
                elif ours_a.updated > annotation.updated:
                    report.kept_newer += 1
                else:
                    self._save_annotation(replace(annotation, created=min(ours_a.created, annotation.created)))
                    report.updated += 1
            for article_id, marks in batch.marks.items():
                changes: dict[str, Any] = {}
                if marks.get("read") and not self.is_read(article_id):
                    changes["read"] = marks["read"]
                if marks.get("starred") and not self.is_starred(article_id):
                    changes["starred"] = marks["starred"]
                tags = self.tags(article_id)
                joined = normalize_tags(tags + tuple(marks.get("tags") or ()))
                if joined != tags:
                    changes["tags"] = list(joined)
                if changes:
                    self._set_fields(article_id, True, **changes)
                    report.updated += 1
                else:
                    report.unchanged += 1
        return report


def rescue_folders(state: Path) -> list[Path]:
    """Where a rescue file may go, in order: beside the state file, the home folder, the temp folder."""
    import tempfile

    found: list[Path] = [state.parent]
    try:
        found.append(Path.home())
    except (RuntimeError, KeyError):  # no home folder known
        pass
    found.append(Path(tempfile.gettempdir()))
    return list(dict.fromkeys(found))


def _yield_gil() -> None:
    """Let other threads (the UI) run between chunks of the writer's work."""
    time.sleep(0)


def _same_annotation(a: Annotation, b: Annotation) -> bool:
    keys = ("article", "exact", "prefix", "suffix", "start", "end", "note", "tags")
    return all(getattr(a, k) == getattr(b, k) for k in keys)
