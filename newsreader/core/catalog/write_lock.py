"""The catalog's write lock: a re-entrant lock whose long holder (a sync) can step aside.

A sync commits a batch, releases the lock and takes it again at once; a plain lock gives no
turn to a thread already waiting (a state change from the app), which on a busy machine could
wait for the whole sync. ``pause`` lets the threads waiting at that moment go first.
"""

from __future__ import annotations

import threading

__all__ = ["WriteLock"]


class WriteLock:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._waiting = 0
        self._changed = threading.Condition(threading.Lock())

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        with self._changed:
            self._waiting += 1
        try:
            return self._lock.acquire(blocking, timeout)
        finally:
            with self._changed:
                self._waiting -= 1
                self._changed.notify_all()

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def pause(self, timeout: float = 1.0) -> None:
        """With the lock released: wait (at most ``timeout``) until the threads waiting for it
        have taken it."""
        with self._changed:
            self._changed.wait_for(lambda: self._waiting == 0, timeout)
