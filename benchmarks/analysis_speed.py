"""Speed of the whole built-in analysis (entities, figures, quotes) on news text.

Reports MB/s and the ratio of analysis time to a bare ``re.findall(r"\\w+")`` pass
over the same text in the same process (the median of five such passes: one pass takes
only about 70 ms, so a single one varies too much to divide by).

    python benchmarks/analysis_speed.py [--mb 3] [--data ../shared/data/extraction-dev]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from newsreader.core.analysis.engine import get_engine


def corpus(data: Path, megabytes: float) -> list[str]:
    """Gold article bodies, repeated until there are ``megabytes`` of text, as documents."""
    bodies = [e["articleBody"] for e in json.loads((data / "ground-truth.json").read_text("utf-8")).values()]
    docs: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for body in bodies:
            docs.append(body)
            size += len(body.encode("utf-8"))
    return docs


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=here.parent / "shared" / "data" / "extraction-dev")
    ap.add_argument("--mb", type=float, default=3.0)
    args = ap.parse_args(argv)

    docs = corpus(args.data, args.mb)
    size = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    engine = get_engine("builtin")
    engine.analyze(docs[0])  # load gazetteers before timing

    passes = []
    for _ in range(5):
        started = time.perf_counter()
        for doc in docs:
            re.findall(r"\w+", doc)
        passes.append(time.perf_counter() - started)
    bare = statistics.median(passes)

    started = time.perf_counter()
    spans = sum(len(engine.analyze(doc)) for doc in docs)
    full = time.perf_counter() - started

    print(f"text: {size:.2f} MB in {len(docs)} documents, {spans} spans")
    print(f"analysis: {full:.2f} s = {size / full:.2f} MB/s")
    print(f"bare \\w+ findall: {bare:.3f} s; ratio {full / bare:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
