"""``newsreader opml import`` on large and deeply nested OPML files.

Writes an OPML file with N feed outlines (flat, in folders of 50) or one chain of N nested
folders with a feed at the bottom, then runs ``newsreader opml import`` on it in a child
process with a fresh config folder and prints the wall time and peak RSS.

    python benchmarks/opml_import.py [--outlines 2000 8000 100000] [--nested 5000]
"""

from __future__ import annotations

import argparse
import os
import resource
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
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "newsreader", "opml", "import", str(file)],
                                  env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"{label:>28}: over {timeout:.0f} s (stopped)")
            return
        elapsed = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        last = (proc.stdout.strip().splitlines() or proc.stderr.strip().splitlines() or [""])[-1]
        print(f"{label:>28}: {elapsed:7.2f} s, peak RSS {max(rss, before) / 1024:6.0f} MB, exit {proc.returncode}: {last[:90]}")


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
