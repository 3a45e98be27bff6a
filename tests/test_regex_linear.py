"""Every pattern of the analysis and the readers stays linear on long runs of its own words.

A pattern whose parts overlap ("a" both a prefix and a glue word, "\\S+@\\S+") is tried
again from every character of a run it cannot match, and a 64 KB article took minutes.
Each module-level pattern is fed runs of the literal words it holds, and the whole
analysis runs of the words its tables hold; the budgets are CPU seconds, many times what
a linear scan needs and far below what a quadratic one took.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest

import newsreader.core.analysis as analysis_pkg
import newsreader.core.ingest as ingest_pkg
from newsreader.core.analysis.engine import get_engine
from newsreader.core.analysis.numbers import _GLUE_WORDS, _NUMBER_WORDS, _PREFIX_WORDS

# Patterns only ever run on a bounded window (a few dozen characters before or after a
# match), where a run of any length is cut short by the caller.
WINDOWED = {
    "newsreader.core.analysis.dates._PREVIOUS_WORD",
    "newsreader.core.analysis.dates._DATE_PREP",
    "newsreader.core.analysis.dates._FUTURE",
    "newsreader.core.analysis.dates._NAMED_DAY_BEFORE",
    "newsreader.core.analysis.entities._WORD_END",
    "newsreader.core.analysis.entities._THE_BEFORE",
    "newsreader.core.analysis.entities._POSSESSIVE_BEFORE",
    "newsreader.core.analysis.entities._OPEN_QUOTE",
    "newsreader.core.analysis.entities._AT_BEFORE",
    "newsreader.core.analysis.sentences._WORD_BEFORE",
    "newsreader.core.analysis.figures._CAPITALISED_BEFORE",
}
RUN = 3_000  # words in a run; a slow run is tried again at twice the length
SLOW = 0.05  # CPU seconds: a run faster than this is linear enough
LIMIT = 0.5  # CPU seconds at twice the length: slower, and growing faster than linearly, fails


def _modules(pkg):
    for info in pkgutil.iter_modules(pkg.__path__):
        yield importlib.import_module(f"{pkg.__name__}.{info.name}")


def _patterns():
    for pkg in (analysis_pkg, ingest_pkg):
        for module in _modules(pkg):
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    qualified = f"{module.__name__}.{name}"
                    if qualified not in WINDOWED:
                        yield pytest.param(value, id=qualified)


def _literals(pattern: re.Pattern) -> list[str]:
    """The runs of literal characters in ``pattern`` (its trigger words), plus one
    character of each class it names."""
    words: set[str] = set()

    def walk(parsed) -> None:
        run: list[str] = []
        for op, arg in parsed:
            if op is sre_parse.LITERAL:
                run.append(chr(arg))
                continue
            if run:
                words.add("".join(run))
                run = []
            if op is sre_parse.IN:
                for item_op, item in arg:
                    if item_op is sre_parse.LITERAL:
                        words.add(chr(item))
                    elif item_op is sre_parse.RANGE:
                        words.add(chr(item[0]))
            elif op is sre_parse.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
                walk(arg[2])
            elif op is sre_parse.SUBPATTERN:
                walk(arg[3])
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                walk(arg[1])
            elif op is sre_parse.ATOMIC_GROUP:
                walk(arg)
        if run:
            words.add("".join(run))

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    return sorted(w for w in words if w.strip())[:60]


def _runs(word: str, count: int):
    """Runs of ``count`` words, and of at least ``6 * count`` characters."""
    for sep in (" ", "", "-", ", "):
        yield (word + sep) * max(count, 6 * count // len(word + sep))
    yield (word.capitalize() + " ") * count


def _cpu(pattern: re.Pattern, text: str) -> float:
    started = time.process_time()
    for _ in pattern.finditer(text):
        pass
    return time.process_time() - started


@pytest.mark.parametrize("pattern", list(_patterns()))
def test_each_pattern_is_linear_on_runs_of_its_words(pattern):
    for word in _literals(pattern):
        for short, long in zip(_runs(word, RUN), _runs(word, 2 * RUN), strict=True):
            once = _cpu(pattern, short)
            if once < SLOW:
                continue
            twice = _cpu(pattern, long)
            assert twice < LIMIT or twice < 3 * once, (
                f"{pattern.pattern[:60]!r} on runs of {word!r}: {once:.2f} then {twice:.2f} CPU s")


def test_the_literal_words_are_found():
    assert "out of" in _literals(re.compile(r"(?:a|out of)\b\s+\d"))
    assert "@" in _literals(re.compile(r"^\S+@\S+$"))


VOCABULARY = sorted({*_PREFIX_WORDS, *_GLUE_WORDS, *_NUMBER_WORDS[:12], "half", "a half",
                     "january", "may", "monday", "last", "the", "of", "said", "mr.", "a.",
                     "one-third", "2", "1.5", "5%", "$5", "@", "“a”", "the the"})


@pytest.mark.parametrize("word", VOCABULARY)
def test_analysis_is_linear_on_runs_of_its_words(word):
    engine = get_engine()
    started = time.process_time()
    for text in (" ".join([word] * 16_000), " ".join([word.capitalize()] * 16_000)):
        engine.analyze(text)
    spent = time.process_time() - started
    assert spent < 8, f"runs of {word!r}: {spent:.1f} CPU s"
