"""Quitting the real app while a refresh is stuck: the process ends within 3 s of ``q``.

The app runs in a pseudo-terminal (``python -m newsreader``); its refresh fetches a feed from
the loopback test server that sends its headers one byte at a time, so without cancelling the
fetch would run on for its whole deadline (60 s at the default timeout) and the process would
wait for it. A second test makes the refresh worker a thread that nothing can stop: the
process must end all the same, after the state is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest
from feed_server import FeedServer
from test_e2e_pty import Terminal

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pseudo-terminal")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The app, with the refresh replaced by a worker that ignores every request to stop.
STUCK = textwrap.dedent("""
    import sys, threading
    import newsreader.core.feeds.refresh as refresh
    def stuck(*args, **kwargs):
        threading.Event().wait()  # for ever, whatever should_stop says
    refresh.refresh_feeds = stuck
    from newsreader.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.fixture
def server():
    srv = FeedServer().start()
    yield srv
    srv.stop()


def _env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "NEWSREADER_DATA_DIR", "COLORTERM")
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(tmp_path / "xdg-data"), NO_PROXY="127.0.0.1",
               XDG_CONFIG_HOME=str(tmp_path / "xdg-config"), XDG_CACHE_HOME=str(tmp_path / "xdg-cache"))
    return env


def _quit_during_refresh(tmp_path, argv: list[str], url: str) -> tuple[float, int, str]:
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-m", "newsreader", "feeds", "add", url], env=env, check=True,
                   capture_output=True, timeout=60)
    term = Terminal(argv + [os.path.join(ROOT, "seeds"), "--data-dir", str(tmp_path / "data")], env)
    try:
        term.wait_for("Articles", 60)
        term.settle()
        term.send("s")  # a star: a change the state file must hold when the process is gone
        term.send("r")
        term.wait_for("Refreshing", 20)
        time.sleep(1.0)  # the fetch is under way, reading the headers byte by byte
        started = time.monotonic()
        term.send("q", 0)
        try:
            code = term.proc.wait(10)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - started
        return took, code, term.text()
    finally:
        term.close()


def _starred(tmp_path) -> str:
    from newsreader.core.state.storage import read_state_file

    return str(read_state_file(tmp_path / "data" / "state.json"))


def test_quitting_cancels_a_refresh_stuck_on_slow_headers(server, tmp_path):
    url = server.route("/slow-headers", slow_headers=0.2)
    took, code, text = _quit_during_refresh(tmp_path, [sys.executable, "-m", "newsreader"], url)
    assert code == 0 and took < 3, (took, code, text[-500:])  # before: still running after ctrl+c and 60 s more
    assert "starred" in _starred(tmp_path)


def test_the_process_ends_after_quit_even_when_a_worker_cannot_be_stopped(server, tmp_path):
    url = server.route("/slow-headers", slow_headers=0.2)
    took, code, text = _quit_during_refresh(tmp_path, [sys.executable, "-c", STUCK], url)
    assert code == 0 and took < 3, (took, code, text[-500:])
    assert "starred" in _starred(tmp_path)


def test_ctrl_c_ends_a_command_line_refresh_stuck_on_slow_headers(server, tmp_path):
    import signal

    env = _env(tmp_path)
    url = server.route("/slow-headers", slow_headers=0.2)
    subprocess.run([sys.executable, "-m", "newsreader", "feeds", "add", url], env=env, check=True,
                   capture_output=True, timeout=60)
    proc = subprocess.Popen([sys.executable, "-m", "newsreader", "refresh", "--timeout", "20"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not server.hits["/slow-headers"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.hits["/slow-headers"], "the refresh never asked for the feed"
        time.sleep(0.5)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(10)
        except subprocess.TimeoutExpired:
            code = None
        assert code == 130 and time.monotonic() - started < 3  # before: still fetching 20 s later
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
