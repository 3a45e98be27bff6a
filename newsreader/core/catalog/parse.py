"""Reading one article file for the catalog (in this process or a worker process)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.model import Article

__all__ = ["ParsedFile", "file_digest", "parse_file"]


@dataclass(slots=True)
class ParsedFile:
    path: str
    digest: str | None = None
    articles: list[Article] = field(default_factory=list)
    warnings: tuple[str, ...] = ()
    problem: str | None = None  # one line, naming the file
    skipped: bool = False  # readable, but holds no article


def file_digest(path: Path) -> tuple[str | None, str | None]:
    """(hash of the file's bytes, None) or (None, the problem reading it)."""
    from newsreader.core.ingest.fields import digest
    from newsreader.core.ingest.textfile import read_bytes

    try:
        return digest(read_bytes(path)), None
    except InputError as exc:
        return None, str(exc)


def parse_file(path: str) -> ParsedFile:
    """Every article in the file at ``path``; never raises for bad input."""
    from newsreader.core.ingest.loader import load_articles

    result = ParsedFile(path)
    result.digest, result.problem = file_digest(Path(path))
    if result.problem is not None:
        return result
    try:
        articles, warnings = load_articles(Path(path))
    except NotAnArticle as exc:
        result.problem, result.skipped = str(exc), True
    except InputError as exc:
        result.problem = str(exc)
    except RecursionError:
        result.problem = f"{InputError(path, 'too deeply nested to read')}"
    else:
        result.articles, result.warnings = list(articles), tuple(warnings)
    return result


def parse_files(paths: list[str]) -> list[ParsedFile]:
    """``parse_file`` for several files (one task for a worker process)."""
    return [parse_file(p) for p in paths]
