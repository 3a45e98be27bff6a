"""Durability under failure: kill -9 loops, signals, a second instance, concurrent command-line writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsreader.core.state import StateStore
from newsreader.core.state.storage import read_state_file

HERE = Path(__file__).resolve().parent
PORT_CALDER = "9ccb85cfda95b9eb"  # a bundled sample article

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSREADER_DATA_DIR"] = str(data_dir)
    env.pop("PYTHONWARNINGS", None)
    return env


def test_kill_9_loop_loses_no_acknowledged_write(tmp_path):
    """200 kills at random moments while notes, edits and flags are written."""
    result = subprocess.run(
        [sys.executable, str(HERE / "state_crash_driver.py"), str(tmp_path), "200", "20240501"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["kills"] == 200
    assert summary["failures"] == []
    # The kills did land while writes were going on: acknowledged writes, and kills that left
    # a half-written temporary file behind (cleaned up by the next open).
    assert summary["acknowledged_notes"] >= 100
    assert summary["acknowledged_flags"] >= 30
    assert summary["temp_files_seen_after_kills"] >= 1
    assert summary["temp_files_left"] == 0


CHILD = textwrap.dedent("""
    import sys, time
    from newsreader.core.state import StateStore
    from newsreader.core.state.signals import flush_on_signals
    store = StateStore.open(sys.argv[1], role="app", flag_delay=60, flag_idle=None)
    flush_on_signals(store)
    for i in range(50):
        store.mark_read(f"a{i}")
    store.toggle_star("a1")
    print("ready", store.writable, flush=True)
    time.sleep(60)
""")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_signals_flush_batched_flags(tmp_path, name):
    state = tmp_path / "state.json"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(state)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().split() == ["ready", "True"]
        assert not state.exists()  # the flags are still waiting for their batch
        proc.send_signal(getattr(signal, name))
        assert proc.wait(10) == -getattr(signal, name)
    finally:
        proc.kill()
    data, _ = read_state_file(state)
    assert all(data["articles"][f"a{i}"]["read"] for i in range(50))
    assert data["articles"]["a1"]["starred"]


def test_exit_without_close_still_flushes(tmp_path):
    code = (
        "import sys\nfrom newsreader.core.state import StateStore\n"
        "s = StateStore.open(sys.argv[1], flag_delay=60)\ns.mark_read('x')\ns.add_note('x', 'bye')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "state.json")], check=True, timeout=30)
    data, _ = read_state_file(tmp_path / "state.json")
    assert data["articles"]["x"]["read"]
    assert [n["text"] for n in data["notes"].values()] == ["bye"]


def test_second_app_instance_opens_read_only(tmp_path):
    first = StateStore.open(tmp_path / "state.json", role="app")
    first.add_note("a", "mine")
    assert first.flush()
    code = textwrap.dedent("""
        import sys
        from newsreader.core.state import StateStore, StateReadOnly
        s = StateStore.open(sys.argv[1], role="app")
        print(s.writable, s.notice)
        print([n.text for n in s.all_notes()])
        s.mark_read("b")  # session only
        print(s.is_read("b"))
        try:
            s.add_note("a", "lost?")
        except StateReadOnly as exc:
            print("refused", exc)
        s.close()
    """)
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "state.json")],
                         capture_output=True, text=True, timeout=30, check=True).stdout.splitlines()
    assert out[0].startswith("False Another newsreader is open")
    assert out[1] == "['mine']"
    assert out[2] == "True"
    assert out[3].startswith("refused") and "cannot be saved" in out[3]
    first.close()
    data, _ = read_state_file(tmp_path / "state.json")
    assert "b" not in data["articles"]
    assert [n["text"] for n in data["notes"].values()] == ["mine"]


def test_cli_writer_waits_then_fails_clearly_while_the_app_runs(tmp_path):
    app = StateStore.open(tmp_path / "state.json", role="app")
    try:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "newsreader", "mark", PORT_CALDER, "read", "--wait", "0.5"],
            capture_output=True, text=True, timeout=60, env=_env(tmp_path),
        )
        waited = time.monotonic() - started
    finally:
        app.close()
    assert result.returncode == 75
    assert result.stderr.count("\n") == 1
    assert "another newsreader" in result.stderr and "state.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited >= 0.5
    # Once the app has closed, the same command goes through.
    again = subprocess.run([sys.executable, "-m", "newsreader", "mark", PORT_CALDER, "read"],
                           capture_output=True, text=True, timeout=60, env=_env(tmp_path))
    assert again.returncode == 0, again.stderr
    assert StateStore.open(tmp_path / "state.json", role="reader").is_read(PORT_CALDER)


WRITER = textwrap.dedent("""
    import sys
    from newsreader.cli import main
    worker = sys.argv[1]
    for i in range(25):
        code = main(["note", "add", sys.argv[2], f"worker {worker} note {i}", "--wait", "60"])
        if code != 0:
            sys.exit(code)
""")


def test_concurrent_cli_writers_8_by_25(tmp_path):
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(w), PORT_CALDER], env=_env(tmp_path),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for w in range(8)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    store = StateStore.open(tmp_path / "state.json", role="reader")
    texts = sorted(n.text for n in store.notes(PORT_CALDER))
    assert len(texts) == 200
    assert texts == sorted(f"worker {w} note {i}" for w in range(8) for i in range(25))
