"""Loading articles from files and folders, collecting one-line problems instead of raising.

The reader is picked by file type and content: scraped text dumps (``.txt``), Markdown
with front matter (``.md``), saved HTML pages (``.html``) and RSS, Atom or JSON feeds
(``.xml``, ``.rss``, ``.atom``, ``.rdf``, ``.json``; one article per entry). Folders are
read recursively; hidden files and folders are ignored; other files, and files of an
article type that hold no article, are skipped and counted.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.sanitize import visible

# The readers are imported when a file is read.
if TYPE_CHECKING:
    from newsreader.core.model import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "Loaded",
    "article_files",
    "file_kind",
    "load_articles",
    "load_file",
    "load_paths",
]

_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".json": "feed",
}
ARTICLE_SUFFIXES = frozenset(_KINDS)


@dataclass
class Loaded:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Files in folders that hold no article (other file types, pages without one, ...).
    skipped: list[InputError] = field(default_factory=list)


def file_kind(path: Path, data: bytes) -> str:
    """Which reader a file needs: "text", "markdown", "html" or "feed" (by suffix, then content)."""
    from newsreader.core.ingest.feeds import looks_like_feed
    from newsreader.core.ingest.html import looks_like_html

    kind = _KINDS.get(path.suffix.lower())
    if kind == "feed":
        return "feed" if looks_like_feed(data) else ("html" if looks_like_html(data) else "not-feed")
    if kind in ("markdown", "html"):
        return kind
    head = data[:4096]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # the common case, decided without a regular expression
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    return "text"


def load_articles(path: Path) -> tuple[list[Article], tuple[str, ...]]:
    """Every article in one file (a feed gives one per entry) and any warnings.

    Raises ``InputError``; ``NotAnArticle`` (a subclass) when the file is readable but
    holds no article.
    """
    articles, warnings, _ = _load(path)
    return articles, warnings


def _load(path: Path) -> tuple[list[Article], tuple[str, ...], str]:
    """``load_articles``, and which reader read the file; warnings safe to print (they name the
    file, and a file name can hold escape sequences)."""
    articles, warnings, kind = _read(path)
    return articles, tuple(visible(w) for w in warnings), kind


def _read(path: Path) -> tuple[list[Article], tuple[str, ...], str]:
    from newsreader.core.ingest.fields import digest
    from newsreader.core.ingest.textfile import decode_text, read_bytes

    data = read_bytes(path)
    content_hash = digest(data)
    kind = file_kind(path, data)
    if kind == "not-feed":
        raise NotAnArticle(path, f"not a feed ({path.suffix.lower()} file that is not RSS, Atom or JSON Feed)")
    if kind == "feed":
        from newsreader.core.ingest.feeds import parse_feed

        feed = parse_feed(data, source=path)
        if not feed.entries:
            raise NotAnArticle(path, "feed has no entries")
        return feed.articles, tuple(feed.warnings), kind
    if kind == "html":
        from newsreader.core.ingest.html import parse_html

        return [parse_html(data, source=path, content_hash=content_hash)], (), kind
    text, _, warnings = decode_text(data, path)
    if not text.strip():
        raise InputError(path, "contains only whitespace")
    if kind == "markdown":
        from newsreader.core.ingest.markdown import parse_markdown

        article, more = parse_markdown(text, source=path, content_hash=content_hash)
        return [article], tuple(warnings + more), kind
    from newsreader.core.ingest.scraped import parse_scraped

    article = parse_scraped(text, source=path)
    return [dataclasses.replace(article, content_hash=content_hash)], tuple(warnings), kind


def load_file(path: Path) -> tuple[Article, tuple[str, ...]]:
    """Parse one file; raises ``InputError``. Returns the article and any warnings.

    For a feed, the first entry (``load_articles`` gives them all).
    """
    articles, warnings = load_articles(path)
    if len(articles) > 1:
        warnings += (f"{visible(str(path))}: holds {len(articles)} articles; the first is shown",)
    return articles[0], warnings


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """(article-type files, other files) under ``folder``, sorted; hidden ones ignored.

    The files ``folder.rglob("*")`` gives, checked with ``is_file``, in one pass over the
    folders and with no parsing of paths: folders whose name starts with "." are not
    entered, links to folders are not followed, folders that may not be read are left out.
    """
    found: list[tuple[tuple[str, ...], Path, bool]] = []
    try:
        _visit(folder, (), found)
    except OSError as exc:
        raise InputError(folder, exc.strerror or "cannot be listed") from None
    found.sort(key=lambda item: item[0])  # as Path objects sort: by their parts
    return [p for _, p, article in found if article], [p for _, p, article in found if not article]


def _visit(directory: Path, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], Path, bool]]) -> None:
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue  # hidden, and so is everything in it
        child = _child(directory, name)
        if entry.is_dir(follow_symlinks=False):
            _visit(child, (*parts, os.path.normcase(name)), found)
        elif entry.is_file():
            dot = name.rfind(".")
            suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""  # Path.suffix
            found.append(((*parts, os.path.normcase(name)), child, suffix in ARTICLE_SUFFIXES))


def _child(directory: Path, name: str) -> Path:
    """``directory / name`` without parsing it again (as pathlib's own glob makes it)."""
    make = getattr(directory, "_make_child_relpath", None)
    return make(name) if make is not None else directory / name


def article_files(folder: Path) -> list[Path]:
    """The article files directly in ``folder`` and below it, sorted, hidden ones skipped."""
    return _walk(folder)[0]


def load_paths(paths: Iterable[Path]) -> Loaded:
    """Load every article under ``paths``; bad files become problems, not exceptions."""
    loaded = Loaded()
    for path in paths:
        _load_path(path, loaded)
    return loaded


def _load_path(path: Path, loaded: Loaded) -> None:
    """The articles in one folder (recursively) or file, into ``loaded``."""
    if path.is_dir():
        try:
            files, others = _walk(path)
        except InputError as exc:
            loaded.problems.append(exc)
            return
        skipped_before = len(loaded.skipped)
        loaded.skipped.extend(NotAnArticle(p, "not an article file type") for p in others)
        if not files:
            loaded.problems.append(InputError(
                path, "no article files (.txt, .md, .html, .xml, .rss, .atom, .json) in this folder"
            ))
            return
        before = len(loaded.articles)
        for file in files:
            _load_one(file, loaded, in_folder=True)
        skipped = len(loaded.skipped) - skipped_before
        if skipped:
            loaded.warnings.append(f"{visible(str(path))}: {skipped} file{'s' if skipped != 1 else ''} "
                                   "that hold no article skipped")
        if len(loaded.articles) == before:
            loaded.problems.append(InputError(path, "no readable articles in this folder"))
    else:
        _load_one(path, loaded, in_folder=False)


def _load_one(path: Path, loaded: Loaded, *, in_folder: bool) -> None:
    try:
        articles, warnings, _kind = _load(path)
    except NotAnArticle as exc:
        (loaded.skipped if in_folder else loaded.problems).append(exc)
        return
    except InputError as exc:
        loaded.problems.append(exc)
        return
    loaded.articles.extend(articles)
    loaded.warnings.extend(warnings)
