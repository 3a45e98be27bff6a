"""The feeds the user subscribes to, kept in ``feeds.toml`` in the config folder.

The file is plain TOML the user may edit::

    [[feed]]
    url = "https://example.org/news.rss"
    title = "Example News"      # optional: shown instead of the feed's own title
    tags = ["world", "daily"]   # optional: added to every article from the feed
    full_text = true            # optional: fetch and extract the full page for summaries

Changes go through a lock and an atomic replace, so two commands at once cannot lose
a subscription and a crash cannot leave half a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.feeds.fetch import check_url
from newsreader.core.files import locked, read_toml, write_atomic
from newsreader.core.ingest.fields import clean_line, split_tags
from newsreader.core.model import canonical_url
from newsreader.core.paths import subscriptions_file

__all__ = [
    "Subscription",
    "add_subscription",
    "feed_key",
    "load_subscriptions",
    "merge_subscriptions",
    "remove_subscription",
    "same_feed",
    "save_subscriptions",
]

_HEADER = (
    "# newsreader feed subscriptions. Edit freely; 'newsreader feeds add' and\n"
    "# 'newsreader feeds remove' rewrite this file (comments are not kept).\n"
    "# Keys per [[feed]]: url (required), title, tags, full_text.\n\n"
)


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    full_text: bool = False

    def to_toml(self) -> dict:
        data: dict = {"url": self.url}
        if self.title:
            data["title"] = self.title
        if self.tags:
            data["tags"] = list(self.tags)
        if self.full_text:
            data["full_text"] = True
        return data


def feed_key(url: str) -> tuple[str, str]:
    """A key equal for two addresses exactly when ``same_feed`` holds: to index feeds by it."""
    try:
        return ("canonical", canonical_url(url))
    except ValueError:
        return ("raw", url)


def same_feed(a: str, b: str) -> bool:
    """True when two addresses name the same feed (scheme/host case, default port, slash)."""
    return feed_key(a) == feed_key(b)


def _path(path: Path | None) -> Path:
    return Path(path) if path is not None else subscriptions_file()


def load_subscriptions(path: Path | None = None) -> tuple[list[Subscription], list[str]]:
    """The subscriptions and a warning for each entry that was skipped.

    A missing file is no subscriptions; a file that is not valid TOML is an ``InputError``.
    """
    file = _path(path)
    data = read_toml(file)
    if data is None:
        return [], []
    feeds = data.get("feed", [])
    if not isinstance(feeds, list):
        raise InputError(file, "'feed' must be an array of tables ([[feed]])")
    subs: list[Subscription] = []
    seen: set[tuple[str, str]] = set()
    warnings: list[str] = []
    for number, entry in enumerate(feeds, start=1):
        where = f"{file}: feed {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            warnings.append(f"{where}: no url; skipped")
            continue
        try:
            url = check_url(entry["url"])
        except InputError as exc:
            warnings.append(f"{where}: {exc}; skipped")
            continue
        if feed_key(url) in seen:
            warnings.append(f"{where}: {url} is listed twice; the first is kept")
            continue
        seen.add(feed_key(url))
        title = entry.get("title")
        tags = entry.get("tags", ())
        subs.append(Subscription(
            url=url,
            title=clean_line(title) or None if isinstance(title, str) else None,
            tags=split_tags(tags if isinstance(tags, (list, str)) else ()),
            full_text=entry.get("full_text") is True,
        ))
    return subs, warnings


def save_subscriptions(subs: Sequence[Subscription], path: Path | None = None) -> Path:
    """Write ``subs`` atomically; returns the file written."""
    import tomli_w

    file = _path(path)
    write_atomic(file, _HEADER + tomli_w.dumps({"feed": [s.to_toml() for s in subs]}))
    return file


def add_subscription(
    url: str,
    *,
    title: str | None = None,
    tags: Iterable[str] = (),
    full_text: bool = False,
    path: Path | None = None,
) -> Subscription:
    """Subscribe to ``url``; raises ``InputError`` if it is not http(s) or already there."""
    url = check_url(url)
    file = _path(path)
    with locked(file, "the subscriptions"):
        subs, _ = load_subscriptions(file)
        for existing in subs:
            if same_feed(existing.url, url):
                raise InputError(url, "already subscribed")
        sub = Subscription(url, clean_line(title) or None if title else None, split_tags(list(tags)), full_text)
        save_subscriptions([*subs, sub], file)
    return sub


def remove_subscription(which: str, *, path: Path | None = None) -> Subscription:
    """Unsubscribe by address or by number in ``feeds list`` (from 1); returns what was removed."""
    file = _path(path)
    with locked(file, "the subscriptions"):
        subs, _ = load_subscriptions(file)
        index: int | None = None
        if which.strip().isdigit():
            number = int(which)
            if not 1 <= number <= len(subs):
                raise InputError(which, f"no feed number {number} (there are {len(subs)})")
            index = number - 1
        else:
            for i, sub in enumerate(subs):
                if same_feed(sub.url, which.strip()):
                    index = i
                    break
        if index is None:
            raise InputError(which, "not subscribed")
        removed = subs.pop(index)
        save_subscriptions(subs, file)
    return removed


def merge_subscriptions(
    new: Iterable[Subscription], *, path: Path | None = None
) -> tuple[list[Subscription], list[Subscription]]:
    """Add the subscriptions not already there; returns (added, already there).

    For one already there, tags the import brings are added to it.
    """
    file = _path(path)
    added: list[Subscription] = []
    present: list[Subscription] = []
    with locked(file, "the subscriptions"):
        subs, _ = load_subscriptions(file)
        index = {feed_key(existing.url): i for i, existing in reversed(list(enumerate(subs)))}
        for sub in new:
            i = index.get(feed_key(sub.url))
            if i is not None:
                existing = subs[i]
                merged = split_tags(list(existing.tags) + list(sub.tags))
                if merged != existing.tags:
                    subs[i] = replace(existing, tags=merged)
                present.append(existing)
            else:
                index[feed_key(sub.url)] = len(subs)
                subs.append(sub)
                added.append(sub)
        save_subscriptions(subs, file)
    return added, present
