"""The state store: marks, tags, notes, annotations, batching, persistence, read-only modes."""

from __future__ import annotations

import errno
import inspect
import time

import pytest
from conftest import HOSTILE

from newsreader.core.library import Library, MarkStore
from newsreader.core.paths import set_data_dir, state_file
from newsreader.core.state import StateError, StateReadOnly, StateStore
from newsreader.core.state import storage as storage_module
from newsreader.core.state.storage import read_state_file

HOSTILE_NOTE = "**bold** " + " ".join(HOSTILE)
TEXT = "The ferry strike began on Monday. Workers walked out at dawn after talks collapsed."


@pytest.fixture
def path(tmp_path):
    return tmp_path / "state.json"


@pytest.fixture
def store(path):
    s = StateStore.open(path)
    yield s
    s.close()


def on_disk(path):
    data, _ = read_state_file(path)
    return data


def test_default_location_follows_xdg_and_overrides(tmp_path, monkeypatch):
    assert state_file() == tmp_path / "xdg-data" / "newsreader" / "state.json"
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "env"))
    assert state_file() == tmp_path / "env" / "state.json"
    set_data_dir(tmp_path / "flag")
    try:
        assert state_file() == tmp_path / "flag" / "state.json"
    finally:
        set_data_dir(None)
    store = StateStore.open()
    assert store.path == tmp_path / "env" / "state.json"
    store.close()


def test_satisfies_mark_store_and_plugs_into_library(store):
    members = [n for n, v in vars(MarkStore).items() if callable(v) and not n.startswith("_")]
    assert {"is_read", "mark_read", "is_starred", "tags"} <= set(members)
    for name in members:
        wanted = list(inspect.signature(getattr(MarkStore, name)).parameters)[1:]
        assert list(inspect.signature(getattr(store, name)).parameters) == wanted, name
    library = Library([], marks=store)
    library.marks.mark_read("a")
    assert store.is_read("a")


def test_marks_are_sparse_and_survive_reopening(store, path):
    assert store.toggle_read("a") is True
    assert store.toggle_star("b") is True
    store.set_tags("c", ["#Ferry strike", "ferry-strike", "UK", " "])
    store.toggle_read("d")
    store.toggle_read("d")  # back to the default: no record at all
    assert store.flush()
    data = on_disk(path)
    assert set(data["articles"]) == {"a", "b", "c"}
    assert set(data["articles"]["a"]) == {"read"}
    assert set(data["articles"]["b"]) == {"starred"}
    assert data["articles"]["c"] == {"tags": ["Ferry-strike", "UK"]}
    store.close()
    again = StateStore.open(path)
    assert again.is_read("a") and not again.is_read("b") and not again.is_read("d")
    assert again.read_at("a") is not None
    assert again.is_starred("b")
    assert again.tags("c") == ("Ferry-strike", "UK")
    again.close()


def test_flags_are_batched_notes_are_written_at_once(path):
    store = StateStore.open(path, flag_delay=0.3, flag_idle=None)  # the batching limit alone
    store.mark_read("a")
    time.sleep(0.1)
    assert not path.exists()
    assert store.pending == 1
    assert store.wait_saved(2)
    assert on_disk(path)["articles"]["a"]["read"]
    store.mark_read("b")
    store.add_note("a", "now")  # urgent: takes the waiting flag with it
    deadline = time.monotonic() + 0.2
    while store.pending and time.monotonic() < deadline:
        time.sleep(0.005)
    assert store.pending == 0
    assert "b" in on_disk(path)["articles"]
    store.close()


def test_many_flags_make_few_writes(store):
    for i in range(500):
        store.mark_read(f"a{i}")
    assert store.flush()
    assert store.file_writes <= 3
    assert len(store.articles_with_state()) == 500


def test_tags_add_remove_and_complete(store):
    store.add_tags("a", "ferries strikes")
    store.add_tags("b", ["Ferries", "budget"])
    assert store.tags("b") == ("Ferries", "budget")
    store.remove_tags("a", ["STRIKES"])
    assert store.tags("a") == ("ferries",)
    assert store.all_tags()[0] == ("ferries", 2)
    assert store.complete_tag("#f") == ["ferries"]
    assert store.complete_tag("b") == ["budget"]
    store.set_tags("a", [])
    assert store.tags("a") == ()
    assert "a" not in store.articles_with_state()


def test_mark_all_read_and_undo(store, path):
    store.set_starred("a")
    store.mark_read("c")
    undo = store.mark_all_read(["a", "b", "c"])
    assert all(store.is_read(x) for x in "abc")
    assert set(undo.records) == {"a", "b"}
    store.restore_marks(undo)
    assert not store.is_read("a") and not store.is_read("b") and store.is_read("c")
    assert store.is_starred("a")
    assert store.flush()
    assert set(on_disk(path)["articles"]) == {"a", "c"}


def test_notes_add_edit_delete_undo(store, path):
    first = store.add_note("a", "# Heading\n\nSome *Markdown*.\n\n\n")
    second = store.add_note("a", "second")
    assert first.text == "# Heading\n\nSome *Markdown*."
    assert [n.id for n in store.notes("a")] == [first.id, second.id]
    edited = store.edit_note(first.id, "changed")
    assert edited.created == first.created and edited.updated >= first.updated
    gone = store.delete_note(second.id)
    assert store.flush()
    assert set(on_disk(path)["notes"]) == {first.id}
    store.restore_note(gone)
    assert store.flush()
    assert on_disk(path)["notes"][second.id]["text"] == "second"
    with pytest.raises(ValueError):
        store.add_note("a", "   \n ")
    with pytest.raises(KeyError):
        store.edit_note("nope", "x")


def test_note_text_is_sanitised(store):
    note = store.add_note("a", HOSTILE_NOTE)
    assert "\x1b" not in note.text and "\u202e" not in note.text
    assert "**bold**" in note.text


def test_annotations_anchor_and_reattach(store, path):
    start = TEXT.index("Workers")
    a = store.annotate("a", TEXT, start, start + len("Workers walked out"), note="why?", tags="labour")
    assert (a.exact, a.start, a.prefix[-8:], a.suffix[:8]) == ("Workers walked out", start, "Monday. ", " at dawn")
    assert store.complete_tag("lab") == ["labour"]
    moved = "A new first paragraph.\n\n" + TEXT
    placed = store.place("a", moved)
    assert placed[0].anchor.how == "quote"
    assert moved[placed[0].anchor.start : placed[0].anchor.end] == "Workers walked out"
    gone = store.place("a", "Something else entirely.")
    assert gone[0].orphaned and store.annotation(a.id) is not None  # kept, never dropped
    store.place("a", moved, remember=True)
    assert store.annotation(a.id).start == moved.index("Workers")
    store.edit_annotation(a.id, note="because", tags=["labour", "dawn"])
    assert store.flush()
    record = on_disk(path)["annotations"][a.id]
    assert record["note"] == "because" and record["tags"] == ["labour", "dawn"]
    assert record["exact"] == "Workers walked out"
    removed = store.delete_annotation(a.id)
    store.restore_annotation(removed)
    assert store.annotations("a") == [store.annotation(a.id)]
    with pytest.raises(ValueError):
        store.annotate("a", TEXT, 3, 3)


def test_reader_role_never_writes(path):
    writer = StateStore.open(path)
    writer.add_note("a", "x")
    writer.close()
    before = path.read_bytes()
    reader = StateStore.open(path, role="reader")
    assert reader.read_only
    reader.mark_read("a")
    assert reader.is_read("a")  # for the session only
    with pytest.raises(StateReadOnly):
        reader.add_note("a", "y")
    assert reader.flush() and reader.close()
    assert path.read_bytes() == before


def test_write_failure_is_reported_and_retried(store, path, monkeypatch):
    real = storage_module.write_atomic
    calls = {"n": 0}

    def failing(target, data, mode=0o600):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(target, data, mode=mode)

    errors: list[str] = []
    store.on_error = errors.append
    monkeypatch.setattr(storage_module, "write_atomic", failing)
    store.add_note("a", "keep me")
    assert store.flush(10)
    assert calls["n"] >= 3
    assert errors and "No space left on device" in errors[0] and str(path) in errors[0]
    assert store.last_error is None
    assert [n["text"] for n in on_disk(path)["notes"].values()] == ["keep me"]


def test_bad_records_are_reported_and_kept(path):
    path.write_text(
        '{"meta": {"schema": {"version": 2}}, "articles": {"a": {"tags": "oops", "read": true}},'
        ' "notes": {"n1": {"article": "a", "text": 5}, "n2": {"article": "a", "text": "fine"}},'
        ' "annotations": {"x": {"article": "a"}}, "extra": {"k": {"v": 1}}}'
    )
    store = StateStore.open(path)
    assert len(store.problems) == 3
    assert any("n1" in p and "kept in the file" in p for p in store.problems)
    assert store.is_read("a") and store.tags("a") == ()
    assert [n.text for n in store.all_notes()] == ["fine"]
    store.add_note("b", "new")
    store.set_starred("a")
    store.close()
    data = on_disk(path)
    assert data["notes"]["n1"] == {"article": "a", "text": 5}
    assert data["annotations"]["x"] == {"article": "a"}
    assert data["extra"] == {"k": {"v": 1}}
    assert data["articles"]["a"]["read"] is True and data["articles"]["a"]["starred"]


def test_closed_store_refuses_changes(store):
    store.close()
    assert store.read_only
    with pytest.raises(StateReadOnly):
        store.add_note("a", "late")


def test_daily_backup_and_stale_temps(path):
    store = StateStore.open(path)
    store.add_note("a", "x")
    store.close()
    stale = path.with_name(f".{path.name}.999.deadbeef.tmp")
    stale.write_text("half a file")
    (path.parent / "backups").mkdir()
    stale_backup = path.parent / "backups" / ".state-2025-01-01.json.999.cafe.tmp"
    stale_backup.write_text("half a backup")
    store = StateStore.open(path)
    assert not stale.exists() and not stale_backup.exists()
    assert store.flush()
    store.close()
    backups = list((path.parent / "backups").glob("state-*.json"))
    assert len(backups) == 1
    assert on_disk(backups[0])["notes"]


def test_unusable_folder_opens_the_app_read_only(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = StateStore.open(blocker / "state.json", role="app")
    assert store.read_only and "cannot use this folder" in store.notice
    store.mark_read("a")
    assert store.is_read("a")
    store.close()
    with pytest.raises(StateError):
        StateStore.open(blocker / "state.json", role="writer")


def test_hand_edited_hostile_text_is_sanitised_on_load(path):
    import json

    record = {"article": "a", "text": "ok " + HOSTILE_NOTE, "created": "2025-01-01T00:00:00.000Z"}
    mark = {"article": "a", "exact": "x\x1b[2Jy", "prefix": "\u202e", "suffix": "", "note": "\x1b]52;c;AA==\x07n"}
    path.write_text(json.dumps({"meta": {"schema": {"version": 2}}, "notes": {"n": record}, "annotations": {"h": mark}}))
    store = StateStore.open(path, role="reader")
    text = store.note("n").text + store.annotation("h").exact + store.annotation("h").prefix + store.annotation("h").note
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert store.annotation("h").exact == "xy"


def test_per_article_indexes_follow_changes(store):
    a = store.add_note("x", "one")
    store.add_note("y", "two")
    h = store.annotate("x", TEXT, 0, 3)
    assert store.note_count("x") == 2 and store.note_count("y") == 1 and store.note_count("z") == 0
    store.delete_note(a.id)
    store.delete_annotation(h.id)
    assert store.note_count("x") == 0 and store.notes("x") == [] and store.annotations("x") == []
    store.restore_note(a)
    assert [n.id for n in store.notes("x")] == [a.id]
