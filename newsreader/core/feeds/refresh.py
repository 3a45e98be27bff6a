"""Refreshing subscriptions: fetch every feed (a bounded pool at a time), store new entries.

Each feed gets a folder under ``feeds_dir()`` (``<host-and-path>-<hash>``) holding one
Markdown file per entry (``<article id>.md``, front matter and paragraphs), so fetched
articles persist and load like any other file: ``load_paths([feeds_dir()])``. Beside
them ``.feed.json`` keeps the ETag and Last-Modified for the next conditional GET and a
hash per entry, so an unchanged entry is not written (or its page fetched) again.

With a subscription's ``full_text`` set, an entry that came with only a summary (or
a short text) has its page fetched and the article extracted with trafilatura; when
that fails the summary is kept and a warning given.

One feed failing (timeout, HTTP error, bad XML) is reported in its result and the
others go on. ``progress(result, done, total)`` is called in the thread that called
``refresh_feeds`` as each feed finishes, so a UI can move a progress bar.

No feed holds up the others' report: every fetch has its deadline (see ``fetch``), pages
are only started while a feed has used less than one fetch deadline, and a feed still
running after ``feed_limit(timeout)`` is cancelled and reported as timed out, its thread (a
daemon) left behind if even that does not stop it. ``should_stop`` returning true cancels
the feeds in flight as well as those waiting: their fetches stop within ``fetch.POLL``
seconds, and ``refresh_feeds`` returns within about a second of it.
"""

from __future__ import annotations

import dataclasses
import json
import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.core.errors import InputError
from newsreader.core.feeds.fetch import (
    DEFAULT_TIMEOUT,
    PAGE_ACCEPT,
    fetch,
    fetch_deadline,
    make_client,
    valid_validator,
)
from newsreader.core.feeds.subscriptions import Subscription, load_subscriptions
from newsreader.core.files import write_atomic
from newsreader.core.ingest.feeds import FeedEntry, parse_feed
from newsreader.core.ingest.fields import digest
from newsreader.core.ingest.textfile import MAX_BYTES
from newsreader.core.model import Article
from newsreader.core.paths import feeds_dir
from newsreader.core.sanitize import visible

__all__ = [
    "FULL_TEXT_WORDS",
    "FeedResult",
    "Progress",
    "RefreshReport",
    "feed_folder",
    "feed_limit",
    "refresh_feed",
    "refresh_feeds",
]

STATE_NAME = ".feed.json"
# A feed entry shorter than this many words is a summary: with full_text on, fetch the page.
FULL_TEXT_WORDS = 150
# At most this many pages are fetched for one feed in one refresh; the rest wait for the next.
PAGE_LIMIT = 20
FEED_SLACK = 10.0  # seconds past two fetch deadlines before a feed is given up (see feed_limit)
LEAVE_AFTER = 2.0  # seconds a feed cancelled for taking too long has to stop before it is left behind
STOP_WAIT = 1.0  # seconds refresh_feeds waits for cancelled feeds to stop before it returns


def feed_limit(timeout: float) -> float:
    """Seconds one feed may take in a refresh: its document (one fetch deadline), pages started
    within the first deadline (so one more), and ``FEED_SLACK`` for parsing and writing."""
    return 2 * fetch_deadline(timeout) + FEED_SLACK


@dataclass(frozen=True, slots=True)
class FeedResult:
    """How one feed's refresh went."""

    url: str
    title: str | None = None
    status: str = "ok"  # "ok" (fetched and read), "not-modified" (304), "error"
    new: int = 0  # entries stored for the first time
    updated: int = 0  # entries whose content changed and were stored again
    entries: int = 0  # entries in the feed document
    error: str | None = None  # one line, when status is "error"
    warnings: tuple[str, ...] = ()
    written: tuple[Path, ...] = ()  # the article files written (new and updated)
    folder: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def summary(self) -> str:
        """One line: "3 new, 1 updated", "no new items", "not modified" or "error: ..."."""
        if self.status == "error":
            return f"error: {self.error}"
        if self.status == "not-modified":
            return "not modified"
        parts = [f"{self.new} new"] if self.new else []
        if self.updated:
            parts.append(f"{self.updated} updated")
        return ", ".join(parts) if parts else "no new items"


@dataclass
class RefreshReport:
    results: list[FeedResult] = field(default_factory=list)
    stopped: bool = False  # should_stop ended it before every feed was done

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def errors(self) -> list[FeedResult]:
        return [r for r in self.results if r.status == "error"]

    @property
    def written(self) -> list[Path]:
        return [p for r in self.results for p in r.written]


Progress = Callable[[FeedResult, int, int], None]


def feed_folder(url: str, store: Path | None = None) -> Path:
    """The folder that holds one feed's articles: readable name plus a hash of the address."""
    parts = urlsplit(url)
    readable = re.sub(r"[^A-Za-z0-9.]+", "-", f"{parts.hostname or 'feed'}{parts.path}").strip("-.")[:60]
    return (store if store is not None else feeds_dir()) / f"{readable or 'feed'}-{digest(url)[:10]}"


def _read_state(folder: Path, url: str) -> dict:
    try:
        state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or state.get("url") != url:
        return {}
    if not isinstance(state.get("entries"), dict):
        state["entries"] = {}
    return state


def _words(article: Article) -> int:
    return sum(len(p.split()) for p in article.paragraphs)


def _with_full_text(article: Article, client, timeout: float, max_bytes: int,
                    cancelled: Callable[[], bool] | None = None) -> tuple[Article, str | None]:
    """The article with the text of its page when that is longer; else a warning why not."""
    from newsreader.core.ingest.html import looks_like_html, parse_html

    try:
        page = fetch(article.url or "", client=client, timeout=timeout, max_bytes=max_bytes, accept=PAGE_ACCEPT,
                     cancelled=cancelled)
        kind = (page.content_type or "").lower()
        if "html" not in kind and not looks_like_html(page.data):
            return article, f"{article.url}: full text: not an HTML page ({kind or 'no type'})"
        extracted = parse_html(page.data, url=page.url)
    except InputError as exc:
        return article, f"full text: {exc}"
    if _words(extracted) <= _words(article):
        return article, None
    return dataclasses.replace(
        article,
        paragraphs=extracted.paragraphs,
        links=tuple(dict.fromkeys(article.links + extracted.links)),
        captions=article.captions or extracted.captions,
        byline=article.byline or extracted.byline,
        published=article.published or extracted.published,
    ), None


def _stored_validators(folder: Path, state: dict) -> tuple[str | None, str | None, list[str]]:
    """The saved ETag and Last-Modified to send; one that is not plain ASCII (saved by an older
    version, or edited by hand) is dropped from the state with a warning, so it is sent never again."""
    kept: list[str | None] = []
    warnings: list[str] = []
    for key, name in (("etag", "ETag"), ("last_modified", "Last-Modified")):
        value = state.get(key)
        if value is not None and value != "" and not valid_validator(value):
            shown = visible((value if isinstance(value, str) else repr(value))[:40])
            warnings.append(f"the saved {name} {shown} is not plain ASCII text: dropped (fetched in full)")
            state[key] = value = None
        kept.append(value or None)
    if warnings:
        _save_state(folder, state)
    return kept[0], kept[1], warnings


def refresh_feed(
    sub: Subscription,
    *,
    client,
    store: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    page_limit: int = PAGE_LIMIT,
    cancelled: Callable[[], bool] | None = None,
) -> FeedResult:
    """Fetch one feed and store its new and changed entries; never raises ``InputError``.

    Once ``cancelled()`` is true the fetch in progress stops, nothing more is fetched or
    written, and the result is an error "cancelled" (what was written so far is remembered).
    """
    from newsreader.core.ingest.markdown import render_markdown

    started = time.monotonic()
    folder = feed_folder(sub.url, store)
    state = _read_state(folder, sub.url)
    etag, last_modified, warnings = _stored_validators(folder, state) if state else (None, None, [])

    def done(**kwargs) -> FeedResult:
        kwargs.setdefault("warnings", tuple(warnings))
        return FeedResult(url=sub.url, folder=folder, seconds=time.monotonic() - started, **kwargs)

    title = sub.title or state.get("title")
    try:
        fetched = fetch(sub.url, client=client, etag=etag, last_modified=last_modified,
                        timeout=timeout, max_bytes=max_bytes, cancelled=cancelled)
    except InputError as exc:
        return done(title=title, status="error", error=exc.problem)
    warnings.extend(fetched.warnings)
    checked = datetime.now(UTC).isoformat(timespec="seconds")
    if fetched.not_modified:
        if state:
            state.update(checked=checked, etag=fetched.etag, last_modified=fetched.last_modified)
            _save_state(folder, state)
        return done(title=title, status="not-modified")
    try:
        feed = parse_feed(fetched.data, url=fetched.url, tags=sub.tags, outlet=sub.title)
    except InputError as exc:
        return done(title=title, status="error", error=exc.problem)
    title = sub.title or feed.title or title
    warnings.extend(w.replace(fetched.url, sub.url, 1) if w.startswith(fetched.url) else w for w in feed.warnings)
    if cancelled is not None and cancelled():
        return done(title=title, status="error", error="cancelled")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return done(title=title, status="error", error=f"{folder}: {exc.strerror or 'cannot be created'}")
    known: dict = state.get("entries", {})
    entries: dict = {}
    new = updated = pages = late = 0
    pages_until = started + fetch_deadline(timeout)  # pages start only while the feed is within one deadline
    stopped = False
    written: list[Path] = []
    for entry in feed.entries:
        if cancelled is not None and cancelled():
            stopped = True
            break
        article = entry.article
        entry_hash = article.content_hash or ""
        before = known.get(article.id)
        wants_page = sub.full_text and article.url and (entry.summary_only or _words(article) < FULL_TEXT_WORDS)
        if article.id in entries:
            continue  # the same article twice in one feed: the first is kept
        if isinstance(before, dict) and before.get("hash") == entry_hash and (before.get("full") or not wants_page):
            entries[article.id] = before
            continue
        full = not wants_page
        if wants_page and pages < page_limit:
            if time.monotonic() < pages_until:
                pages += 1
                article, problem = _with_full_text(article, client, timeout, max_bytes, cancelled)
                full = problem is None
                if problem:
                    warnings.append(problem)
                if cancelled is not None and cancelled():
                    stopped = True
                    break
            else:
                late += 1
        path = folder / f"{article.id}.md"
        text = render_markdown(dataclasses.replace(article, source=None), _extra(entry, sub, entry_hash))
        try:
            existed = path.exists()
            write_atomic(path, text, durable=False)
        except OSError as exc:
            warnings.append(f"{path}: {exc.strerror or 'cannot be written'}")
            continue
        written.append(path)
        if existed:
            updated += 1
        else:
            new += 1
        entries[article.id] = {"hash": entry_hash, "full": full}
    if late:
        warnings.append(f"full text: {late} page{'s' if late != 1 else ''} left for the next refresh "
                        f"(this feed took over {fetch_deadline(timeout):g} s already)")
    # Entries that left the feed keep their files; remember them so they are not rewritten.
    for ident, value in known.items():
        entries.setdefault(ident, value)
    _save_state(folder, {
        "url": sub.url,
        "title": title,
        # Stopped part way: the next refresh fetches in full and finds what was written here.
        "etag": None if stopped else fetched.etag,
        "last_modified": None if stopped else fetched.last_modified,
        "checked": checked,
        "entries": entries,
    })
    if stopped:
        return done(title=title, status="error", error="cancelled", new=new, updated=updated,
                    written=tuple(written))
    return done(title=title, status="ok", new=new, updated=updated, entries=len(feed.entries),
                warnings=tuple(warnings), written=tuple(written))


def _extra(entry: FeedEntry, sub: Subscription, entry_hash: str) -> dict[str, str]:
    extra = {"feed_url": sub.url, "entry_hash": entry_hash}
    if entry.guid and not entry.article.url:
        extra["guid"] = entry.guid
    return extra


def _save_state(folder: Path, state: dict) -> None:
    try:
        write_atomic(folder / STATE_NAME, json.dumps(state, ensure_ascii=False, indent=1), durable=False)
    except OSError:
        pass  # the next refresh fetches in full and finds the files already there


@dataclass(eq=False)
class _Job:
    sub: Subscription
    started: float
    cancel: threading.Event = field(default_factory=threading.Event)
    overdue: float | None = None  # when it was cancelled for running past feed_limit


def refresh_feeds(
    subscriptions: Sequence[Subscription] | None = None,
    *,
    store: Path | None = None,
    workers: int = 4,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    page_limit: int = PAGE_LIMIT,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> RefreshReport:
    """Refresh ``subscriptions`` (default: those in ``feeds.toml``), ``workers`` at a time.

    Raises ``InputError`` only when the subscriptions cannot be read or another refresh
    holds the store; each feed's own failure is in its ``FeedResult``. ``should_stop`` is
    asked five times a second; once it says yes the feeds in flight are cancelled (and not
    reported) and no more start. The feeds run on daemon threads, so a feed stuck where
    nothing can reach it never keeps the process alive.
    """
    from filelock import FileLock, Timeout

    subs = list(subscriptions) if subscriptions is not None else load_subscriptions()[0]
    root = store if store is not None else feeds_dir()
    report = RefreshReport()
    if not subs:
        return report
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(root, exc.strerror or "cannot be created") from None
    lock = FileLock(str(root / ".refresh.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise InputError(root, "another refresh is running") from None
    client = make_client(timeout, max_connections=max(2, workers * 2))
    total = len(subs)
    limit = feed_limit(timeout)
    stop = threading.Event()  # set on the way out: every feed still running stops
    finished: queue.SimpleQueue[tuple[_Job, FeedResult]] = queue.SimpleQueue()
    waiting = list(subs)
    running: list[_Job] = []

    def work(job: _Job) -> None:
        try:
            result = refresh_feed(job.sub, client=client, store=root, timeout=timeout, max_bytes=max_bytes,
                                  page_limit=page_limit, cancelled=lambda: stop.is_set() or job.cancel.is_set())
        except Exception as exc:
            result = FeedResult(url=job.sub.url, title=job.sub.title, status="error",
                                error=f"internal error: {type(exc).__name__}: {exc}")
        finished.put((job, result))

    def overdue(job: _Job) -> FeedResult:
        return FeedResult(url=job.sub.url, title=job.sub.title, status="error",
                          folder=feed_folder(job.sub.url, root), seconds=time.monotonic() - job.started,
                          error=f"timed out: not done after {limit:g} s (the limit for one feed: "
                                f"2 × the {fetch_deadline(timeout):g} s fetch deadline + {FEED_SLACK:g} s)")

    def add(result: FeedResult) -> None:
        report.results.append(result)
        if progress is not None:
            progress(result, len(report.results), total)

    def collect(wait: float) -> tuple[_Job, FeedResult] | None:
        try:
            job, result = finished.get(timeout=wait)
        except queue.Empty:
            return None
        if job not in running:
            return None  # left behind already, and reported then
        running.remove(job)
        return job, result

    try:
        while waiting or running:
            if should_stop is not None and should_stop():
                report.stopped = True
                break
            while waiting and len(running) < workers:
                job = _Job(waiting.pop(0), time.monotonic())
                running.append(job)
                threading.Thread(target=work, args=(job,), name=f"refresh-{len(report.results) + len(running)}",
                                 daemon=True).start()
            got = collect(0.2)
            if got is not None:
                job, result = got
                add(overdue(job) if job.overdue is not None else result)
            now = time.monotonic()
            for job in list(running):
                if job.overdue is None and now - job.started > limit:
                    job.cancel.set()  # its fetch stops within fetch.POLL seconds
                    job.overdue = now
                elif job.overdue is not None and now - job.overdue > LEAVE_AFTER:
                    running.remove(job)  # stuck where cancelling cannot reach (a DNS lookup, a parser)
                    add(overdue(job))
    finally:
        stop.set()
        end = time.monotonic() + STOP_WAIT
        while running and time.monotonic() < end:  # cancelled: their fetches end within fetch.POLL
            collect(0.05)
        client.close()
        lock.release()
    return report
