"""End to end in a pseudo-terminal: ``python -m newsreader`` over the hostile corpus, keys sent,
every byte it writes recorded and checked. Any escape sequence that is not one Textual sends
itself, any control character, or article text inside a sequence fails the test."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest
from hostile import EMPTY_NAME, MARKERS, write_corpus
from terminal_bytes import problems, tokens

from newsreader.core.sanitize import visible

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pseudo-terminal")

ROWS, COLS = 45, 150


class Terminal:
    """A child process on a pseudo-terminal, with everything it writes kept in ``output``."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the child side closed
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def text(self) -> str:
        """What was written so far, without escape sequences (to look for words on screen)."""
        with self._lock:
            data = bytes(self.output)
        return "".join(piece for kind, piece in tokens(data.decode("utf-8", "replace")) if kind == "text")

    def wait_for(self, needle: str | tuple[str, ...], timeout: float = 60.0, *, after: int = 0) -> None:
        """Wait until ``needle`` (or one of them) is on screen."""
        needles = (needle,) if isinstance(needle, str) else needle
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()[after:]
            if any(n in shown for n in needles):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never appeared; last output: {self.text()[-2000:]!r}")

    def send(self, keys: str | bytes, pause: float = 0.15) -> None:
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)
        time.sleep(pause)

    def settle(self, quiet: float = 0.4, timeout: float = 20.0) -> None:
        """Wait until nothing has been written for ``quiet`` seconds: the last key was handled
        (so an ESC is never read together with the next key as alt+key)."""
        deadline = time.monotonic() + timeout
        size, since = len(self.output), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if len(self.output) != size:
                size, since = len(self.output), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def quit(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.send("\x11", 0)  # ctrl+q, again until it is seen
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                pass

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self._reader.join(5)
        os.close(self.master)


def test_the_real_app_over_the_hostile_corpus_writes_only_textual_sequences(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, big=False)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NEWSREADER_DATA_DIR", "COLORTERM")}
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg-config"), XDG_CACHE_HOME=str(tmp_path / "xdg-cache"))
    term = Terminal([sys.executable, "-m", "newsreader", str(corpus), "--data-dir", str(tmp_path / "data")], env)
    try:
        deadline = time.monotonic() + 60
        while b"\x1b[?1049h" not in term.output and time.monotonic() < deadline:  # the app took the screen
            time.sleep(0.1)
        term.wait_for(("Storm", "Wire", "Atom"))  # article titles from the corpus are on screen
        term.settle()
        for _ in range(12):
            term.send("j")
        term.send("\r", 0.5)  # open the article: the reader has focus
        term.send(" ")
        term.send("\t")  # the notes pane
        term.send("\t")  # back to the list
        for _ in range(6):
            term.send("j")
        term.send("x")  # removed text shown
        term.settle()
        term.send("/", 0.5)
        term.settle()
        mark = len(term.text())
        term.send("click", 0.5)
        term.wait_for("click", 30, after=mark)
        term.settle()
        term.send("\x1b")
        term.settle()
        term.send("?")
        term.settle()
        term.send("\x1b")
        term.settle()
        term.quit()
    finally:
        term.close()
    assert term.proc.returncode == 0, term.text()[-2000:]
    output = bytes(term.output)
    found = problems(output, MARKERS)
    assert not found, found[:10]
    # The file named with a title-setting sequence is named in a problem (on standard error or
    # in a notification): only ever escaped.
    assert visible(EMPTY_NAME).encode() in output or b"empty.txt" not in output
    assert b"\x1b]52" not in output and b"\x1b]0;" not in output and b"\x1bP" not in output


@pytest.mark.parametrize("bad", [
    b"\x1b]52;c;SGVsbG8=\x07", b"\x1b]0;title\x07", b"\x1b]8;;https://evil.example/\x1b\\x\x1b]8;;\x1b\\",
    b"\x1bPq#0\x1b\\", "\x9b2J".encode(), b"\x9b2J", b"\x07", b"\x1bc", b"\x1b[?9h", b"\x1b[2;1t",
    "\u202eevil".encode(),
])
def test_the_checker_refuses_what_textual_never_sends(bad):
    assert problems(b"\x1b[1;1H\x1b[38;5;12mok" + bad + b"\x1b[0m")


def test_the_checker_passes_textual_output_and_finds_markers_in_allowed_sequences():
    assert not problems(b"\x1b[?1049h\x1b[?25l\x1b[?1004h\x1b[1;1H\x1b[38;2;1;2;3;48;5;4mHello\x1b[0m\r\n\x1b[?1049l")
    assert problems(b"\x1b[?1049h\x1b]22;HOSTILECLIP\x07", ("HOSTILECLIP",))
