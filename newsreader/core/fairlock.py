"""A lock file taken in turn: commands that wait for it get it in the order they asked.

The lock itself is the kernel's (``flock`` through filelock), so it goes away with the process
that held it. Waiting on it by polling alone is unfair: whoever happens to poll just after a
release wins, and a command can lose every round until its wait runs out while the others each
hold the lock for a moment (issue 14: 13 of 349 command-line writers gave up after 10 s).

So a waiter first takes a ticket: a file in the hidden folder ``.NAME-queue`` beside the lock,
numbered one past the highest ticket there, which it holds an ``flock`` on while it waits.
Only the holder of the lowest ticket tries the lock; the others wait for the tickets before
theirs to go. A ticket whose ``flock`` can be taken belongs to a process that died (``kill -9``)
and is removed by the next waiter, so nothing stale is ever waited for; and when the first in
line has not moved for ``STUCK`` seconds (a stopped process), the others try too. Someone who finds no
ticket takes the lock at once if it is free. Where tickets cannot be made (no ``fcntl``, a
folder without hard links, the queue folder not writable) waiting falls back to polling.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from pathlib import Path

from filelock import FileLock, Timeout

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no tickets, plain polling
    fcntl = None  # type: ignore[assignment]

__all__ = ["FairLock", "queue_dir"]

POLL = 0.01  # seconds between looks at the queue / tries of the lock
STUCK = 1.0  # seconds the same waiter may stay first before the others also try the lock
_DIGITS = 12
_NEW = ".new-"
_STALE_NEW = 30.0  # seconds after which an unlinked half-made ticket of a dead process is removed


def queue_dir(lock: Path) -> Path:
    return lock.with_name(f".{lock.name}-queue")


def _folder_error(path: Path) -> OSError:
    return IsADirectoryError(errno.EISDIR, f"{path.name} is a folder where the lock file should be; remove it", str(path))


class _Ticket:
    """Our place in the queue: an open, flocked file named by its number."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(mode=0o700, exist_ok=True)
        tmp = folder / f"{_NEW}{os.getpid()}-{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            while True:
                number = max(_numbers(folder), default=0) + 1
                name = folder / f"{number:0{_DIGITS}d}"
                try:
                    os.link(tmp, name)  # atomic, and the name appears already locked
                except FileExistsError:
                    continue
                break
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        self.fd = fd
        self.number = number
        self.path = name

    def drop(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _numbers(folder: Path) -> list[int]:
    found = []
    for name in os.listdir(folder):
        if len(name) == _DIGITS and name.isdigit():
            found.append(int(name))
    return found


def _alive(path: Path) -> bool:
    """Whether the ticket at ``path`` is held by a living waiter; a dead one's is removed."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        with contextlib.suppress(OSError):  # its holder died: remove it (if the name is still this file)
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                os.unlink(path)
        return False
    finally:
        os.close(fd)


def _clean_new(folder: Path) -> None:
    """Remove half-made tickets left by processes that died while taking one."""
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            if name.startswith(_NEW):
                path = folder / name
                with contextlib.suppress(OSError):
                    if time.time() - os.stat(path).st_mtime > _STALE_NEW and not _alive(path):
                        with contextlib.suppress(OSError):
                            os.unlink(path)


def _first_alive(folder: Path, below: int | None = None) -> int | None:
    """The lowest live ticket (below ``below``), removing dead ones on the way."""
    for number in sorted(_numbers(folder)):
        if below is not None and number >= below:
            return None
        if _alive(folder / f"{number:0{_DIGITS}d}"):
            return number
    return None


class FairLock:
    """An OS lock file, held by one process at a time and handed out in the order asked."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.queue = queue_dir(self.path)
        self._lock: FileLock | None = None

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def _try(self, lock: FileLock) -> bool:
        try:
            lock.acquire(blocking=False)
        except Timeout:
            return False
        except IsADirectoryError:
            raise _folder_error(self.path) from None
        return True

    def acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds in turn; False when it stays taken.
        Raises ``OSError`` when the lock file cannot be made (naming it when it is a folder)."""
        if self.held:
            return True
        if self.path.is_dir():
            raise _folder_error(self.path)
        deadline = time.monotonic() + max(0.0, timeout)
        lock = FileLock(str(self.path), thread_local=False)
        waiting = fcntl is not None and self.queue.is_dir() and _safe_first(self.queue) is not None
        if not waiting and self._try(lock):  # nobody in the queue: no need to queue
            self._lock = lock
            return True
        if timeout <= 0:
            return False
        ticket = None
        if fcntl is not None:
            try:
                ticket = _Ticket(self.queue)
            except OSError:  # no tickets here: wait by polling
                ticket = None
        try:
            if ticket is not None:
                _clean_new(self.queue)
            head, since = None, time.monotonic()
            while True:
                first = None if ticket is None else _safe_first(self.queue, ticket.number)
                if first != head:
                    head, since = first, time.monotonic()
                # Our turn; or the one before us has not taken a free lock for a while (a
                # stopped process): then a try only wins in the gap after a release.
                if (first is None or time.monotonic() - since >= STUCK) and self._try(lock):
                    self._lock = lock
                    return True
                if first is not None and time.monotonic() - since >= STUCK:
                    since = time.monotonic()
                if time.monotonic() >= deadline:
                    return False
                time.sleep(POLL)
        finally:
            if ticket is not None:
                ticket.drop()

    def release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            with contextlib.suppress(OSError):
                lock.release(force=True)


def _safe_first(folder: Path, below: int | None = None) -> int | None:
    try:
        return _first_alive(folder, below)
    except OSError:  # the queue folder went away or cannot be read: take our chance
        return None
