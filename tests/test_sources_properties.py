"""Property tests: the front-matter, Markdown, feed and HTML-fragment readers never crash."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.errors import InputError
from newsreader.core.ingest.feeds import parse_feed
from newsreader.core.ingest.htmltext import html_to_text
from newsreader.core.ingest.markdown import escape_markdown, parse_front_matter, parse_markdown
from newsreader.core.sanitize import is_clean

FRONT_PIECES = st.sampled_from([
    "---", "+++", "...", "title: x", "title: 'a''b'", 'title: "a\\"b', "tags: [a, 'b, c', \"d\"]",
    "tags:", "  - one", "- two", "date: 2024-13-45", "date: Thu, 27 Mar 2025 13:52:00 +0000",
    "url: javascript:alert(1)", "author: !!python/object/apply:os.system ['x']", "key: |", "  block text",
    "nested:", "  a: b", "# comment", "title = \"toml\"", "[table]", "\x1b[2J", "\u202eevil", "",
])
TEXT_LINES = st.lists(st.one_of(FRONT_PIECES, st.text(max_size=60)), max_size=25)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT_LINES)
def test_front_matter_parser_never_raises(lines):
    front, body, warnings = parse_front_matter("\n".join(lines))
    assert isinstance(front, dict) and isinstance(body, str)
    assert all(isinstance(w, str) for w in warnings)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT_LINES, st.lists(st.sampled_from([
    "# Head", "Para with [link](https://x.example) and ![img](y.png)", "```", "> quote", "- item",
    "<div>html</div>", "&#x1b;[2J", "*emph* _u_", "1. one", "    code", "[bad](javascript:x)",
]), max_size=15))
def test_markdown_parser_gives_clean_articles_or_one_input_error(front, body):
    text = "\n".join(front + [""] + body)
    try:
        article, warnings = parse_markdown(text)
    except InputError:
        return
    for value in (article.title, *article.paragraphs, *article.links, *article.tags,
                  *(c.text for c in article.captions)):
        assert is_clean(value)
    assert all(link.startswith(("http://", "https://")) for link in article.links)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=200))
def test_markdown_escape_reads_back_as_the_same_text(text):
    from newsreader.core.ingest.fields import clean_line

    line = clean_line(text)
    if not line:
        return
    article, _ = parse_markdown(f"---\ntitle: t\n---\n\n{escape_markdown(line)}\n")
    assert article.paragraphs == (line,)


FEED_PIECES = st.sampled_from([
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>', "<rss version=\"2.0\">", "</rss>",
    "<channel>", "</channel>", "<title>T</title>", "<item>", "</item>", "<link>https://x.example/a</link>",
    "<link>javascript:alert(1)</link>", "<description>&lt;p&gt;Hi&lt;/p&gt;</description>",
    "<description><![CDATA[<script>x</script><p>t</p>]]></description>", "<pubDate>not a date</pubDate>",
    "<pubDate>Thu, 27 Mar 2025 13:52:00 +0000</pubDate>", '<feed xmlns="http://www.w3.org/2005/Atom">',
    "</feed>", "<entry>", "</entry>", '<link href="https://y.example/"/>', "<content type=\"html\">&lt;b&gt;",
    "</content>", "&amp;", "&bogus;", "<![CDATA[", "]]>", "<!DOCTYPE rss>", "\x1b[2J", "\u202e", "<", ">",
])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(FEED_PIECES, st.text(max_size=30)), min_size=1, max_size=30))
def test_feed_parser_never_raises_anything_but_input_error(pieces):
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    try:
        feed = parse_feed(data)
    except InputError:
        return
    for article in feed.articles:
        assert article.title and is_clean(article.title)
        assert all(is_clean(p) for p in article.paragraphs)
        assert all(link.startswith(("http://", "https://")) for link in article.links)
        assert article.url is None or article.url.startswith(("http://", "https://"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.dictionaries(
    st.sampled_from(["id", "url", "title", "content_html", "content_text", "summary", "date_published",
                     "authors", "author", "tags", "external_url"]),
    JSON_VALUES, max_size=8), max_size=5), JSON_VALUES)
def test_json_feed_parser_never_raises_anything_but_input_error(items, title):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    try:
        feed = parse_feed(json.dumps(doc).encode())
    except InputError:
        return
    assert all(is_clean(a.title) for a in feed.articles)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_html_fragments_never_raise(html):
    read = html_to_text(html, "https://base.example/")
    assert all(is_clean(p) for p in read.paragraphs)
