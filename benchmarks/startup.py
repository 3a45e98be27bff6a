"""Time from process start to the article list on screen, next to a minimal Textual app.

Each run starts a fresh Python process (headless Textual) and measures, from just before the
process is spawned, until the child reports that the first frame with the list was drawn.
Cases: the bundled seeds, a generated library of 10k articles (files on disk, parsed at start),
the same 10k articles already parsed (unpickled: the UI's share without the parser), and a
minimal Textual app (one Static, one Footer). Prints medians and the ratios.

    python benchmarks/startup.py [--runs 7] [--count 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("READY", flush=True)
        self.exit()

Minimal().run(headless=True)
"""

NEWSREADER = """
import sys
from pathlib import Path
from newsreader.core.ingest.loader import load_paths
from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_list import ArticleList

class Timed(NewsreaderApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.done)

    def done(self):
        assert self.query_one(ArticleList).article_count > 0
        print("READY", flush=True)
        self.workers.cancel_all()
        self.exit()

if sys.argv[1].endswith(".pickle"):  # articles parsed beforehand: the UI's share alone
    import pickle
    articles = pickle.loads(Path(sys.argv[1]).read_bytes())
else:
    articles = load_paths([Path(p) for p in sys.argv[1:]]).articles
Timed(articles, problems=[]).run(headless=True)
"""


def time_child(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError("the child never reported READY")
    proc.wait(timeout=60)
    return elapsed


def generate_library(folder: Path, count: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    for i in range(count):
        text = texts[i % len(texts)]
        lines = text.splitlines()
        # Make every title unique so every article gets its own id.
        for j, line in enumerate(lines):
            if " – " in line:
                lines[j] = line.replace(" – ", f" (no. {i}) – ", 1)
                break
        (folder / f"{i:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CONFIG_HOME": f"{tmp}/config", "XDG_DATA_HOME": f"{tmp}/data"}
        library = Path(tmp) / "library"
        library.mkdir()
        generate_library(library, args.count)
        parsed = Path(tmp) / "library.pickle"
        subprocess.run(
            [sys.executable, "-c",
             "import pickle, sys; from pathlib import Path; from newsreader.core.ingest.loader import load_paths; "
             "Path(sys.argv[2]).write_bytes(pickle.dumps(load_paths([Path(sys.argv[1])]).articles))",
             str(library), str(parsed)],
            check=True, cwd=ROOT,
        )
        cases = {
            "minimal Textual app": (MINIMAL, []),
            "newsreader, seeds": (NEWSREADER, [str(ROOT / "seeds")]),
            f"newsreader, {args.count} articles": (NEWSREADER, [str(library)]),
            f"  the same, pre-parsed": (NEWSREADER, [str(parsed)]),
        }
        results: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # interleaved, so drift hits every case alike
            for name, (code, child_args) in cases.items():
                results[name].append(time_child(code, child_args, env))

    base = statistics.median(results["minimal Textual app"])
    print(f"startup to list on screen, median of {args.runs} runs (python {sys.version.split()[0]})")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"  {name:<28} {median * 1000:8.0f} ms   ratio {median / base:5.2f}   (min {min(times) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
