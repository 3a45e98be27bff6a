"""The whole built-in analysis on hostile and pathological text: it ends, and its spans are sound."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.analysis.engine import get_engine
from newsreader.core.analysis.spans import ENTITY_LABELS, FIGURE_LABELS

ENGINE = get_engine()

# Generous: each case takes well under two seconds on a 2-core machine; backtracking would
# take minutes.
BUDGET_S = 20.0

PATHOLOGICAL = {
    "1 MB without spaces": "a" * 1_000_000,
    "1 MB of mixed symbols": "Aa1.,-'$%" * 111_112,
    "100k capitals": "A" * 100_000,
    "100k capitalised words": "Kim " * 100_000,
    "100k initials": "A. " * 100_000,
    "title-case run": "North Korea Said " * 33_000,
    "100k digits": "1" * 100_000,
    "digits and commas": "1," * 50_000,
    "digits and dots": "1." * 50_000,
    "spaced digits": "12 " * 50_000,
    "money signs": "$1 " * 50_000,
    "straight quotes": '"' * 100_000,
    "unclosed quote": '"' + "word " * 100_000,
    "curly quotes": "“a " * 50_000,
    "blank lines": "\n" * 200_000,
    "repeated dates": "March 27, " * 30_000,
    "hyphens": "-" * 200_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_ends_in_time(name):
    text = PATHOLOGICAL[name]
    started = time.process_time()
    spans = ENGINE.analyze(text, published=datetime(2025, 3, 27))
    elapsed = time.process_time() - started
    assert elapsed < BUDGET_S, f"{name}: {elapsed:.1f} s"
    assert_sound(text, spans)


def assert_sound(text, spans) -> None:
    """In range, text equal to the slice, sorted, and no overlaps within a kind."""
    assert [(s.start, s.end) for s in spans] == sorted((s.start, s.end) for s in spans)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == span.text
    for kind in (ENTITY_LABELS, FIGURE_LABELS, ("QUOTE",)):
        same = [s for s in spans if s.label in kind]
        for a, b in zip(same, same[1:]):
            assert a.end <= b.start, (a, b)
    # Entities and figures never overlap each other either: one highlight per character.
    marked = [s for s in spans if s.label != "QUOTE"]
    for a, b in zip(marked, marked[1:]):
        assert a.end <= b.start, (a, b)


NEWS_WORDS = st.sampled_from(
    ["Kim", "Jong", "Un", "Putin", "Donald", "Trump", "said", "the", "North", "Korea", "Seoul", "Ukrainian", "Russian", "Ministry", "of", "Defence", "NATO", "Inc.", "Mr.", "Dr.", "U.S.", "on", "Tuesday", "March", "27,", "2025", "last", "week", "1:52", "PM", "3,000", "nearly", "4,000", "two", "dozen", "$48.2", "million", "€5bn", "12%", "percent", "10", "km", "170-millimeter", "first", "2nd", "“", "”", '"', "'", ".", ",", ";", "—", "(", ")", "\n", "\n\n"]
)
NEWSY = st.lists(st.one_of(NEWS_WORDS, st.text(max_size=8)), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY, st.one_of(st.none(), st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1))))
def test_combined_spans_are_sound(text, published):
    assert_sound(text, ENGINE.analyze(text, published=published))
