"""Analysis in a separate process, with a deadline: one article cannot hold the reader.

A regular expression that backtracks keeps the interpreter lock for as long as it runs, so
analysis in a thread of the app can starve the event loop. ``AnalysisGuard`` runs
``analyze_article`` in one worker process (a new interpreter started when first needed:
neither forked from a process with threads nor running the caller's ``__main__`` again)
and waits for it without holding the lock. An article
whose analysis takes longer than ``deadline`` seconds raises ``AnalysisTimedOut``: the worker
is killed (the next article starts a new one) and the caller shows or stores the article
without names and figures. ``close`` kills the worker at once; waiting callers get
``AnalysisCancelled``.

Only engines that say they can run elsewhere (``separate_process = True``: picklable and
keeping nothing the caller reads back, like the built-in rules) go to the worker; any other
engine runs in the calling thread, as before. UI-free.
"""

from __future__ import annotations

import atexit
import math
import os
import pickle
import sys
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

    from newsreader.core.analysis.document import AnalysedArticle
    from newsreader.core.analysis.engine import Engine
    from newsreader.core.model import Article

__all__ = [
    "DEFAULT_DEADLINE",
    "AnalysisCancelled",
    "AnalysisGuard",
    "AnalysisTimedOut",
    "deadline_setting",
]

DEFAULT_DEADLINE = 10.0  # seconds one article's analysis may take
START_LIMIT = 120.0  # seconds a new worker may take to start (imports, on a loaded machine)
_GUARDS: weakref.WeakSet[AnalysisGuard] = weakref.WeakSet()


class AnalysisTimedOut(Exception):
    """The analysis took longer than the deadline; the article has no names and figures."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"analysis took longer than {seconds:g} s")

    @classmethod
    def from_text(cls, text: str, default: float | None = None) -> AnalysisTimedOut:
        """The timeout a stored message (``... longer than 10 s``) tells of."""
        import re

        found = re.search(r"longer than (\d+(?:\.\d+)?) s", text)
        return cls(float(found.group(1)) if found else (default or DEFAULT_DEADLINE))


class AnalysisCancelled(Exception):
    """The guard was closed (the program is quitting) while an analysis ran."""


def deadline_setting(value: Any) -> float:
    """The ``analysis_deadline`` setting as seconds: a positive number, else the default."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value <= 0:
        return DEFAULT_DEADLINE
    return float(min(value, 3600.0))


def _main() -> None:
    """The worker process: ``python -c ... READ_FD WRITE_FD``; the first message is the
    caller's ``sys.path`` (so its engine's module is found), then one article at a time."""
    import sys
    from multiprocessing.connection import Connection

    inbox = Connection(int(sys.argv[1]), writable=False)
    outbox = Connection(int(sys.argv[2]), readable=False)
    try:
        sys.path[:] = inbox.recv()
        _work(inbox, outbox)
    except (EOFError, OSError, KeyboardInterrupt):  # the caller went away
        pass


def _work(inbox, conn) -> None:
    """Analyse each article sent, send back the analysis or the exception."""
    from newsreader.core.analysis.document import analyze_article

    engine = None
    conn.send(("ready", None))
    while True:
        try:
            request = inbox.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if request is None:
            return
        blob, article = request
        try:
            if blob is not None:
                engine = pickle.loads(blob)
            result: tuple[str, Any] = ("ok", analyze_article(article, engine))
        except Exception as exc:
            result = ("error", exc)
        try:
            conn.send(result)
        except Exception as exc:
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class AnalysisGuard:
    """One worker process for analyses, one at a time, each within ``deadline`` seconds."""

    def __init__(self, deadline: float = DEFAULT_DEADLINE) -> None:
        self.deadline = deadline
        self._lock = threading.Lock()  # one analysis at a time
        self._process: subprocess.Popen | None = None
        self._conn = None  # what the worker answers on
        self._outbox = None  # what it is sent on
        self._engine: object = None  # the engine the worker has
        self._closed = False
        _GUARDS.add(self)

    @staticmethod
    def separable(engine: Engine) -> bool:
        return os.name == "posix" and bool(getattr(engine, "separate_process", False))

    def analyse(self, article: Article, engine: Engine) -> AnalysedArticle:
        """``analyze_article(article, engine)``, in the worker when the engine allows it.

        Raises ``AnalysisTimedOut``, ``AnalysisCancelled``, or what the engine raised."""
        from newsreader.core.analysis.document import analyze_article

        if not self.separable(engine):
            return analyze_article(article, engine)
        with self._lock:
            if self._closed:
                raise AnalysisCancelled("closed")
            conn = self._ensure_worker()
            blob = None
            if self._engine is not engine:
                blob = pickle.dumps(engine)
                self._engine = engine
            try:
                self._outbox.send((blob, article))
                if not self._wait(conn, self.deadline):
                    self._kill()
                    raise AnalysisTimedOut(self.deadline)
                status, value = conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._kill()
                if self._closed:
                    raise AnalysisCancelled("closed") from None
                raise RuntimeError("the analysis process ended unexpectedly") from None
        if status == "ok":
            return value
        raise value

    def _wait(self, conn, seconds: float) -> bool:
        """Wait for the worker's answer (the interpreter lock is free meanwhile)."""
        end = time.monotonic() + seconds
        while not self._closed:
            left = end - time.monotonic()
            if left <= 0:
                return False
            if conn.poll(min(left, 0.25)):
                return True
        raise AnalysisCancelled("closed")

    def _ensure_worker(self):
        if self.running:
            return self._conn
        self._kill()
        # A new interpreter, not a fork (the app has threads) nor multiprocessing's spawn
        # (which runs the caller's __main__ again in the child).
        import subprocess
        from multiprocessing.connection import Connection

        to_worker, from_us = os.pipe()
        to_us, from_worker = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", "from newsreader.core.analysis.guarded import _main; _main()",
                 str(to_worker), str(from_worker)],
                pass_fds=(to_worker, from_worker), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
            )
        except BaseException:
            for fd in (to_worker, from_us, to_us, from_worker):
                os.close(fd)
            raise
        os.close(to_worker)
        os.close(from_worker)
        ours = Connection(to_us, writable=False)
        self._process, self._conn, self._engine = process, ours, None
        self._outbox = Connection(from_us, readable=False)
        try:
            self._outbox.send(list(sys.path))
            ready = self._wait(ours, START_LIMIT) and ours.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._kill()
            if self._closed:
                raise AnalysisCancelled("closed")
            raise RuntimeError("the analysis process did not start")
        return ours

    def _kill(self) -> None:
        process, conn, outbox = self._process, self._conn, self._outbox
        self._process = self._conn = self._outbox = None
        self._engine = None
        if process is not None:
            import subprocess

            if process.poll() is None:
                process.kill()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for end in (conn, outbox):
            if end is not None:
                end.close()

    @property
    def running(self) -> bool:
        """A worker process is alive."""
        process = self._process
        return process is not None and process.poll() is None

    def close(self) -> None:
        """Kill the worker now (a waiting analysis gets ``AnalysisCancelled``); final."""
        self._closed = True
        process = self._process
        if process is not None:
            try:
                process.kill()  # a stuck worker is not waited for
            except OSError:
                pass
        if self._lock.acquire(timeout=5):
            try:
                self._kill()
            finally:
                self._lock.release()


@atexit.register
def _close_all() -> None:
    for guard in list(_GUARDS):
        guard.close()
