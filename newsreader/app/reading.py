"""The reader's analysis on the main screen: each article's names and figures made on a
worker thread (within the analysis deadline), shown when they arrive if the article is still
the one shown, and the figures ledger. Workers post messages; the screen hands them back."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from newsreader.app.messages import AnalysisFailed, AnalysisReady, AnalysisTimedOutFor, LedgerReady
from newsreader.core.analysis.guarded import AnalysisCancelled, AnalysisTimedOut
from newsreader.core.library import figure_rows
from newsreader.core.paths import data_dir

if TYPE_CHECKING:
    from newsreader.app.view import MainView
    from newsreader.core.model import Article

__all__ = ["Reading"]


class Reading:
    def __init__(self, view: MainView) -> None:
        self.view = view
        self.error: str | None = None  # the engine failed: no article has highlights

    def _analysis_of(self, article: Article) -> Any:
        """The article's analysis on a worker thread; failures become messages (None)."""
        try:
            return self.view.library.analysis(article)
        except AnalysisCancelled:  # closing
            return None
        except AnalysisTimedOut as exc:  # this article only: shown without highlights
            self.view.post_message(AnalysisTimedOutFor(article.id, exc))
        except Exception as exc:  # the engine failed: show the text without highlights
            self.view.post_message(AnalysisFailed(f"{type(exc).__name__}: {exc}"))
        return None

    def analyse(self, article: Article) -> None:
        self.view.run_worker(partial(self._analyse, article), thread=True, exclusive=True, group="analyse")

    def _analyse(self, article: Article) -> None:
        analysed = self._analysis_of(article)
        if analysed is not None and not get_current_worker().is_cancelled:
            self.view.post_message(AnalysisReady(article.id, analysed))

    def _is_shown(self, article_id: str) -> bool:
        article = self.view.current_article
        return article is not None and article.id == article_id

    def analysis_ready(self, event: AnalysisReady) -> None:
        if self._is_shown(event.article_id):
            self.view.reader.set_analysis(event.analysed)
            self.view.notes.show(event.analysed)

    def analysis_timed_out(self, event: AnalysisTimedOutFor) -> None:
        if not self._is_shown(event.article_id):
            return
        message = f"Names and figures not shown for this article: {event.error}."
        self.view.notes.show_message(message)
        self.view.legend.show(self.view.mode, message)
        self.view.notify(message, title="Analysis", severity="warning", markup=False, timeout=8)

    def analysis_failed(self, event: AnalysisFailed) -> None:
        if self.view.current_article is None:  # closing
            return
        self.view.notes.show_message("Names and figures are unavailable.")
        if self.error is None:
            self.error = event.reason
            self.view.notify(f"Highlights are unavailable: {event.reason}", title="Analysis", severity="warning",
                             markup=False, timeout=8)

    # -- the figures ledger --------------------------------------------------------------

    def open_ledger(self, article: Article) -> None:
        self.view.run_worker(partial(self._ledger, article), thread=True, exclusive=True, group="ledger")

    def _ledger(self, article: Article) -> None:
        analysed = self._analysis_of(article)
        if analysed is not None and not get_current_worker().is_cancelled:
            self.view.post_message(LedgerReady(article, figure_rows(analysed)))

    def ledger_ready(self, event: LedgerReady) -> None:
        from newsreader.app.screens.ledger import LedgerScreen

        if self.view.app.screen is not self.view:
            return  # another dialog opened meanwhile
        default = data_dir() / "exports" / f"figures-{event.article.id}.csv"
        self.view.app.push_screen(LedgerScreen(event.article.title, event.rows, default))
