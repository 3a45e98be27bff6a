"""The articles the reader has open: order, marks, per-article analysis and the entity index.

UI-free. The app asks for an order, a filter or an article's analysis; analysis results are
cached per article id, and ``index_all`` (run off the UI thread) builds the entity index used
by the entity pivot and the palette's entity search.
"""

from __future__ import annotations

import csv
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from newsreader.core.analysis.document import AnalysedArticle, analyze_article
from newsreader.core.analysis.engine import Engine, get_engine
from newsreader.core.analysis.guarded import AnalysisCancelled, AnalysisGuard, AnalysisTimedOut
from newsreader.core.analysis.sentences import sentence_spans
from newsreader.core.analysis.spans import ENTITY_LABELS, FIGURE_LABELS, Span
from newsreader.core.model import Article
from newsreader.core.rows import MemoryRows

if TYPE_CHECKING:
    from newsreader.core.catalog.query import Query

__all__ = [
    "SORTS",
    "Sort",
    "EntityRef",
    "FigureRow",
    "MarkStore",
    "MemoryMarks",
    "Library",
    "entity_key",
    "entity_counts",
    "figure_rows",
    "format_value",
    "write_figures_csv",
]


def _date_key(article: Article) -> float:
    if article.published is None:
        return float("-inf")
    when = article.published
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


@dataclass(frozen=True, slots=True)
class Sort:
    name: str
    description: str
    key: Callable[[Article], Any]
    reverse: bool = False


SORTS: dict[str, Sort] = {
    s.name: s
    for s in (
        Sort("newest", "Newest first", _date_key, reverse=True),
        Sort("oldest", "Oldest first", lambda a: (a.published is None, _date_key(a))),
        Sort("title", "Title A–Z", lambda a: a.title.casefold()),
        Sort("outlet", "Outlet A–Z", lambda a: ((a.outlet or "\uffff").casefold(), -_date_key(a))),
    )
}


def entity_key(canonical: str) -> str:
    """The key two mentions share when they name the same thing."""
    return " ".join(canonical.casefold().split())


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity as the index knows it: its label, its canonical name and how often it occurs."""

    label: str
    name: str
    mentions: int = 0
    articles: int = 0

    @property
    def key(self) -> str:
        return entity_key(self.name)


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the figures ledger."""

    label: str
    text: str
    value: str
    sentence: str
    start: int


class MarkStore(Protocol):
    """Read, starred and tagged state per article id. In memory now; persisted later."""

    def is_read(self, article_id: str) -> bool: ...
    def mark_read(self, article_id: str, read: bool = True) -> None: ...
    def is_starred(self, article_id: str) -> bool: ...
    def tags(self, article_id: str) -> tuple[str, ...]: ...


class MemoryMarks:
    """Every article unread until opened in this session; no stars, no tags yet."""

    def __init__(self) -> None:
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._tags: dict[str, tuple[str, ...]] = {}

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def mark_read(self, article_id: str, read: bool = True) -> None:
        (self._read.add if read else self._read.discard)(article_id)

    def is_starred(self, article_id: str) -> bool:
        return article_id in self._starred

    def tags(self, article_id: str) -> tuple[str, ...]:
        return self._tags.get(article_id, ())


class Library:
    """The open articles, their marks, and a cache of their analyses (thread-safe)."""

    def __init__(
        self,
        articles: Iterable[Article],
        *,
        engine: Engine | None = None,
        marks: MarkStore | None = None,
    ) -> None:
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.id, article)
        self.by_id = unique
        self.articles: tuple[Article, ...] = tuple(self.ordered("newest", unique.values()))
        self.marks: MarkStore = marks or MemoryMarks()
        self._engine = engine
        self._lock = threading.Lock()
        self._analyses: dict[str, AnalysedArticle] = {}
        self.guard: AnalysisGuard | None = None  # set by the app: analyses in a worker process
        self._timed_out: dict[str, AnalysisTimedOut] = {}  # not tried again this session
        self._index_lock = threading.Lock()
        self._mentions: dict[str, set[str]] = {}  # entity key -> article ids
        self._entities: dict[str, EntityRef] = {}  # entity key -> ref with totals
        self._article_entities: dict[str, tuple[EntityRef, ...]] = {}
        self.indexed = False
        self.index_problems: list[str] = []

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = get_engine()
        return self._engine

    @staticmethod
    def ordered(sort: str, articles: Iterable[Article]) -> list[Article]:
        spec = SORTS[sort]
        return sorted(articles, key=spec.key, reverse=spec.reverse)

    def article(self, article_id: str) -> Article | None:
        return self.by_id.get(article_id)

    def rows(
        self,
        sort: str = "newest",
        *,
        entity: tuple[str, str] | None = None,
        tag: str | None = None,
        unread: bool = False,
        query: Query | None = None,
    ) -> MemoryRows:
        """The list's rows: ``sort`` order, narrowed to an entity (label, name), a tag,
        unread articles and a search ``query`` (words, phrases, tag:, is:, dates)."""
        articles = self.view(sort, entity[1] if entity else None)
        marks = self.marks
        if tag is not None:
            wanted = tag.casefold()
            articles = [a for a in articles if any(t.casefold() == wanted for t in marks.tags(a.id))]
        if unread:
            articles = [a for a in articles if not marks.is_read(a.id)]
        rows = MemoryRows(articles)
        if query is not None and not query.empty:
            from newsreader.core.library_match import matches

            rows = MemoryRows([a for a in articles if matches(a, query, self)])
            rows.terms = query.marks
        return rows

    def view(self, sort: str = "newest", entity: str | None = None) -> list[Article]:
        """Articles in ``sort`` order, only those mentioning ``entity`` (a canonical name) if given."""
        articles: Iterable[Article] = self.articles
        if entity is not None:
            ids = self.mentioning(entity)
            articles = [a for a in self.articles if a.id in ids]
        return self.ordered(sort, articles)

    # -- analysis -----------------------------------------------------------------------

    def cached(self, article_id: str) -> AnalysedArticle | None:
        return self._analyses.get(article_id)

    def analysis(self, article: Article) -> AnalysedArticle:
        """The article's analysis, computed once (may raise what the engine raises)."""
        found = self._analyses.get(article.id)
        if found is not None:
            return found
        analysed = guarded_analysis(self.guard, article, self.engine, self._timed_out)
        with self._lock:
            return self._analyses.setdefault(article.id, analysed)

    def index_all(self, should_stop: Callable[[], bool] = lambda: False) -> bool:
        """Analyse every article and build the entity index; True when complete."""
        with self._index_lock:
            if self.indexed:
                return True
            for article in self.articles:
                if should_stop():
                    return False
                if article.id in self._article_entities:
                    continue
                try:
                    analysed = self.analysis(article)
                except AnalysisCancelled:  # closing
                    return False
                except Exception as exc:  # one bad article or a missing engine: report, go on
                    self.index_problems.append(f"{article.title[:60]}: {type(exc).__name__}: {exc}")
                    self._article_entities[article.id] = ()
                    continue
                self._add_to_index(article.id, analysed)
            self.indexed = True
            return True

    def _add_to_index(self, article_id: str, analysed: AnalysedArticle) -> None:
        refs = entity_counts(analysed)
        self._article_entities[article_id] = refs
        for ref in refs:
            self._mentions.setdefault(ref.key, set()).add(article_id)
            known = self._entities.get(ref.key)
            if known is None:
                self._entities[ref.key] = EntityRef(ref.label, ref.name, ref.mentions, 1)
            else:
                self._entities[ref.key] = EntityRef(
                    known.label, known.name, known.mentions + ref.mentions, known.articles + 1
                )

    def mentioning(self, canonical: str) -> set[str]:
        """Ids of the articles that mention ``canonical`` (needs ``index_all`` first)."""
        return set(self._mentions.get(entity_key(canonical), ()))

    def entities(self) -> list[EntityRef]:
        """Every indexed entity, most mentioned first."""
        return sorted(self._entities.values(), key=lambda r: (-r.articles, -r.mentions, r.name))

    def entity(self, canonical: str) -> EntityRef | None:
        return self._entities.get(entity_key(canonical))

    def article_entities(self, article_id: str) -> tuple[EntityRef, ...]:
        return self._article_entities.get(article_id, ())


def guarded_analysis(
    guard: AnalysisGuard | None, article: Article, engine: Engine, timed_out: dict[str, AnalysisTimedOut]
) -> AnalysedArticle:
    """The article analysed by ``guard`` (in its worker, within its deadline) or here when
    there is none; an article that ran out of time once raises ``AnalysisTimedOut`` again."""
    if guard is None:
        return analyze_article(article, engine)
    known = timed_out.get(article.id)
    if known is not None:
        raise AnalysisTimedOut(known.seconds)
    try:
        return guard.analyse(article, engine)
    except AnalysisTimedOut as exc:
        timed_out[article.id] = exc
        raise


def entity_counts(analysed: AnalysedArticle) -> tuple[EntityRef, ...]:
    """The article's entities with mention counts, grouped by label then most mentioned."""
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, tuple[str, str]] = {}
    for span in analysed.spans:
        if span.label not in ENTITY_LABELS:
            continue
        name = span.canonical or span.text
        key = entity_key(name)
        label, shown = names.setdefault(key, (span.label, name))
        counts[(label, shown)] += 1
    order = {label: i for i, label in enumerate(ENTITY_LABELS)}
    refs = [EntityRef(label, name, n, 1) for (label, name), n in counts.items()]
    return tuple(sorted(refs, key=lambda r: (order[r.label], -r.mentions, r.name.casefold())))


def format_value(value: Any) -> str:
    """A figure's normalised value as plain text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dict):
        if "value" in value:
            rest = [format_value(value["value"])]
            rest += [str(v) for k, v in value.items() if k != "value" and v is not None]
            return " ".join(rest)
        return ", ".join(f"{k}={format_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " – ".join(format_value(v) for v in value)
    return str(value)


def figure_rows(analysed: AnalysedArticle) -> list[FigureRow]:
    """Every figure in the article with its label, normalised value and sentence."""
    figures = [s for s in analysed.spans if s.label in FIGURE_LABELS]
    if not figures:
        return []
    sentences = sentence_spans(analysed.text)
    rows: list[FigureRow] = []
    i = 0
    for span in figures:
        while i < len(sentences) and sentences[i][1] <= span.start:
            i += 1
        if i < len(sentences) and sentences[i][0] <= span.start:
            s_start, s_end = sentences[i]
        else:
            s_start, s_end = span.start, span.end
        sentence = " ".join(analysed.text[s_start:s_end].split())
        rows.append(FigureRow(span.label, span.text, format_value(span.value), sentence, span.start))
    return rows


def write_figures_csv(rows: Sequence[FigureRow], path: Path) -> Path:
    """Write the ledger as CSV (label, text, value, sentence); returns the path written."""
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["label", "text", "value", "sentence"])
        for row in rows:
            writer.writerow([row.label.lower(), _cell(row.text), _cell(row.value), _cell(row.sentence)])
    return path


def _cell(text: str) -> str:
    """Keep spreadsheet formulas from running: a leading =, +, -, @ is quoted."""
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def spans_of_kind(spans: Iterable[Span], kinds: Iterable[str]) -> list[Span]:
    wanted = set(kinds)
    return [s for s in spans if s.kind in wanted]
