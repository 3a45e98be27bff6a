"""Inputs that used to crash or stall the analysis finish quickly (generous time budgets)."""

from __future__ import annotations

import time

import pytest

from newsreader.core.analysis.engine import get_engine
from newsreader.core.analysis.figures import find_figures
from newsreader.core.analysis.quotes import find_quotes
from newsreader.core.analysis.sentences import sentence_spans


@pytest.mark.parametrize("number", ["7^99999999", "10^999", "1.5^9999", "1e999", "1e999 point five",
                                    "5" + " trillion" * 40, "2^-99999999"])
def test_numbers_beyond_floats_neither_crash_nor_stall(number):
    started = time.process_time()
    spans = find_figures(f"It was {number} on Tuesday.")
    assert time.process_time() - started < 5
    assert any(s.label == "DATE" for s in spans)  # the rest of the sentence is still read


def test_a_huge_power_is_no_number():
    assert not [s for s in find_figures("a 7^99999999 b") if s.label == "NUMBER"]


PATHOLOGICAL = {
    "straight marks": '"' * 20_000,
    "curly marks": "“" * 10_000 + "”" * 10_000,
    "quotes on one line": '"x" ' * 10_000,
    "curly quotes on one line": "“a” " * 10_000,
    "quotes and verbs": '"x" said ' * 10_000,
    "quotes, names, he said": '“Yes,” Anna Berg said. He said “no” ' * 2_000,
    "quotes, names and verbs in one sentence": "“x” Anna Berg said " * 1_000,
    "sentences": "He said. " * 10_000,
    "initials": "A. " * 30_000,
    "full stops": "." * 50_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_many_quotes_and_full_stops_stay_fast(text):
    started = time.process_time()
    find_quotes(text)
    sentence_spans(text)
    get_engine().analyze(text[:25_000])
    assert time.process_time() - started < 20
