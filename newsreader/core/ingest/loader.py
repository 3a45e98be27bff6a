"""Loading articles from files and folders, collecting one-line problems instead of raising."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.ingest.scraped import parse_scraped
from newsreader.core.ingest.textfile import read_text_file
from newsreader.core.model import Article

__all__ = ["ARTICLE_SUFFIXES", "Loaded", "load_file", "load_paths", "article_files"]

ARTICLE_SUFFIXES = frozenset({".txt", ".text"})


@dataclass
class Loaded:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_file(path: Path) -> tuple[Article, tuple[str, ...]]:
    """Parse one file; raises ``InputError``. Returns the article and any warnings."""
    source = read_text_file(path)
    return parse_scraped(source.text, source=path), source.warnings


def article_files(folder: Path) -> list[Path]:
    """The article files directly in ``folder`` and below it, sorted, hidden ones skipped."""
    try:
        found = [
            p
            for p in folder.rglob("*")
            if p.suffix.lower() in ARTICLE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        ]
    except OSError as exc:
        raise InputError(folder, exc.strerror or "cannot be listed") from None
    return sorted(found)


def load_paths(paths: Iterable[Path]) -> Loaded:
    """Load every article under ``paths``; bad files become problems, not exceptions."""
    loaded = Loaded()
    for path in paths:
        if path.is_dir():
            try:
                files = article_files(path)
            except InputError as exc:
                loaded.problems.append(exc)
                continue
            if not files:
                loaded.problems.append(InputError(path, "no article files (*.txt) in this folder"))
                continue
            before = len(loaded.articles)
            for file in files:
                _load_one(file, loaded)
            if len(loaded.articles) == before:
                loaded.problems.append(InputError(path, "no readable articles in this folder"))
        else:
            _load_one(path, loaded)
    return loaded


def _load_one(path: Path, loaded: Loaded) -> None:
    try:
        article, warnings = load_file(path)
    except InputError as exc:
        loaded.problems.append(exc)
        return
    loaded.articles.append(article)
    loaded.warnings.extend(warnings)
