"""The state's writer: one thread, the only code that touches TinyDB once the store is open.

``put`` queues a change and returns its number. Urgent changes (tags, notes, annotations) are
written at once; read and star flags are batched: written once no other change came for
``flag_idle`` seconds, and at most ``flag_delay`` seconds after the first. A batch is one
atomic, fsynced file write (see ``storage``); a failed one is kept and tried again every
``RETRY_DELAY`` seconds, each failure reported once through ``on_error``. ``flush`` forces a
write and waits, ``wait_saved`` only waits, ``stop`` writes what is left and ends the thread,
``rescue`` writes the document with every unsaved change to a rescue file elsewhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from newsreader.core.state import backup as backups
from newsreader.core.state.errors import StateWriteError
from newsreader.core.state.storage import StateStorage, dumps, open_db, write_atomic

__all__ = ["RETRY_DELAY", "StateWriter", "rescue_folders"]

RETRY_DELAY = 1.0  # seconds between attempts when a write fails

Change = dict[tuple[str, str], dict[str, Any] | None]  # (table, key) -> record, None to delete


class StateWriter:
    """Batches the store's changes and writes them on its own thread (see the module doc)."""

    def __init__(self, path: Path, *, flag_delay: float, flag_idle: float | None) -> None:
        self.path = path
        self.flag_delay = flag_delay
        self.flag_idle = flag_idle  # None: flags wait the whole flag_delay
        self.on_error: Callable[[str], None] | None = None
        self.last_error: str | None = None
        self.storage: StateStorage | None = None
        # guarded by _cv
        self._cv = threading.Condition(threading.Lock())
        self._pending: Change = {}
        self._jobs: list[Callable[[], None]] = []
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
        self._inflight: Change = {}  # the batch being written
        self._thread: threading.Thread | None = None

    def start(self, data: dict[str, dict[str, Any]], backup_raw: bytes = b"") -> None:
        """Open the document ``data`` (the file as read) and start the thread; ``backup_raw``,
        the file's bytes, is kept as the day's backup first."""
        storage = StateStorage(self.path, data)
        storage.pause = _yield_gil
        self._db = open_db(storage)
        self.storage = storage
        if backup_raw:
            path = self.path
            self._jobs.append(lambda: backups.daily_backup(path, backup_raw))
        self._thread = threading.Thread(target=self._run, name="newsreader-state-writer", daemon=True)
        self._thread.start()

    def put(self, table: str, key: str, record: dict[str, Any] | None, *, urgent: bool) -> int:
        """Queue a change (``record`` None deletes); returns its number."""
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

    def _commit(self, batch: Change) -> str | None:
        tables: dict[str, dict[str, dict[str, Any] | None]] = {}
        for (table, key), record in batch.items():
            tables.setdefault(table, {})[key] = record
        try:
            with self.storage.batch():
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
            return self._seq - self._saved

    @property
    def last_change(self) -> int:
        """The number of the latest change, for ``wait_saved(change=...)``."""
        with self._cv:
            return self._seq

    @property
    def file_writes(self) -> int:
        """How many times the state file has been written since it was opened."""
        return self.storage.writes if self.storage is not None else 0

    def wait_saved(self, timeout: float | None = None, *, change: int | None = None) -> bool:
        """Wait until every change made so far is on disk (batched flags included); False on timeout.

        With ``change`` (a ``last_change`` taken after making it): wait for that change only, and
        give up (False) as soon as a write that held it failed.
        """
        with self._cv:
            target = self._seq if change is None else change
            return self._wait_for(target, timeout, lambda: change is not None and self._failed >= target)

    def flush(self, timeout: float | None = 10.0, *, fail_fast: bool = False) -> bool:
        """Write every pending change now and wait for it to be on disk; False on timeout or failure.

        With ``fail_fast``, one failed attempt ends the wait (the change stays pending)."""
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
        if self.storage is None:
            raise StateWriteError(self.path, "opened read-only; there is nothing unsaved to rescue")
        done = threading.Event()
        box: dict[str, Any] = {}

        def job() -> None:
            try:
                box["path"] = self._write_rescue()
            except BaseException as exc:
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
        data = self.storage.read() or {}
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

    def stop(self, timeout: float = 10.0) -> tuple[bool, bool]:
        """Write what is pending and end the thread: (everything saved, the thread has ended)."""
        if self._thread is None:
            return True, True
        with self._cv:
            self._closing = True
            self._cv.notify_all()
        self._thread.join(timeout)
        with self._cv:
            ok = self._saved >= self._seq
            self._closed = True
        if self._thread.is_alive():
            return ok, False
        self._thread = None
        return ok, True


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

