"""The query language: parsing, errors with their column, and SQL that always runs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.catalog import Catalog, QueryError, parse_query
from newsreader.core.catalog.compile import compile_query


def ts(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


def test_words_phrases_and_negation():
    q = parse_query('harbour "pay offer" -strike -"bad news"')
    assert [(t.text, t.words, t.negated, t.phrase) for t in q.terms] == [
        ("harbour", ("harbour",), False, False),
        ("pay offer", ("pay", "offer"), False, True),
        ("strike", ("strike",), True, False),
        ("bad news", ("bad", "news"), True, True),
    ]
    assert q.marks == ("harbour", "pay offer")
    assert q.ranked


def test_filters_are_normalised():
    q = parse_query('Tag:#Labour source:"Meridian  Wire" author:RUIZ person:"Ana  Ruiz" org:x place:y entity:z')
    assert [(f.key, f.value, f.label) for f in q.filters] == [
        ("tag", "labour", None),
        ("source", "meridian wire", None),
        ("author", "ruiz", None),
        ("person", "ana ruiz", "PERSON"),
        ("org", "x", "ORG"),
        ("place", "y", "PLACE"),
        ("entity", "z", None),
    ]
    assert not q.terms and not q.ranked and q.needs_entities


def test_is_has_and_negated_filters():
    q = parse_query("is:unread IS:Starred has:notes -is:read -tag:done")
    assert [(f.key, f.value, f.negated) for f in q.filters] == [
        ("is", "unread", False), ("is", "starred", False), ("has", "notes", False),
        ("is", "read", True), ("tag", "done", True),
    ]


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("before:2024", ts(2024, 1, 1)),
        ("before:2024-03", ts(2024, 3, 1)),
        ("before:2024-03-05", ts(2024, 3, 5)),
        ("after:2024", ts(2025, 1, 1)),
        ("after:2024-12", ts(2025, 1, 1)),
        ("after:2024-03", ts(2024, 4, 1)),
        ("after:2024-02-29", ts(2024, 3, 1)),
    ],
)
def test_date_bounds(text, bound):
    assert parse_query(text).filters[0].value == bound


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ('"abc', 0, "unbalanced quote"),
        ('word -"abc', 6, "unbalanced quote"),
        ('source:"Meridian', 7, "unbalanced quote"),
        ("is:maybe", 3, "unknown is: value"),
        ("x has:links", 6, "unknown has: value"),
        ("before:2024-13", 7, "no such day"),
        ("after:2023-02-29", 6, "no such day"),
        ("after:yesterday", 6, "bad date"),
        ("before:24", 7, "bad date"),
        ("tag:", 0, "needs a value"),
        ("a tag:#", 2, "needs a value"),
        ('author:""', 0, "needs a value"),
    ],
)
def test_bad_queries_say_where(text, position, words):
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert info.value.position == position
    assert words in str(info.value)
    assert f"column {position + 1}" in str(info.value)


def test_unknown_keys_and_symbols_are_words():
    q = parse_query("title:Harbour 10:30 *** [/] - -- NEAR AND OR NOT")
    assert [t.words for t in q.terms] == [
        ("title", "harbour"), ("10", "30"), ("near",), ("and",), ("or",), ("not",),
    ]
    assert not q.filters


def test_control_characters_separate_words():
    q = parse_query("a\x00b\x1b[2Jc\u202ed")
    assert [t.words for t in q.terms] == [("a",), ("b",), ("2jc",), ("d",)]


def test_empty_query():
    for text in ("", "   ", "\x00", "***", '""', "-"):
        q = parse_query(text)
        assert q.empty and not q.ranked


def test_fts_expression_quotes_every_word():
    compiled = compile_query(parse_query('near AND "or not" -x*'))
    assert compiled.params[0] == '("near" AND "and" AND "or not") NOT "x"'


@pytest.fixture(scope="module")
def small_catalog(tmp_path_factory):
    from test_catalog import LIBRARY, write

    folder = tmp_path_factory.mktemp("q")
    for name, text in LIBRARY.items():
        write(folder / "lib" / name, text)
    catalog, _ = Catalog.open(folder / "c.sqlite3")
    assert catalog.sync([folder / "lib"]).articles == 5
    yield catalog
    catalog.close()


TOKENS = st.sampled_from(
    ['"', "-", ":", "*", "(", ")", "^", "NEAR", "AND", "OR", "NOT", "tag:", "is:", "is:read", "has:notes",
     "before:", "after:2024", "source:", "person:", "entity:x", "title:", "{", "}", "[/]", "\x00", "\x1b",
     " ", "  ", "word", "é", "ß", "2024-01", "'", "\\", "+", "#"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=60), st.lists(TOKENS, max_size=12).map("".join)))
def test_any_text_parses_or_raises_query_error_and_sql_runs(small_catalog, text):
    try:
        query = parse_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        return
    try:
        total = small_catalog.count(query)
        assert len(small_catalog.rows(query, limit=10)) == total <= 5
        for order in ("newest", "oldest", "title", "outlet", "rank"):
            small_catalog.rows(query, order=order, limit=1)
    except sqlite3.Error as exc:  # pragma: no cover - the failure the test looks for
        pytest.fail(f"{text!r}: {exc}")
