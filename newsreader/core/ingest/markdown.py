"""Markdown articles with front matter, read into an ``Article``; and written back.

Front matter is a block at the very top between ``---`` lines (a small YAML subset:
``key: value``, quoted strings, ``[a, b]`` and ``- item`` lists) or between ``+++`` lines
(TOML). Nothing in it is executed or looked up; lines that are not understood are
skipped with a warning. Known keys: title, date (published), author (byline, authors),
tags (keywords, categories), url (link), outlet (site, source, publisher), section.
The body is read with markdown-it (CommonMark, raw HTML kept as text): headings,
paragraphs, list items, quotes and code become paragraphs; an image on its own is a
caption; http(s) link targets become links.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.ingest.fields import clean_line, entry_id, parse_date, split_tags, web_link
from newsreader.core.model import Article, Caption

__all__ = ["escape_markdown", "parse_front_matter", "parse_markdown", "render_markdown"]

_KEY = re.compile(r"^([A-Za-z_][\w.-]*)\s*:(?:\s+(.*)|\s*)$")
_ITEM = re.compile(r"^\s*-\s+(.*)$|^\s*-\s*$")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'“”‘’()\[\]{}]+", re.I)
_ALIASES = {
    "title": "title", "headline": "title",
    "date": "date", "published": "date", "pubdate": "date", "published_at": "date", "created": "date",
    "author": "author", "authors": "author", "byline": "author",
    "tags": "tags", "keywords": "tags", "categories": "tags",
    "url": "url", "link": "url", "canonical_url": "url", "permalink": "url", "source_url": "url",
    "outlet": "outlet", "site": "outlet", "source": "outlet", "publisher": "outlet",
    "guid": "guid",
    "section": "section", "category": "section",
    "links": "links",
}
_MAX_FRONT_MATTER = 64 * 1024


def _scalar(raw: str) -> Any:
    """A YAML-ish scalar: quoted string, flow list, or plain text (comments cut)."""
    raw = raw.strip()
    if not raw:
        return ""
    if raw[0] == '"':
        end = _closing_quote(raw)
        if end is not None:
            try:
                return json.loads(raw[: end + 1])
            except ValueError:
                return raw[1:end]
        return raw[1:]
    if raw[0] == "'":
        end = raw.find("'", 1)
        while end != -1 and raw[end + 1 : end + 2] == "'":
            end = raw.find("'", end + 2)
        return (raw[1:end] if end != -1 else raw[1:]).replace("''", "'")
    if raw[0] == "[" and raw.rstrip().endswith("]"):
        return [v for v in (_scalar(p) for p in _split_flow(raw.strip()[1:-1])) if v != ""]
    hash_at = raw.find(" #")
    if hash_at != -1:
        raw = raw[:hash_at].rstrip()
    if raw in ("|", ">", "|-", ">-"):
        return ""  # a block scalar: the lines below are read as its text by the caller
    return raw


def _closing_quote(raw: str) -> int | None:
    i = 1
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw[i] == '"':
            return i
        i += 1
    return None


def _split_flow(inner: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    quote: str | None = None
    for ch in inner:
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            buf.append(ch)
        elif ch == ",":
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _parse_yamlish(block: str, name: str) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {}
    warnings: list[str] = []
    key: str | None = None
    block_lines: list[str] | None = None
    for number, line in enumerate(block.split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if key is not None and (item := _ITEM.match(line)) and line[:1] in (" ", "-", "\t"):
            value = _scalar(item.group(1) or "")
            current = data.get(key)
            if not isinstance(current, list):
                current = [] if current in ("", None) else [current]
            if value != "" and not isinstance(value, list):
                current.append(value)
            data[key] = current
            continue
        if key is not None and block_lines is not None and line[:1] in (" ", "\t"):
            block_lines.append(line.strip())
            data[key] = " ".join(block_lines)
            continue
        if match := _KEY.match(line):
            key = match.group(1).lower()
            raw = match.group(2) or ""
            data[key] = _scalar(raw)
            block_lines = [] if raw.strip() in ("", "|", ">", "|-", ">-") else None
            continue
        if line[:1] in (" ", "\t"):
            continue  # a nested mapping we do not read
        key = None
        block_lines = None
        warnings.append(f"{name}: front matter line {number} not understood; skipped")
    return data, warnings


def parse_front_matter(text: str, name: str = "<text>") -> tuple[dict[str, Any], str, list[str]]:
    """Split ``text`` into (front matter, body, warnings). Never raises.

    Without a front matter block the dict is empty and the body is the whole text.
    """
    first_break = text.find("\n")
    fence = text[:first_break].rstrip(" \t") if first_break != -1 else ""
    if fence not in ("---", "+++"):
        return {}, text, []
    end = close_end = -1
    for match in re.finditer(r"^(?:---|\.\.\.|\+\+\+)[ \t]*$", text[first_break + 1 :], re.M):
        if match.group(0).strip() in ((fence,) if fence == "+++" else ("---", "...")):
            end = first_break + 1 + match.start()
            close_end = first_break + 1 + match.end()
            break
    if end == -1:
        return {}, text, [f"{name}: front matter is not closed; read as text"]
    block = text[first_break + 1 : end]
    body = text[close_end:].lstrip("\n")
    if len(block) > _MAX_FRONT_MATTER:
        return {}, body, [f"{name}: front matter over {_MAX_FRONT_MATTER // 1024} KB; ignored"]
    if fence == "+++":
        try:
            data = tomllib.loads(block)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
            return {}, body, [f"{name}: front matter is not valid TOML ({exc}); ignored"]
        return {str(k).lower(): v for k, v in data.items()}, body, []
    data, warnings = _parse_yamlish(block, name)
    return data, body, warnings


def _known(front: dict[str, Any]) -> dict[str, Any]:
    known: dict[str, Any] = {}
    for key, value in front.items():
        name = _ALIASES.get(key.replace("-", "_"))
        if name and name not in known and value not in ("", None, []):
            known[name] = value
    return known


def _first_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(clean_line(v) for v in value if isinstance(v, (str, int, float)) and clean_line(v))
    if isinstance(value, dict):
        return clean_line(value.get("name", ""))
    return clean_line(value)


# -- the body -----------------------------------------------------------------------------

_MD = None


def _markdown():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": False})
    return _MD


def _inline_text(children, links: dict[str, None]) -> tuple[str, list[str]]:
    parts: list[str] = []
    images: list[str] = []
    for token in children or ():
        kind = token.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "link_open":
            link = web_link(token.attrGet("href"))
            if link:
                links.setdefault(link, None)
        elif kind == "image":
            alt = "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))
            images.append(alt)
    return "".join(parts), images


def _read_body(body: str) -> tuple[str | None, list[str], list[Caption], list[str]]:
    """(first-level-one heading, paragraphs, captions, links) from Markdown."""
    links: dict[str, None] = {}
    paragraphs: list[str] = []
    captions: list[Caption] = []
    heading: str | None = None
    tokens = _markdown().parse(body)
    level: str | None = None
    for token in tokens:
        if token.type == "heading_open":
            level = token.tag
        elif token.type == "inline":
            text, images = _inline_text(token.children, links)
            line = clean_line(text)
            if not line and images:
                captions.extend(Caption(c) for c in (clean_line(i) for i in images) if c)
            elif line:
                if level == "h1" and heading is None and not paragraphs:
                    heading = line
                else:
                    paragraphs.append(line)
            level = None
        elif token.type in ("fence", "code_block") or token.type == "html_block":
            line = clean_line(token.content)
            if line:
                paragraphs.append(line)
    for paragraph in paragraphs:
        for match in _BARE_URL.finditer(paragraph):
            link = web_link(match.group(0).rstrip(".,;:!?"))
            if link:
                links.setdefault(link, None)
    return heading, paragraphs, captions, list(links)


def _unread_front_matter(warnings: list[str], name: str) -> str | None:
    """Why a front matter block was not read (too large, not closed), from its warning."""
    for warning in warnings:
        for problem in ("front matter over", "front matter is not closed"):
            if warning.startswith(f"{name}: {problem}"):
                return warning[len(name) + 2 :].split(";")[0]
    return None


def parse_markdown(
    text: str, *, source: Path | None = None, content_hash: str | None = None
) -> tuple[Article, list[str]]:
    """Parse clean (decoded, sanitised) Markdown into an article; raises ``InputError`` if empty."""
    name = str(source) if source else "<text>"
    front, body, warnings = parse_front_matter(text, name)
    meta = _known(front)
    heading, paragraphs, captions, links = _read_body(body)
    title = _first_text(meta.get("title")) or heading
    if heading and title != heading:
        paragraphs.insert(0, heading)
    if not title:
        if len(paragraphs) < 2:
            unread = _unread_front_matter(warnings, name)
            if unread:  # the title was in it, most likely: say so, not "too little text"
                raise InputError(name, f"{unread}: no title read, and too little text for an article")
            raise NotAnArticle(name, "no title and too little text for an article")
        title = paragraphs.pop(0) if len(paragraphs[0]) <= 200 else (source.stem if source else paragraphs[0][:80])
    if not paragraphs and not captions and not meta:
        raise NotAnArticle(name, "no article text")
    url = web_link(_first_text(meta.get("url")))
    extra_links = meta.get("links") if isinstance(meta.get("links"), list) else []
    for link in reversed([web_link(v) for v in extra_links]):
        if link and link not in links:
            links.insert(0, link)
    outlet = _first_text(meta.get("outlet")) or None
    published = parse_date(meta.get("date") if not isinstance(meta.get("date"), list) else None)
    if meta.get("date") is not None and published is None:
        warnings.append(f"{name}: front matter date {clean_line(meta['date'])[:40]!r} not understood")
    byline = _first_text(meta.get("author")) or None
    section = _first_text(meta.get("section")) or None
    tags = split_tags(meta.get("tags"))
    return (
        Article(
            id=entry_id(url=url, guid=_first_text(meta.get("guid")) or None, outlet=outlet, title=title,
                        published=published),
            title=clean_line(title)[:500],
            source=source,
            url=url,
            section=section,
            outlet=outlet,
            byline=byline,
            published=published,
            captions=tuple(captions),
            paragraphs=tuple(paragraphs),
            links=tuple(links),
            tags=tags,
            content_hash=content_hash,
        ),
        warnings,
    )


# -- writing --------------------------------------------------------------------------------

_ESCAPE_ANY = re.compile(r"([\\`*_\[\]<>~]|&(?=#?[0-9A-Za-z]+;))")
_LINE_START = re.compile(r"^(\s*)([#>+=|-]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """``text`` as a Markdown paragraph that reads back as exactly ``text`` (one line, stripped)."""
    text = " ".join(text.split())
    text = _ESCAPE_ANY.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match:
        lead, mark = match.group(1), match.group(2)
        rest = text[match.end() :]
        mark = mark[:-1] + "\\" + mark[-1] if mark[-1] in ".)" else "\\" + mark
        text = lead + mark + rest
    return text


def _yaml_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def render_markdown(article: Article, extra: dict[str, str] | None = None) -> str:
    """The article as a Markdown file with front matter, which ``parse_markdown`` reads back."""
    front: list[tuple[str, Any]] = [("title", article.title)]
    if article.url:
        front.append(("url", article.url))
    if article.outlet:
        front.append(("outlet", article.outlet))
    if article.section:
        front.append(("section", article.section))
    if article.byline:
        front.append(("author", article.byline))
    if article.published:
        front.append(("date", article.published.isoformat()))
    if article.tags:
        front.append(("tags", list(article.tags)))
    if article.links:
        front.append(("links", list(article.links)))
    for key, value in (extra or {}).items():
        front.append((key, value))
    lines = ["---", *(f"{k}: {_yaml_value(v)}" for k, v in front), "---", ""]
    for caption in article.captions:
        text = caption.text + (f" ({caption.credit})" if caption.credit else "")
        lines += [f"![{escape_markdown(text)}]()", ""]
    for paragraph in article.paragraphs:
        escaped = escape_markdown(paragraph)
        if escaped:
            lines += [escaped, ""]
    return "\n".join(lines)
