"""``newsreader search``, ``searches`` and ``catalog`` from the command line."""

from __future__ import annotations

import json

import pytest
from test_catalog import LIBRARY, write

from newsreader.cli import main
from newsreader.core.paths import saved_searches_file


@pytest.fixture
def lib(tmp_path):
    root = tmp_path / "lib"
    for name, text in LIBRARY.items():
        write(root / name, text)
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plain_output_one_line_per_hit(capsys, lib):
    code, out, err = run(capsys, "search", "harbour", "--library", str(lib))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("2024-03-05  Meridian Wire  Harbour strike ends  ")
    assert lines[0].endswith("  [harbour]")
    assert lines[1].startswith("2024-12-31  Meridian Wire  Ferry timetable changes  ")
    assert "[" not in lines[1]  # "harbour" is only in its body
    assert "Traceback" not in err


def test_json_output(capsys, lib):
    code, out, _ = run(capsys, "search", "harbour OR strike", "--json", "--library", str(lib))
    assert code == 0
    hits = json.loads(out)
    assert [h["title"] for h in hits] == []  # "or" is a word too: no article has all three
    code, out, _ = run(capsys, "search", "-comet -harbour", "--json", "--library", str(lib), "--order", "title")
    hits = json.loads(out)
    assert [h["title"] for h in hits] == ["Bank of Saltmere raises rates", "Undated notes on markets"]
    assert set(hits[0]) >= {"id", "title", "outlet", "byline", "published", "source", "url", "tags", "marks",
                            "read", "starred", "notes"}
    assert hits[1]["published"] is None


def test_limit_and_count_on_stderr(capsys, lib):
    code, out, err = run(capsys, "search", "", "--limit", "2", "--library", str(lib))
    assert code == 0 and len(out.splitlines()) == 2 and "2 of 5 matches" in err
    code, out, err = run(capsys, "search", "zebra", "--library", str(lib))
    assert code == 0 and out == "" and "no matches" in err


@pytest.mark.parametrize("query", ['"harbour', "is:maybe", "before:2024-02-30", "has:links", "tag:"])
def test_bad_query_is_one_line_and_exit_2(capsys, lib, query):
    code, out, err = run(capsys, "search", query, "--library", str(lib))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("newsreader: error: bad query: ") and "column" in err


def test_default_library_is_the_bundled_samples(capsys):
    code, out, _ = run(capsys, "search", "comet")
    assert code == 0 and "Hollin Fell spot comet" in out


def test_tags_and_marks_from_the_state_file_are_searched(capsys, lib):
    assert main(["tag", "Harbour strike", "urgent", "--library", str(lib)]) == 0
    assert main(["mark", "Comet seen", "star", "--library", str(lib)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "search", "tag:urgent", "--json", "--library", str(lib))
    assert [h["title"] for h in json.loads(out)] == ["Harbour strike ends"]
    code, out, _ = run(capsys, "search", "is:starred", "--json", "--library", str(lib))
    assert [h["title"] for h in json.loads(out)] == ["Comet seen over Hollin Fell"]
    assert main(["tag", "Harbour strike", "urgent", "--remove", "--library", str(lib)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "search", "tag:urgent", "--json", "--library", str(lib))
    assert json.loads(out) == []


def test_entity_filters_analyse_first(capsys, lib):
    code, out, err = run(capsys, "search", 'entity:"port calder"', "--json", "--library", str(lib))
    assert code == 0
    assert [h["title"] for h in json.loads(out)] == ["Harbour strike ends"]


def test_hostile_titles_are_printed_plain(capsys, tmp_path):
    root = tmp_path / "lib"
    write(root / "x.md", "---\ntitle: \"Evil \\u001b]52;c;SGVsbG8=\\u0007 [bold]title[/]\"\n---\nBody text here.\n")
    code, out, _ = run(capsys, "search", "evil", "--library", str(root))
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "[bold]title[/]" in out


def test_saved_searches(capsys):
    code, out, _ = run(capsys, "searches", "list")
    assert code == 0 and "no saved searches" in out
    code, out, _ = run(capsys, "searches", "add", "Ports", "tag:ports is:unread")
    assert code == 0 and out == "saved: Ports = tag:ports is:unread\n"
    code, out, _ = run(capsys, "searches", "add", "Hale", 'person:"Harriet Hale"')
    code, out, _ = run(capsys, "searches", "add", "ports", "harbour")
    assert out == "updated: ports = harbour\n"
    code, out, _ = run(capsys, "searches", "list", "--json")
    assert json.loads(out) == [{"name": "ports", "query": "harbour"}, {"name": "Hale", "query": 'person:"Harriet Hale"'}]
    code, out, err = run(capsys, "searches", "add", "Bad", '"open')
    assert code == 2 and "bad query" in err
    code, out, _ = run(capsys, "searches", "remove", "PORTS")
    assert code == 0 and out == "removed: ports\n"
    code, out, err = run(capsys, "searches", "remove", "nothing")
    assert code == 1 and "no saved search" in err
    code, out, _ = run(capsys, "searches", "list")
    assert out.split() == ["Hale", 'person:"Harriet', 'Hale"']
    assert saved_searches_file().is_file()


def test_a_hand_broken_searches_file_is_reported(capsys):
    saved_searches_file().parent.mkdir(parents=True, exist_ok=True)
    saved_searches_file().write_text("[searches\n", encoding="utf-8")
    code, out, err = run(capsys, "searches", "list")
    assert code == 1 and "not valid TOML" in err and err.count("\n") == 1


def test_catalog_info_and_rebuild(capsys, lib):
    run(capsys, "search", "harbour", "--library", str(lib))
    code, out, _ = run(capsys, "catalog", "info", "--json", "--library", str(lib))
    info = json.loads(out)
    assert code == 0 and info["articles"] == 5 and info["pending_analysis"] == 5 and info["problems"] == []
    code, out, _ = run(capsys, "catalog", "rebuild", "--library", str(lib))
    assert code == 0 and "articles:  5 from 5 files" in out
    code, out, _ = run(capsys, "catalog", "analyse", "--library", str(lib))
    assert code == 0 and "analysed 5 articles" in out


def test_search_does_not_load_textual(tmp_path, lib):
    import subprocess
    import sys

    code = (
        "import contextlib, io, sys\nfrom newsreader.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    code = main(['search', 'harbour', '--library', {str(lib)!r}])\n"
        "print(code, 'textual' in sys.modules)\n"
    )
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "f")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "0 False"


def test_a_hand_edited_search_that_no_longer_parses_is_skipped_but_kept(capsys):
    from newsreader.core.library.saved_searches import load_saved_searches

    saved_searches_file().parent.mkdir(parents=True, exist_ok=True)
    saved_searches_file().write_text(
        '[searches]\n"Broken" = "\\"open"\n"Good" = "tag:x"\n"Number" = 3\n', encoding="utf-8"
    )
    searches, warnings = load_saved_searches()
    assert [s.name for s in searches] == ["Good"]
    assert len(warnings) == 2 and "unbalanced quote" in warnings[0] and "must be a string" in warnings[1]
    code, out, err = run(capsys, "searches", "add", "New", "harbour")
    assert code == 0
    text = saved_searches_file().read_text(encoding="utf-8")
    assert "Broken" in text and "Number" in text and "New" in text
