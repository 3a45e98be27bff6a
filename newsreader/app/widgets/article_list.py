"""The article list: a virtual, line-based list (one line per article) that stays instant at 10k+ rows.

Only the visible lines are rendered, from plain strings as Rich segments: no markup is parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.app.keymap import bindings
from newsreader.app.messages import ArticleHighlighted, ArticleOpened
from newsreader.core.library.rows import MemoryRows, RowSource
from newsreader.core.model import Article

__all__ = ["ArticleList", "RowMarks"]

DATE_WIDTH = 10
OUTLET_WIDTH = 18

# (is unread, is starred, tags, has notes or highlights) for an article id.
RowMarks = Callable[[str], tuple[bool, bool, tuple[str, ...], bool]]


def _no_marks(article_id: str) -> tuple[bool, bool, tuple[str, ...], bool]:
    return True, False, (), False


class ArticleList(ScrollView, can_focus=True):
    """Articles, one line each: unread marker, star, note marker, date, title, outlet, tags."""

    BINDINGS = bindings("list")
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--star",
        "article-list--tags",
        "article-list--note",
        "article-list--match",
    }
    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    ArticleList > .article-list--cursor { background: $primary 20%; }
    ArticleList:focus > .article-list--cursor { background: $primary 45%; }
    ArticleList > .article-list--unread { text-style: bold; color: $text; }
    ArticleList > .article-list--read { color: $text-muted; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--star { color: $warning; }
    ArticleList > .article-list--tags { color: $secondary; }
    ArticleList > .article-list--note { color: $accent; }
    ArticleList > .article-list--match { text-style: bold underline; color: $warning; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(
        self,
        articles: Sequence[Article] = (),
        *,
        source: RowSource | None = None,
        marks: RowMarks | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.source: RowSource = source if source is not None else MemoryRows(articles)
        self.marks: RowMarks = marks or _no_marks
        self.virtual_size = Size(0, len(self.source))

    # -- data ---------------------------------------------------------------------------

    @property
    def articles(self) -> list:
        """Every row (in memory: the articles). A catalog's rows are read here in full:
        for tests and small lists only; the list itself reads only what it draws."""
        if isinstance(self.source, MemoryRows):
            return self.source.items
        return [self.source.get(i) for i in range(len(self.source))]

    @property
    def article_count(self) -> int:
        return len(self.source)

    @property
    def current(self):
        """The row under the cursor: an ``Article`` or a catalog ``Row`` (both have an id)."""
        return self.source.get(self.cursor)

    def set_articles(self, articles: Sequence[Article], keep: str | None = None) -> None:
        """Show ``articles``; the cursor stays on the article with id ``keep`` when listed."""
        self.set_source(MemoryRows(articles), keep=keep)

    def set_source(self, source: RowSource, keep: str | None = None) -> bool:
        """Show the rows of ``source``; the cursor stays on ``keep`` when listed.

        Returns False when ``keep`` is not in the first page of a catalog's rows: finding it
        could read every id, so the caller looks for it off the UI thread and calls
        ``place_cursor``; until then the cursor waits on the first row without announcing it.
        """
        self.source = source
        self.virtual_size = Size(0, len(source))
        self.scroll_to(y=0, animate=False)
        index: int | None = 0
        if keep is not None:
            if isinstance(source, MemoryRows):
                index = source.index_of(keep) or 0
            else:
                source.get(0)  # the first page, drawn next anyway
                index = source.cached_index(keep)
        if index is None:
            self.set_reactive(ArticleList.cursor, 0)
            self.refresh()
            return False
        self.cursor = index
        self.refresh()
        return True

    def place_cursor(self, source: RowSource, index: int | None) -> None:
        """Where ``set_source`` left a row to find: put the cursor on it silently (None: the
        row is not listed, the first row is announced instead)."""
        if source is not self.source:
            return  # the list changed meanwhile
        if index is None or not 0 <= index < len(source):
            self.cursor = 0
            return
        self.set_reactive(ArticleList.cursor, index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True)
        self.refresh()

    def reload(self) -> None:
        """Read the source again (rows were added or changed): the cursor stays on its row
        when that row is still near it, without announcing a move."""
        current = self.current
        self.source.invalidate()
        self.virtual_size = Size(0, len(self.source))
        if current is not None:
            # Reads the page at the cursor (drawn next anyway) and looks there.
            self.source.get(self.cursor)
            found = self.source.cached_index(current.id)
            if found is not None and found != self.cursor:
                self.set_reactive(ArticleList.cursor, found)
                self.scroll_to_region(Region(0, found, 1, 1), animate=False, force=True)
            elif found is None and self.current is not None:
                self.cursor = self.validate_cursor(self.cursor)
        elif len(self.source):
            self.cursor = 0
        self.refresh()

    def refresh_article(self, article_id: str) -> None:
        """Redraw the row of one article (e.g. after it was marked read); no other row."""
        current = self.current
        if current is not None and current.id == article_id:
            self.refresh_line(self.cursor)
            return
        index = self.source.cached_index(article_id)
        if index is not None:
            self.refresh_line(index)

    # -- cursor -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.source) - 1)) if len(self.source) else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
        article = self.current
        if article is not None:
            self.post_message(ArticleHighlighted(article))

    def action_cursor_down(self) -> None:
        if self.cursor < len(self.source) - 1:
            self.cursor += 1

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.source) - 1

    def action_page_down(self) -> None:
        self.cursor = min(len(self.source) - 1, self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_open(self) -> None:
        article = self.current
        if article is not None:
            self.post_message(ArticleOpened(article))

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_offset.y)
        if 0 <= row < len(self.source):
            self.focus()
            if row != self.cursor:
                self.cursor = row
            article = self.source.get(row)
            if article is not None:
                self.post_message(ArticleOpened(article, focus_reader=event.chain > 1))

    # -- rendering ----------------------------------------------------------------------

    def on_resize(self) -> None:
        # One line per article and no horizontal scrolling: the height is all that counts
        # (a width here would only cost a second layout at start).
        self.virtual_size = Size(0, len(self.source))

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= row < len(self.source):
            return Strip.blank(width, base)
        article = self.source.get(row)
        if article is None:
            return Strip.blank(width, base)
        unread, starred, tags, noted = self.marks(article.id)
        style = self.get_component_rich_style
        text_style = style("article-list--unread" if unread else "article-list--read")
        meta = style("article-list--meta")
        segments = [
            Segment("● " if unread else "  ", text_style),
            Segment("★" if starred else " ", style("article-list--star")),
            Segment("✎ " if noted else "  ", style("article-list--note")),
            Segment(_date(article).ljust(DATE_WIDTH) + " ", meta),
        ]
        used = 5 + DATE_WIDTH + 1
        outlet = article.outlet or ""
        tag_text = " ".join(f"#{t}" for t in tags)
        room = width - used
        outlet_width = min(cell_len(outlet), OUTLET_WIDTH, max(0, room // 3))
        tags_width = min(cell_len(tag_text), max(0, room // 4))
        title_width = max(0, room - (outlet_width + 1 if outlet_width else 0) - (tags_width + 1 if tags_width else 0))
        terms = getattr(article, "marks", None) or self.source.terms
        title = _fit(article.title, title_width)
        if terms and title_width:
            segments.extend(_marked(title, terms, text_style, style("article-list--match")))
        else:
            segments.append(Segment(title, text_style))
        if outlet_width:
            segments.append(Segment(" " + _fit(outlet, outlet_width), meta))
        if tags_width:
            segments.append(Segment(" " + _fit(tag_text, tags_width), style("article-list--tags")))
        strip = Strip(segments).extend_cell_length(width, base).crop(0, width).apply_style(base)
        if row == self.cursor:
            cursor = style("article-list--cursor")
            strip = Strip(Segment.apply_style(strip, post_style=RichStyle(bgcolor=cursor.bgcolor)), strip.cell_length)
        return strip

def _marked(text: str, terms: Sequence[str], plain: RichStyle, match: RichStyle) -> list[Segment]:
    """``text`` in segments, the words of ``terms`` in ``match`` style (plain strings only)."""
    from newsreader.core.catalog.marks import mark_ranges

    segments: list[Segment] = []
    at = 0
    for start, end in mark_ranges(text, terms):
        if start > at:
            segments.append(Segment(text[at:start], plain))
        segments.append(Segment(text[start:end], plain + match))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:], plain))
    return segments


def _date(article: Article) -> str:
    return article.published.strftime("%Y-%m-%d") if article.published else "—"


def _fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
