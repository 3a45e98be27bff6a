"""The hostile corpus through reading, ``newsreader parse`` and ``newsreader analyze``: no crash,
nothing but clean text and http(s) links out, a one-line message for each refused file."""

from __future__ import annotations

import io
import json
import re
import time

import pytest
from hostile import EXPECTED, GOOD_NAME, big_file, write_corpus

from newsreader.cli import main
from newsreader.core.errors import InputError
from newsreader.core.ingest.loader import load_articles, load_paths
from newsreader.core.ingest.textfile import MAX_BYTES, read_text_file
from newsreader.core.sanitize import is_clean, visible

# Anything a terminal could act on, and the bidi controls that reorder what is shown.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return folder, write_corpus(folder)


def strings(article) -> list[str]:
    out = [article.title, article.url or "", article.outlet or "", article.byline or "", article.section or "",
           article.byline_credit or "", *article.paragraphs, *article.links, *article.removed, *article.tags]
    for caption in article.captions:
        out += [caption.text, caption.credit or ""]
    return out


def assert_clean(article) -> None:
    for text in strings(article):
        assert is_clean(text) and not UNSAFE.search(text), repr(text[:200])
    assert article.url is None or article.url.startswith(("http://", "https://"))
    assert all(link.startswith(("http://", "https://")) for link in article.links), article.links


def test_every_file_loads_clean_or_is_refused_on_one_line(corpus):
    folder, paths = corpus
    for name, path in paths.items():
        expected = EXPECTED[name]
        try:
            articles, warnings = load_articles(path)
        except InputError as exc:
            message = str(exc)
            assert "\n" not in message and message.startswith(visible(str(path))), message
            assert any(part in message for part in expected.split("|")), (name, message)
            assert not UNSAFE.search(message)
            continue
        assert "article" in expected.split("|"), (name, "loaded but should be refused")
        assert articles, name
        for article in articles:
            assert_clean(article)
        for warning in warnings:
            assert "\n" not in warning and not UNSAFE.search(warning)


def test_markup_stays_literal_text(corpus):
    folder, paths = corpus
    (scraped,), _ = load_articles(paths["scraped.txt"])
    body = "\n".join(scraped.paragraphs)
    assert "[@click=app.quit]Read[/]" in scraped.title + body
    assert "[link=file:///etc/passwd]passwd[/link]" in body
    feed, _ = load_articles(paths["feed.json"])
    assert any("[@click=app.quit]Read[/]" in a.title for a in feed)


def test_the_folder_loads_with_problems_counted(corpus):
    folder, paths = corpus
    loaded = load_paths([folder])
    refused = {name for name, expected in EXPECTED.items() if "article" not in expected.split("|")}
    named = {p.path.rsplit("/", 1)[-1] for p in loaded.problems}
    assert all(not UNSAFE.search(str(p)) for p in loaded.problems + loaded.skipped)
    assert all(not UNSAFE.search(w) for w in loaded.warnings)
    assert refused <= named | {p.path.rsplit("/", 1)[-1] for p in loaded.skipped}
    assert len(loaded.articles) > 40
    for article in loaded.articles:
        assert_clean(article)


def test_text_coloured_with_escape_sequences_is_text_not_binary(tmp_path):
    coloured = "".join(f"\x1b[1;3{i % 8}mWord{i}\x1b[0m " for i in range(600))
    path = tmp_path / "coloured.txt"
    path.write_text("Coloured – Outlet\n\n" + coloured + "\n", encoding="utf-8")
    text = read_text_file(path).text
    assert "\x1b" not in text and "Word599" in text
    (tmp_path / "nul.txt").write_bytes(b"Title\n\x00body\n")
    with pytest.raises(InputError, match="binary data"):
        read_text_file(tmp_path / "nul.txt")


# -- 50 MB ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    return big_file(folder / "huge.txt", 50 * 1024 * 1024)


def test_a_50_mb_file_is_refused_quickly_by_every_reader(fifty_mb, capsys):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"file is 50\.0 MB, over the 10\.0 MB limit"):
        load_articles(fifty_mb)
    loaded = load_paths([fifty_mb.parent])
    assert [str(p) for p in loaded.problems][0] == f"{fifty_mb}: file is 50.0 MB, over the 10.0 MB limit"
    for argv in (["parse", str(fifty_mb)], ["analyze", str(fifty_mb)], ["analyze", "--plain", str(fifty_mb)],
                 ["analyze", "--plain", "--json", str(fifty_mb)]):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert "over the 10.0 MB limit" in err and "Traceback" not in err, (argv, err)
    from newsreader.core.catalog import Catalog  # what the app opens a library with

    catalog, _ = Catalog.open(fifty_mb.parent / "catalog.sqlite3")
    try:
        report = catalog.sync([fifty_mb.parent])
    finally:
        catalog.close()
    assert report.articles == 0
    assert f"{fifty_mb}: file is 50.0 MB, over the 10.0 MB limit" in report.problems
    assert time.monotonic() - started < 10


def test_analyze_standard_input_is_capped(monkeypatch, capsys):
    class Stdin:
        buffer = io.BytesIO(b"Anna Berg said 3,000 words. " * (MAX_BYTES // 20))

    monkeypatch.setattr("sys.stdin", Stdin)
    assert main(["analyze", "--plain"]) == 1
    assert "<stdin>: input is over the 10 MB limit" in capsys.readouterr().err


# -- the command line ------------------------------------------------------------------------


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    for line in err.splitlines():
        assert line.startswith("newsreader: "), line
        assert not UNSAFE.search(line), repr(line)


def test_parse_prints_clean_text_and_one_line_per_problem(corpus, capsys):
    folder, paths = corpus
    assert main(["parse", str(folder)]) == 1  # some files are refused
    out, err = capsys.readouterr()
    _no_traceback(err)
    assert not UNSAFE.search(out)
    assert "[@click=app.quit]Read[/]" in out
    for name, expected in EXPECTED.items():
        if "article" not in expected.split("|"):
            assert visible(name) in err, name
    assert "Source:    " + visible(str(folder / GOOD_NAME)) in out
    assert main(["parse", str(folder), "--json"]) == 1
    out, err = capsys.readouterr()
    _no_traceback(err)
    assert not UNSAFE.search(out)
    records = json.loads(out)
    assert str(folder / GOOD_NAME) in [r["source"] for r in records]  # the true name, as JSON escapes
    for record in records:
        record.pop("source")
        for value in _json_strings(record):
            assert is_clean(value) and not UNSAFE.search(value), repr(value[:100])


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


@pytest.mark.parametrize("name", ["scraped.txt", "long-line.txt", "article.md", "page.html", "feed.json",
                                  "feed.rss", "nul-bytes.txt", "undecodable.txt", "bomb.xml"])
def test_analyze_each_kind(corpus, capsys, name):
    folder, paths = corpus
    path = str(paths[name])
    refused = "article" not in EXPECTED[name].split("|")
    for argv in (["analyze", path], ["analyze", "--json", path], ["analyze", "--plain", path]):
        code = main(argv)
        out, err = capsys.readouterr()
        _no_traceback(err)
        if "--json" in argv and code == 0:
            doc = json.loads(out)
            assert is_clean(doc["text"]) and not UNSAFE.search(doc["text"])
        else:
            assert not UNSAFE.search(out)
        if refused and "--plain" not in argv:
            assert code == 1 and path in err
