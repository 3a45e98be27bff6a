"""Signals with an app's own quit: SIGHUP ends the process even when that quit never returns."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from newsreader.core.state.storage import read_state_file

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX signals")

CHILD = textwrap.dedent("""
    import os, signal, sys, time
    from newsreader.core.state import StateStore
    from newsreader.core.state.signals import flush_on_signals
    store = StateStore.open(sys.argv[1], role="app", flag_delay=60, flag_idle=None)
    quits = []
    flush_on_signals(store, then=lambda: quits.append(1), grace=0.5)  # a quit that hangs
    store.toggle_star("a1")
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    time.sleep(3)
    print("still running", len(quits), flush=True)
""")


def _run(tmp_path, name: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "state.json"), name],
                            capture_output=True, text=True, timeout=60)
    return result, time.monotonic() - started


def test_sighup_ends_the_process_after_the_grace_even_if_the_quit_hangs(tmp_path):
    result, took = _run(tmp_path, "SIGHUP")
    assert result.returncode == 129, result.stdout + result.stderr
    assert "still running" not in result.stdout and took < 3
    assert "a1" in str(read_state_file(tmp_path / "state.json"))  # flushed before the end


def test_sigterm_leaves_the_quit_to_the_app(tmp_path):
    result, _ = _run(tmp_path, "SIGTERM")
    assert result.returncode == 0 and result.stdout.strip() == "still running 1", result.stderr
    assert "a1" in str(read_state_file(tmp_path / "state.json"))
