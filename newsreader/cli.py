"""Command line: ``newsreader [PATH...]`` opens the app; ``newsreader parse PATH`` prints articles."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader import __version__
from newsreader.core.errors import InputError
from newsreader.core.model import Article
from newsreader.core.sanitize import json_safe, visible

if TYPE_CHECKING:  # the loader loads only for the commands that read files now
    from newsreader.core.ingest.loader import Loaded

PROG = "newsreader"
STATE_COMMANDS = ("note", "notes", "tag", "mark", "export", "import-notes", "restore-backup")
FEED_COMMANDS = ("feeds", "refresh", "opml")
SEARCH_COMMANDS = ("search", "searches", "catalog")


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def _report(loaded: Loaded) -> None:
    for warning in loaded.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    for problem in loaded.problems:
        print(f"{PROG}: error: {problem}", file=sys.stderr)


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A keyboard-driven terminal newsreader. With no PATH, opens the bundled sample articles.",
        epilog="Commands: 'newsreader parse PATH [--json]' prints parsed articles; "
        "'newsreader analyze [PATH|-] [--plain] [--json]' lists entities, figures and quotes. "
        "Notes and state: 'newsreader note add', 'tag', 'mark', 'notes', 'export', 'import-notes', "
        "'restore-backup'. "
        "Feeds: 'newsreader feeds add|list|remove', 'refresh', 'opml import|export'. "
        "Search: 'newsreader search QUERY [--json]', 'searches add|list|remove', 'catalog info|rebuild|analyse'. "
        "Run 'newsreader COMMAND --help' for their options.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="article files or folders")
    parser.add_argument("--theme", metavar="NAME",
                        help="theme to use (remembered); bundled: newsreader-dark, newsreader-light")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="folder for notes and state (default: $NEWSREADER_DATA_DIR or the user data folder)")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def _parse_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} parse",
        description="Parse scraped article text and print the result.",
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="an article file, or a folder of them")
    parser.add_argument("--json", action="store_true", help="print JSON (a list for a folder)")
    return parser


def _summary(article: Article) -> str:
    lines = [
        f"Title:     {article.title}",
        f"Outlet:    {article.outlet or '-'}",
        f"Section:   {article.section or '-'}",
        f"Byline:    {article.byline or '-'}"
        + (f" ({article.byline_credit})" if article.byline_credit else ""),
        f"Published: {article.published.isoformat() if article.published else '-'}",
        f"Id:        {article.id}",
        f"Source:    {visible(str(article.source)) if article.source else '-'}",
        f"Captions:  {len(article.captions)}",
    ]
    for caption in article.captions:
        credit = f" [{caption.credit}]" if caption.credit else ""
        lines.append(f"  - {caption.text[:100]}{'…' if len(caption.text) > 100 else ''}{credit}")
    words = sum(len(p.split()) for p in article.paragraphs)
    lines.append(f"Body:      {len(article.paragraphs)} paragraphs, {words} words")
    for paragraph in article.paragraphs:
        lines.append(f"  {paragraph[:100]}{'…' if len(paragraph) > 100 else ''}")
    lines.append(f"Links:     {len(article.links)}")
    lines.extend(f"  {link}" for link in article.links)
    lines.append(f"Removed:   {len(article.removed)} lines")
    return "\n".join(lines)


def _print_json(data: object) -> None:
    utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
    print(json_safe(json.dumps(data, ensure_ascii=not utf8, indent=2)))  # file names may hold anything


def run_parse(argv: Sequence[str]) -> int:
    from newsreader.core.ingest.loader import load_paths

    args = _parse_parser().parse_args(argv)
    if not args.path.exists():
        return _fail(f"error: {args.path}: no such file or folder")
    loaded = load_paths([args.path])
    _report(loaded)
    if args.path.is_dir():
        if args.json:
            _print_json([a.to_json() for a in loaded.articles])
        elif loaded.articles:
            print("\n\n".join(_summary(a) for a in loaded.articles))
    elif loaded.articles:
        article = loaded.articles[0]
        if args.json:
            _print_json(article.to_json())
        else:
            print(_summary(article))
    return 1 if loaded.problems else 0


def _analyze_parser() -> argparse.ArgumentParser:
    from newsreader.core.analysis.engine import ENGINES

    parser = argparse.ArgumentParser(
        prog=f"{PROG} analyze",
        description="Find the entities, figures and quotes in an article (or, with --plain, in text).",
    )
    parser.add_argument("path", nargs="?", default="-", metavar="PATH|-",
                        help="an article file, or - for standard input (the default)")
    parser.add_argument("--plain", action="store_true",
                        help="analyse the input as clean text; offsets index it exactly")
    parser.add_argument("--json", action="store_true", help='print {"text": ..., "spans": [...]}')
    parser.add_argument("--engine", choices=ENGINES, default="builtin", help="analysis engine")
    return parser


def _read_input(path: str) -> tuple[bytes, str]:
    """The bytes to analyse, within the size limit of article files."""
    from newsreader.core.ingest.textfile import MAX_BYTES, read_bytes

    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError("<stdin>", f"input is over the {MAX_BYTES // (1024 * 1024)} MB limit")
        return data, "<stdin>"
    return read_bytes(Path(path)), path


def _span_table(spans) -> str:
    from collections import Counter, defaultdict

    from newsreader.core.analysis.spans import LABELS

    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for span in spans:
        key = span.text if span.label == "QUOTE" else (span.canonical or span.text)
        groups[span.label][key] += 1
    lines: list[str] = []
    for label in LABELS:
        if label not in groups:
            continue
        counts = groups[label]
        lines.append(f"{label} ({sum(counts.values())})")
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            shown = name if len(name) <= 70 else name[:69] + "…"
            lines.append(f"  {count:>3}  {shown}")
    return "\n".join(lines) if lines else "nothing found"


def run_analyze(argv: Sequence[str]) -> int:
    from newsreader.core.analysis.document import analyze_article
    from newsreader.core.analysis.engine import EngineUnavailable, get_engine
    from newsreader.core.ingest.loader import load_file
    from newsreader.core.ingest.scraped import parse_scraped
    from newsreader.core.ingest.textfile import decode_text

    args = _analyze_parser().parse_args(argv)
    try:
        engine = get_engine(args.engine)
    except EngineUnavailable as exc:
        return _fail(f"error: {exc}")
    if args.path != "-" and not args.plain:
        article, warnings = load_file(Path(args.path))
        for warning in warnings:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
        analysed = analyze_article(article, engine)
        text, spans = analysed.text, analysed.spans
    else:
        data, name = _read_input(args.path)
        text, _, warnings = decode_text(data, name, normalise=not args.plain)
        for warning in warnings:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
        if not text.strip():
            raise InputError(name, "no text to analyse" if args.plain else "no article text")
        if args.plain:
            spans = engine.analyze(text)
        else:
            analysed = analyze_article(parse_scraped(text), engine)
            text, spans = analysed.text, analysed.spans
    if args.json:
        _print_json({"text": text, "spans": [s.to_json() for s in spans]})
    else:
        print(_span_table(spans))
    return 0


def load_for_app(paths: Sequence[Path]) -> Loaded:
    """The articles the app opens in memory when the catalog cannot be kept."""
    from newsreader.core.ingest.loader import load_paths

    return load_paths(paths)


def run_app(argv: Sequence[str]) -> int:
    args = _app_parser().parse_args(argv)
    if args.data_dir is not None:
        from newsreader.core.paths import set_data_dir

        set_data_dir(args.data_dir)
    from newsreader.core.catalog import Catalog, default_library

    default = not args.paths
    paths = default_library() if default else list(args.paths)
    for path in paths:
        if not default and not path.exists():
            print(f"{PROG}: error: {visible(str(path))}: no such file or folder", file=sys.stderr)
    paths = [p for p in paths if p.exists()]
    if not paths:
        return _fail("error: nothing to open: no readable articles were found")
    try:
        catalog, _notice = Catalog.for_library(paths)  # the notice is shown in the app
    except OSError as exc:  # no cache folder: read the articles into memory instead
        print(f"{PROG}: warning: the search catalog cannot be kept ({exc}); reading the articles now",
              file=sys.stderr)
        return _run_in_memory(args, paths)
    from newsreader.app.app import (  # Textual loads only when the app opens
        EXIT_GRACE,
        NewsreaderApp,
    )

    app = NewsreaderApp((), theme=args.theme, catalog=catalog, library_paths=paths, default_library=default)
    app.run(exit_grace=EXIT_GRACE)
    return app.return_code or 0


def _run_in_memory(args: argparse.Namespace, paths: Sequence[Path]) -> int:
    loaded = load_for_app(paths)
    _report(loaded)
    if not loaded.articles:
        return _fail("error: nothing to open: no readable articles were found")
    from newsreader.app.app import EXIT_GRACE, NewsreaderApp

    problems = [str(p) for p in loaded.problems] + loaded.warnings
    app = NewsreaderApp(loaded.articles, problems=problems, theme=args.theme)
    app.run(exit_grace=EXIT_GRACE)
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "parse":
            return run_parse(argv[1:])
        if argv and argv[0] == "analyze":
            return run_analyze(argv[1:])
        if argv and argv[0] in STATE_COMMANDS:
            from newsreader.cli_state import run_state  # state modules load only for these

            return run_state(argv)
        if argv and argv[0] in FEED_COMMANDS:
            from newsreader.cli_feeds import run_feeds  # feed modules load only for these

            return run_feeds(argv)
        if argv and argv[0] in SEARCH_COMMANDS:
            from newsreader.cli_search import run_search  # the catalog loads only for these

            return run_search(argv)
        return run_app(argv)
    except InputError as exc:
        return _fail(f"error: {exc}")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last guard: users get one line, never a traceback
        return _fail(f"internal error: {type(exc).__name__}: {exc}", code=70)
