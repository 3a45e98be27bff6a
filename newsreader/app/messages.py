"""Every message of the app's own, in one place: what widgets post (the main screen decides
what they mean) and what thread workers post back (a worker never writes app state itself:
it posts one of these, and the handler on the event loop does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from newsreader.core.analysis.document import AnalysedArticle
    from newsreader.core.analysis.guarded import AnalysisTimedOut
    from newsreader.core.catalog import SyncReport
    from newsreader.core.feeds.refresh import FeedResult, RefreshReport
    from newsreader.core.library import FigureRow
    from newsreader.core.library.rows import RowSource
    from newsreader.core.model import Article
    from newsreader.core.query import Query

__all__ = [
    "AnalysisDone",
    "AnalysisFailed",
    "AnalysisReady",
    "AnalysisStarted",
    "AnalysisTimedOutFor",
    "ArticleHighlighted",
    "ArticleOpened",
    "EntityChosen",
    "ExportDone",
    "FigureChosen",
    "LedgerReady",
    "NoteChosen",
    "PivotReady",
    "QuitFlushed",
    "RefreshDone",
    "RefreshProgress",
    "RowFound",
    "SaveChecked",
    "SearchAccepted",
    "SearchCancelled",
    "SearchChanged",
    "SearchDone",
    "StateWriteFailed",
    "SyncDone",
    "SyncProgress",
]


# -- from the widgets -----------------------------------------------------------------------


class ArticleHighlighted(Message):
    """The list's cursor moved to ``article`` (an ``Article``, or a catalog ``Row``)."""

    def __init__(self, article: Any) -> None:
        self.article = article
        super().__init__()


class ArticleOpened(Message):
    """``article`` was opened with enter (``focus_reader``) or a click."""

    def __init__(self, article: Any, focus_reader: bool = True) -> None:
        self.article = article
        self.focus_reader = focus_reader
        super().__init__()


class SearchChanged(Message):
    """The search box's text settled (typing stopped for a moment)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class SearchAccepted(Message):
    """enter in the search box: go to the results."""


class SearchCancelled(Message):
    """esc in the search box: clear the search."""


class EntityChosen(Message):
    """The user picked an entity (in the reader or the notes): pivot the list to it."""

    def __init__(self, label: str, name: str) -> None:
        self.label = label
        self.name = name
        super().__init__()


class FigureChosen(Message):
    """The user picked a figure in the notes: show it in the reader."""

    def __init__(self, start: int) -> None:
        self.start = start
        super().__init__()


class NoteChosen(Message):
    """The user picked a note or a highlight in the notes pane: edit it."""

    def __init__(self, kind: str, note_id: str) -> None:
        self.kind = kind  # "note" or "annotation"
        self.note_id = note_id
        super().__init__()


# -- from the workers: analysis ---------------------------------------------------------------


class AnalysisReady(Message):
    def __init__(self, article_id: str, analysed: AnalysedArticle) -> None:
        self.article_id, self.analysed = article_id, analysed
        super().__init__()


class AnalysisTimedOutFor(Message):
    """One article's analysis ran out of time: it is shown without highlights."""

    def __init__(self, article_id: str, error: AnalysisTimedOut) -> None:
        self.article_id, self.error = article_id, error
        super().__init__()


class AnalysisFailed(Message):
    """The engine failed: articles are shown without highlights."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__()


class LedgerReady(Message):
    def __init__(self, article: Article, rows: list[FigureRow]) -> None:
        self.article, self.rows = article, rows
        super().__init__()


class PivotReady(Message):
    """The entity index is built: the pivot asked for can be applied."""

    def __init__(self, label: str, name: str) -> None:
        self.label, self.name = label, name
        super().__init__()


# -- from the workers: the library ------------------------------------------------------------


class SyncProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        super().__init__()


class SyncDone(Message):
    def __init__(self, report: SyncReport | None, error: str | None = None) -> None:
        self.report, self.error = report, error
        super().__init__()


class AnalysisStarted(Message):
    """The library's background analysis began (after the sync)."""


class AnalysisDone(Message):
    """The library's background analysis ended (done, stopped or failed)."""


class SearchDone(Message):
    def __init__(self, generation: int, text: str, query: Query | None, rows: RowSource | None,
                 error: tuple[str, int] | None) -> None:
        self.generation, self.text, self.query, self.rows, self.error = generation, text, query, rows, error
        super().__init__()


class RowFound(Message):
    def __init__(self, rows: RowSource, article_id: str, index: int | None, open_if_hidden: bool) -> None:
        self.rows, self.article_id, self.index, self.open_if_hidden = rows, article_id, index, open_if_hidden
        super().__init__()


class RefreshProgress(Message):
    def __init__(self, result: FeedResult | None, done: int, total: int) -> None:
        self.result, self.done, self.total = result, done, total
        super().__init__()


class RefreshDone(Message):
    def __init__(self, report: RefreshReport | None, error: str | None) -> None:
        self.report, self.error = report, error
        super().__init__()


# -- from the workers: the state --------------------------------------------------------------


class StateWriteFailed(Message):
    """Posted from the store's writer thread when a write fails (post_message never blocks it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class SaveChecked(Message):
    """Whether a change confirmed to the user reached the disk."""

    def __init__(self, ok: bool, what: str, problem: str | None) -> None:
        self.ok, self.what, self.problem = ok, what, problem
        super().__init__()


class ExportDone(Message):
    def __init__(self, text: str, error: bool = False) -> None:
        self.text = text
        self.error = error
        super().__init__()


class QuitFlushed(Message):
    """The last try to write the changes before quitting ended (``ok``: all on disk)."""

    def __init__(self, ok: bool) -> None:
        self.ok = ok
        super().__init__()

