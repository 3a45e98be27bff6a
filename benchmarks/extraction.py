"""Body-extraction quality on the development page dumps.

Scores the parser's body paragraphs against the gold article bodies: tokens are
lower-cased ``\\w+`` runs, items are 4-token shingles (a multiset), precision and
recall are per document and averaged, F1 is taken from the two averages.

    python benchmarks/extraction.py [--data ../shared/data/extraction-dev] [--worst N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.ingest.loader import load_file

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def score(predicted: str, gold: str) -> tuple[float, float]:
    p, g = shingles(predicted), shingles(gold)
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else (1.0 if not g else 0.0)
    recall = overlap / sum(g.values()) if g else 1.0
    return precision, recall


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=here.parent / "shared" / "data" / "extraction-dev")
    ap.add_argument("--worst", type=int, default=0, help="list the N lowest-scoring documents")
    ap.add_argument("--baseline", action="store_true", help="score the 12+ words line filter")
    args = ap.parse_args(argv)

    gold = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    started = time.perf_counter()
    for doc_id, entry in sorted(gold.items()):
        path = args.data / "textdumps" / f"{doc_id}.txt"
        if args.baseline:
            text = path.read_text(encoding="utf-8")
            body = "\n".join(line for line in text.splitlines() if len(line.split()) >= 12)
        else:
            try:
                article, _ = load_file(path)
                body = article.body
            except InputError as exc:
                print(f"error: {exc}", file=sys.stderr)
                body = ""
        p, r = score(body, entry["articleBody"])
        rows.append((doc_id, p, r))
    elapsed = time.perf_counter() - started
    precision = sum(r[1] for r in rows) / len(rows)
    recall = sum(r[2] for r in rows) / len(rows)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"documents: {len(rows)}  precision: {precision:.3f}  recall: {recall:.3f}  F1: {f1:.3f}")
    print(f"time: {elapsed:.2f} s ({1000 * elapsed / len(rows):.1f} ms per document, read + parse)")
    if args.worst:
        for doc_id, p, r in sorted(rows, key=lambda x: 2 * x[1] * x[2] / (x[1] + x[2] or 1))[: args.worst]:
            print(f"  {doc_id[:16]}  P {p:.2f}  R {r:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
