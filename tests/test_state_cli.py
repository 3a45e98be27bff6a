"""The state commands: note add, tag, mark, notes, export, import-notes, restore-backup."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from newsreader import cli, cli_state
from newsreader.cli import main
from newsreader.core.model import Article
from newsreader.core.state import StateStore

PORT_CALDER = "9ccb85cfda95b9eb"
LAKE_ORRIN = "6d14131e5c5fde46"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def reader(data):
    return StateStore.open(data / "state.json", role="reader")


def test_commands_are_dispatched_and_documented(capsys):
    assert cli.STATE_COMMANDS == cli_state.COMMANDS
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.replace("-\n", "-").split())
    assert "note add" in out and "import-notes" in out and "--data-dir" in out
    with pytest.raises(SystemExit):
        main(["note", "add", "--help"])
    out = capsys.readouterr().out
    assert "--library" in out and "unique title prefix" in out and "--wait" in out


def test_note_add_by_title_prefix_and_id(data, capsys):
    assert main(["note", "add", "port calder", "First **note**."]) == 0
    note_id = capsys.readouterr().out.strip()
    assert len(note_id) == 32
    assert main(["note", "add", LAKE_ORRIN, "Second."]) == 0
    store = reader(data)
    (note,) = store.notes(PORT_CALDER)
    assert (note.id, note.text) == (note_id, "First **note**.")
    assert note.title == "Port Calder Ferry Crews Walk Out as Pay Talks Collapse"
    assert [n.text for n in store.notes(LAKE_ORRIN)] == ["Second."]


def test_note_from_stdin(data, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("# From a pipe\n\nline two\n"))
    assert main(["note", "add", "Lake", "-"]) == 0
    assert [n.text for n in reader(data).notes(LAKE_ORRIN)] == ["# From a pipe\n\nline two"]


def test_empty_note_and_unknown_article_are_one_line_errors(data, capsys):
    assert main(["note", "add", "Lake", "  "]) == 1
    assert capsys.readouterr().err == "newsreader: error: the note is empty\n"
    assert main(["mark", "No such headline", "read"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'No such headline'" in err
    assert not (data / "state.json").exists()


def test_ambiguous_prefix_lists_the_candidates(data, monkeypatch, capsys):
    articles = (Article("aaaa1111aaaa1111", "Budget vote delayed"), Article("bbbb2222bbbb2222", "Budget vote passes"))
    monkeypatch.setattr(cli_state, "_load_library", lambda paths: articles)
    assert main(["tag", "budget vote", "x"]) == 1
    err = capsys.readouterr().err
    assert "matches 2 articles" in err and "aaaa1111aaaa1111" in err and "bbbb2222bbbb2222" in err
    assert main(["tag", "budget vote p", "x"]) == 0
    assert reader(data).tags("bbbb2222bbbb2222") == ("x",)


def test_ids_known_only_to_the_state_are_accepted(data, capsys):
    store = StateStore.open(data / "state.json")
    store.add_note("feedfeedfeedfeed", "from an article no longer in the library")
    store.close()
    assert main(["mark", "feedfeedfeedfeed", "star"]) == 0
    assert reader(data).is_starred("feedfeedfeedfeed")


def test_tag_and_mark(data, capsys):
    assert main(["tag", "Port", "ferries", "#Strikes", "pay talks"]) == 0
    assert capsys.readouterr().out == "ferries Strikes pay-talks\n"
    assert main(["tag", "Port", "strikes", "--remove"]) == 0
    assert capsys.readouterr().out == "ferries pay-talks\n"
    for mark in ("read", "star"):
        assert main(["mark", "Port", mark]) == 0
    store = reader(data)
    assert store.is_read(PORT_CALDER) and store.is_starred(PORT_CALDER)
    for mark in ("unread", "unstar"):
        assert main(["mark", "Port", mark]) == 0
    store = reader(data)
    assert not store.is_read(PORT_CALDER) and not store.is_starred(PORT_CALDER)
    assert store.tags(PORT_CALDER) == ("ferries", "pay-talks")


def test_notes_lists_and_json(data, capsys):
    assert main(["notes"]) == 0
    assert capsys.readouterr().out == "no notes\n"
    main(["note", "add", "Port", "A note about the strike"])
    main(["tag", "Port", "ferries"])
    store = StateStore.open(data / "state.json")
    store.annotate(PORT_CALDER, "Some old text that is gone.", 5, 12, note="orphan")
    store.close()
    capsys.readouterr()
    assert main(["notes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Port Calder Ferry Crews Walk Out as Pay Talks Collapse  [9ccb85cfda95b9eb]  #ferries\n")
    assert "A note about the strike" in out and "(orphaned" in out
    assert main(["notes", "--json", "Port"]) == 0
    (group,) = json.loads(capsys.readouterr().out)
    assert group["article"] == PORT_CALDER and group["tags"] == ["ferries"]
    assert [n["text"] for n in group["notes"]] == ["A note about the strike"]
    assert group["annotations"][0]["orphaned"] is True
    assert main(["notes", "Lake"]) == 0
    assert capsys.readouterr().out == "no notes for this article\n"


def test_export_import_round_trip_through_the_cli(data, tmp_path, capsys):
    main(["note", "add", "Port", "Strike note"])
    main(["tag", "Lake", "drought"])
    main(["mark", "Lake", "star"])
    capsys.readouterr()
    md, js = tmp_path / "out" / "notes.md", tmp_path / "notes.json"
    assert main(["export", "-o", str(md)]) == 0
    assert main(["export", "--format", "json", "-o", str(js)]) == 0
    assert "wrote 1 notes" in capsys.readouterr().err
    text = md.read_text(encoding="utf-8")
    assert "## Port Calder Ferry Crews Walk Out as Pay Talks Collapse" in text and "#drought" in text
    assert json.loads(js.read_text())["type"] == "AnnotationCollection"
    assert main(["export", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 3

    other = tmp_path / "other"
    assert main(["import-notes", str(md), "--data-dir", str(other)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["import-notes", str(js), "--data-dir", str(other)]) == 0
    assert "0 added, 0 updated" in capsys.readouterr().out
    moved = StateStore.open(other / "state.json", role="reader")
    assert [n.text for n in moved.notes(PORT_CALDER)] == ["Strike note"]
    assert moved.tags(LAKE_ORRIN) == ("drought",) and moved.is_starred(LAKE_ORRIN)
    assert main(["import-notes", str(tmp_path / "missing.md")]) == 1
    assert capsys.readouterr().err.startswith("newsreader: error: ")


def test_data_dir_flag_beats_the_environment(data, tmp_path):
    assert main(["mark", "Port", "read", "--data-dir", str(tmp_path / "flag")]) == 0
    assert (tmp_path / "flag" / "state.json").exists()
    assert not (data / "state.json").exists()


def test_restore_backup_list(data, capsys):
    assert main(["restore-backup", "--list"]) == 0
    assert "no backups" in capsys.readouterr().out


def test_state_commands_do_not_load_textual(data):
    code = (
        "import sys\nfrom newsreader.cli import main\n"
        "main(['mark', 'Port', 'read']); main(['notes'])\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_real_command_line(data):
    run = [sys.executable, "-m", "newsreader"]
    added = subprocess.run([*run, "note", "add", "Port", "from a shell"], capture_output=True, text=True, timeout=60)
    assert added.returncode == 0 and len(added.stdout.strip()) == 32
    listed = subprocess.run([*run, "notes"], capture_output=True, text=True, timeout=60)
    assert "from a shell" in listed.stdout
