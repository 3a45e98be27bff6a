"""Annotation anchors: made like a W3C TextQuoteSelector, found again after the text changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.state.anchors import CONTEXT, Quote, attach, quote_at

TEXT = (
    "The council met on Tuesday. The vote was close.\n\n"
    "Residents said the “best” plan was the cheapest one. The vote was close, again, on Friday.\n\n"
    "Workers walked out at dawn after talks collapsed."
)


def test_quote_keeps_context_and_offsets():
    start = TEXT.index("Workers")
    q = quote_at(TEXT, start, start + 18)
    assert q.exact == "Workers walked out"
    assert q.prefix == TEXT[start - CONTEXT : start]
    assert q.suffix == TEXT[start + 18 : start + 18 + CONTEXT]
    assert (q.start, q.end) == (start, start + 18)
    with pytest.raises(ValueError):
        quote_at(TEXT, 5, 5)
    with pytest.raises(ValueError):
        quote_at(TEXT, 47, 49)  # only white space


def test_unchanged_text_uses_the_position():
    q = quote_at(TEXT, 4, 11)
    assert attach(TEXT, q).how == "position"


def test_moved_text_is_found_by_its_quote():
    start = TEXT.index("Workers")
    q = quote_at(TEXT, start, start + 18)
    new = "A photo caption moved up.\n\n" + TEXT
    anchor = attach(new, q)
    assert anchor.how == "quote" and new[anchor.start : anchor.end] == "Workers walked out"


def test_repeated_quote_is_told_apart_by_context():
    second = TEXT.index("The vote was close", 60)
    q = quote_at(TEXT, second, second + len("The vote was close"))
    new = "Intro added by a better parser. " + TEXT
    anchor = attach(new, q)
    assert anchor.start == second + len("Intro added by a better parser. ")
    # Without usable context the occurrence nearest the old offset wins.
    bare = Quote(q.exact, "", "", second, q.end)
    assert attach(new, bare).start == anchor.start


def test_typography_and_white_space_changes_are_normalised():
    start = TEXT.index("the “best”")
    q = quote_at(TEXT, start, start + len("the “best” plan"))
    new = TEXT.replace("“best”", '"best"').replace("the \"best\" plan", "the  \"best\"\nplan")
    anchor = attach(new, q)
    assert anchor.how == "normalised"
    assert new[anchor.start : anchor.end] == 'the  "best"\nplan'


def test_small_edit_inside_the_quote_is_found_fuzzily():
    old = TEXT.replace("Workers walked out", "Workers walkd out")
    start = old.index("Workers")
    q = quote_at(old, start, start + len("Workers walkd out at dawn"))
    anchor = attach(TEXT, q)
    assert anchor.how == "fuzzy"
    assert TEXT[anchor.start : anchor.end] == "Workers walked out at dawn"


def test_removed_text_is_orphaned():
    start = TEXT.index("Workers")
    q = quote_at(TEXT, start, start + 18)
    assert attach(TEXT[:start], q) is None
    assert attach("", q) is None


words = st.text(alphabet="abc xyz.,\n", min_size=0, max_size=60)


def _occurrences(text: str, sub: str) -> int:
    return sum(1 for i in range(len(text) - len(sub) + 1) if text.startswith(sub, i))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="abcdefg .\n", min_size=1, max_size=200), data=st.data(), before=words, after=words)
def test_inserting_text_outside_the_quote_never_loses_it(text, data, before, after):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    q = quote_at(text, start, end)
    new = before + text[:start] + text[start:end] + text[end:] + after
    anchor = attach(new, q)
    assert anchor is not None
    assert new[anchor.start : anchor.end] == q.exact
    if _occurrences(new, q.exact) == 1:  # overlapping ones count: 'aa' is twice in 'aaa'
        assert anchor.start == start + len(before)


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=120), data=st.data())
def test_any_unicode_anchors_in_place(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    q = quote_at(text, start, end)
    anchor = attach(text, q)
    assert (anchor.start, anchor.end, anchor.how) == (start, end, "position")
    shifted = attach("\u00a0" + text, q)
    assert shifted is not None and ("\u00a0" + text)[shifted.start : shifted.end] == q.exact
