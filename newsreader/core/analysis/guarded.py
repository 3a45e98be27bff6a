"""Analysis in a separate process, with a deadline: one article cannot hold the reader.

A regular expression that backtracks keeps the interpreter lock for as long as it runs, so
analysis in a thread of the app can starve the event loop. ``AnalysisGuard`` runs
``analyze_article`` in one worker process (started with ``spawn`` when first needed, never
forked from a process with threads) and waits for it without holding the lock. An article
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
import pickle
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


class AnalysisCancelled(Exception):
    """The guard was closed (the program is quitting) while an analysis ran."""


def deadline_setting(value: Any) -> float:
    """The ``analysis_deadline`` setting as seconds: a positive number, else the default."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value <= 0:
        return DEFAULT_DEADLINE
    return float(min(value, 3600.0))


def _work(conn) -> None:
    """The worker: analyse each article sent, send back the analysis or the exception."""
    from newsreader.core.analysis.document import analyze_article

    engine = None
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if request is None:
            return
        blob, article = request
        try:
            if blob is not None:
                engine = pickle.loads(blob)
            result: tuple[str, Any] = ("ok", analyze_article(article, engine))
        except Exception as exc:  # noqa: BLE001 - the caller sees what the engine raised
            result = ("error", exc)
        try:
            conn.send(result)
        except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class AnalysisGuard:
    """One worker process for analyses, one at a time, each within ``deadline`` seconds."""

    def __init__(self, deadline: float = DEFAULT_DEADLINE) -> None:
        self.deadline = deadline
        self._lock = threading.Lock()  # one analysis at a time
        self._process = None
        self._conn = None
        self._engine: object = None  # the engine the worker has
        self._closed = False
        _GUARDS.add(self)

    @staticmethod
    def separable(engine: Engine) -> bool:
        return bool(getattr(engine, "separate_process", False))

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
                conn.send((blob, article))
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
        if self._process is not None and self._process.is_alive():
            return self._conn
        self._kill()
        import multiprocessing  # here, off the start-up path

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_work, args=(theirs,), name="newsreader-analysis", daemon=True)
        process.start()
        theirs.close()
        self._process, self._conn, self._engine = process, ours, None
        try:
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
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._engine = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(2)
            if not process.is_alive():
                process.close()
        if conn is not None:
            conn.close()

    @property
    def running(self) -> bool:
        """A worker process is alive."""
        process = self._process
        return process is not None and process.is_alive()

    def close(self) -> None:
        """Kill the worker now (a waiting analysis gets ``AnalysisCancelled``); final."""
        self._closed = True
        process = self._process
        if process is not None:
            try:
                process.kill()  # a stuck worker is not waited for
            except (ValueError, OSError):
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
