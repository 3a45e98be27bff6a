"""OPML import and export of subscriptions, as newsboat, Miniflux, FreshRSS and others use it.

Export writes OPML 2.0: one ``<outline type="rss">`` per feed with ``text``, ``title`` and
``xmlUrl`` (what newsboat reads) and the feed's tags in ``category`` ("/tag1,/tag2").
Import reads any outline with an ``xmlUrl``, at any depth: the titles of the folders it
sits in, and its ``category``, become tags. Addresses that are not http(s) (newsboat's
``exec:``, ``filter:`` and ``query:`` feeds) are skipped with a warning. The file is parsed
with defusedxml: entity declarations are refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime

from newsreader.core.errors import InputError
from newsreader.core.feeds.fetch import check_url
from newsreader.core.feeds.subscriptions import Subscription, feed_key
from newsreader.core.ingest.fields import clean_line, split_tags

__all__ = ["export_opml", "import_opml"]

MAX_OPML_BYTES = 10 * 1024 * 1024


def export_opml(subs: Sequence[Subscription], *, title: str = "newsreader subscriptions") -> str:
    """The subscriptions as an OPML 2.0 document (a string ending in a newline)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    for sub in subs:
        attrs = {"type": "rss", "text": sub.title or sub.url, "xmlUrl": sub.url}
        if sub.title:
            attrs["title"] = sub.title
        if sub.tags:
            attrs["category"] = ",".join("/" + t.replace(",", " ") for t in sub.tags)
        if sub.full_text:
            attrs["newsreaderFullText"] = "true"
        ET.SubElement(body, "outline", attrs)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def import_opml(data: bytes, name: str = "<opml>") -> tuple[list[Subscription], list[str]]:
    """The feeds in an OPML document, and a warning for each outline skipped."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(data) > MAX_OPML_BYTES:
        raise InputError(name, "OPML file over the 10 MB limit")
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(name, "refused: the document declares XML entities") from None
    except ET.ParseError as exc:
        raise InputError(name, f"not well-formed XML ({exc})") from None
    if _local(root.tag) != "opml":
        raise InputError(name, "not an OPML document (no <opml> root)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise InputError(name, "OPML without a <body>")
    subs: list[Subscription] = []
    warnings: list[str] = []

    seen: set[tuple[str, str]] = set()
    # Depth first, in document order, without recursion: a file may nest thousands deep. The
    # folder titles above the current outline are one list, each level keeping its length.
    folders: list[str] = []
    stack = [(iter(body), 0)]
    while stack:
        children, depth = stack[-1]
        del folders[depth:]
        outline = next(children, None)
        if outline is None:
            stack.pop()
            continue
        if _local(outline.tag) != "outline":
            continue
        attrs = {_local(k).lower(): v for k, v in outline.attrib.items()}
        label = clean_line(attrs.get("title") or attrs.get("text") or "")
        url = (attrs.get("xmlurl") or "").strip()
        if not url:
            if label:
                folders.append(label)
            stack.append((iter(outline), len(folders)))
            continue
        try:
            url = check_url(url)
        except InputError as exc:
            warnings.append(f"{name}: {exc.path}: skipped ({exc.problem})")
            continue
        key = feed_key(url)
        if key in seen:
            continue
        seen.add(key)
        category = [c for c in (attrs.get("category") or "").split(",")]
        tags = split_tags(folders + category)
        full = (attrs.get("newsreaderfulltext") or "").lower() == "true"
        subs.append(Subscription(url, label or None if label != url else None, tags, full))
        stack.append((iter(outline), len(folders)))

    return subs, warnings


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
