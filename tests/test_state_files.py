"""Damaged, hand-edited, old and newer state files: reported with line and column, never written over."""

from __future__ import annotations

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
