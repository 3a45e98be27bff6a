"""The hostile corpus in the catalog: synced, analysed and searched with hostile queries. Rows,
articles, spans and problems hold clean text only; a query either runs or raises QueryError."""

from __future__ import annotations

import re

import pytest
from hostile import LINKS, PAYLOADS, write_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.catalog import Catalog, QueryError
from newsreader.core.sanitize import is_clean

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-catalog")
    write_corpus(folder / "corpus")
    catalog, notice = Catalog.open(folder / "catalog.sqlite3")
    report = catalog.sync([folder / "corpus"])
    catalog.analyse()
    yield catalog, report
    catalog.close()


def clean(value) -> None:
    if isinstance(value, str):
        assert is_clean(value) and not UNSAFE.search(value), repr(value[:100])
    elif isinstance(value, (tuple, list)):
        for item in value:
            clean(item)


def test_sync_reads_the_corpus_and_reports_refused_files_on_clean_lines(catalog):
    catalog, report = catalog
    assert report.articles > 40
    assert report.problems and all("\n" not in p and not UNSAFE.search(p) for p in report.problems)
    assert any("declares XML entities" in p for p in report.problems)
    assert any("over the 10.0 MB limit" in p for p in report.problems)


def test_every_row_article_and_span_is_clean(catalog):
    catalog, _ = catalog
    for row in catalog.rows(limit=500):
        clean([row.title, row.outlet, row.byline, row.url, row.tags])
        article = catalog.article(row.id)
        clean([article.title, article.outlet, article.byline, *article.paragraphs, *article.links, *article.tags])
        assert all(link.startswith(("http://", "https://")) for link in article.links)
        for span in catalog.spans(row.id) or ():
            clean([span.text, span.canonical])
    for ref in catalog.entities(limit=500):
        clean([str(ref)])


QUERIES = [*PAYLOADS.values(), *LINKS, "[@click=app.quit]", '"[@click=app.quit]Read[/]"', "tag:[/]", "title:[b]",
           "source:\x1b]0;x\x07", "entity:[@click=app.quit]", "-[/]", "\x1b[2J OR x", "person:\u202eevil"]


@pytest.mark.parametrize("query", QUERIES)
def test_hostile_queries_run_or_raise_query_error(catalog, query):
    catalog, _ = catalog
    try:
        result = catalog.search(query, limit=20)
    except QueryError as exc:
        assert "\n" not in str(exc)
        return
    for row in result.rows:
        clean([row.title, row.outlet, row.byline])
    catalog.count(query)


def test_markup_in_articles_is_found_as_words_and_kept_literal(catalog):
    catalog, _ = catalog
    ids = catalog.ids("storm")
    assert ids
    assert "[@click=app.quit]Read[/]" in catalog.article(ids[0]).title


PIECES = st.sampled_from([*PAYLOADS.values(), *LINKS, '"', "-", ":", "tag:", "is:read", "before:2024", "(", ")",
                          "*", "NEAR", "OR", " ", "storm", "harbour", "[/]"])


@settings(max_examples=max(10, settings.default.max_examples // 4), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=10)), max_size=10).map("".join))
def test_fuzz_queries_over_the_hostile_catalog(catalog, text):
    catalog, _ = catalog
    try:
        rows = catalog.rows(text, limit=5)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text) and "\n" not in str(exc)
        return
    for row in rows:
        clean([row.title, row.outlet, row.byline])


@pytest.mark.parametrize("query", ["storm", "named", "[@click=app.quit]", "is:\x1b]0;x\x07", "tag:\x9b2J",
                                   '"unbalanced', "person:\u202eevil"])
def test_the_search_command_prints_clean_lines_and_json(tmp_path, capsys, query):
    from newsreader.cli import main

    corpus = tmp_path / "corpus"
    write_corpus(corpus, big=False)
    for extra in ([], ["--json"]):
        code = main(["search", query, "--library", str(corpus), *extra])
        out, err = capsys.readouterr()
        assert code in (0, 2), (code, err)
        assert "Traceback" not in err and not UNSAFE.search(out + err.replace("\r", "")), repr((out + err)[:300])
        assert all(line.startswith("newsreader: ") for line in err.replace("\r", "\n").splitlines() if line)
