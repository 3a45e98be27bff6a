"""Figures: numbers, quantities, money, percentages, dates, times and ordinals."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.analysis.figures import find_figures
from newsreader.core.analysis.numbers import NUMERAL_PHRASE, parse_numerals

PUBLISHED = datetime(2025, 3, 27, 13, 52)  # a Thursday


def figures(text: str, published: datetime | None = PUBLISHED) -> list[tuple[str, str, object]]:
    return [(s.text, s.label, s.value) for s in find_figures(text, published)]


def only(text: str, published: datetime | None = PUBLISHED) -> tuple[str, str, object]:
    found = figures(text, published)
    assert len(found) == 1, found
    return found[0]


# --- numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("sent 3,000 troops", "3,000", 3000),
        ("about 11,000 soldiers", "11,000", 11000),
        ("two dozen people", "two dozen", 24),
        ("one hundred and sixty-one", "one hundred and sixty-one", 161),
        ("twenty-one trillion three hundred", "twenty-one trillion three hundred", 21_000_000_000_300),
        ("1.5 million people", "1.5 million", 1_500_000),
        ("Twenty-six people died", "Twenty-six", 26),
        ("two thirds of voters", "two thirds", pytest.approx(2 / 3)),
        ("one and a half", "one and a half", 1.5),
        ("half a dozen eggs", "half a dozen", 6),
        ("a population of 1 414 021 100", "1 414 021 100", 1_414_021_100),
        ("a 10k run", "10k", 10_000),
        ("-9.25 below", "-9.25", -9.25),
    ],
)
def test_numbers(text: str, span: str, value) -> None:
    assert (span, "NUMBER", value) in figures(text)


def test_approximation_stays_outside_the_number() -> None:
    assert only("nearly 4,000 soldiers") == ("4,000", "NUMBER", 4000)


def test_separate_numbers_stay_separate() -> None:
    assert [f[0] for f in figures("423 0000 will be two numbers")] == ["423", "0000", "two"]
    assert [f[0] for f in figures("4000 3 hundred and 21")] == ["4000", "3 hundred and 21"]


@pytest.mark.parametrize(
    "text",
    [
        "The one you mentioned is invalid",
        "Which one do you prefer?",
        "they helped one another",
        "on the Xbox One console",
        "the COVID-19 pandemic",
        "an F-16 jet",
        "version 1.2.3 is out",
        "ping 192.168.1.2 now",
        "call 555-123-4567 today".replace(" today", ""),
        "see https://example.com/2024/05/story-123 for more",
        "1m isn't a number.",
    ],
)
def test_traps_are_not_numbers(text: str) -> None:
    assert [f for f in figures(text) if f[1] == "NUMBER"] == []


def test_parse_numerals_splits_phrases() -> None:
    phrase = NUMERAL_PHRASE.match("3 hundred and 2.12 hundred").group(0)
    assert [n.value for n in parse_numerals(phrase)] == [300, 212]


# --- quantities, money, percentages ----------------------------------------


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("220 units of 170-millimeter howitzers", "170-millimeter", {"value": 170, "unit": "mm"}),
        ("ran 10 km today", "10 km", {"value": 10, "unit": "km"}),
        ("5 tonnes of grain", "5 tonnes", {"value": 5, "unit": "t"}),
        ("a 2.4-metre wall", "2.4-metre", {"value": 2.4, "unit": "m"}),
        ("a range of 4km", "4km", {"value": 4, "unit": "km"}),
        ("18,000 square kilometers", "18,000 square kilometers", {"value": 18000, "unit": "km2"}),
    ],
)
def test_quantities(text: str, span: str, value) -> None:
    assert (span, "QUANTITY", value) in figures(text)


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("raised $48.2 million", "$48.2 million", {"value": 48_200_000, "currency": "USD"}),
        ("a €5bn fund", "€5bn", {"value": 5_000_000_000, "currency": "EUR"}),
        ("cost £2.7m", "£2.7m", {"value": 2_700_000, "currency": "GBP"}),
        ("US$ 1MM target", "US$ 1MM", {"value": 1_000_000, "currency": "USD"}),
        ("300 ANG", "300 ANG", {"value": 300, "currency": "ANG"}),
        ("5 million yen", "5 million yen", {"value": 5_000_000, "currency": "JPY"}),
    ],
)
def test_money(text: str, span: str, value) -> None:
    assert (span, "MONEY", value) in figures(text)


def test_currency_codes_need_capitals() -> None:
    assert ("one", "NUMBER", 1) in figures("Let's try one last time")


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("up 40%", "40%", 40),
        ("12.5 per cent", "12.5 per cent", 12.5),
        ("five percent", "five percent", 5),
        ("3 percentage points", "3 percentage points", 3),
        ("per cent of twenty-two", "per cent of twenty-two", 22),
    ],
)
def test_percentages(text: str, span: str, value) -> None:
    assert only(text) == (span, "PERCENT", value)


def test_percent_signs_in_urls_are_ignored() -> None:
    assert figures("go to https://www.test.com/search?q=30%25%2020%") == []


# --- dates and times ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("on March 27, 2025,", "March 27, 2025", "2025-03-27"),
        ("on 14 February 2023", "14 February 2023", "2023-02-14"),
        ("in January", "January", "2025-01"),
        ("last December", "last December", "2024-12"),
        ("by 2031", "2031", "2031"),
        ("in the 1990s", "the 1990s", "199X"),
        ("on Monday, Dec. 26", "Monday, Dec. 26", "2024-12-26"),
        ("October 25-26, 2016", "October 25-26, 2016", "2016-10-25/2016-10-26"),
        ("on 2015-08-12", "2015-08-12", "2015-08-12"),
        ("Q1 2025 results", "Q1 2025", "2025-Q1"),
        ("fiscal 2024", "fiscal 2024", "2024"),
        ("between 2010-2015", "2010-2015", "2010/2015"),
    ],
)
def test_absolute_dates(text: str, span: str, value) -> None:
    assert only(text) == (span, "DATE", value)


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("said on Tuesday", "Tuesday", "2025-03-25"),
        ("this Thursday", "Thursday", "2025-03-27"),
        ("said Thursday", "Thursday", "2025-03-27"),
        ("last Thursday", "last Thursday", "2025-03-20"),
        ("next Tuesday", "next Tuesday", "2025-04-01"),
        ("talks will resume on Monday", "Monday", "2025-03-31"),
        ("today", "today", "2025-03-27"),
        ("the day before yesterday", "the day before yesterday", "2025-03-25"),
        ("last week", "last week", "2025-W12"),
        ("this month", "this month", "2025-03"),
        ("next year", "next year", "2026"),
        ("two weeks ago", "two weeks ago", "2025-03-13"),
        ("three months ago", "three months ago", "2024-12"),
        ("in 3 weeks", "in 3 weeks", "2025-04-17"),
    ],
)
def test_relative_dates(text: str, span: str, value) -> None:
    assert only(text) == (span, "DATE", value)


def test_relative_dates_without_publication_have_no_value() -> None:
    assert only("said on Tuesday", None) == ("Tuesday", "DATE", None)
    assert only("in January", None) == ("January", "DATE", None)
    assert only("on March 27, 2025,", None) == ("March 27, 2025", "DATE", "2025-03-27")


@pytest.mark.parametrize(
    "text, span, label, value",
    [
        ("two weeks", "two weeks", "DATE", "P2W"),
        ("the past 24 hours", "the past 24 hours", "TIME", "PT24H"),
        ("at 1:52 PM", "1:52 PM", "TIME", "13:52"),
        ("at 6:05 a.m. local", "6:05 a.m.", "TIME", "06:05"),
        ("at 10am", "10am", "TIME", "10:00"),
        ("at noon", "noon", "TIME", "12:00"),
        ("at 13:52 GMT", "13:52 GMT", "TIME", "13:52"),
    ],
)
def test_times_and_durations(text: str, span: str, label: str, value) -> None:
    assert only(text) == (span, label, value)


@pytest.mark.parametrize(
    "text, label",
    [
        ("in 2025", "DATE"),
        ("the 2024 election", "DATE"),
        ("2000 troops", "NUMBER"),
        ("about 2000 people", "NUMBER"),
    ],
)
def test_years_versus_counts(text: str, label: str) -> None:
    assert only(text)[1] == label


@pytest.mark.parametrize("text", ["May I ask?", "they may 2 or 3", "Black Friday sales", "the march began"])
def test_words_that_are_not_dates(text: str) -> None:
    assert [f for f in figures(text) if f[1] == "DATE"] == []


# --- ordinals ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, value",
    [("the third time", "third", 3), ("the 21st round", "21st", 21), ("twenty-first", "twenty-first", 21)],
)
def test_ordinals(text: str, span: str, value: int) -> None:
    assert only(text) == (span, "ORDINAL", value)


def test_a_second_is_time_not_an_ordinal() -> None:
    assert figures("wait a second") == []


# --- the seed article --------------------------------------------------------


def test_seed_article_figures(seed_gold: dict) -> None:
    from newsreader.core.ingest.loader import load_file

    article, _ = load_file(SEED)
    spans = find_figures(article.body, article.published)
    found = {(s.text, s.label) for s in spans}
    for text, label in seed_gold["figures_in_body_must"]:
        assert (text, label) in found
    values = {s.text: s.value for s in spans}
    assert values["Tuesday"] == "2025-03-25"
    assert values["Thursday"] == "2025-03-27"
    assert values["170-millimeter"] == {"value": 170, "unit": "mm"}


# --- properties and pathological input ---------------------------------------

_NEWSY = st.lists(
    st.sampled_from(list("0123456789 ,.-:/%$€£'()aAmpMtThnd\n") + ["May ", "March ", "the ",
                    "million ", "one ", "two ", "percent ", "km ", "Tuesday ", "last ", "ago "]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_NEWSY, st.text(max_size=60)))
def test_spans_are_well_formed(text: str) -> None:
    spans = find_figures(text, PUBLISHED)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        assert span.text == text[span.start : span.end]
        previous_end = span.end


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "A" * 100_000,
        "7" * 100_000,
        "1," * 50_000,
        "1,234" * 20_000,
        "1 " * 50_000,
        "one " * 25_000,
        "- " * 50_000,
        "May " * 25_000,
        " " * 100_000 + "5",
        "İ" * 10_000 + " 5 km",
    ],
    ids=["1MB-letters", "capitals", "digits", "commas-digits", "groups", "spaced-digits",
         "number-words", "dashes", "months", "spaces", "dotted-capital-i"],
)
def test_pathological_input_is_fast(text: str) -> None:
    started = time.process_time()
    spans = find_figures(text, PUBLISHED)
    assert time.process_time() - started < 5.0  # CPU seconds: a waiting CI machine does not count
    assert all(s.text == text[s.start : s.end] for s in spans)
