"""The catalog: each query operator against a small fixed library, and hostile text."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newsreader.core.analysis.spans import Span
from newsreader.core.catalog import Catalog, QueryError, StateRecord, mark_ranges
from newsreader.core.model import article_id

OLD = 1_600_000_000  # a modification time well in the past: files count as settled

LIBRARY = {
    "meridian/a1.md": """---
title: Harbour strike ends
outlet: Meridian Wire
author: Ana Ruiz
date: 2024-03-05
tags: [labour, ports]
url: https://example.org/a1
---
The harbour strike in Port Calder ended on Tuesday after workers accepted a pay offer.

Union leader Ana Ruiz said the deal was fair.
""",
    "meridian/a3.md": """---
title: Ferry timetable changes
outlet: Meridian Wire
author: Priya Osei
date: 2024-12-31
url: https://example.org/a3
---
Ferries will leave the harbour an hour earlier from January, the operator said.
""",
    "other/a2.md": """---
title: Comet seen over Hollin Fell
outlet: The Kestrel Post
author: Jon Kell
date: 2023-11-20
tags: science
url: https://example.org/a2
---
Amateur astronomers photographed a bright comet low in the northern sky.
""",
    "other/a4.md": """---
title: Undated notes on markets
outlet: Carrow Coast Herald
url: https://example.org/a4
---
Prices [/] rose "sharply" * NEAR the close AND OR NOT ( ) ^ {title}: \x1b[2J cleared.
""",
    "other/a5.md": """---
title: Bank of Saltmere raises rates
outlet: Saltmere Chronicle
author: Marisol Vasquez
date: 2025-01-15
url: https://example.org/a5
---
Governor Harriet Hale said the Bank of Saltmere would raise its main rate by half a point.
""",
}

# What a fake engine finds, per title word: (label, canonical name).
ENTITIES = {
    "Harbour": [("PLACE", "Port Calder"), ("PERSON", "Ana Ruiz")],
    "Bank": [("PERSON", "Harriet Hale"), ("ORG", "Bank of Saltmere")],
    "Comet": [("PLACE", "Hollin Fell")],
}


class FakeEngine:
    name = "fake"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def analyze(self, text, *, published=None):
        self.calls.append(text[:30])
        spans = []
        for word, found in ENTITIES.items():
            if _first_words(text, word):
                for label, name in found:
                    spans.append(Span(0, 1, label, text[:1], canonical=name))
        return spans


def _first_words(text: str, word: str) -> bool:
    keys = {"Harbour": "harbour strike", "Bank": "Governor Harriet", "Comet": "Amateur astronomers"}
    return keys[word] in text


def write(path: Path, text: str | bytes, mtime: float = OLD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    import os

    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def lib(tmp_path) -> Path:
    root = tmp_path / "lib"
    for name, text in LIBRARY.items():
        write(root / name, text)
    return root


@pytest.fixture
def catalog(tmp_path, lib):
    catalog, notice = Catalog.open(tmp_path / "cache" / "catalog.sqlite3")
    assert notice is None
    report = catalog.sync([lib])
    assert (report.new, report.articles, report.problems) == (5, 5, [])
    catalog.analyse(engine=FakeEngine())
    yield catalog
    catalog.close()


def names(catalog: Catalog, query: str | None, order: str | None = None) -> list[str]:
    """The matching articles' file names (a1 ...), in order."""
    return [Path(str(r.source)).stem for r in catalog.rows(query, order=order, limit=100)]


def found(catalog: Catalog, query: str) -> set[str]:
    result = set(names(catalog, query))
    assert catalog.count(query) == len(result)
    assert len(catalog.ids(query)) == len(result)
    return result


ALL = {"a1", "a2", "a3", "a4", "a5"}


def test_empty_query_is_everything_newest_first(catalog):
    assert names(catalog, None) == ["a5", "a3", "a1", "a2", "a4"]
    assert names(catalog, "") == ["a5", "a3", "a1", "a2", "a4"]
    assert names(catalog, None, "oldest") == ["a2", "a1", "a3", "a5", "a4"]
    assert names(catalog, None, "title") == ["a5", "a2", "a3", "a1", "a4"]
    assert names(catalog, None, "outlet")[0] == "a4"  # Carrow Coast Herald
    assert catalog.count() == 5


def test_paging(catalog):
    assert [names(catalog, None)[i] for i in (2, 3)] == [
        Path(str(r.source)).stem for r in catalog.rows(None, offset=2, limit=2)
    ]
    assert catalog.rows(None, offset=10) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", {"a1", "a3"}),
        ("HARBOUR", {"a1", "a3"}),
        ("harbour strike", {"a1"}),
        ('"pay offer"', {"a1"}),
        ('"offer pay"', set()),
        ("harbour -strike", {"a3"}),
        ('-"pay offer"', ALL - {"a1"}),
        ("-harbour -comet", {"a4", "a5"}),
        ("meridian", {"a1", "a3"}),  # outlet is indexed
        ("ruiz", {"a1"}),  # byline too
        ("tag:labour", {"a1"}),
        ("tag:#LABOUR", {"a1"}),
        ("tag:port", set()),  # tags match whole
        ("-tag:labour", ALL - {"a1"}),
        ("source:meridian", {"a1", "a3"}),
        ("source:other", {"a2", "a4", "a5"}),  # the folder's name
        ('source:"kestrel post"', {"a2"}),
        ("source:lib", ALL),
        ("author:ruiz", {"a1"}),
        ('author:"priya osei"', {"a3"}),
        ("-author:ruiz", ALL - {"a1"}),
        ('person:"harriet hale"', {"a5"}),
        ('person:"HARRIET  Hale"', {"a5"}),
        ('org:"bank of saltmere"', {"a5"}),
        ('place:"port calder"', {"a1"}),
        ('entity:"port calder"', {"a1"}),
        ('person:"port calder"', set()),
        ("person:hale", set()),  # canonical names match whole
        ('-entity:"hollin fell"', ALL - {"a2"}),
        ("before:2024", {"a2"}),
        ("after:2024", {"a5"}),
        ("after:2023 before:2025", {"a1", "a3"}),
        ("before:2024-03", {"a2"}),
        ("after:2024-03-04", {"a1", "a3", "a5"}),
        ("after:2024-03-05", {"a3", "a5"}),
        ("before:2024-03-05", {"a2"}),
        ("-before:2024", ALL - {"a2"}),  # undated articles are not before anything
        ("harbour after:2024-06", {"a3"}),
    ],
)
def test_operators(catalog, query, expected):
    assert found(catalog, query) == expected


def test_title_ranks_first_and_ties_go_newest_first(catalog):
    assert names(catalog, "harbour") == ["a1", "a3"]
    assert names(catalog, "meridian") == ["a3", "a1"]  # same weight: newest first
    assert names(catalog, "harbour", order="newest") == ["a3", "a1"]


def test_marks_are_the_words_found_in_the_row(catalog):
    row = catalog.rows('harbour "pay offer" strike')[0]
    assert row.marks == ("harbour", "strike")  # "pay offer" is only in the body
    assert mark_ranges(row.title, row.marks) == [(0, 7), (8, 14)]
    assert mark_ranges("Café CAFE cafes", ["cafe"]) == [(0, 4), (5, 9)]
    assert catalog.rows(None)[0].marks == ()


def test_state_filters_and_note_text(catalog):
    records = {
        catalog.ids('"harbour strike"')[0]: StateRecord(read=True, starred=True, tags=("Urgent",)),
        catalog.ids("comet")[0]: StateRecord(notes=("remember the telescope",), note_count=1),
        catalog.ids("ferry")[0]: StateRecord(read=True),
    }
    assert catalog.sync_state(records) == 3
    assert catalog.sync_state(records) == 0
    assert found(catalog, "is:read") == {"a1", "a3"}
    assert found(catalog, "is:unread") == {"a2", "a4", "a5"}
    assert found(catalog, "-is:read") == {"a2", "a4", "a5"}
    assert found(catalog, "is:starred") == {"a1"}
    assert found(catalog, "has:notes") == {"a2"}
    assert found(catalog, "telescope") == {"a2"}
    assert found(catalog, "tag:urgent") == {"a1"}
    assert found(catalog, "urgent") == {"a1"}  # tags are indexed words
    row = catalog.row(catalog.ids("comet")[0])
    assert (row.note_count, row.read) == (1, False)
    assert catalog.row(catalog.ids("tag:urgent")[0]).tags == ("labour", "ports", "Urgent")
    # One article changes; then the state is cleared.
    a2 = catalog.ids("comet")[0]
    assert catalog.update_state(a2, StateRecord(notes=("look for the meteor",), note_count=1, tags=("sky",)))
    assert found(catalog, "telescope") == set()
    assert found(catalog, "meteor") == {"a2"}
    assert found(catalog, "tag:sky") == {"a2"}
    assert catalog.sync_state({}) == 3
    assert found(catalog, "is:read") == found(catalog, "has:notes") == found(catalog, "meteor") == set()
    assert found(catalog, "comet") == {"a2"}  # its own text is still indexed


def test_state_of_articles_not_in_the_catalog_is_kept_for_later(tmp_path, lib):
    catalog, _ = Catalog.open(tmp_path / "c.sqlite3")
    a2 = article_id(url="https://example.org/a2")
    record = StateRecord(read=True, tags=("later",), notes=("bring the telescope",), note_count=1)
    assert catalog.sync_state({a2: record}) == 1
    assert catalog.count("tag:later") == catalog.count() == 0
    catalog.sync([lib])  # the article arrives: its state applies, searchable too
    assert found(catalog, "tag:later") == found(catalog, "telescope") == found(catalog, "is:read") == {"a2"}
    row = catalog.row(a2)
    assert (row.read, row.note_count, row.tags) == (True, 1, ("science", "later"))
    assert catalog.sync_state({a2: record}) == 0  # already mirrored
    catalog.close()


def test_entity_index_and_analysis(catalog):
    a5 = catalog.ids("saltmere")[0]
    assert catalog.entity_index("PERSON", "harriet hale") == [a5]
    assert catalog.entity_index(None, "Bank of Saltmere") == [a5]
    assert catalog.entity_index("ORG", "Harriet Hale") == []
    assert {(e.label, e.name) for e in catalog.article_entities(a5)} == {
        ("PERSON", "Harriet Hale"), ("ORG", "Bank of Saltmere")
    }
    assert [e.name for e in catalog.entities("port")] == ["Port Calder"]
    assert catalog.spans(a5) is not None and catalog.analysis(a5).spans == catalog.spans(a5)
    assert catalog.pending_analysis() == 0
    assert found(catalog, '"harriet hale"') == {"a5"}  # in the body; entity names are indexed too
    article = catalog.article(a5)
    assert article.title == "Bank of Saltmere raises rates" and article.paragraphs[0].startswith("Governor")


def test_hostile_text_is_found_as_words(catalog):
    for query in ("near", "NEAR", '"near the close"', "title", "{title}:", '"[/]" prices', "sharply", "cleared"):
        assert found(catalog, query) == {"a4"}, query
    for query in ("*", "(", "^", "[/]", "\x00", ":", '"*"'):  # nothing to look for: everything
        assert found(catalog, query) == ALL, query
    assert found(catalog, "\x1b[2J") == set()  # the escape sequence was taken out of the text
    article = catalog.article(catalog.ids("sharply")[0])
    assert "[/]" in article.paragraphs[0] and "\x1b" not in article.paragraphs[0]


def test_queries_that_could_break_fts_syntax_run(catalog):
    for query in ('AND', 'OR OR', 'NOT', '"AND" NEAR(a b)', "a*", "^x", "col:x", "- -- ---", "x:", "(((",
                  "'", "\\", "a\"\"b", "NEAR/2", "title : harbour", '{title body}: x'):
        catalog.count(query)
        catalog.rows(query)


def test_bad_query_raises_query_error(catalog):
    with pytest.raises(QueryError):
        catalog.count('"harbour')
    with pytest.raises(QueryError):
        catalog.rows("is:sometimes")
    with pytest.raises(QueryError):
        catalog.search("before:soon")


def test_search_gives_total_and_rows(catalog):
    result = catalog.search("harbour", limit=1)
    assert result.total == 2 and len(result.rows) == 1 and result.query.marks == ("harbour",)


def test_reading_from_another_thread_while_syncing(tmp_path):
    root = tmp_path / "many"
    for i in range(120):
        write(root / f"{i:03}.md", f"---\ntitle: Story {i}\ndate: 2024-01-01\n---\nBody of story {i} here.\n")
    catalog, _ = Catalog.open(tmp_path / "c.sqlite3")
    seen: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(catalog.count("story"))
                catalog.rows(None, limit=20)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        report = catalog.sync([root])
    finally:
        done.set()
        reader.join()
    assert errors == [] and report.articles == 120
    assert seen and seen == sorted(seen)
    assert catalog.count("story") == 120
    catalog.close()


def test_ranking_looks_at_the_newest_matches_then_the_rest_newest_first(catalog, monkeypatch):
    import newsreader.core.catalog.catalog as module

    monkeypatch.setattr(module, "RANK_WINDOW", 2)
    assert names(catalog, "harbour") == ["a1", "a3"]  # both in the window: by score (a1 has it in its title)
    monkeypatch.setattr(module, "RANK_WINDOW", 1)
    assert names(catalog, "harbour") == ["a3", "a1"]  # the newest match alone is ranked
    pages = [Path(str(r.source)).stem for i in range(3) for r in catalog.rows("harbour", offset=i, limit=1)]
    assert pages == ["a3", "a1"]
    assert [Path(str(catalog.row(i).source)).stem for i in catalog.ids("harbour")] == ["a3", "a1"]
    assert catalog.count("harbour") == 2


def test_a_state_change_waits_for_one_batch_not_for_the_whole_sync(tmp_path):
    import time

    root = tmp_path / "many"
    for i in range(60):
        write(root / f"{i:03}.md", f"---\ntitle: Story {i}\ndate: 2024-01-01\n---\nBody of story {i} here.\n")
    catalog, _ = Catalog.open(tmp_path / "c.sqlite3")
    finished: list[float] = []

    def slow_stop() -> bool:
        time.sleep(0.03)  # about two seconds in all
        return False

    def run() -> None:
        catalog.sync([root], should_stop=slow_stop)
        finished.append(time.monotonic())

    syncing = threading.Thread(target=run)
    syncing.start()
    time.sleep(0.3)
    assert catalog.update_state("0123456789abcdef", StateRecord(read=True))
    changed = time.monotonic()
    syncing.join()
    assert changed < finished[0] - 0.5
    assert catalog.count() == 60
    catalog.close()


def test_index_of_an_article_in_a_list(catalog):
    for query, order in ((None, None), (None, "title"), ("harbour", None), ("harbour", "newest"),
                         ("source:meridian", None), ("-comet", "oldest")):
        ids = catalog.ids(query, order)
        assert [catalog.index_of(i, query, order) for i in ids] == list(range(len(ids)))
    assert catalog.index_of(catalog.ids("comet")[0], "harbour") is None
    assert catalog.index_of("no-such-id") is None
