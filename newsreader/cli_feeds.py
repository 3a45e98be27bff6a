"""Command line for feeds: ``feeds add|list|remove``, ``refresh``, ``opml import|export``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.sanitize import json_safe, visible

PROG = "newsreader"
FEED_COMMANDS = ("feeds", "refresh", "opml")


def _err(message: str) -> None:
    print(f"{PROG}: {visible(message)}", file=sys.stderr)  # messages may quote an address from a file


def _tags(values: list[str] | None) -> list[str]:
    return [t for value in values or () for t in value.split(",") if t.strip()]


def _feeds_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} feeds",
        description="Manage feed subscriptions (kept in feeds.toml in the config folder).",
    )
    sub = parser.add_subparsers(dest="action", required=True, metavar="add|list|remove")
    add = sub.add_parser("add", help="subscribe to an RSS, Atom or JSON feed",
                         description="Subscribe to an RSS, Atom or JSON feed by its http(s) address.")
    add.add_argument("url", metavar="URL")
    add.add_argument("--tags", "--tag", action="append", metavar="TAG[,TAG...]",
                     help="tags for every article from this feed (repeat or separate with commas)")
    add.add_argument("--title", help="a name to show instead of the feed's own title")
    add.add_argument("--full-text", action="store_true",
                     help="when an entry is only a summary, fetch its page and extract the article")
    lst = sub.add_parser("list", help="list subscriptions", description="List the subscriptions.")
    lst.add_argument("--json", action="store_true", help="print JSON")
    rm = sub.add_parser("remove", help="unsubscribe", description="Unsubscribe from a feed.")
    rm.add_argument("which", metavar="URL|NUMBER", help="the feed's address, or its number in 'feeds list'")
    return parser


def run_feeds_command(argv: Sequence[str]) -> int:
    from newsreader.core.feeds.subscriptions import (
        add_subscription,
        load_subscriptions,
        remove_subscription,
    )
    from newsreader.core.paths import subscriptions_file

    args = _feeds_parser().parse_args(argv)
    if args.action == "add":
        sub = add_subscription(args.url, title=args.title, tags=_tags(args.tags), full_text=args.full_text)
        extra = f" [{', '.join(sub.tags)}]" if sub.tags else ""
        print(f"subscribed: {sub.url}{extra}{' (full text)' if sub.full_text else ''}")
        return 0
    if args.action == "remove":
        removed = remove_subscription(args.which)
        print(f"unsubscribed: {removed.url}")
        return 0
    subs, warnings = load_subscriptions()
    for warning in warnings:
        _err(f"warning: {warning}")
    if args.json:
        print(json_safe(json.dumps([{"url": s.url, "title": s.title, "tags": list(s.tags), "full_text": s.full_text}
                                    for s in subs], indent=2, ensure_ascii=False)))
        return 0
    if not subs:
        print(f"no subscriptions ({subscriptions_file()}); add one with: {PROG} feeds add URL")
        return 0
    width = len(str(len(subs)))
    for number, sub in enumerate(subs, start=1):
        details = [sub.title] if sub.title else []
        if sub.tags:
            details.append("tags: " + ", ".join(sub.tags))
        if sub.full_text:
            details.append("full text")
        print(f"{number:>{width}}  {sub.url}" + (f"  ({'; '.join(details)})" if details else ""))
    return 0


def _refresh_parser() -> argparse.ArgumentParser:
    from newsreader.core.feeds.fetch import DEFAULT_TIMEOUT

    parser = argparse.ArgumentParser(
        prog=f"{PROG} refresh",
        description="Fetch every subscribed feed and store new articles in the data folder "
                    "(feeds/, one folder per feed). One feed failing does not stop the others.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="refresh only these subscribed feeds")
    parser.add_argument("--workers", type=int, default=4, metavar="N", help="feeds fetched at once (default 4)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"network timeout per step: connecting, each read, each write (default "
                             f"{DEFAULT_TIMEOUT:g}); a whole fetch may take 3 times as long")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="folder for state and fetched articles (default: $NEWSREADER_DATA_DIR or the user data folder)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only errors and the total")
    return parser


def _bar(done: int, total: int, width: int = 24) -> str:
    filled = width * done // max(total, 1)
    return "[" + "#" * filled + "-" * (width - filled) + f"] {done}/{total}"


def run_refresh(argv: Sequence[str]) -> int:
    from newsreader.core.feeds.refresh import FeedResult, refresh_feeds
    from newsreader.core.feeds.subscriptions import load_subscriptions, same_feed
    from newsreader.core.paths import feeds_dir, set_data_dir

    args = _refresh_parser().parse_args(argv)
    if args.workers < 1 or args.workers > 32:
        raise InputError("--workers", "must be from 1 to 32")
    if not args.timeout > 0:
        raise InputError("--timeout", "must be more than 0 seconds")
    if args.data_dir is not None:
        set_data_dir(args.data_dir)
    subs, warnings = load_subscriptions()
    for warning in warnings:
        _err(f"warning: {warning}")
    if args.urls:
        chosen = [s for s in subs if any(same_feed(s.url, u) for u in args.urls)]
        missing = [u for u in args.urls if not any(same_feed(s.url, u) for s in subs)]
        for url in missing:
            _err(f"error: {url}: not subscribed (add it with '{PROG} feeds add')")
        if missing:
            return 1
        subs = chosen
    if not subs:
        print(f"no subscriptions; add one with: {PROG} feeds add URL")
        return 0
    bar = sys.stderr.isatty() and not args.quiet
    width = len(str(len(subs)))

    def progress(result: FeedResult, done: int, total: int) -> None:
        if bar:
            print("\r\x1b[K", end="", file=sys.stderr)
        if not args.quiet or result.status == "error":
            name = result.title or result.url
            line = f"[{done:>{width}}/{total}] {result.summary():<24} {name}"
            if result.title:
                line += f" <{result.url}>"
            print(visible(line), file=sys.stderr if result.status == "error" else sys.stdout, flush=True)
            if not args.quiet:
                for warning in result.warnings[:5]:
                    _err(f"  warning: {warning}")
                if len(result.warnings) > 5:
                    _err(f"  ... and {len(result.warnings) - 5} more warnings")
        if bar and done < total:
            print(_bar(done, total), end="", file=sys.stderr, flush=True)

    if bar:
        print(_bar(0, len(subs)), end="", file=sys.stderr, flush=True)
    report = refresh_feeds(subs, workers=args.workers, timeout=args.timeout, progress=progress)
    if bar:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    unchanged = sum(1 for r in report.results if r.status == "not-modified")
    errors = len(report.errors)
    updated = sum(r.updated for r in report.results)
    print(f"{len(report.results)} feeds: {report.new} new items"
          + (f", {updated} updated" if updated else "")
          + f", {unchanged} not modified, {errors} error{'s' if errors != 1 else ''}"
          + f" (articles in {feeds_dir()})")
    return 1 if errors else 0


def _opml_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} opml",
        description="Import or export subscriptions as OPML (newsboat, Miniflux, FreshRSS and others).",
    )
    sub = parser.add_subparsers(dest="action", required=True, metavar="import|export")
    imp = sub.add_parser("import", help="add the feeds in an OPML file", description="Add the feeds in an OPML file.")
    imp.add_argument("file", type=Path, metavar="FILE")
    exp = sub.add_parser("export", help="write the subscriptions as OPML",
                         description="Write the subscriptions as OPML 2.0.")
    exp.add_argument("file", nargs="?", default="-", metavar="FILE", help="where to write (default: standard output)")
    return parser


def run_opml(argv: Sequence[str]) -> int:
    from newsreader.core.feeds.opml import export_opml, import_opml
    from newsreader.core.feeds.subscriptions import load_subscriptions, merge_subscriptions

    args = _opml_parser().parse_args(argv)
    if args.action == "import":
        path = args.file.expanduser()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except IsADirectoryError:
            raise InputError(path, "is a folder, not a file") from None
        except OSError as exc:
            raise InputError(path, exc.strerror or "cannot be read") from None
        subs, warnings = import_opml(data, str(path))
        for warning in warnings:
            _err(f"warning: {warning}")
        added, present = merge_subscriptions(subs)
        for sub in added:
            print(f"subscribed: {sub.url}")
        print(f"{len(added)} feeds added, {len(present)} already subscribed, {len(warnings)} skipped")
        return 0
    subs, warnings = load_subscriptions()
    for warning in warnings:
        _err(f"warning: {warning}")
    text = export_opml(subs)
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.file).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be written") from None
    print(f"{len(subs)} feeds written to {path}")
    return 0


def run_feeds(argv: Sequence[str]) -> int:
    """Dispatch ``argv`` (starting with the command name) to the feed commands."""
    command, rest = argv[0], list(argv[1:])
    if command == "feeds":
        return run_feeds_command(rest)
    if command == "refresh":
        return run_refresh(rest)
    return run_opml(rest)
