"""Fuzzing with hypothesis: the sanitiser, every article reader through the loader, the feed
reader, the analyser and the state-file loader, fed hostile pieces mixed with arbitrary text
and bytes. Each either gives clean output or one ``InputError``/``StateError``; nothing else.

The number of examples comes from the hypothesis profile (see conftest.py): short in the normal
run, long with ``HYPOTHESIS_PROFILE=long``.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hostile import LINKS, PAYLOADS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.analysis.document import analyze_article
from newsreader.core.analysis.engine import get_engine
from newsreader.core.errors import InputError
from newsreader.core.ingest.feeds import parse_feed
from newsreader.core.ingest.loader import load_articles
from newsreader.core.sanitize import is_clean, sanitize, visible
from newsreader.core.state import StateStore
from newsreader.core.state.errors import StateCorrupt, StateError
from newsreader.core.state.export import export_text
from newsreader.core.state.storage import parse_state

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
RELAXED = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], deadline=None)


def share(weight: float) -> settings:
    """``RELAXED`` with ``weight`` times the profile's number of examples (slow targets get fewer)."""
    return settings(RELAXED, max_examples=max(10, int(settings.default.max_examples * weight)))

WORK = Path(tempfile.mkdtemp(prefix="newsreader-fuzz-"))  # hypothesis reruns bodies: no function fixtures

HOSTILE_TEXT = st.sampled_from(list(PAYLOADS.values()) + list(LINKS) + [
    "\x1b", "\x1b[", "\x1b]", "\x9b", "\x9d", "\x07", "\x1b\\", "\r\n", "\r", "\u202e", "\ufeff", "\u0301",
    "[", "]", "[/", "@click=", "&#x1b;", "&#27;", "&#x202e;", "&#0;", "&#xd800;", "&#99999999;",
])
PROSE = st.sampled_from([
    "Fishing crews in Port Calder said on Tuesday that 3,000 jobs were at risk.",
    "“We will not go back,” Anna Berg said. She said fees rose 12 percent to $1,200.",
    "By Jane Doe", "March 27, 2025", "Headline – The Outlet", "Share this post!", "Advertisement",
    "The minister, Kim Jong Un, met Vladimir Putin in Moscow on 3 March 2024.",
])
TEXT = st.lists(st.one_of(HOSTILE_TEXT, PROSE, st.text(max_size=40)), max_size=30).map("".join)
LINES = st.lists(st.one_of(HOSTILE_TEXT, PROSE, st.text(max_size=60)), max_size=30).map("\n".join)


def clean_article(article) -> None:
    data = article.to_json()
    data.pop("source")
    for value in _strings(data):
        assert is_clean(value) and not UNSAFE.search(value), repr(value[:80])
    assert article.url is None or article.url.startswith(("http://", "https://"))
    assert all(link.startswith(("http://", "https://")) for link in article.links)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# -- the sanitiser ----------------------------------------------------------------------------


@share(1)
@given(TEXT)
def test_fuzz_sanitiser(text):
    out = sanitize(text)
    assert not UNSAFE.search(out.replace("\n", "").replace("\t", ""))
    assert sanitize(out) == out and is_clean(out)
    shown = visible(text)
    assert not UNSAFE.search(shown) and "\n" not in shown
    assert visible(out.replace("\n", "").replace("\t", "")) == out.replace("\n", "").replace("\t", "")


# -- every reader, through the loader ------------------------------------------------------------

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".xml", ".rss", ".atom", ".json"])
STARTS = st.sampled_from([
    "", "---\ntitle: T\ntags: [a, b]\nurl: https://x.example/a\n---\n", "+++\ntitle = \"T\"\n+++\n",
    "<!DOCTYPE html><html><head><title>T</title></head><body><article>", '<?xml version="1.0"?><rss version="2.0">'
    "<channel><title>T</title><item><title>I</title><description>", '{"version": "https://jsonfeed.org/version/1.1",'
    ' "items": [{"id": "1", "title": "', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>',
])


@share(0.5)
@given(SUFFIXES, STARTS, LINES, st.binary(max_size=64))
def test_fuzz_loader_every_kind(suffix, start, lines, tail):
    path = WORK / f"article{suffix}"
    path.write_bytes(start.encode() + lines.encode("utf-8", "surrogatepass") + tail)
    try:
        articles, warnings = load_articles(path)
    except InputError as exc:
        assert "\n" not in str(exc) and not UNSAFE.search(str(exc))
        return
    for article in articles:
        clean_article(article)
    assert all("\n" not in w and not UNSAFE.search(w) for w in warnings)


XML_PIECES = st.sampled_from([
    '<?xml version="1.0"?>', '<!DOCTYPE rss [<!ENTITY a "aaaa">]>', '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/x.dtd">',
    '<!ENTITY % p SYSTEM "file:///etc/passwd">', "&a;", "%p;", "<rss version=\"2.0\">", "<channel>", "<item>",
    "</item>", "<title>", "</title>", "<link>", "</link>", "<description>", "</description>", "<![CDATA[", "]]>",
    '<feed xmlns="http://www.w3.org/2005/Atom">', "<entry>", "</entry>", '<content type="html">', "</content>",
    '<link href="javascript:alert(1)"/>', "&lt;p&gt;", "&lt;a href='file:///etc/passwd'&gt;x&lt;/a&gt;", "&#x1b;",
])


@share(1)
@given(st.lists(st.one_of(XML_PIECES, HOSTILE_TEXT, st.text(max_size=20)), min_size=1, max_size=40))
def test_fuzz_xml_feeds(pieces):
    try:
        feed = parse_feed("".join(pieces).encode("utf-8", "surrogatepass"))
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for article in feed.articles:
        clean_article(article)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.one_of(HOSTILE_TEXT, st.text(max_size=20)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["id", "url", "title", "content_html", "content_text", "summary", "date_published", "authors", "name",
         "tags", "external_url", "author", "items"]), inner, max_size=6),
    max_leaves=30,
)


@share(1)
@given(st.lists(JSON_VALUES, max_size=6), JSON_VALUES)
def test_fuzz_json_feeds(items, title):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    try:
        feed = parse_feed(json.dumps(doc).encode())
    except InputError:
        return
    for article in feed.articles:
        clean_article(article)


# -- the analyser -------------------------------------------------------------------------------

ENGINE = get_engine("builtin")


@share(0.5)
@given(TEXT)
def test_fuzz_analyser(text):
    text = sanitize(text)  # the analyser is given clean text
    spans = ENGINE.analyze(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text), span
        assert text[span.start : span.end] == span.text, span
        json.dumps(span.to_json())


@share(0.5)
@given(LINES)
def test_fuzz_parse_then_analyse(lines):
    path = WORK / "analyse.txt"
    path.write_text(lines, encoding="utf-8", errors="surrogatepass")
    try:
        (article,), _ = load_articles(path)
    except InputError:
        return
    analysed = analyze_article(article, ENGINE)
    for span in analysed.spans:
        assert analysed.text[span.start : span.end] == span.text


# -- the state file -----------------------------------------------------------------------------


@share(1)
@given(st.one_of(st.binary(max_size=300), LINES.map(lambda s: s.encode("utf-8", "surrogatepass")),
                 JSON_VALUES.map(lambda v: json.dumps(v).encode())))
def test_fuzz_state_bytes(raw):
    try:
        data = parse_state(raw, "state.json")
    except StateCorrupt as exc:
        assert ("\n" not in str(exc) and exc.line is None) or exc.line >= 1
        return
    assert isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())


RECORD = st.dictionaries(
    st.sampled_from(["article", "text", "created", "updated", "exact", "prefix", "suffix", "start", "end", "note",
                     "tags", "read", "starred", "title", "url", "x"]),
    JSON_VALUES, max_size=8)
TABLE = st.dictionaries(st.one_of(st.sampled_from(["a", "n1", "h1", "feedfeedfeedfeed"]), st.text(max_size=10)),
                        RECORD, max_size=4)


@share(0.25)
@given(st.dictionaries(st.sampled_from(["articles", "notes", "annotations", "meta", "other"]), TABLE, max_size=4),
       st.sampled_from([1, 2, 3, None, "2"]))
def test_fuzz_state_documents_open_or_fail_clearly(tables, version):
    doc = dict(tables)
    doc["meta"] = {"schema": {"version": version}}
    path = WORK / "state" / "state.json"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(json.dumps(doc).encode())
    try:
        store = StateStore.open(path, role="reader")
    except StateError as exc:
        assert "\n" not in str(exc)
        return
    try:
        assert all("\n" not in p for p in store.problems)
        snapshot = store.snapshot()
        for fmt in ("markdown", "json"):
            out = export_text(snapshot, fmt)
            assert not UNSAFE.search(out.replace("\n", "").replace("\t", ""))
        for note in store.all_notes():
            assert is_clean(note.text)
    finally:
        store.close()
