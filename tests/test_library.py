"""The UI-free library: order, filter by entity, analysis cache and index, the figures ledger."""

from __future__ import annotations

import csv
import threading

from test_app_fakes import BrokenEngine, FakeEngine, fixed_articles

from newsreader.core.analysis.document import analyze_article
from newsreader.core.library import (
    Library,
    MemoryMarks,
    entity_counts,
    figure_rows,
    format_value,
    write_figures_csv,
)


def test_orders_and_filters_by_canonical_entity():
    library = Library(fixed_articles(), engine=FakeEngine())
    assert [a.title[:5] for a in library.view("newest")] == ["North", "Port ", "Summi"]
    assert [a.title[:5] for a in library.view("oldest")] == ["Summi", "Port ", "North"]
    assert [a.title[:5] for a in library.view("title")] == ["North", "Port ", "Summi"]
    assert library.index_all() and library.indexed
    mentioning = library.view("newest", entity="kim  jong un")  # by canonical, case and spaces folded
    assert [a.title[:5] for a in mentioning] == ["North", "Summi"]
    assert library.view("newest", entity="Nobody") == []
    top = library.entities()[0]
    assert (top.name, top.articles) in {("Kim Jong Un", 2), ("Vladimir Putin", 2)}


def test_analysis_is_cached_per_article_and_thread_safe():
    engine = FakeEngine()
    library = Library(fixed_articles(), engine=engine)
    article = library.articles[0]
    results = []
    threads = [threading.Thread(target=lambda: results.append(library.analysis(article))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(r) for r in results}) == 1
    assert library.cached(article.id) is results[0]
    library.index_all()
    assert engine.calls <= 8 + 2


def test_a_failing_engine_is_reported_not_raised_by_the_index():
    library = Library(fixed_articles(), engine=BrokenEngine())
    assert library.index_all()
    assert len(library.index_problems) == 3 and "ImportError" in library.index_problems[0]
    assert library.entities() == []


def test_index_can_be_stopped():
    library = Library(fixed_articles(), engine=FakeEngine())
    assert library.index_all(should_stop=lambda: True) is False
    assert not library.indexed


def test_entity_counts_and_figure_rows():
    article = fixed_articles()[0]
    analysed = analyze_article(article, FakeEngine())
    refs = {(r.label, r.name): r.mentions for r in entity_counts(analysed)}
    assert refs[("PERSON", "Kim Jong Un")] == 3
    assert refs[("PLACE", "North Korea")] == 3
    rows = figure_rows(analysed)
    assert [(r.label, r.text, r.value) for r in rows] == [("NUMBER", "3,000", "3,000"), ("NUMBER", "11,000", "11,000")]
    assert rows[1].sentence == "About 11,000 troops from North Korea have been deployed so far."


def test_format_value():
    assert format_value(3000.0) == "3,000"
    assert format_value({"value": 170, "unit": "mm"}) == "170 mm"
    assert format_value("2025-03-27") == "2025-03-27"
    assert format_value([1, 2]) == "1 – 2"
    assert format_value(None) == ""


def test_csv_export_quotes_formula_like_cells(tmp_path):
    analysed = analyze_article(fixed_articles()[0], FakeEngine())
    rows = figure_rows(analysed)
    rows.append(rows[0].__class__("NUMBER", "=HYPERLINK(1)", "-5", "@evil", 0))
    path = write_figures_csv(rows, tmp_path / "sub" / "ledger.csv")
    data = list(csv.reader(path.open(encoding="utf-8")))
    assert data[0] == ["label", "text", "value", "sentence"]
    assert data[-1] == ["number", "'=HYPERLINK(1)", "-5", "'@evil"]


def test_memory_marks_every_article_unread_until_opened():
    marks = MemoryMarks()
    assert not marks.is_read("a")
    marks.mark_read("a")
    assert marks.is_read("a") and not marks.is_starred("a") and marks.tags("a") == ()
