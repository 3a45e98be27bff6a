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
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.core.errors import InputError
from newsreader.core.feeds.fetch import DEFAULT_TIMEOUT, PAGE_ACCEPT, fetch, make_client
from newsreader.core.feeds.subscriptions import Subscription, load_subscriptions
from newsreader.core.files import write_atomic
from newsreader.core.ingest.feeds import FeedEntry, parse_feed
from newsreader.core.ingest.fields import digest
from newsreader.core.ingest.textfile import MAX_BYTES
from newsreader.core.model import Article
from newsreader.core.paths import feeds_dir

__all__ = [
    "FeedResult",
    "RefreshReport",
    "Progress",
    "feed_folder",
    "refresh_feed",
    "refresh_feeds",
    "FULL_TEXT_WORDS",
]

STATE_NAME = ".feed.json"
# A feed entry shorter than this many words is a summary: with full_text on, fetch the page.
FULL_TEXT_WORDS = 150
# At most this many pages are fetched for one feed in one refresh; the rest wait for the next.
PAGE_LIMIT = 20


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


def _with_full_text(article: Article, client, timeout: float, max_bytes: int) -> tuple[Article, str | None]:
    """The article with the text of its page when that is longer; else a warning why not."""
    from newsreader.core.ingest.html import looks_like_html, parse_html

    try:
        page = fetch(article.url or "", client=client, timeout=timeout, max_bytes=max_bytes, accept=PAGE_ACCEPT)
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


def refresh_feed(
    sub: Subscription,
    *,
    client,
    store: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    page_limit: int = PAGE_LIMIT,
) -> FeedResult:
    """Fetch one feed and store its new and changed entries; never raises ``InputError``."""
    from newsreader.core.ingest.markdown import render_markdown

    started = time.monotonic()
    folder = feed_folder(sub.url, store)
    state = _read_state(folder, sub.url)

    def done(**kwargs) -> FeedResult:
        return FeedResult(url=sub.url, folder=folder, seconds=time.monotonic() - started, **kwargs)

    title = sub.title or state.get("title")
    try:
        fetched = fetch(sub.url, client=client, etag=state.get("etag"), last_modified=state.get("last_modified"),
                        timeout=timeout, max_bytes=max_bytes)
    except InputError as exc:
        return done(title=title, status="error", error=exc.problem)
    checked = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if fetched.not_modified:
        if state:
            state["checked"] = checked
            _save_state(folder, state)
        return done(title=title, status="not-modified")
    try:
        feed = parse_feed(fetched.data, url=fetched.url, tags=sub.tags, outlet=sub.title)
    except InputError as exc:
        return done(title=title, status="error", error=exc.problem)
    title = sub.title or feed.title or title
    warnings = [w.replace(fetched.url, sub.url, 1) if w.startswith(fetched.url) else w for w in feed.warnings]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return done(title=title, status="error", error=f"{folder}: {exc.strerror or 'cannot be created'}")
    known: dict = state.get("entries", {})
    entries: dict = {}
    new = updated = pages = 0
    written: list[Path] = []
    for entry in feed.entries:
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
            pages += 1
            article, problem = _with_full_text(article, client, timeout, max_bytes)
            full = problem is None
            if problem:
                warnings.append(problem)
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
    # Entries that left the feed keep their files; remember them so they are not rewritten.
    for ident, value in known.items():
        entries.setdefault(ident, value)
    _save_state(folder, {
        "url": sub.url,
        "title": title,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "checked": checked,
        "entries": entries,
    })
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
    holds the store; each feed's own failure is in its ``FeedResult``.
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
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, total)), thread_name_prefix="refresh") as pool:
            pending: dict[Future, Subscription] = {}
            queue = list(subs)

            def submit_next() -> None:
                sub = queue.pop(0)
                pending[pool.submit(refresh_feed, sub, client=client, store=root, timeout=timeout,
                                    max_bytes=max_bytes, page_limit=page_limit)] = sub

            for _ in range(min(workers, len(queue))):
                submit_next()
            while pending:
                finished, _ = wait(list(pending), timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    sub = pending.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # a bug in one feed's handling must not stop the rest
                        result = FeedResult(url=sub.url, title=sub.title, status="error",
                                            error=f"internal error: {type(exc).__name__}: {exc}")
                    report.results.append(result)
                    if progress is not None:
                        progress(result, len(report.results), total)
                if queue and should_stop is not None and should_stop():
                    report.stopped = True
                    queue.clear()
                while queue and len(pending) < workers:
                    submit_next()
    finally:
        client.close()
        lock.release()
    return report
