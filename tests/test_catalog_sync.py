"""Keeping the catalog in step with the files: new, changed, removed, touched and moved files,
article versions analysed once, and a catalog that is damaged, newer, or deleted."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from test_catalog import LIBRARY, FakeEngine, found, write

from newsreader.core.catalog import Catalog, StateRecord

OLD = 1_600_000_000


def md(title: str, body: str, url: str | None = None, date: str = "2024-05-01") -> str:
    link = f"url: {url}\n" if url else ""
    return f"---\ntitle: {title}\ndate: {date}\n{link}---\n{body}\n"


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Bay Feed</title><link>https://bay.example/</link>
<item><title>First entry</title><link>https://bay.example/1</link><description>{one}</description></item>
<item><title>Second entry</title><link>https://bay.example/2</link><description>{two}</description></item>
</channel></rss>
"""


@pytest.fixture
def cat(tmp_path):
    catalog, notice = Catalog.open(tmp_path / "cache" / "catalog.sqlite3")
    assert notice is None
    yield catalog
    catalog.close()


def counts(report) -> tuple[int, int, int, int, int]:
    return report.new, report.changed, report.removed, report.unchanged, report.reused


def test_new_changed_removed_and_unchanged(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "a.md", md("Alpha story", "Otters in the bay."))
    write(root / "b.md", md("Beta story", "Herons on the shore."))
    write(root / "sub" / "c.md", md("Gamma story", "Seals on the rocks."))
    report = cat.sync([root])
    assert counts(report) == (3, 0, 0, 0, 0) and report.parsed == 3 and report.articles == 3
    report = cat.sync([root])
    assert counts(report) == (0, 0, 0, 3, 0) and report.parsed == 0

    write(root / "b.md", md("Beta story", "Cormorants on the shore."), mtime=OLD + 50)
    (root / "sub" / "c.md").unlink()
    write(root / "d.md", md("Delta story", "Puffins on the cliff."))
    report = cat.sync([root])
    assert counts(report) == (1, 1, 1, 1, 0) and report.parsed == 2 and report.articles == 3
    assert found(cat, "cormorants") == {"b"} and found(cat, "herons") == set()
    assert found(cat, "seals") == set() and found(cat, "puffins") == {"d"}
    assert found(cat, "story") == {"a", "b", "d"}


def test_a_touched_file_is_not_parsed_again(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "a.md", md("Alpha story", "Otters in the bay."))
    cat.sync([root])
    os.utime(root / "a.md", (OLD + 99, OLD + 99))
    report = cat.sync([root])
    assert counts(report) == (0, 0, 0, 0, 1) and report.parsed == 0
    assert counts(cat.sync([root])) == (0, 0, 0, 1, 0)


def test_a_moved_file_keeps_its_articles_and_analysis(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "a.md", md("Alpha story", "Harriet Hale spoke.", "https://x.example/a"))
    cat.sync([root])
    engine = FakeEngine()
    assert cat.analyse(engine=engine) == 1
    article_id = cat.ids("alpha")[0]
    (root / "new").mkdir()
    (root / "a.md").rename(root / "new" / "a.md")
    report = cat.sync([root])
    assert counts(report) == (0, 0, 0, 0, 1) and report.parsed == 0 and report.articles == 1
    assert cat.row(article_id).source == root / "new" / "a.md"
    assert cat.article(article_id).source == root / "new" / "a.md"
    assert found(cat, "source:new") == {"a"}
    assert cat.pending_analysis() == 0 and len(engine.calls) == 1


def test_an_edited_feed_entry_is_analysed_again_and_the_other_is_not(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "bay.xml", RSS.format(one="Otters returned to the bay.", two="Herons nest by the shore."))
    assert cat.sync([root]).articles == 2
    engine = FakeEngine()
    assert cat.analyse(engine=engine) == 2
    write(root / "bay.xml", RSS.format(one="Otters returned to the bay.", two="Herons left the shore."), OLD + 7)
    report = cat.sync([root])
    assert counts(report)[:3] == (0, 1, 0) and report.parsed == 2
    assert cat.pending_analysis() == 1
    assert cat.analyse(engine=engine) == 1 and len(engine.calls) == 3
    assert found(cat, "left") == {"bay"} and found(cat, "nest") == set()


def test_same_article_in_two_files_belongs_to_the_first_then_the_other(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "a.md", md("Shared story", "First copy.", "https://x.example/same"))
    write(root / "b.md", md("Shared story", "Second copy.", "https://x.example/same"))
    report = cat.sync([root])
    assert report.articles == 1 and found(cat, "first") == {"a"}
    (root / "a.md").unlink()
    report = cat.sync([root])
    assert report.articles == 1 and found(cat, "second") == {"b"} and found(cat, "first") == set()


def test_only_the_paths_given_are_kept(cat, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one / "a.md", md("Alpha", "Otters."))
    write(two / "b.md", md("Beta", "Herons."))
    assert cat.sync([one, two]).articles == 2
    report = cat.sync([two])
    assert report.removed == 1 and report.articles == 1 and found(cat, "otters") == set()


def test_bad_files_are_reported_each_time_and_others_still_load(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "good.md", md("Good", "Fine text."))
    write(root / "empty.txt", b"")
    write(root / "binary.txt", b"\x00\x01\x02" * 100)
    write(root / "notes.log", "not an article type")
    write(root / "feed.xml", "<html><body>no feed</body></html>")
    for _ in range(2):
        report = cat.sync([root])
        assert report.articles == 1
        assert len(report.problems) == 2 and all(str(root) in p for p in report.problems)
        assert any("empty file" in p for p in report.problems)
    missing = cat.sync([tmp_path / "missing"])
    assert missing.articles == 0 and "no such file or folder" in missing.problems[0]


def test_stopping_keeps_what_was_done(cat, tmp_path):
    root = tmp_path / "lib"
    for i in range(10):
        write(root / f"{i}.md", md(f"Story {i}", "Text."))
    asked = []
    report = cat.sync([root], should_stop=lambda: len(asked) > 3 or (asked.append(1) and False))
    assert report.stopped and 0 < report.articles < 10
    report = cat.sync([root])
    assert not report.stopped and report.articles == 10 and report.new == 10 - report.unchanged


def test_progress_is_reported(cat, tmp_path):
    root = tmp_path / "lib"
    for i in range(5):
        write(root / f"{i}.md", md(f"Story {i}", "Text."))
    calls = []
    cat.sync([root], progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[-1] == ("read", 5, 5)


def _library(tmp_path) -> Path:
    root = tmp_path / "lib"
    for name, text in LIBRARY.items():
        write(root / name, text)
    return root


def test_a_damaged_catalog_is_rebuilt_with_a_notice(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    path.write_bytes(b"this is not a database" * 500)
    catalog, notice = Catalog.open(path)
    assert notice and "rebuilt" in notice and "damaged" in notice
    assert catalog.sync([_library(tmp_path)]).articles == 5
    catalog.close()


def test_a_catalog_from_a_newer_newsreader_is_rebuilt_with_a_notice(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    catalog, _ = Catalog.open(path)
    catalog.sync([_library(tmp_path)])
    catalog.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    catalog, notice = Catalog.open(path)
    assert "newer" in notice and catalog.count() == 0
    assert catalog.sync([tmp_path / "lib"]).articles == 5
    catalog.close()


def test_a_catalog_missing_tables_or_from_another_parser_is_rebuilt(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    catalog, _ = Catalog.open(path)
    catalog.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'other' WHERE key = 'fingerprint'")
    conn.commit()
    conn.close()
    catalog, notice = Catalog.open(path)
    assert "parser" in notice
    catalog.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE state")
    conn.close()
    catalog, notice = Catalog.open(path)
    assert "missing" in notice
    catalog.close()


def test_deleting_the_catalog_loses_nothing(tmp_path):
    root = _library(tmp_path)
    path = tmp_path / "cache" / "catalog.sqlite3"
    queries = ["harbour", "tag:urgent", "is:read", "telescope", "-is:read", 'place:"port calder"', ""]

    def build():
        catalog, notice = Catalog.open(path)
        assert notice is None
        catalog.sync([root])
        catalog.analyse(engine=FakeEngine())
        state = {
            catalog.ids("strike")[0]: StateRecord(read=True, tags=("urgent",)),
            catalog.ids("comet")[0]: StateRecord(notes=("telescope",), note_count=1),
        }
        catalog.sync_state(state)
        results = {q: catalog.ids(q) for q in queries}
        catalog.close()
        return results

    before = build()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    assert build() == before


def test_rebuild_and_info(cat, tmp_path):
    root = _library(tmp_path)
    cat.sync([root])
    info = cat.info()
    assert (info.articles, info.files, info.analysed, info.pending) == (5, 5, 0, 5) and info.bytes > 0
    cat.rebuild()
    assert cat.count() == 0 and cat.info().articles == 0
    assert cat.sync([root]).new == 5


def test_dates_far_apart_and_in_the_same_second_keep_their_order(cat, tmp_path):
    root = tmp_path / "lib"
    write(root / "moon.md", md("Moon landing", "Eagle has landed.", date="1969-07-20T20:17:40Z"))
    write(root / "far.md", md("Far future", "Robots vote.", date="2999-01-01"))
    for name in ("s1", "s2", "s3"):
        write(root / f"{name}.md", md(f"Same second {name}", "Tick.", date="2024-05-01T12:00:00Z"))
    write(root / "none.md", "---\ntitle: No date at all\n---\nTimeless text.\n")
    assert cat.sync([root]).articles == 6
    newest = [Path(str(r.source)).stem for r in cat.rows(None)]
    assert newest[0] == "far" and newest[-2:] == ["moon", "none"] and set(newest[1:4]) == {"s1", "s2", "s3"}
    oldest = [Path(str(r.source)).stem for r in cat.rows(None, order="oldest")]
    assert oldest[0] == "moon" and oldest[-2:] == ["far", "none"]
    assert found(cat, "before:1970") == {"moon"}
    assert found(cat, "after:2998") == {"far"}
    assert found(cat, "after:2024-04 before:2024-06") == {"s1", "s2", "s3"}
    assert found(cat, "-after:1969") == {"moon", "none"}
    # A changed file's article gets a new row; the order and the counts stay right.
    write(root / "s2.md", md("Same second s2", "Tock.", date="2024-05-01T12:00:00Z"), mtime=OLD + 9)
    cat.sync([root])
    assert found(cat, "tock") == {"s2"} and found(cat, "tick") == {"s1", "s3"}
    assert cat.count("after:2024-04 before:2024-06") == 3


def test_an_article_that_cannot_be_stored_is_a_problem_not_a_failed_sync(cat, tmp_path, monkeypatch):
    import newsreader.core.catalog.parse as parse
    from newsreader.core.model import Article

    root = tmp_path / "lib"
    write(root / "a.md", md("Alpha", "Otters."))
    write(root / "b.md", md("Beta", "Herons."))
    real = parse.parse_file

    def broken(path):
        result = real(path)
        if path.endswith("b.md"):
            result.articles.append(Article(id="bad", title="Lone \ud800 surrogate"))
        return result

    monkeypatch.setattr("newsreader.core.catalog.sync.parse_file", broken)
    report = cat.sync([root])
    assert report.articles == 1 and found(cat, "otters") == {"a"} and found(cat, "herons") == set()
    assert len(report.problems) == 1 and "b.md" in report.problems[0] and "cannot be stored" in report.problems[0]
