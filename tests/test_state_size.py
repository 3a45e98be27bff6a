"""The size cap on the state file: every save rewrites it whole, so it is kept where one write
takes a couple of seconds (benchmarks/state_size.py). A file over the cap is never written over
and can still be exported; a change that would take the file over it is refused."""

from __future__ import annotations

import orjson
import pytest

from newsreader.cli import main
from newsreader.core.state import StateStore, schema, storage
from newsreader.core.state.errors import StateTooLarge
from newsreader.core.state.records import new_id, now_iso
from newsreader.core.state.storage import MAX_STATE_BYTES, dumps, read_state_file, write_atomic

ARTICLE = "00000000000000aa"


def big_state(path, size: int) -> bytes:
    """A valid state file of just over ``size`` bytes: notes of 900,000 characters."""
    data = schema.fresh()
    now = now_iso()
    text = "long note " * 90_000
    while True:
        data["notes"][new_id()] = {"article": ARTICLE, "text": text, "created": now, "updated": now}
        if len(data["notes"]) * len(text) > size:
            break
    raw = dumps(data)
    write_atomic(path, raw)
    return raw


def test_the_cap_is_where_a_write_stays_quick():
    # 240 MB took 35 s and 1.3 GB per CLI write; see benchmarks/RESULTS.md for the figures.
    assert MAX_STATE_BYTES <= 64 * 1024 * 1024


def test_a_file_over_the_cap_is_refused_kept_and_still_exports(tmp_path, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    state = data_dir / "state.json"
    assert MAX_STATE_BYTES <= 64 * 1024 * 1024  # else this test would build a huge file
    raw = big_state(state, MAX_STATE_BYTES)
    limit = f"{MAX_STATE_BYTES / 2**20:.3g} MB"

    assert main(["mark", ARTICLE, "star", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"newsreader: error: {state}: is {len(raw) / 2**20:.1f} MB, over the {limit} limit for a state file"
    assert "nothing will be saved over it" in err[1] and "newsreader export" in err[1]
    with pytest.raises(StateTooLarge):
        StateStore.open(state, role="writer", wait=0)

    app = StateStore.open(state, role="app")  # the app opens read-only and says why
    assert not app.writable and str(state) in app.notice and limit in app.notice
    app.close()

    out = tmp_path / "notes.md"
    assert main(["export", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    assert out.read_text(encoding="utf-8").count("long note long note") >= 30
    assert state.read_bytes() == raw  # never written over
    assert not (data_dir / "backups").exists()  # not copied either


def test_a_change_that_would_take_the_file_over_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "MAX_STATE_BYTES", 2**20)  # 1 MB, to keep the test small
    state = tmp_path / "state.json"
    store = StateStore.open(state, role="writer")
    first = store.add_note(ARTICLE, "first " * 100_000)  # 600 kB
    assert store.flush()
    store.add_note(ARTICLE, "second " * 100_000)  # would make 1.2 MB
    assert not store.close(timeout=60)  # tries once more, then gives up
    assert store.last_error.startswith(f"{state}: could not save changes (the state would be 1.2 MB, over the 1 MB limit")
    on_disk, _ = read_state_file(state)
    assert list(on_disk["notes"]) == [first.id]  # the file holds what was saved before


def test_the_cli_says_in_one_line_when_a_note_would_go_over(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(storage, "MAX_STATE_BYTES", 2**19)  # 512 kB
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    state = data_dir / "state.json"
    data = schema.fresh()
    data["articles"][ARTICLE] = {"read": now_iso()}
    write_atomic(state, orjson.dumps(data))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("x" * 900_000 + "y" * 100_000))
    before = state.read_bytes()
    code = main(["note", "add", ARTICLE, "-", "--data-dir", str(data_dir)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1, err
    assert str(state) in err[0] and "over the 0.5 MB limit for a state file" in err[0]
    assert state.read_bytes() == before
