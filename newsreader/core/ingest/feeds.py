"""RSS, Atom and JSON Feed documents: one ``Article`` per entry.

XML is checked with defusedxml first: a document that declares entities (the "billion
laughs" bomb, external entities that read local files or the network) is refused
before feedparser sees it. A malformed feed gives the entries that could be read and a
warning. Entry HTML is read into plain paragraphs; only http(s) links are kept; every
string is sanitised. feedparser is given the bytes in a stream, so it never opens a
file or a URL itself.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.ingest.fields import (
    clean_block,
    clean_line,
    digest,
    entry_id,
    parse_date,
    split_tags,
    utc_from_struct,
    web_link,
)
from newsreader.core.ingest.htmltext import html_to_text
from newsreader.core.model import Article, Caption

__all__ = ["MAX_ENTRIES", "FeedEntry", "ParsedFeed", "check_xml_safety", "looks_like_feed", "parse_feed"]

MAX_ENTRIES = 5000
_XML_ROOT = re.compile(
    rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<\?xml-stylesheet[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*"
    rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|rdf|channel)\b",
    re.S,
)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: its article, and whether the feed gave only a summary (no full content)."""

    article: Article
    summary_only: bool = False
    guid: str | None = None


@dataclass
class ParsedFeed:
    """What a feed document held."""

    title: str | None = None
    link: str | None = None
    kind: str = ""
    outlet: str | None = None  # what the articles give as their outlet
    entries: list[FeedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [e.article for e in self.entries]


def _text_start(data: bytes) -> bytes:
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", "ignore").encode("utf-8", "ignore")
        except UnicodeError:
            return head
    return head.lstrip(b"\xef\xbb\xbf").replace(b"\x00", b"")


def looks_like_feed(data: bytes) -> bool:
    """True when ``data`` starts like an RSS, Atom or RDF document, or is a JSON Feed."""
    head = _text_start(data)
    if _XML_ROOT.match(head):
        return True
    stripped = head.lstrip()
    return stripped[:1] == b"{" and b"jsonfeed.org/version" in head[:4096]


def check_xml_safety(data: bytes, name: str) -> None:
    """Raise ``InputError`` if the XML declares entities; malformed XML passes (feedparser copes)."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    refusal = "refused: the document declares XML entities (an entity bomb or external-entity trick)"
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(name, refusal) from None
    except (ET.ParseError, ValueError, RecursionError):
        # Not well-formed: the parser may have stopped before a declaration; look for one.
        if _ENTITY_DECL.search(data.replace(b"\x00", b"")):
            raise InputError(name, refusal) from None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


def _content_paragraphs(value: str, kind: str, base: str | None) -> tuple[list[str], list[Caption], list[str]]:
    if not value:
        return [], [], []
    if "html" in kind or (kind == "" and "<" in value):
        read = html_to_text(value, base)
        return read.paragraphs, read.captions, read.links
    return clean_block(value), [], []


def _make_article(
    *,
    title: str,
    link: str | None,
    guid: str | None,
    outlet: str | None,
    byline: str | None,
    published,
    paragraphs: list[str],
    captions: list[Caption],
    links: list[str],
    tags: tuple[str, ...],
    source: Path | None,
    content_hash: str,
) -> Article:
    return Article(
        id=entry_id(url=link, guid=guid, outlet=outlet, title=title, published=published),
        title=title[:500],
        source=source,
        url=link,
        outlet=outlet,
        byline=byline or None,
        published=published,
        captions=tuple(captions),
        paragraphs=tuple(paragraphs),
        links=tuple(links),
        tags=tags,
        content_hash=content_hash,
    )


def _title_text(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    if "<" in text or "&" in text:
        return " ".join(html_to_text(text).paragraphs)
    return clean_line(text)


# Each part excludes what the next one looks for, so a failed match is not retried from
# every character ("@@@@…" and "a<@@@…" were quadratic).
_EMAIL_NAME = re.compile(r"^[^\s@()]+@[^\s@()]+\s*\(([^()]+)\)$")
_NAME_EMAIL = re.compile(r"^([^<>]+?)\s*<[^<>@]*@[^<>@]*>$")


def _author_name(value: Any) -> str:
    """"desk@x.example (Jo Bell)" and "Jo Bell <desk@x.example>" give "Jo Bell"."""
    text = clean_line(value)
    match = _EMAIL_NAME.match(text) or _NAME_EMAIL.match(text)
    return clean_line(match.group(1)) if match else text


# -- XML feeds (feedparser) --------------------------------------------------------------


def _xml_entry(entry: Any, feed: ParsedFeed, base: str | None, extra_tags: tuple[str, ...],
               source: Path | None) -> FeedEntry | None:
    link = web_link(entry.get("link"))
    if link is None:
        for alt in entry.get("links") or ():
            if isinstance(alt, dict) and alt.get("rel", "alternate") == "alternate":
                link = web_link(alt.get("href"))
                if link:
                    break
    guid = clean_line(entry.get("id")) or None
    if link is None and guid and entry.get("guidislink"):
        link = web_link(guid)
    contents = [c for c in entry.get("content") or () if isinstance(c, dict) and c.get("value")]
    summary = entry.get("summary") or ""
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        raw, kind = best.get("value") or "", str(best.get("type") or "")
    else:
        detail = entry.get("summary_detail") or {}
        raw, kind = summary, str(detail.get("type") or "") if isinstance(detail, dict) else ""
    paragraphs, captions, links = _content_paragraphs(raw if isinstance(raw, str) else "", kind, link or base)
    title = _title_text(entry.get("title"))
    if not title:
        if not paragraphs:
            return None
        title = paragraphs[0][:100] + ("…" if len(paragraphs[0]) > 100 else "")
    published = parse_date(entry.get("published")) or parse_date(entry.get("updated"))
    if published is None:
        published = utc_from_struct(entry.get("published_parsed")) or utc_from_struct(entry.get("updated_parsed"))
    authors = entry.get("authors") or ()
    detail = entry.get("author_detail")
    named = clean_line(detail.get("name")) if isinstance(detail, dict) else ""
    byline = _author_name(entry.get("author")) or named or ", ".join(
        n for n in (clean_line(a.get("name")) for a in authors if isinstance(a, dict)) if n
    )
    terms = [t.get("term") or t.get("label") for t in entry.get("tags") or () if isinstance(t, dict)]
    tags = split_tags(list(extra_tags) + [t for t in terms if t])
    content_hash = digest(title, link or "", guid or "", str(entry.get("published") or entry.get("updated") or ""),
                          byline, raw if isinstance(raw, str) else "")
    article = _make_article(
        title=title, link=link, guid=guid, outlet=feed.outlet, byline=byline,
        published=published, paragraphs=paragraphs, captions=captions, links=links, tags=tags,
        source=source, content_hash=content_hash,
    )
    return FeedEntry(article, summary_only=not contents, guid=guid)


def _parse_xml(data: bytes, name: str, url: str | None, source: Path | None,
               extra_tags: tuple[str, ...], outlet: str | None) -> ParsedFeed:
    import feedparser

    check_xml_safety(data, name)
    headers = {"content-type": "application/xml"}
    if url:
        headers["content-location"] = url
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers,
                                  sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # feedparser should not raise, but hostile input is hostile
        raise InputError(name, f"feed could not be read ({type(exc).__name__})") from None
    info = parsed.get("feed") or {}
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        raise NotAnArticle(name, "not an RSS, Atom or JSON feed")
    feed = ParsedFeed(
        title=_title_text(info.get("title")) or None,
        link=web_link(info.get("link")),
        kind=str(parsed.get("version") or "feed"),
    )
    feed.outlet = outlet or feed.title or _host(feed.link or url)
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        detail = clean_line(str(problem))[:120] if problem else "not well-formed"
        feed.warnings.append(f"{name}: malformed feed ({detail}); read {len(entries)} entries")
    if len(entries) > MAX_ENTRIES:
        feed.warnings.append(f"{name}: {len(entries)} entries; read the first {MAX_ENTRIES}")
    skipped = 0
    for entry in entries[:MAX_ENTRIES]:
        read = _xml_entry(entry, feed, url or feed.link, extra_tags, source)
        if read is None:
            skipped += 1
        else:
            feed.entries.append(read)
    if skipped:
        feed.warnings.append(f"{name}: {skipped} entries with neither title nor text skipped")
    return feed


# -- JSON Feed ---------------------------------------------------------------------------


def _json_entry(item: dict, feed: ParsedFeed, base: str | None, extra_tags: tuple[str, ...],
                source: Path | None) -> FeedEntry | None:
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    link = web_link(text("url")) or web_link(text("external_url"))
    guid = clean_line(item.get("id")) if isinstance(item.get("id"), (str, int)) else None
    if text("content_html"):
        raw, kind = text("content_html"), "text/html"
    elif text("content_text"):
        raw, kind = text("content_text"), "text/plain"
    else:
        raw, kind = text("summary"), "text/plain"
    full = bool(text("content_html") or text("content_text"))
    paragraphs, captions, links = _content_paragraphs(raw, kind, link or base)
    title = clean_line(text("title"))
    if not title:
        if not paragraphs:
            return None
        title = paragraphs[0][:100] + ("…" if len(paragraphs[0]) > 100 else "")
    published = parse_date(text("date_published")) or parse_date(text("date_modified"))
    authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
    byline = ", ".join(
        n for n in (clean_line(a.get("name")) for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)) if n
    )
    item_tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    tags = split_tags(list(extra_tags) + [t for t in item_tags if isinstance(t, str)])
    content_hash = digest(title, link or "", guid or "", text("date_published"), text("date_modified"), byline, raw)
    article = _make_article(
        title=title, link=link, guid=guid, outlet=feed.outlet, byline=byline,
        published=published, paragraphs=paragraphs, captions=captions, links=links, tags=tags,
        source=source, content_hash=content_hash,
    )
    return FeedEntry(article, summary_only=not full, guid=guid)


def _parse_json(data: bytes, name: str, url: str | None, source: Path | None,
                extra_tags: tuple[str, ...], outlet: str | None) -> ParsedFeed:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(name, f"not valid JSON ({clean_line(str(exc))[:80]})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise NotAnArticle(name, "not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    feed = ParsedFeed(
        title=clean_line(doc.get("title")) if isinstance(doc.get("title"), str) else None,
        link=web_link(doc.get("home_page_url")),
        kind="json" + str(doc.get("version")).rsplit("/", 1)[-1].replace(".", ""),
    )
    feed.title = feed.title or None
    feed.outlet = outlet or feed.title or _host(feed.link or url)
    if not isinstance(items, list):
        feed.warnings.append(f"{name}: JSON Feed without an items list")
        return feed
    skipped = 0
    for item in items[:MAX_ENTRIES]:
        read = _json_entry(item, feed, url or feed.link, extra_tags, source) if isinstance(item, dict) else None
        if read is None:
            skipped += 1
        else:
            feed.entries.append(read)
    if len(items) > MAX_ENTRIES:
        feed.warnings.append(f"{name}: {len(items)} items; read the first {MAX_ENTRIES}")
    if skipped:
        feed.warnings.append(f"{name}: {skipped} items with neither title nor text skipped")
    return feed


def parse_feed(
    data: bytes,
    *,
    source: Path | None = None,
    url: str | None = None,
    tags: tuple[str, ...] = (),
    outlet: str | None = None,
) -> ParsedFeed:
    """Read a feed document; raises ``InputError`` when it is refused or is not a feed.

    ``url`` is where it came from (relative links resolve against it); ``tags`` are added
    to every entry's own; ``outlet`` replaces the feed's title as the articles' outlet.
    """
    name = str(source or url or "<feed>")
    if not data.strip():
        raise InputError(name, "empty feed")
    head = _text_start(data).lstrip()
    if head[:1] in (b"{", b"["):
        return _parse_json(data, name, url, source, tags, outlet)
    return _parse_xml(data, name, url, source, tags, outlet)
