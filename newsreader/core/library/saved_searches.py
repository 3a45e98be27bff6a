"""Saved searches, shown as virtual feeds: a name and a query, kept in ``searches.toml``.

The file is plain TOML in the config folder that the user may edit::

    [searches]
    "Unread ports" = "tag:ports is:unread"
    "Hale" = 'person:"Harriet Hale" after:2024'

Changes go through a lock and an atomic replace. Queries are checked when added; one that no
longer parses (edited by hand) is skipped with a warning when the file is read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.files import locked, read_toml, write_atomic
from newsreader.core.paths import saved_searches_file
from newsreader.core.query import QueryError, parse_query

__all__ = ["SavedSearch", "add_saved_search", "load_saved_searches", "remove_saved_search"]

MAX_NAME = 100
_HEADER = (
    "# newsreader saved searches, shown as virtual feeds. Edit freely; 'newsreader searches add'\n"
    "# and 'newsreader searches remove' rewrite this file (comments are not kept).\n\n"
)


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


def _path(path: Path | None) -> Path:
    return Path(path) if path is not None else saved_searches_file()


def _clean_name(name: str) -> str:
    cleaned = " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in name).split())
    if not cleaned:
        raise ValueError("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a saved search's name is at most {MAX_NAME} characters")
    return cleaned


def _table(file: Path) -> dict:
    """The ``[searches]`` table as written (empty when there is no file)."""
    data = read_toml(file)
    if data is None:
        return {}
    table = data.get("searches", {})
    if not isinstance(table, dict):
        raise InputError(file, "'searches' must be a table ([searches])")
    return table


def load_saved_searches(path: Path | None = None) -> tuple[list[SavedSearch], list[str]]:
    """The saved searches in file order, and a warning for each one skipped.

    A missing file is none; a file that is not valid TOML is an ``InputError``.
    """
    file = _path(path)
    table = _table(file)
    found: list[SavedSearch] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for name, query in table.items():
        try:
            clean = _clean_name(name)
        except ValueError as exc:
            warnings.append(f"{file}: {exc}; skipped")
            continue
        where = f"{file}: search {clean!r}"
        if not isinstance(query, str):
            warnings.append(f"{where}: the query must be a string; skipped")
            continue
        try:
            parse_query(query)
        except QueryError as exc:
            warnings.append(f"{where}: {exc}; skipped")
            continue
        if clean.casefold() in seen:
            warnings.append(f"{where}: listed twice; the first is kept")
            continue
        seen.add(clean.casefold())
        found.append(SavedSearch(clean, query))
    return found, warnings


def _save(table: dict, file: Path) -> None:
    """Write the table (entries that were skipped when read stay as they were)."""
    import tomli_w

    write_atomic(file, _HEADER + tomli_w.dumps({"searches": table}))


def add_saved_search(name: str, query: str, path: Path | None = None) -> tuple[SavedSearch, bool]:
    """Save ``query`` as ``name`` (replacing a search of that name); returns it and whether one
    was replaced. Raises ``QueryError`` for a bad query, ``ValueError`` for a bad name."""
    name = _clean_name(name)
    parse_query(query)
    file = _path(path)
    with locked(file, "the saved searches"):
        table = _table(file)
        same = [k for k in table if " ".join(k.split()).casefold() == name.casefold()]
        if same:
            table = {(name if k == same[0] else k): (query if k == same[0] else v) for k, v in table.items()}
        else:
            table[name] = query
        _save(table, file)
    return SavedSearch(name, query), bool(same)


def remove_saved_search(name: str, path: Path | None = None) -> SavedSearch:
    """Forget the search called ``name`` (any case); raises ``KeyError`` when there is none."""
    file = _path(path)
    wanted = " ".join(name.split()).casefold()
    with locked(file, "the saved searches"):
        table = _table(file)
        gone = [k for k in table if " ".join(k.split()).casefold() == wanted]
        if not gone:
            raise KeyError(name)
        query = table.pop(gone[0])
        _save(table, file)
    return SavedSearch(gone[0], query if isinstance(query, str) else "")
