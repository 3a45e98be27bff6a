"""The reader: the chosen article's header, captions and body."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from newsreader.core.model import Article


def header_content(article: Article) -> Content:
    parts: list[str | tuple[str, str]] = [(article.title, "bold"), "\n"]
    meta = [article.outlet or ""]
    if article.byline:
        meta.append(f"By {article.byline}" + (f" ({article.byline_credit})" if article.byline_credit else ""))
    if article.published:
        meta.append(article.published.strftime("%A %d %B %Y, %H:%M"))
    parts.append((" · ".join(m for m in meta if m), "italic"))
    return Content.assemble(*parts)


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article. All article text goes in as plain ``Content``."""

    DEFAULT_CSS = """
    ArticleView { padding: 0 2; }
    ArticleView > .header { margin: 1 0; color: $text; }
    ArticleView > .caption { color: $text-muted; margin: 0 0 1 2; text-style: italic; }
    ArticleView > .paragraph { margin: 0 0 1 0; }
    ArticleView > .empty { color: $text-muted; margin: 1 0; }
    """

    def show(self, article: Article | None) -> None:
        self.remove_children()
        if article is None:
            self.mount(Static(Content("No article selected."), classes="empty"))
            return
        widgets = [Static(header_content(article), classes="header")]
        for caption in article.captions:
            credit = f" — {caption.credit}" if caption.credit else ""
            widgets.append(Static(Content.assemble(caption.text, (credit, "dim")), classes="caption"))
        widgets.extend(Static(Content(p), classes="paragraph") for p in article.paragraphs)
        if not article.paragraphs:
            widgets.append(Static(Content("No body text was found in this article."), classes="empty"))
        self.mount_all(widgets)
        self.scroll_home(animate=False)
