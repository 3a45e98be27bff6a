"""``newsreader opml import`` on large and deeply nested OPML files.

Writes an OPML file with N feed outlines (flat, in folders of 50) or one chain of N nested
folders with a feed at the bottom, then runs ``newsreader opml import`` on it in a child
process with a fresh config folder and prints the wall time and peak RSS.

    python benchmarks/opml_import.py [--outlines 2000 8000 100000] [--nested 5000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr


def flat(n: int) -> str:
    rows = []
    for i in range(n):
        if i % 50 == 0:
            if i:
                rows.append("</outline>")
            rows.append(f'<outline text="folder {i // 50}">')
        # every tenth feed repeats an earlier one with a differently spelt address
        url = f"https://Feeds{(i - 5) % n}.example.org:443/rss/" if i % 10 == 9 else f"https://feeds{i}.example.org/rss"
        rows.append(f'<outline type="rss" text="Feed {i}" xmlUrl={quoteattr(url)}/>')
    rows.append("</outline>")
    return '<?xml version="1.0"?>\n<opml version="2.0"><head/><body>\n' + "\n".join(rows) + "\n</body></opml>\n"


def nested(depth: int) -> str:
    head = "".join(f'<outline text="f{i}">' for i in range(depth))
    feed = '<outline type="rss" text="deep" xmlUrl="https://deep.example.org/rss"/>'
    return ('<?xml version="1.0"?>\n<opml version="2.0"><head/><body>'
            + head + feed + "</outline>" * depth + "</body></opml>\n")


def run(text: str, label: str, timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp, "subs.opml")
        file.write_text(text, encoding="utf-8")
        env = dict(os.environ, XDG_CONFIG_HOME=str(Path(tmp, "config")),
                   NEWSREADER_DATA_DIR=str(Path(tmp, "data")))
        start = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            proc = subprocess.Popen([sys.executable, "-m", "newsreader", "opml", "import", str(file)],
                                    env=env, stdout=out, stderr=subprocess.STDOUT)
            while True:  # os.wait4: this child's own peak RSS
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() - start > timeout:
                    proc.kill()
                    os.wait4(proc.pid, 0)
                    print(f"{label:>28}: over {timeout:.0f} s (stopped)", flush=True)
                    return
                time.sleep(0.02)
            elapsed = time.perf_counter() - start
            out.seek(0)
            lines = out.read().decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else ""
        code = os.waitstatus_to_exitcode(status)
        print(f"{label:>28}: {elapsed:7.2f} s, peak RSS {usage.ru_maxrss / 1024:6.0f} MB, exit {code}: {last[:90]}",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlines", type=int, nargs="*", default=[2000, 8000, 100000])
    parser.add_argument("--nested", type=int, nargs="*", default=[5000])
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    for n in args.outlines:
        run(flat(n), f"{n} outlines", args.timeout)
    for depth in args.nested:
        run(nested(depth), f"{depth} nested folders", args.timeout)


if __name__ == "__main__":
    main()
