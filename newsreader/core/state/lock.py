"""One writer at a time: an OS file lock beside the state file, held while a writer runs.

The lock is the kernel's (``flock`` through filelock), so it goes away with the process that
held it, even after ``kill -9``: there are no stale locks to clean up by hand.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["StateLock", "lock_path"]


def lock_path(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


class StateLock:
    def __init__(self, state: Path) -> None:
        self.path = lock_path(state)
        self._lock: FileLock | None = None

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds; False when another writer has it."""
        if self.held:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = FileLock(str(self.path), timeout=timeout, thread_local=False)
        try:
            lock.acquire(timeout=max(0.0, timeout), poll_interval=0.02)
        except Timeout:
            return False
        self._lock = lock
        return True

    def release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            with contextlib.suppress(OSError):
                lock.release(force=True)
