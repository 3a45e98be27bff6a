from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.analysis.quotes import find_quotes
from newsreader.core.analysis.spans import Span


def person(text: str, name: str, canonical: str | None = None) -> Span:
    start = text.index(name)
    return Span(start, start + len(name), "PERSON", name, canonical=canonical or name)


def test_curly_quote_with_named_speaker_after():
    text = "“There is no danger to Earth whatsoever,” Helena Strand said on Monday."
    (quote,) = find_quotes(text, [person(text, "Helena Strand")])
    assert quote.text == "There is no danger to Earth whatsoever,"
    assert text[quote.start:quote.end] == quote.text
    assert quote.speaker == "Helena Strand"


def test_straight_quote_with_speaker_before_uses_canonical_name():
    text = 'Trump told reporters "it could be that they are dragging their feet" on Tuesday.'
    (quote,) = find_quotes(text, [person(text, "Trump", "Donald Trump")])
    assert quote.text == "it could be that they are dragging their feet"
    assert quote.speaker == "Donald Trump"


def test_pronoun_attribution_falls_back_to_the_last_person():
    text = "Anwen Rhys-Carrow runs the observatory.\n\n“We are a tiny team,” she said."
    (quote,) = find_quotes(text, [person(text, "Anwen Rhys-Carrow")])
    assert quote.speaker == "Anwen Rhys-Carrow"


def test_scare_quotes_without_a_speech_verb_have_no_speaker():
    text = "Officials described a “significant amount” of missiles, Jane Roe wrote nothing."
    quotes = find_quotes(text, [])
    assert [q.text for q in quotes] == ["significant amount"]
    assert quotes[0].speaker is None


def test_no_quote_across_a_blank_line_or_without_letters():
    assert find_quotes("“open\n\nclose”") == []
    assert find_quotes('He is 6" tall and the box is 4" wide.') == []
    assert find_quotes("“12,000”") == []


@given(st.text(alphabet=st.sampled_from(list('ab "“”\n.,')), max_size=200))
def test_quote_spans_are_in_range_and_disjoint(text):
    quotes = find_quotes(text)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
    for a, b in zip(quotes, quotes[1:]):
        assert a.end <= b.start
