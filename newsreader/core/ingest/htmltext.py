"""HTML fragments (feed entry content) to clean paragraphs, captions and links.

Uses the standard library's tolerant HTML tokenizer: nothing is fetched, run or kept as
markup. Scripts, styles and embedded objects are dropped with their content; block
elements and line breaks end a paragraph; ``<figcaption>`` becomes a caption; only
http(s) links are kept, resolved against the base address when relative.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

from newsreader.core.ingest.fields import clean_line, web_link
from newsreader.core.model import Caption

__all__ = ["HtmlText", "html_to_text"]

_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                   "math", "head", "title", "button", "select", "textarea", "canvas", "audio", "video"})
_BLOCK = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "blockquote",
    "pre", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
    "thead", "tbody", "tfoot", "caption", "figure", "hr", "br", "address", "details", "summary",
    "form", "fieldset",
})
_CELL = frozenset({"td", "th"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "track", "wbr"})


class HtmlText:
    """What was read from an HTML fragment."""

    __slots__ = ("captions", "links", "paragraphs")

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.captions: list[Caption] = []
        self.links: list[str] = []


class _Reader(HTMLParser):
    def __init__(self, base: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.out = HtmlText()
        self._buf: list[str] = []
        self._drop = 0
        self._caption = 0
        self._caption_buf: list[str] = []
        self._links: dict[str, None] = {}

    def _flush(self) -> None:
        if self._buf:
            line = clean_line("".join(self._buf))
            self._buf.clear()
            if line:
                self.out.paragraphs.append(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            if tag not in _VOID:
                self._drop += 1
            return
        if self._drop:
            return
        if tag == "figcaption":
            self._flush()
            self._caption += 1
            return
        if tag in _BLOCK:
            self._flush()
        elif tag in _CELL:
            self._buf.append(" ")
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                try:
                    absolute = urljoin(self.base, href.strip()) if self.base else href.strip()
                except ValueError:
                    absolute = ""
                link = web_link(absolute)
                if link:
                    self._links.setdefault(link, None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP or self._drop:
            return
        if tag in _BLOCK:
            self._flush()
        elif tag == "a":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            if tag not in _VOID and self._drop:
                self._drop -= 1
            return
        if self._drop:
            return
        if tag == "figcaption" and self._caption:
            self._caption -= 1
            text = clean_line("".join(self._caption_buf))
            self._caption_buf.clear()
            if text:
                self.out.captions.append(Caption(text))
            return
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        (self._caption_buf if self._caption else self._buf).append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        self.out.links = list(self._links)


def html_to_text(html: str, base: str | None = None) -> HtmlText:
    """Read ``html`` (a fragment or a page) into paragraphs, captions and http(s) links."""
    reader = _Reader(base)
    try:
        reader.feed(html)
        reader.close()
    except (AssertionError, ValueError, RecursionError):  # the tokenizer gave up: keep what was read
        reader._flush()
        reader.out.links = list(reader._links)
    return reader.out
