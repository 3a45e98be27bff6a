"""Saved HTML pages: the article found with trafilatura, with its title, author, date and URL.

The page is decoded (its declared or detected charset), sanitised, and character
references to characters the sanitiser would remove are dropped before trafilatura
sees it; everything it returns is sanitised again. Only http(s) links are kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.ingest.fields import clean_line, parse_date, split_tags, web_link
from newsreader.core.model import Article, article_id
from newsreader.core.sanitize import sanitize

__all__ = ["decode_html", "looks_like_html", "parse_html"]

# A page with fewer words than this in its main text holds no article (a menu, a redirect).
MIN_WORDS = 15
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_TITLE_SUFFIX = re.compile(r"\s+[-–—|·:]\s+[^-–—|·:]{2,60}$")


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def _charref(match: re.Match[str]) -> str:
    hex_digits, dec_digits = match.groups()
    try:
        code = int(hex_digits, 16) if hex_digits else int(dec_digits)
        char = chr(code)
    except (ValueError, OverflowError):
        return ""
    return match.group(0) if sanitize(char) == char else ""


def decode_html(data: bytes) -> str:
    """The page as clean text: decoded, sanitised, hostile character references dropped."""
    from trafilatura.utils import decode_file

    text = decode_file(data)
    return _CHARREF.sub(_charref, sanitize(text.replace("\r\n", "\n").replace("\r", "\n")))


def _block_text(element) -> str:
    return clean_line("".join(element.itertext()))


def _read_body(body, base: str | None) -> tuple[list[str], list[str]]:
    paragraphs: list[str] = []
    links: dict[str, None] = {}
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "list":
            lines = [_block_text(item) for item in element.iter("item")]
        elif tag == "table":
            lines = [" | ".join(c for c in (_block_text(cell) for cell in row.iter("cell")) if c)
                     for row in element.iter("row")]
        elif tag in ("graphic", "comments"):
            lines = []
        else:
            lines = [_block_text(element)]
        paragraphs.extend(line for line in lines if line)
        for ref in element.iter("ref"):
            target = ref.get("target")
            if target:
                try:
                    target = urljoin(base, target) if base else target
                except ValueError:
                    continue
                link = web_link(target)
                if link:
                    links.setdefault(link, None)
    return paragraphs, list(links)


def parse_html(
    data: bytes, *, source: Path | None = None, url: str | None = None, content_hash: str | None = None
) -> Article:
    """Extract the article from an HTML page; raises ``InputError`` when there is none."""
    import trafilatura

    name = str(source or url or "<html>")
    text = decode_html(data)
    if not text.strip():
        raise InputError(name, "empty page")
    try:
        doc = trafilatura.bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_links=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            date_extraction_params={
                "extensive_search": True,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    except Exception as exc:  # a parser failing on hostile markup is one bad file, not a crash
        raise InputError(name, f"HTML could not be read ({type(exc).__name__})") from None
    if doc is None or getattr(doc, "body", None) is None:
        raise NotAnArticle(name, "no article text found in this page")
    page_url = web_link(doc.url) or web_link(url)
    paragraphs, links = _read_body(doc.body, page_url)
    title = clean_line(doc.title)
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs.pop(0)
    if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        raise NotAnArticle(name, "no article text found in this page")
    outlet = clean_line(doc.sitename) or None
    if title and outlet and (m := _TITLE_SUFFIX.search(title)) and outlet.casefold() in m.group(0).casefold():
        title = title[: m.start()].rstrip()
    if not title:
        title = paragraphs[0][:120] if len(paragraphs) > 1 else (source.stem if source else "Untitled")
    published = parse_date(doc.date)
    tags = split_tags(list(doc.categories or []) + [t for tag in doc.tags or [] for t in str(tag).split(",")])
    return Article(
        id=article_id(url=page_url, outlet=outlet, title=title, published=published),
        title=title[:500],
        source=source,
        url=page_url,
        outlet=outlet,
        byline=clean_line(doc.author) or None,
        published=published,
        paragraphs=tuple(paragraphs),
        links=tuple(links),
        tags=tags,
        content_hash=content_hash,
    )
