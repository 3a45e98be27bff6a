"""Damaged, hand-edited, old and newer state files: reported with line and column, never written over."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.cli import main
from newsreader.core.state import StateCorrupt, StateError, StateReadOnly, StateStore, schema
from newsreader.core.state import storage as storage_module
from newsreader.core.state.storage import parse_state, read_state_file

DATA = Path(__file__).resolve().parent / "data"
V1 = DATA / "state-v1.json"
PORT_CALDER = "9ccb85cfda95b9eb"


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path))
    return tmp_path / "state.json"


def good_file(path: Path) -> bytes:
    store = StateStore.open(path)
    store.set_tags("a", ["one", "two"])
    store.mark_read("b")
    for i in range(5):
        store.add_note("a", f"note {i} with **Markdown** and “quotes”")
    store.annotate("a", "Some passage of text here.", 5, 12, note="n", tags=["t"])
    store.close()
    return path.read_bytes()


def assert_untouched_by_app(path: Path, raw: bytes) -> StateStore:
    store = StateStore.open(path, role="app")
    assert store.read_only and store.corrupt is not None
    assert str(path) in store.notice and "line" in store.notice
    store.mark_read("z")  # for the session only
    with pytest.raises(StateReadOnly):
        store.add_note("a", "would be lost")
    store.close()
    assert path.read_bytes() == raw
    return store


# -- corruption ------------------------------------------------------------------------


def test_truncated_files_are_reported_and_kept(path):
    raw = good_file(path)
    rng = random.Random(7)
    cuts = {0, 1, len(raw) - 2, *(rng.randrange(1, len(raw) - 2) for _ in range(40))}
    for cut in sorted(cuts):
        damaged = raw[:cut]
        path.write_bytes(damaged)
        with pytest.raises(StateCorrupt) as info:
            StateStore.open(path, role="writer")
        assert info.value.line is not None and info.value.column is not None
        assert path.read_bytes() == damaged
    path.write_bytes(raw[: len(raw) // 2])
    assert_untouched_by_app(path, raw[: len(raw) // 2])


def test_bit_flips_either_load_or_are_reported(path):
    raw = good_file(path)
    rng = random.Random(11)
    reported = 0
    for _ in range(300):
        flipped = bytearray(raw)
        at = rng.randrange(len(flipped))
        flipped[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(flipped))
        try:
            store = StateStore.open(path, role="app")
        except Exception as exc:  # pragma: no cover - the assertion explains
            pytest.fail(f"a bit flip at byte {at} raised {type(exc).__name__}: {exc}")
        if store.corrupt is not None:
            reported += 1
            assert store.corrupt.line is not None
            store.close()
            assert path.read_bytes() == bytes(flipped)
        else:
            store.close()
    assert reported > 100


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{\n  "articles": {\n    "a": {"read": "x"},\n  }\n}\n', 3, 23, "not valid JSON"),
        ('{\n  "notes": {\n    "n": {"text": "unterminated\n  }\n}\n', 3, 32, "not valid JSON"),
        ('{\n  "meta": {"schema": {"version": 2}},\n  "notes": []\n}\n', 3, 3, "table 'notes'"),
        ('{\n  "notes": {\n    "n1": "just text"\n  }\n}\n', 3, 5, "record 'n1'"),
        ("[]\n", 1, 1, "not a JSON object"),
        ("", 1, 1, "empty"),
        ('{"meta": {"x": {"y": 1}}}', 1, 1, "no schema version"),
    ],
)
def test_hand_edited_mistakes_name_line_and_column(path, text, line, column, words):
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StateCorrupt) as info:
        StateStore.open(path, role="writer")
    assert (info.value.line, info.value.column) == (line, column)
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}: line {line}, column {column}: ")
    assert path.read_text(encoding="utf-8") == text


def test_damaged_utf8_is_located(path):
    path.write_bytes(b'{\n  "notes": {"n": {"text": "caf\xc3"}}\n}\n')
    with pytest.raises(StateCorrupt) as info:
        parse_state(path.read_bytes(), path)
    assert (info.value.line, info.value.column) == (2, 31)


def test_corrupt_file_offers_newest_backup_and_restores(path, capsys):
    raw = good_file(path)
    StateStore.open(path).close()  # the day's backup
    backup = path.parent / "backups"
    assert len(list(backup.iterdir())) == 1
    path.write_bytes(raw[:100])
    store = assert_untouched_by_app(path, raw[:100])
    assert store.corrupt.backup is not None and store.corrupt.backup.parent == backup
    assert str(store.corrupt.backup) in store.notice

    assert main(["mark", PORT_CALDER, "read"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: line " in err and "column" in err and "restore-backup" in err
    assert "Traceback" not in err
    assert path.read_bytes() == raw[:100]

    assert main(["restore-backup"]) == 0
    out = capsys.readouterr().out
    assert "restored from" in out
    broken = list(path.parent.glob("state.json.broken-*"))
    assert len(broken) == 1 and broken[0].read_bytes() == raw[:100]  # kept, not deleted
    store = StateStore.open(path)
    assert len(store.notes("a")) == 5
    store.close()
    assert main(["restore-backup"]) == 1  # the file is fine now: needs --force
    assert "--force" in capsys.readouterr().err


def test_corrupt_with_no_backup_says_so(path):
    path.write_text("{oops")
    with pytest.raises(StateCorrupt) as info:
        StateStore.open(path, role="writer")
    assert info.value.backup is None
    assert "No backup" in info.value.advice()


def test_backups_rotate(path):
    from newsreader.core.state.backup import KEEP_DAILY, backups, daily_backup

    for day in range(1, 12):
        daily_backup(path, b'{"meta": {"schema": {"version": 2}}}\n', today=f"2025-01-{day:02d}")
    kept = sorted(p.name for p in backups(path))
    assert len(kept) == KEEP_DAILY
    assert kept[0] == "state-2025-01-05.json" and kept[-1] == "state-2025-01-11.json"


# -- schema versions -------------------------------------------------------------------


def test_migration_from_schema_1(path):
    shutil.copy(V1, path)
    store = StateStore.open(path)
    assert store.writable
    assert "upgraded from schema 1 to 2" in store.notice
    saved = list((path.parent / "backups").glob("state-v1-*.json"))
    assert len(saved) == 1 and saved[0].read_bytes() == V1.read_bytes()
    assert store.is_read(PORT_CALDER) and store.is_starred(PORT_CALDER)
    assert store.read_at(PORT_CALDER).isoformat() == "2024-05-01T10:40:00+00:00"
    assert store.tags(PORT_CALDER) == ("ferries", "strikes")
    assert store.tags("94dd559980fc9778") == ("Jobs", "take-over")
    assert not store.is_read("6d14131e5c5fde46")
    notes = store.notes(PORT_CALDER)
    assert [n.text for n in notes] == ["Union says **no** to the offer."]
    assert notes[0].created == "2024-05-01T10:41:40.000Z" and notes[0].updated == "2024-05-01T11:41:40.000Z"
    assert [n.text for n in store.notes("94dd559980fc9778")] == ["Check the €5bn figure against the filing."]
    store.close()
    data, _ = read_state_file(path)
    assert schema.version_of(data) == schema.CURRENT
    assert set(data["articles"]) == {PORT_CALDER, "94dd559980fc9778"}  # sparse
    assert "6d14131e5c5fde46" not in data["articles"]
    assert data["reading_list"] == {"1": {"note": "a table this version does not know is carried over"}}
    assert data["unmigrated_marks"] == {"4": {"read": True}}  # no article id: kept, not dropped
    again = StateStore.open(path)
    assert again.notice is None  # migrated once
    again.close()


def test_reader_migrates_in_memory_only(path):
    shutil.copy(V1, path)
    store = StateStore.open(path, role="reader")
    assert store.is_starred(PORT_CALDER)
    store.close()
    assert path.read_bytes() == V1.read_bytes()
    assert not (path.parent / "backups").exists()


def test_migrations_are_ordered_and_complete():
    assert sorted(schema.MIGRATIONS) == list(range(1, schema.CURRENT))
    assert schema.version_of(schema.fresh()) == schema.CURRENT


def test_newer_schema_opens_read_only(path, capsys):
    text = '{"meta": {"schema": {"version": 99}}, "articles": {"a": {"read": "2030-01-01T00:00:00.000Z"}}}'
    path.write_text(text)
    store = StateStore.open(path, role="app")
    assert store.read_only and store.corrupt is None
    assert "newer newsreader" in store.notice and "schema 99" in store.notice
    assert store.is_read("a")
    store.close()
    with pytest.raises(StateReadOnly):
        StateStore.open(path, role="writer")
    assert main(["mark", PORT_CALDER, "star"]) == 1
    assert "newer newsreader" in capsys.readouterr().err
    assert path.read_text() == text


# -- the file format -------------------------------------------------------------------

_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=10), st.dictionaries(st.text(max_size=12), st.dictionaries(st.text(max_size=6), _values, max_size=3), max_size=12), max_size=4))
def test_chunked_dumps_is_byte_identical_to_orjson(data):
    old = storage_module.CHUNK
    storage_module.CHUNK = 3  # many chunks even for small tables
    try:
        calls = []
        made = storage_module.dumps(data, lambda: calls.append(1))
    finally:
        storage_module.CHUNK = old
    assert made == orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    assert orjson.loads(made) == data


def test_failed_migration_keeps_the_file_and_opens_the_app_read_only(path, monkeypatch):
    shutil.copy(V1, path)

    def broken(data):
        raise KeyError("surprise")

    monkeypatch.setitem(schema.MIGRATIONS, 1, broken)
    store = StateStore.open(path, role="app")
    assert store.read_only and "could not upgrade the file from schema 1" in store.notice
    store.close()
    with pytest.raises(StateError, match="could not upgrade"):
        StateStore.open(path, role="writer")
    assert path.read_bytes() == V1.read_bytes()


# -- a state file behind a symbolic link (issue 14) -------------------------------------


def test_a_symlinked_state_file_is_written_through_and_stays_a_link(tmp_path, monkeypatch, capsys):
    data, synced = tmp_path / "data", tmp_path / "synced"
    data.mkdir()
    synced.mkdir()
    real = synced / "newsreader-state.json"
    link = data / "state.json"
    link.symlink_to(real)  # dangling at first: the first write creates the target
    store = StateStore.open(link, role="writer")
    store.add_note("a", "first")
    assert store.close()
    assert link.is_symlink() and real.is_file()
    store = StateStore.open(link, role="writer")
    store.add_note("a", "second")
    assert store.close()
    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert sorted(n["text"] for n in orjson.loads(real.read_bytes())["notes"].values()) == ["first", "second"]
    assert not list(data.glob(".state.json.*.tmp")) and not list(synced.glob(".*.tmp"))

    # restore-backup keeps the link too, and the old file is kept beside the real one
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(data))
    real.write_text("{oops")
    assert main(["restore-backup"]) == 0
    capsys.readouterr()
    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert [n["text"] for n in orjson.loads(real.read_bytes())["notes"].values()] == ["first"]
    assert [p.read_text() for p in synced.glob("newsreader-state.json.broken-*")] == ["{oops"]


def test_small_files_are_written_through_a_symbolic_link(tmp_path):
    from newsreader.core.files import write_atomic as write_small

    real = tmp_path / "dotfiles" / "subscriptions.toml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "config" / "subscriptions.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    write_small(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


# -- schema versions and backups that cannot be trusted (issue 14) -----------------------


@pytest.mark.parametrize("version", ["0", "-1", "true", "1.5"])
def test_an_impossible_schema_version_is_reported_without_backups(path, capsys, version):
    text = '{"meta": {"schema": {"version": %s}}, "notes": {}}' % version
    path.write_text(text)
    for _ in range(3):
        with pytest.raises(StateCorrupt, match="no schema version"):
            StateStore.open(path, role="writer")
        assert main(["mark", PORT_CALDER, "star"]) == 1
        err = capsys.readouterr().err
        assert "no schema version" in err and "internal error" not in err
    store = StateStore.open(path, role="app")
    assert store.read_only and store.corrupt is not None
    store.close()
    assert path.read_text() == text
    assert not (path.parent / "backups").exists() or not list((path.parent / "backups").iterdir())


def test_a_migration_tried_again_does_not_rotate_real_backups_out(path, monkeypatch):
    folder = path.parent / "backups"
    folder.mkdir()
    real = [folder / f"state-v1-2025010{d}T000000.json" for d in (1, 2, 3)]
    for n, backup in enumerate(real):
        backup.write_text(f'{{"n": {{"{n}": {{}}}}}}')
    shutil.copy(V1, path)
    monkeypatch.setitem(schema.MIGRATIONS, 1, lambda data: (_ for _ in ()).throw(KeyError("surprise")))
    for _ in range(4):
        with pytest.raises(StateError, match="could not upgrade"):
            StateStore.open(path, role="writer")
    made = sorted(p.name for p in folder.iterdir())
    assert len(made) == 3 and real[1].name in made and real[2].name in made  # one copy made, once
    assert path.read_bytes() == V1.read_bytes()


def test_future_dated_daily_backups_do_not_push_out_todays(path):
    from newsreader.core.state.backup import KEEP_DAILY, daily_backup

    folder = path.parent / "backups"
    folder.mkdir()
    future = [f"state-2099-01-{d:02d}.json" for d in range(1, KEEP_DAILY + 1)]  # the clock was set ahead once
    for name in future:
        (folder / name).write_text("{}")
    made = daily_backup(path, b'{"meta": {"schema": {"version": 2}}}\n', today="2026-12-03")
    assert made is not None and made.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["state-2026-12-03.json", *future]
    for day in range(4, 4 + KEEP_DAILY + 2):
        daily_backup(path, b"{}\n", today=f"2026-12-{day:02d}")
    past = sorted(p.name for p in folder.iterdir() if not p.name.startswith("state-2099"))
    assert len(past) == KEEP_DAILY and past[-1] == f"state-2026-12-{3 + KEEP_DAILY + 2:02d}.json"


def test_restore_backup_says_what_the_backup_lacks_before_replacing(path, capsys):
    store = StateStore.open(path, role="writer")
    for i in range(3):
        store.add_note("a", f"kept {i}")
    assert store.close()
    StateStore.open(path, role="writer").close()  # nothing new; the day's backup exists already
    store = StateStore.open(path, role="writer")
    store.annotate("a", "Some passage of text here.", 5, 12)
    store.add_note("a", "written since the backup")
    assert store.close()
    (backup,) = (path.parent / "backups").iterdir()
    before = path.read_bytes()

    assert main(["restore-backup"]) == 1
    err = capsys.readouterr().err
    assert str(backup) in err and "saved " in err
    assert "has 3 notes and 0 highlights" in err and "has 4 notes and 1 highlight," in err
    assert "1 note and 1 highlight are not in the backup" in err and "--force" in err
    assert path.read_bytes() == before

    assert main(["restore-backup", "--force"]) == 0
    captured = capsys.readouterr()
    assert "1 note and 1 highlight are not in the backup" in captured.out and "restored from" in captured.out
    assert len(StateStore.open(path, role="reader").notes("a")) == 3
