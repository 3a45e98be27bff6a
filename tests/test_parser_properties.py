"""Property tests: the parser never raises on arbitrary text, and never emits control codes."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.errors import InputError
from newsreader.core.ingest.scraped import parse_scraped
from newsreader.core.ingest.textfile import decode_text

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Lines that look like pieces of a scraped page, mixed with arbitrary text.
PIECES = st.sampled_from([
    "News", "Headline – Outlet", "Title | Site", "By Jane Doe", "OAN Staff James Meyers",
    "1:52 PM – Thursday, March 27, 2025", "Updated : 19 November 2019, 09:01 AM",
    "2024-11-05T08:30:00Z", "TOPSHOT - A crowd (Photo by A B / AFP)", "Advertisement",
    "Share this post!", "Source link", "Leave a Reply", "\x1b]52;c;SGVsbG8=\x07", "\x1b[2J",
    "[@click=app.quit]Read[/]", "\u202eevil", "https://example.test/x",
    "The minister said on Tuesday that 3,000 troops had been sent to the region overnight.",
])
LINES = st.lists(st.one_of(PIECES, st.text(max_size=120)), min_size=1, max_size=40)


def all_strings(article) -> list[str]:
    data = article.to_json()
    out = [v for v in data.values() if isinstance(v, str)]
    out += data["paragraphs"] + data["links"] + data["removed"]
    out += [c["text"] for c in data["captions"]] + [c["credit"] or "" for c in data["captions"]]
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_parse_of_decoded_text_never_raises_and_is_clean(lines):
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        text, _, _ = decode_text(raw)
        article = parse_scraped(text)
    except InputError:
        return
    for value in all_strings(article):
        assert not UNSAFE.search(value), repr(value)


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_either_parse_or_fail_cleanly(data):
    try:
        text, _, _ = decode_text(data)
        article = parse_scraped(text)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for value in all_strings(article):
        assert not UNSAFE.search(value)


@settings(max_examples=300)
@given(st.text())
def test_parse_scraped_never_raises_on_arbitrary_text(text):
    try:
        article = parse_scraped(text)
    except InputError:
        assert not text.strip()
        return
    assert article.title
    assert len(article.id) == 16
