"""The newsreader Textual app: article list on the left, reader on the right."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.core.model import Article


def _sort_key(article: Article) -> float:
    if article.published is None:
        return float("-inf")
    when = article.published
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def newest_first(articles: Sequence[Article]) -> list[Article]:
    return sorted(articles, key=_sort_key, reverse=True)


class NewsreaderApp(App[None]):
    TITLE = "newsreader"
    CSS = """
    #list { width: 38%; min-width: 30; border-right: vkey $primary 40%; }
    #reader { width: 1fr; }
    """
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, articles: Sequence[Article], problems: Sequence[str] = ()) -> None:
        super().__init__()
        self.articles = newest_first(articles)
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield ArticleList(self.articles, id="list")
            yield ArticleView(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self.query_one(ArticleView).show(self.articles[0] if self.articles else None)
        for problem in self.problems:
            self.notify(problem, title="Skipped", severity="warning", markup=False, timeout=8)

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.query_one(ArticleView).show(event.article)
