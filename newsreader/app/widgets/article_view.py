"""The reader: header, captions (dimmed, with credits), body with coloured spans, removed text.

All article text goes in as plain ``Content`` with spans added by offset: nothing is parsed as
markup. ``]`` / ``[`` move a "current" span through the highlighted entities and figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import partial

from rich._wrap import divide_line
from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.content import Span as ContentSpan
from textual.geometry import Region, Size
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from newsreader.app.highlights import MODE_KINDS
from newsreader.app.keymap import bindings
from newsreader.app.messages import EntityChosen
from newsreader.app.theming import label_style
from newsreader.core.analysis.document import AnalysedArticle, Block, article_blocks
from newsreader.core.analysis.spans import Span
from newsreader.core.model import Article

__all__ = ["ArticleView", "header_content"]

PARAGRAPHS_PER_WIDGET = 8
GAP = "\n\n"
MARK_STYLE = "on $accent 25%"  # a highlighted (annotated) passage
_META_STYLES: list[Style] = []
_CONTROL = re.compile(r"[\a\b\v\f\r]")  # what Content drops from its text


def _meta_style(index: int) -> Style:
    """What a click on span ``index`` reports; the same in every article, so made once."""
    while len(_META_STYLES) <= index:
        _META_STYLES.append(Style.from_meta({"span": len(_META_STYLES)}))
    return _META_STYLES[index]


def header_content(article: Article) -> Content:
    meta = [article.outlet or ""]
    if article.byline:
        meta.append(f"By {article.byline}" + (f" ({article.byline_credit})" if article.byline_credit else ""))
    if article.published:
        meta.append(article.published.strftime("%A %d %B %Y, %H:%M"))
    parts: list[str | tuple[str, str]] = [(article.title, "bold"), "\n", (" · ".join(m for m in meta if m), "italic")]
    if article.section:
        parts[0:0] = [(article.section.upper(), "$text-muted"), "\n"]
    return Content.assemble(*parts)


class BlockText(Static):
    """One paragraph or caption, or a few paragraphs; a click on a span reports it to the reader.

    The styled text is made when the widget is first drawn (``content_of``), so an article
    whose end is off screen costs little to show, and again after ``restyle``. Its height
    comes from the plain text, counted as Textual wraps it.
    """

    class SpanClicked(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, content_of: Callable[[], Content], plain: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._content_of = content_of
        self._plain = plain
        self._styled: Content | None = None
        self._height: tuple[tuple[int, str], int] | None = None

    def render(self) -> Content:
        if self._styled is None:
            self._styled = self._content_of()
        return self._styled

    def restyle(self) -> None:
        """The highlights changed, never the text: draw again, with no new layout."""
        self._styled = None
        self.refresh()

    def retarget(self, content_of: Callable[[], Content], plain: str, kind: str) -> None:
        """Show other text (of another article): a new layout."""
        self._content_of = content_of
        self._plain = plain
        self._styled = None
        self._height = None
        self.set_classes(kind)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rules = self.styles
        overflow = rules.get("text_overflow", "fold")
        if not width or rules.get("text_wrap", "wrap") == "nowrap" or rules.get("line_pad", 0) or "\t" in self._plain:
            return super().get_content_height(container, viewport, width)
        key = (width, overflow)
        if self._height is None or self._height[0] != key:
            # What Content.get_height counts (with the same rich divide_line Textual uses),
            # without making the styled lines.
            fold = overflow == "fold"
            height = sum(len(divide_line(line, width, fold=fold)) + 1 for line in self._plain.split("\n"))
            self._height = (key, height)
        return self._height[1]

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("span") if event.style else None
        if isinstance(index, int):
            event.stop()
            self.post_message(self.SpanClicked(index))


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article; ``show`` mounts plain text at once, ``set_analysis`` colours it."""

    BINDINGS = bindings("reader")
    DEFAULT_CSS = """
    ArticleView { padding: 0 2; }
    ArticleView > .header { margin: 1 0; color: $text; }
    ArticleView > .caption { color: $text-muted; margin: 0 0 1 2; text-style: italic; }
    ArticleView > .paragraph { margin: 0 0 1 0; }
    ArticleView > .empty { color: $text-muted; margin: 1 0; }
    ArticleView > .removed-heading { color: $text-muted; text-style: bold; margin: 1 0 0 0; }
    ArticleView > .removed { color: $text-muted; text-style: dim; }
    """

    class SpanFocused(Message):
        """The current span changed (None when there is none)."""

        def __init__(self, span: Span | None, position: int, total: int) -> None:
            self.span = span
            self.position = position
            self.total = total
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.analysed: AnalysedArticle | None = None
        self.mode = "all"
        self.show_removed = False
        self._text = ""
        self._blocks: tuple[Block, ...] = ()
        # Paragraphs are drawn a few to a widget, so a 10k-word article mounts dozens, not hundreds.
        self._groups: list[list[int]] = []  # block indexes drawn by each widget
        self._group_of_block: list[int] = []
        self._widgets: list[BlockText] = []  # one per group
        self._spans: tuple[Span, ...] = ()
        self._block_spans: list[list[int]] = []  # span indexes per block
        self._navigable: list[int] = []  # span indexes ]/[ visit, in reading order
        self.current: int | None = None  # index into self._spans
        self._marks: list[tuple[int, int]] = []  # highlighted passages (annotations), by offset
        self._generation = 0  # counts the articles shown, so widgets of an old one draw nothing
        self._header: Static | None = None

    # -- what to show -------------------------------------------------------------------

    def show(
        self,
        article: Article | None,
        analysed: AnalysedArticle | None = None,
        *,
        mode: str | None = None,
        show_removed: bool | None = None,
    ) -> None:
        if mode is not None:
            self.mode = mode
        if show_removed is not None:
            self.show_removed = show_removed
        self.article = article
        self.analysed = None
        self.current = None
        self._marks = []
        self._spans = ()
        self._block_spans = []
        self._navigable = []
        with self.app.batch_update():
            if article is None:
                self.remove_children()
                self._header = None
                self._blocks = ()
                self._groups, self._group_of_block, self._widgets = [], [], []
                self.mount(Static(Content("No article selected."), classes="empty"))
                return
            self._text, self._blocks = article_blocks(article)
            if analysed is not None and analysed.text == self._text:
                self._assign(analysed)
            captions = [[i] for i, b in enumerate(self._blocks) if b.kind == "caption"]
            paragraphs = [i for i, b in enumerate(self._blocks) if b.kind == "paragraph"]
            self._groups = captions + [paragraphs[i : i + PARAGRAPHS_PER_WIDGET] for i in range(0, len(paragraphs), PARAGRAPHS_PER_WIDGET)]
            self._group_of_block = [0] * len(self._blocks)
            for g, group in enumerate(self._groups):
                for b in group:
                    self._group_of_block[b] = g
            self._generation += 1
            # The widgets of the article shown before are given the new text where they can
            # be: mounting and removing dozens of widgets costs more than that.
            reuse = self._header is not None and self._header.parent is self
            old = self._widgets if reuse else []
            if reuse:
                self._header.update(header_content(article))
                keep = {id(self._header), *(id(w) for w in old[: len(self._groups)])}
                self.remove_children([child for child in self.children if id(child) not in keep])
            else:
                self.remove_children()
                self._header = Static(header_content(article), classes="header")
            widgets: list[BlockText] = []
            for g, group in enumerate(self._groups):
                content_of, plain, kind = partial(self._content_of, self._generation, g), self._group_plain(g), self._blocks[group[0]].kind
                if g < len(old):
                    old[g].retarget(content_of, plain, kind)
                    widgets.append(old[g])
                else:
                    widgets.append(BlockText(content_of, plain, classes=kind))
            self._widgets = widgets
            mount: list[Static] = [] if reuse else [self._header]
            mount += widgets[len(old) :]
            if not article.paragraphs:
                mount.append(Static(Content("No body text was found in this article."), classes="empty"))
            mount += self._removed_widgets()
            if mount:
                self.mount_all(mount)
            self.scroll_home(animate=False)
        self._report_current()

    def set_analysis(self, analysed: AnalysedArticle) -> None:
        """Colour the shown article with its analysis."""
        if self.article is None or analysed.text != self._text:
            return
        self._assign(analysed)
        self._rerender_all()

    def set_marks(self, ranges: list[tuple[int, int]]) -> None:
        """Give the highlighted passages (offsets in the reader text) a background."""
        ranges = sorted(ranges)
        if ranges != self._marks:
            self._marks = ranges
            self._rerender_all()

    def paragraph_at_top(self) -> Block | None:
        """The first paragraph not scrolled past (what "the current paragraph" means)."""
        top = self.scroll_offset.y
        for widget, group in zip(self._widgets, self._groups, strict=False):
            region = widget.virtual_region
            if self._blocks[group[0]].kind != "paragraph" or region.bottom <= top:
                continue
            width = max(1, widget.content_region.width or self.scrollable_content_region.width)
            texts = [self._text[self._blocks[b].start : self._blocks[b].end] for b in group]
            joined, line, found, offset = GAP.join(texts), top - region.y, group[0], 0
            for b, text in zip(group, texts, strict=True):
                if offset and _line_of(joined, offset, width) > line:
                    break
                found, offset = b, offset + len(text) + len(GAP)
            return self._blocks[found]
        return None

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._navigable = self._navigable_spans()
        if self.current is not None and self.current not in self._navigable:
            self.current = None
        self._rerender_all()
        self._report_current()

    def set_show_removed(self, show: bool) -> None:
        self.show_removed = show
        self.query(".removed-heading, .removed").remove()
        if show and self.article is not None:
            self.mount_all(self._removed_widgets())
            self.call_after_refresh(self._scroll_to_removed)

    def _scroll_to_removed(self) -> None:
        heading = self.query(".removed-heading")
        if heading:
            self.scroll_to_widget(heading.first(), animate=False, top=True)

    # -- spans --------------------------------------------------------------------------

    def _assign(self, analysed: AnalysedArticle) -> None:
        self.analysed = analysed
        self._spans = tuple(sorted(analysed.spans, key=lambda s: (s.start, s.end)))
        starts = [s.start for s in self._spans]
        self._block_spans = []
        for block in self._blocks:
            lo = bisect_left(starts, block.start)
            indexes = []
            for i in range(lo, len(self._spans)):
                span = self._spans[i]
                if span.start >= block.end:
                    break
                if span.end <= block.end:
                    indexes.append(i)
            self._block_spans.append(indexes)
        self._navigable = self._navigable_spans()

    def _navigable_spans(self) -> list[int]:
        kinds = MODE_KINDS.get(self.mode, frozenset()) - {"quote"}
        order = [i for i, b in enumerate(self._blocks) if b.kind == "caption"]
        order += [i for i, b in enumerate(self._blocks) if b.kind == "paragraph"]
        found: list[int] = []
        for block_index in order:
            if block_index < len(self._block_spans):
                found.extend(i for i in self._block_spans[block_index] if self._spans[i].kind in kinds)
        return found

    def _block_parts(self, block_index: int) -> tuple[str, list[ContentSpan]]:
        """The text of one block and its highlight spans (offsets into that text)."""
        block = self._blocks[block_index]
        text = self._text[block.start : block.end]
        spans: list[ContentSpan] = []
        if block_index < len(self._block_spans):
            kinds = MODE_KINDS.get(self.mode, frozenset())
            indexes = self._block_spans[block_index]
            # Quotes first so the names and figures inside them draw on top.
            for i in sorted(indexes, key=lambda i: self._spans[i].kind != "quote"):
                span = self._spans[i]
                if span.kind not in kinds:
                    continue
                start, end = span.start - block.start, span.end - block.start
                spans.append(ContentSpan(start, end, label_style(span.label, current=i == self.current)))
                if span.kind != "quote":
                    spans.append(ContentSpan(start, end, _meta_style(i)))
        for start, end in self._marks:  # under the highlights, so drawn first
            if start < block.end and end > block.start:
                spans.insert(0, ContentSpan(max(start, block.start) - block.start, min(end, block.end) - block.start, MARK_STYLE))
        return text, spans

    def _block_content(self, block_index: int) -> Content:
        content = Content(*self._block_parts(block_index))
        block = self._blocks[block_index]
        if block.kind == "caption" and self.article is not None:
            caption = self.article.captions[block.index]
            if caption.credit:
                content = Content.assemble(content, (f" — {caption.credit}", "dim"))
        return content

    def _content_of(self, generation: int, group_index: int) -> Content:
        """The styled text of a group, for a widget of the article shown as ``generation``."""
        if generation != self._generation:  # a widget of an article no longer shown
            return Content()
        return self._group_content(group_index)

    def _group_plain(self, group_index: int) -> str:
        """The text of a group as its ``Content`` will hold it."""
        group = self._groups[group_index]
        if len(group) == 1 and self._blocks[group[0]].kind == "caption":
            return self._group_content(group_index).plain
        text = GAP.join(self._text[self._blocks[b].start : self._blocks[b].end] for b in group)
        return Content(text).plain if _CONTROL.search(text) else text

    def _group_content(self, group_index: int) -> Content:
        """The blocks of one widget, a blank line apart, as one ``Content`` made at once."""
        group = self._groups[group_index]
        if len(group) == 1:
            return self._block_content(group[0])
        texts: list[str] = []
        spans: list[ContentSpan] = []
        offset = 0
        for block_index in group:
            if texts:
                offset += len(GAP)
            text, block_spans = self._block_parts(block_index)
            texts.append(text)
            spans.extend(ContentSpan(offset + s.start, offset + s.end, s.style) for s in block_spans)
            offset += len(text)
        return Content(GAP.join(texts), spans)

    def _rerender_all(self) -> None:
        # Highlights change styles only, never the text: no new layout is needed.
        with self.app.batch_update():
            for widget in self._widgets:
                widget.restyle()

    def _rerender_span(self, index: int | None) -> None:
        if index is None:
            return
        block = self._block_of(index)
        if block is not None:
            group = self._group_of_block[block]
            self._widgets[group].restyle()

    def _block_of(self, span_index: int) -> int | None:
        for b, indexes in enumerate(self._block_spans):
            if indexes and indexes[0] <= span_index <= indexes[-1] and span_index in indexes:
                return b
        return None

    def _removed_widgets(self) -> list[Static]:
        if not self.show_removed or self.article is None:
            return []
        removed = self.article.removed
        heading = f"Removed from the page ({len(removed)} lines)" if removed else "Nothing was removed from this page."
        widgets = [Static(Content(heading), classes="removed-heading")]
        widgets += [Static(Content(line), classes="removed") for line in removed]
        return widgets

    # -- moving through spans -----------------------------------------------------------

    @property
    def paragraph_count(self) -> int:
        return sum(1 for b in self._blocks if b.kind == "paragraph")

    @property
    def current_span(self) -> Span | None:
        return self._spans[self.current] if self.current is not None else None

    def action_next_span(self) -> None:
        self._step(+1)

    def action_previous_span(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self._navigable:
            self.notify("No highlighted names or figures here.", markup=False, timeout=3)
            return
        if self.current is None or self.current not in self._navigable:
            position = 0 if direction > 0 else len(self._navigable) - 1
        else:
            position = (self._navigable.index(self.current) + direction) % len(self._navigable)
        self.select_span(self._navigable[position])

    def select_span(self, index: int) -> None:
        """Make span ``index`` the current one and scroll it into view."""
        previous, self.current = self.current, index
        self._rerender_span(previous)
        self._rerender_span(index)
        self.call_after_refresh(self._scroll_to_current)
        self._report_current()

    def select_offset(self, start: int) -> bool:
        """Make the span starting at ``start`` current (e.g. a figure picked in the notes)."""
        for i, span in enumerate(self._spans):
            if span.start == start and span.kind != "quote":
                if i not in self._navigable:
                    return False
                self.select_span(i)
                return True
        return False

    def _report_current(self) -> None:
        span = self.current_span
        position = self._navigable.index(self.current) + 1 if self.current in self._navigable else 0
        self.post_message(self.SpanFocused(span, position, len(self._navigable)))

    def _scroll_to_current(self) -> None:
        if self.current is None:
            return
        block = self._block_of(self.current)
        if block is None:
            return
        group = self._group_of_block[block]
        widget = self._widgets[group]
        span = self._spans[self.current]
        region = widget.virtual_region
        width = max(1, widget.content_region.width or self.scrollable_content_region.width)
        texts = [self._text[self._blocks[b].start : self._blocks[b].end] for b in self._groups[group]]
        before = self._groups[group].index(block)
        offset = sum(len(t) + len(GAP) for t in texts[:before]) + span.start - self._blocks[block].start
        line = _line_of(GAP.join(texts), offset, width)
        target = Region(region.x, region.y + line, max(1, region.width), 1)
        self.scroll_to_region(target, animate=False, center=True, force=True)

    def action_pivot(self) -> None:
        span = self.current_span
        if span is None:
            self.notify("Move to a name with ] or [ first.", markup=False, timeout=3)
            return
        if span.kind != "entity":
            self.notify("The current highlight is a figure, not a name.", markup=False, timeout=3)
            return
        self.post_message(EntityChosen(span.label, span.canonical or span.text))

    def on_block_text_span_clicked(self, event: BlockText.SpanClicked) -> None:
        event.stop()
        self.focus()
        if 0 <= event.index < len(self._spans):
            self.select_span(event.index)
            span = self._spans[event.index]
            if span.kind == "entity":
                self.post_message(EntityChosen(span.label, span.canonical or span.text))


def _line_of(text: str, offset: int, width: int) -> int:
    """Which wrapped line of ``text`` (at ``width`` cells) holds ``offset``."""
    position = 0
    for number, line in enumerate(Content(text).wrap(width)):
        found = text.find(line.plain.strip(), position) if line.plain.strip() else position
        if found < 0:
            found = position
        end = found + len(line.plain.strip())
        if offset < end:
            return number
        position = end
    return 0
