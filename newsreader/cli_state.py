"""The state commands: notes, tags and marks from the command line, export and import.

``newsreader note add|tag|mark|notes|export|import-notes|restore-backup ...``; run each with
``--help``. Commands that change the state take the state file's lock (waiting ``--wait``
seconds, then failing with exit code 75 while the app or another command holds it); the others
only read the file. ARTICLE is an article id or a unique prefix of its title, looked up in the
articles given with ``--library`` (default: the bundled sample articles, as the app opens).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsreader.core.model import Article
from newsreader.core.sanitize import json_safe

__all__ = ["COMMANDS", "run_state"]

PROG = "newsreader"
COMMANDS = ("note", "notes", "tag", "mark", "export", "import-notes", "restore-backup")
EXIT_BUSY = 75
LIBRARY_HELP = "articles (files or folders) that ARTICLE is looked up in; repeatable (default: the bundled samples)"


class CommandError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _common(parser: argparse.ArgumentParser, *, library: bool = True, writer: bool = False) -> None:
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="folder of state.json (default: $NEWSREADER_DATA_DIR or the user data folder)")
    if library:
        parser.add_argument("--library", type=Path, action="append", metavar="PATH", help=LIBRARY_HELP)
    if writer:
        parser.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                            help="how long to wait for the app or another command to release the file (default 10)")


def _parser(command: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{PROG} {command}")
    if command == "note":
        p.description = "Add a Markdown note to an article."
        sub = p.add_subparsers(dest="action", required=True, metavar="add")
        add = sub.add_parser("add", prog=f"{PROG} note add", help="add a note",
                             description="Add a Markdown note to an article; prints the note's id.")
        add.add_argument("article", metavar="ARTICLE", help="article id or a unique title prefix")
        add.add_argument("text", metavar="TEXT", help="the note (Markdown); - reads it from standard input")
        _common(add, writer=True)
    elif command == "tag":
        p.description = "Add tags to an article (or remove them); prints the article's tags."
        p.add_argument("article", metavar="ARTICLE", help="article id or a unique title prefix")
        p.add_argument("tags", nargs="+", metavar="TAG", help="free words; a leading # is dropped")
        p.add_argument("--remove", action="store_true", help="remove these tags instead")
        _common(p, writer=True)
    elif command == "mark":
        p.description = "Mark an article read or unread, starred or not."
        p.add_argument("article", metavar="ARTICLE", help="article id or a unique title prefix")
        p.add_argument("mark", choices=("read", "unread", "star", "unstar"))
        _common(p, writer=True)
    elif command == "notes":
        p.description = "List notes and highlights, grouped by article."
        p.add_argument("article", nargs="?", metavar="ARTICLE", help="only this article")
        p.add_argument("--json", action="store_true", help="print JSON")
        _common(p)
    elif command == "export":
        p.description = ("Export notes, highlights, tags and marks: Markdown grouped by article (good in Obsidian) "
                         "or JSON in the W3C Web Annotation data model. 'newsreader import-notes' reads both back.")
        p.add_argument("--format", choices=("markdown", "json"), default="markdown", help="default: markdown")
        p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
        _common(p)
    elif command == "import-notes":
        p.description = ("Import a file made by 'newsreader export' (Markdown or JSON) or other Web Annotation JSON. "
                         "Never deletes; importing the same file again changes nothing.")
        p.add_argument("file", type=Path, metavar="FILE")
        _common(p, library=False, writer=True)
    elif command == "restore-backup":
        p.description = ("Put a backup of the state file in its place (default: the newest that loads). "
                         "The current file is renamed state.json.broken-TIME, not deleted.")
        p.add_argument("backup", nargs="?", type=Path, metavar="BACKUP", help="a file in the backups folder")
        p.add_argument("--list", action="store_true", help="list the backups, newest first, and change nothing")
        p.add_argument("--force", action="store_true",
                       help="replace the state file even though it loads (without it, says what the backup lacks "
                            "and changes nothing)")
        _common(p, library=False, writer=True)
    return p


# -- articles -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _load_library(paths: tuple[Path, ...]) -> tuple[Article, ...]:
    from newsreader.core.ingest.loader import load_paths
    from newsreader.core.paths import seeds_dir

    loaded = load_paths(list(paths) or [seeds_dir()])
    for problem in loaded.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    return tuple(loaded.articles)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Target:
    id: str
    article: Article | None


def _resolve(query: str, library: Sequence[Path] | None, known: set[str] | None = None) -> Target:
    articles = _load_library(tuple(library or ()))
    wanted = query.strip()
    by_id = {a.id: a for a in articles}
    if wanted in by_id:
        return Target(wanted, by_id[wanted])
    if known is None:
        known = _known_ids()
    if wanted in known:
        return Target(wanted, None)
    prefix = _norm(wanted)
    if prefix:
        matches = [a for a in articles if _norm(a.title).startswith(prefix)]
        exact = [a for a in matches if _norm(a.title) == prefix]
        if len(exact) == 1 or len(matches) == 1:
            found = (exact or matches)[0]
            return Target(found.id, found)
        if matches:
            shown = "; ".join(f"{a.title} ({a.id})" for a in matches[:5])
            more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
            raise CommandError(f"error: {query!r} matches {len(matches)} articles: {shown}{more}; give more of the title or the id")
    where = "the bundled sample articles" if not library else f"{len(articles)} articles under --library"
    raise CommandError(f"error: no article with the id or a title starting {query!r} in {where} or the state file")


def _known_ids() -> set[str]:
    from newsreader.core.paths import state_file
    from newsreader.core.state import StateStore
    from newsreader.core.state.storage import check_size

    check_size(state_file())  # only writers come here: a file too large to write fails before a long read
    store = StateStore.open(role="reader")
    try:
        snap = store.snapshot()
    finally:
        store.close()
    return set(snap.articles) | {n.article for n in snap.notes} | {a.article for a in snap.annotations}


def _infos(library: Sequence[Path] | None) -> dict:
    from newsreader.core.state.export import article_infos

    return article_infos(_load_library(tuple(library or ())))


# -- commands -------------------------------------------------------------------------


def _writer(args: argparse.Namespace):
    from newsreader.core.state import StateStore

    return StateStore.open(role="writer", wait=max(0.0, args.wait))


def _finish(store) -> None:
    if not store.close():
        raise CommandError(f"error: {store.last_error or f'{store.path}: the change could not be saved'}")


def _note(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    target = _resolve(args.article, args.library)
    store = _writer(args)
    try:
        note = store.add_note(
            target.id, text,
            title=target.article.title if target.article else None,
            url=target.article.url if target.article else None,
        )
    except ValueError as exc:
        store.close()
        raise CommandError(f"error: {exc}") from None
    except BaseException:
        store.close()
        raise
    _finish(store)
    print(note.id)
    return 0


def _tag(args: argparse.Namespace) -> int:
    target = _resolve(args.article, args.library)
    store = _writer(args)
    try:
        tags = (store.remove_tags if args.remove else store.add_tags)(target.id, args.tags)
    except BaseException:
        store.close()
        raise
    _finish(store)
    print(" ".join(tags))
    return 0


def _mark(args: argparse.Namespace) -> int:
    target = _resolve(args.article, args.library)
    store = _writer(args)
    try:
        if args.mark in ("read", "unread"):
            store.mark_read(target.id, args.mark == "read")
        else:
            store.set_starred(target.id, args.mark == "star")
    except BaseException:
        store.close()
        raise
    _finish(store)
    return 0


def _print_json(data: object) -> None:
    utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
    print(json_safe(json.dumps(data, ensure_ascii=not utf8, indent=2)))


def _first_line(text: str, width: int = 70) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _notes(args: argparse.Namespace) -> int:
    from newsreader.core.analysis.document import article_blocks
    from newsreader.core.state import StateStore
    from newsreader.core.state.anchors import place

    store = StateStore.open(role="reader")
    snap = store.snapshot()
    store.close()
    for problem in store.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    articles = {a.id: a for a in _load_library(tuple(args.library or ()))}
    only = None
    if args.article:
        known = set(snap.articles) | {n.article for n in snap.notes} | {a.article for a in snap.annotations}
        only = _resolve(args.article, args.library, known).id
    groups: dict[str, dict] = {}
    for note in snap.notes:
        groups.setdefault(note.article, {"notes": [], "annotations": []})["notes"].append(note)
    for a in snap.annotations:
        groups.setdefault(a.article, {"notes": [], "annotations": []})["annotations"].append(a)
    out = []
    for article_id, group in groups.items():
        if only is not None and article_id != only:
            continue
        article = articles.get(article_id)
        record = snap.articles.get(article_id, {})
        title = article.title if article else next(
            (x.title for x in (*group["notes"], *group["annotations"]) if x.title), None
        )
        placed = place(group["annotations"], article_blocks(article)[0]) if article else None
        orphaned = {p.annotation.id: p.orphaned for p in placed} if placed is not None else {}
        out.append({
            "article": article_id,
            "title": title,
            "read": record.get("read") if isinstance(record.get("read"), str) else None,
            "starred": record.get("starred") if isinstance(record.get("starred"), str) else None,
            "tags": store.tags(article_id),
            "notes": [{"id": n.id, "text": n.text, "created": n.created, "updated": n.updated} for n in group["notes"]],
            "annotations": [
                {"id": a.id, "exact": a.exact, "note": a.note, "tags": list(a.tags), "start": a.start, "end": a.end,
                 "created": a.created, "updated": a.updated, "orphaned": orphaned.get(a.id)}
                for a in sorted(group["annotations"], key=lambda a: (a.start if a.start is not None else -1, a.created))
            ],
        })
    out.sort(key=lambda g: ((g["title"] or "\uffff").casefold(), g["article"]))
    if args.json:
        _print_json(out)
        return 0
    if not out:
        print("no notes" + (" for this article" if only else ""))
        return 0
    blocks = []
    for g in out:
        head = f"{g['title'] or '(article not in the library)'}  [{g['article']}]"
        flags = (["★"] if g["starred"] else []) + (["read"] if g["read"] else []) + [f"#{t}" for t in g["tags"]]
        lines = [head + ("  " + " ".join(flags) if flags else "")]
        for n in g["notes"]:
            lines.append(f"  note {n['id'][:8]}  {n['created'][:16].replace('T', ' ')}  {_first_line(n['text'])}")
        for a in g["annotations"]:
            state = "  (orphaned: its text is no longer in the article)" if a["orphaned"] else ""
            note = f" — {_first_line(a['note'], 40)}" if a["note"] else ""
            tags = "".join(f" #{t}" for t in a["tags"])
            lines.append(f"  highlight {a['id'][:8]}  “{_first_line(a['exact'], 50)}”{note}{tags}{state}")
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
    return 0


def _export(args: argparse.Namespace) -> int:
    from newsreader.core.state import StateStore
    from newsreader.core.state.export import export_text, write_export

    store = StateStore.open(role="reader")
    snap = store.snapshot()
    store.close()
    for problem in store.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    infos = _infos(args.library)
    if args.output is None:
        sys.stdout.write(export_text(snap, args.format, infos))
        return 0
    output = write_export(snap, args.output, args.format, infos)
    items = len(snap.notes) + len(snap.annotations)
    print(f"{PROG}: wrote {items} notes and highlights to {output}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from newsreader.core.state.export import read_import

    batch, skipped = read_import(args.file.expanduser())
    for line in skipped:
        print(f"{PROG}: warning: {line}", file=sys.stderr)
    store = _writer(args)
    try:
        report = store.merge(batch)
    except BaseException:
        store.close()
        raise
    _finish(store)
    print(f"{args.file}: {report}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from newsreader.core.paths import state_file
    from newsreader.core.state import backup
    from newsreader.core.state.errors import StateBusy, StateCorrupt
    from newsreader.core.state.lock import StateLock
    from newsreader.core.state.storage import read_state_file

    path = state_file()
    if args.list:
        found = backup.backups(path)
        for item in found:
            print(item)
        if not found:
            print(f"no backups in {path.parent / 'backups'}")
        return 0
    lock = StateLock(path)
    if not lock.acquire(max(0.0, args.wait)):
        raise StateBusy(path, "another newsreader (the app or a command) is using this file; close it first")
    try:
        try:
            current, _ = read_state_file(path)
        except StateCorrupt:
            current, healthy = None, False
        else:
            healthy = current is not None
        chosen = args.backup.expanduser() if args.backup else backup.newest_good_backup(path)
        compared = _compare_backup(path, current, chosen) if chosen is not None else None
        if healthy and not args.force:
            detail = f" {compared};" if compared else ""
            raise CommandError(f"error: {path} loads fine;{detail} use --force to replace it anyway (it is kept, renamed)")
        used, aside = backup.restore(path, chosen)
    finally:
        lock.release()
    moved = f"; the old file is now {aside}" if aside else ""
    if compared:  # what was replaced by what (without --force this was the refusal)
        print(compared[0].upper() + compared[1:])
    print(f"{path}: restored from {used}{moved}")
    return 0


def _counted(data: dict | None) -> tuple[set, set]:
    tables = data or {}
    notes, highlights = tables.get("notes"), tables.get("annotations")
    return (set(notes) if isinstance(notes, dict) else set()), (set(highlights) if isinstance(highlights, dict) else set())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _saved_at(path: Path) -> str:
    from datetime import datetime

    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except (OSError, ValueError, OverflowError):
        return "an unknown time"


def _compare_backup(path: Path, current: dict | None, chosen: Path) -> str:
    """One line: the backup's time and notes against the current file's, and what it lacks."""
    from newsreader.core.state.storage import read_state_file

    data, _ = read_state_file(chosen)  # a damaged backup raises StateCorrupt, naming it
    notes, highlights = _counted(data)
    line = (f"the backup {chosen} (saved {_saved_at(chosen)}) has {_plural(len(notes), 'note')} and "
            f"{_plural(len(highlights), 'highlight')}")
    if current is None:
        return line + (f"; {path} does not load" if path.exists() else f"; there is no {path}")
    now_notes, now_highlights = _counted(current)
    line += (f"; {path} (saved {_saved_at(path)}) has {_plural(len(now_notes), 'note')} and "
             f"{_plural(len(now_highlights), 'highlight')}")
    lost_notes, lost_highlights = len(now_notes - notes), len(now_highlights - highlights)
    if lost_notes or lost_highlights:
        line += (f", of which {_plural(lost_notes, 'note')} and {_plural(lost_highlights, 'highlight')} "
                 "are not in the backup")
    return line


RUNNERS = {
    "note": _note,
    "tag": _tag,
    "mark": _mark,
    "notes": _notes,
    "export": _export,
    "import-notes": _import,
    "restore-backup": _restore,
}


def run_state(argv: Sequence[str]) -> int:
    """Run one state command (``argv[0]`` is the command); returns the exit code."""
    from newsreader.core.paths import set_data_dir
    from newsreader.core.state.errors import StateBusy, StateCorrupt, StateError

    command, rest = argv[0], list(argv[1:])
    args = _parser(command).parse_args(rest)
    if args.data_dir is not None:
        set_data_dir(args.data_dir)
    try:
        return RUNNERS[command](args)
    except CommandError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.code
    except StateBusy as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except StateCorrupt as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        print(f"{PROG}: {exc.advice()}", file=sys.stderr)
        return 1
    except StateError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.data_dir is not None:
            set_data_dir(None)
