"""The list of articles: one line per article, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.core.model import Article


def article_prompt(article: Article) -> Content:
    """One row: title, outlet and date, built from plain strings (no markup parsing)."""
    when = article.published.strftime("%Y-%m-%d") if article.published else "—"
    return Content.assemble(
        (article.title, "bold"),
        "\n",
        (f"{article.outlet or 'unknown outlet'} · {when}", "dim"),
    )


class ArticleList(OptionList):
    """Articles, one option each; posts ``ArticleList.Chosen`` as the cursor moves."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Chosen(Message):
        def __init__(self, article: Article) -> None:
            self.article = article
            super().__init__()

    def __init__(self, articles: Sequence[Article], **kwargs) -> None:
        self.articles = list(articles)
        super().__init__(*(Option(article_prompt(a), id=a.id) for a in self.articles), **kwargs)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Chosen(self.articles[event.option_index]))
