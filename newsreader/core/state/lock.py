"""One writer at a time: an OS file lock beside the state file, held while a writer runs.

The lock is the kernel's (``flock`` through filelock), so it goes away with the process that
held it, even after ``kill -9``: there are no stale locks to clean up by hand. Writers that
wait for it get it in turn (see ``core.fairlock``), so none starves while others come and go.
"""

from __future__ import annotations

from pathlib import Path

from newsreader.core.fairlock import FairLock

__all__ = ["StateLock", "lock_path"]


def lock_path(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


class StateLock:
    def __init__(self, state: Path) -> None:
        self.path = lock_path(state)
        self._lock = FairLock(self.path)

    @property
    def held(self) -> bool:
        return self._lock.held

    def acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds; False when another writer has it.
        ``OSError`` when it cannot be made (one naming the lock when a folder is in its place)."""
        if self.held:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self._lock.acquire(timeout)

    def release(self) -> None:
        self._lock.release()
