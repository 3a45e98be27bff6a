"""`newsreader refresh` against the hostile loopback feeds: how long it takes and how much memory.

Serves the routes of ``tests/feed_server.py`` on 127.0.0.1 (slow headers, ``gzip, gzip`` over
1 GB of zeros, ``gzip, gzip, gzip`` over 3 GB, a non-ASCII ETag, 30 good feeds), subscribes a
fresh config folder to them and runs ``newsreader refresh --timeout T`` twice in a child process
(the second run sends the stored validators back). Prints each run's wall time, the child's peak
RSS (``os.wait4``), its exit code and its last lines.

    python benchmarks/hostile_feeds.py [--timeout 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from feed_server import HOSTILE_ETAG, FeedServer, rss

NEWSREADER = [sys.executable, "-m", "newsreader"]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS in KB, exit code and output of one child."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - start, usage.ru_maxrss, proc.returncode, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()

    server = FeedServer()
    good = rss("Good Wire", [{"title": f"Story {i}", "link": f"https://wire.example/{i}",
                              "description": "Text of the story."} for i in range(3)])
    urls = [
        server.route("/slow-headers", slow_headers=2.0),
        server.route("/double-gzip", encodings=("gzip", "gzip"), zeros=1 << 30),
        server.route("/triple-gzip", encodings=("gzip", "gzip", "gzip"), zeros=3 << 30),
        server.route("/etag.xml", good, etag=HOSTILE_ETAG),
    ] + [server.route(f"/good/{i}.xml", good) for i in range(30)]
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, XDG_CONFIG_HOME=f"{tmp}/config", XDG_CACHE_HOME=f"{tmp}/cache",
                       NEWSREADER_DATA_DIR=f"{tmp}/data")
            for url in urls:
                subprocess.run([*NEWSREADER, "feeds", "add", url], env=env, check=True,
                               capture_output=True)
            for attempt in (1, 2):
                wall, rss_kb, code, out = run(
                    [*NEWSREADER, "refresh", "--timeout", str(args.timeout), "--quiet"], env)
                tail = " | ".join(out.strip().splitlines()[-6:])
                print(f"run {attempt}: {wall:.1f} s, peak RSS {rss_kb / 1024:.0f} MB, exit {code}")
                print(f"  {tail}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
