"""The search query language: text in, a ``Query`` (the syntax tree) out. Pure: no SQL here.

    word "a phrase" -word -"a phrase"
    tag:NAME  source:NAME  author:NAME
    person:NAME  org:NAME  place:NAME  entity:NAME
    is:unread|read|starred  has:notes
    before:DATE  after:DATE        DATE = YYYY-MM-DD, YYYY-MM or YYYY

Terms are ANDed. Any filter can be negated with a leading ``-`` (``-tag:done``). A value with
spaces is quoted: ``source:"Meridian Wire"``. ``tag:`` matches a whole tag; ``source:`` (the
outlet, or a folder the file is in) and ``author:`` (the byline) match when the value's words
occur together in it; entity filters match a whole canonical name; all ignore case. ``before:P`` keeps articles dated before the
start of the period P, ``after:P`` those dated after its end (``after:2023 before:2025`` is
2024); undated articles match neither. A ``key:`` that is not one of these is an ordinary word.
A bad query raises ``QueryError`` with the column of the problem.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = [
    "ENTITY_FILTERS",
    "FILTER_KEYS",
    "Filter",
    "Query",
    "QueryError",
    "Term",
    "parse_query",
    "words_of",
]

ENTITY_FILTERS = {"person": "PERSON", "org": "ORG", "place": "PLACE", "entity": None}
FILTER_KEYS = ("tag", "source", "author", *ENTITY_FILTERS, "is", "has", "before", "after")
IS_VALUES = ("unread", "read", "starred")
HAS_VALUES = ("notes",)
MAX_QUERY = 2000  # characters; a longer query is refused
_WORD = re.compile(r"[^\W_]+")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


class QueryError(ValueError):
    """A query that cannot be read; ``position`` is the 0-based index of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return f"{self.message} (at column {self.position + 1})"


def words_of(text: str) -> tuple[str, ...]:
    """The searchable words of ``text``: runs of letters and digits, case-folded (as indexed)."""
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a quoted phrase to look for (``negated``: must not occur)."""

    text: str  # as typed, without the quotes
    words: tuple[str, ...]
    negated: bool = False
    phrase: bool = False
    position: int = 0


@dataclass(frozen=True, slots=True)
class Filter:
    """``key:value``. ``value`` is normalised: a case-folded name, an is/has word, or for
    before/after the bound as a UTC timestamp (seconds)."""

    key: str
    value: str | float
    negated: bool = False
    position: int = 0
    label: str | None = None  # entity filters: PERSON, ORG, PLACE or None for any


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...] = ()
    filters: tuple[Filter, ...] = ()

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def ranked(self) -> bool:
        """True when there is text to rank by (otherwise results are by date)."""
        return bool(self.positive)

    @property
    def marks(self) -> tuple[str, ...]:
        """The words and phrases to mark in results, as typed, without repeats."""
        seen: dict[str, str] = {}
        for term in self.positive:
            seen.setdefault(" ".join(term.words), term.text)
        return tuple(seen.values())

    @property
    def needs_entities(self) -> bool:
        return any(f.key in ENTITY_FILTERS for f in self.filters)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.filters


def _is_space(ch: str) -> bool:
    # Control characters separate terms like spaces do: none of them is searchable.
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _clean(text: str) -> str:
    return "".join(" " if _is_space(ch) else ch for ch in text)


def parse_query(text: str) -> Query:
    """Parse ``text``; raises ``QueryError`` (and nothing else) for a query that cannot be read."""
    if not isinstance(text, str):
        raise QueryError("the query must be text", 0)
    if len(text) > MAX_QUERY:
        raise QueryError(f"the query is longer than {MAX_QUERY} characters", MAX_QUERY)
    terms: list[Term] = []
    filters: list[Filter] = []
    i, n = 0, len(text)
    while i < n:
        if _is_space(text[i]):
            i += 1
            continue
        start = i
        negated = False
        if text[i] == "-" and i + 1 < n and not _is_space(text[i + 1]):
            negated = True
            i += 1
        if text[i] == '"':
            value, i = _quoted(text, i)
            words = words_of(value)
            if words:
                terms.append(Term(_clean(value).strip(), words, negated, True, start))
            continue
        j = i
        while j < n and not _is_space(text[j]) and text[j] != '"':
            j += 1
        token = text[i:j]
        key, colon, rest = token.partition(":")
        key = key.casefold()
        if colon and key in FILTER_KEYS:
            value_at = j - len(rest)
            if not rest and j < n and text[j] == '"':
                value_at = j
                rest, j = _quoted(text, j)
            filters.append(_filter(key, rest, negated, start, value_at))
            i = j
            continue
        i = j
        words = words_of(token)
        if words:
            terms.append(Term(_clean(token), words, negated, False, start))
    return Query(text, tuple(terms), tuple(filters))


def _quoted(text: str, at: int) -> tuple[str, int]:
    """The text between the quote at ``at`` and the next one, and the index after it."""
    end = text.find('"', at + 1)
    if end < 0:
        raise QueryError("unbalanced quote: no closing \"", at)
    return text[at + 1:end], end + 1


def _filter(key: str, raw: str, negated: bool, start: int, value_at: int) -> Filter:
    value = " ".join(_clean(raw).split())
    if not value:
        raise QueryError(f"{key}: needs a value", start)
    folded = unicodedata.normalize("NFKC", value).casefold()
    if key == "is":
        if folded not in IS_VALUES:
            raise QueryError(f"unknown is: value {value!r}; use one of: {', '.join(IS_VALUES)}", value_at)
        return Filter(key, folded, negated, start)
    if key == "has":
        if folded not in HAS_VALUES:
            raise QueryError(f"unknown has: value {value!r}; use: {', '.join(HAS_VALUES)}", value_at)
        return Filter(key, folded, negated, start)
    if key in ("before", "after"):
        return Filter(key, _date_bound(value, key, value_at), negated, start)
    if key == "tag":
        folded = folded.lstrip("#")
        if not folded:
            raise QueryError("tag: needs a value", start)
    if key in ENTITY_FILTERS:
        return Filter(key, " ".join(folded.split()), negated, start, ENTITY_FILTERS[key])
    return Filter(key, folded, negated, start)


def _date_bound(value: str, key: str, at: int) -> float:
    """``before``: the start of the period; ``after``: the end of it (UTC seconds)."""
    match = _DATE.fullmatch(value)
    if match is None:
        raise QueryError(f"bad date {value!r} for {key}: (use YYYY-MM-DD, YYYY-MM or YYYY)", at)
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    try:
        first = datetime(year, month or 1, day or 1, tzinfo=UTC)
    except ValueError:
        raise QueryError(f"bad date {value!r} for {key}: no such day", at) from None
    if key == "before":
        return first.timestamp()
    if day is not None:
        return first.timestamp() + 86400
    if month is not None:
        return datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC).timestamp()
    return datetime(year + 1, 1, 1, tzinfo=UTC).timestamp() if year < 9999 else float("inf")
