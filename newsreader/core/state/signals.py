"""Flush the state when the process is asked to stop (SIGTERM, SIGHUP).

The store never installs handlers itself (only the main thread may, and the app decides how
to quit); the caller does, once, from the main thread::

    restore = flush_on_signals(store, then=app.exit)

After a flush the ``then`` callback runs (the app's own quit), or, without one, the signal's
previous handler, or the default action (the process ends with that signal). After SIGHUP
(the terminal closed) the process ends anyway ``grace`` seconds after ``then``: the app's own
shutdown can block for ever writing to a terminal that is gone, and the flushed state needs
nothing more.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from newsreader.core.state.store import StateStore

__all__ = ["flush_on_signals"]

FLUSH_TIMEOUT = 5.0
GRACE = 3.0


def flush_on_signals(
    store: StateStore,
    *,
    then: Callable[[], Any] | None = None,
    signals: tuple[str, ...] = ("SIGTERM", "SIGHUP"),
    grace: float = GRACE,
    hard_exit: tuple[str, ...] = ("SIGHUP",),
) -> Callable[[], None]:
    """Install handlers that flush ``store``; returns a function that puts the old ones back."""
    previous: dict[int, Any] = {}
    hard = {getattr(signal, name) for name in hard_exit if hasattr(signal, name)}

    def handler(number: int, frame: Any) -> None:
        store.flush(FLUSH_TIMEOUT)
        if then is not None:
            if number in hard:
                ender = threading.Timer(grace, os._exit, (128 + number,))
                ender.daemon = True
                ender.start()
            then()
            return
        old = previous.get(number)
        if callable(old):
            old(number, frame)
            return
        store.close(FLUSH_TIMEOUT)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    for name in signals:
        number = getattr(signal, name, None)
        if number is None:  # SIGHUP does not exist on Windows
            continue
        previous[number] = signal.signal(number, handler)

    def restore() -> None:
        for number, old in previous.items():
            signal.signal(number, old if old is not None else signal.SIG_DFL)

    return restore
