"""Entity recogniser: accuracy on the ner-dev set, the seed gold check, and speed.

    python benchmarks/entities.py            # P/R/F1 per label, typed and untyped
    python benchmarks/entities.py --speed    # MB/s and the ratio to re.findall(r"\\w+")
    python benchmarks/entities.py --errors --half A   # also list false positives and misses
    python benchmarks/entities.py --news --sample 100 # entities found in general news, to review by hand

Besides the whole set, the scores are given for two fixed halves of the documents (by a
hash of the document id): develop by looking at the errors of half A only, and check that
half B moves the same way.

Data: ../shared/data (relative to the project root). Gold types map Person->PERSON,
Organisation->ORG, Location->PLACE, Nationality->GROUP; other types are ignored, and
gold spans starting with a lower-case letter (generic mentions) are dropped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from newsreader.core.analysis.entities import find_entities  # noqa: E402
from newsreader.core.analysis.spans import ENTITY_LABELS  # noqa: E402

TYPES = {"Person": "PERSON", "Organisation": "ORG", "Location": "PLACE", "Nationality": "GROUP"}
SEED = ROOT / "seeds" / "000_966db0fa02a41666.txt"


def half(doc_id: str) -> str:
    """"A" or "B": a fixed split of the documents by a hash of their id."""
    return "AB"[hashlib.sha1(doc_id.encode()).digest()[0] % 2]


def load_dev(which: str = "all") -> list[tuple[str, dict[tuple[int, int], set[str]]]]:
    """(text, {(start, end): labels}) for every ner-dev document of half ``which``."""
    docs = []
    for subset in sorted((DATA / "ner-dev").iterdir()):
        if not subset.is_dir():
            continue
        texts = {}
        for line in (subset / "documents.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                texts[doc["_id"]] = doc["text"]
        gold: dict[str, dict[tuple[int, int], set[str]]] = defaultdict(lambda: defaultdict(set))
        for line in (subset / "entities.json").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            ent = json.loads(line)
            label = TYPES.get(ent["type"])
            text = texts.get(ent["documentId"], "")
            if label and text[ent["begin"] : ent["begin"] + 1][:1].isupper():
                gold[ent["documentId"]][(ent["begin"], ent["end"])].add(label)
        docs += [(text, dict(gold[doc_id])) for doc_id, text in texts.items() if which in ("all", half(doc_id))]
    return docs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(which: str, show_errors: bool) -> None:
    counts = Counter()
    errors: list[str] = []
    for text, gold in load_dev(which):
        pred = {(s.start, s.end): s.label for s in find_entities(text)}
        for (start, end), label in pred.items():
            hit = label in gold.get((start, end), ())
            counts["pred", label] += 1
            counts["tp", label] += hit
            counts["tp_untyped"] += (start, end) in gold
            if show_errors and not hit:
                kind = "WRONG-TYPE" if (start, end) in gold else "FP"
                errors.append(f"{kind} {label} {text[start:end]!r} gold={sorted(gold.get((start, end), []))}")
        for (start, end), labels in gold.items():
            for label in labels:
                counts["gold", label] += 1
            if show_errors and pred.get((start, end)) not in labels:
                errors.append(f"MISS {sorted(labels)} {text[start:end]!r}")
        counts["gold_spans"] += len(gold)
        counts["pred_spans"] += len(pred)
    print(f"documents: {which}" + ("" if which == "all" else f" (half {which})"))
    print("typed (exact start, end, label)")
    for label in ENTITY_LABELS:
        p, r, f = prf(counts["tp", label], counts["pred", label], counts["gold", label])
        sizes = f"pred {counts['pred', label]}, gold {counts['gold', label]}"
        print(f"  {label:7} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({sizes})")
    tp = sum(counts["tp", label] for label in ENTITY_LABELS)
    p, r, f = prf(tp, counts["pred_spans"], counts["gold_spans"])
    print(f"  overall P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    p, r, f = prf(counts["tp_untyped"], counts["pred_spans"], counts["gold_spans"])
    print(f"untyped (exact spans)  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    for line in errors:
        print("  ", line)


def seed_check() -> bool:
    from newsreader.core.analysis.document import article_blocks
    from newsreader.core.ingest.loader import load_file

    gold = json.loads((DATA / "seed-article.gold.json").read_text(encoding="utf-8"))
    article, _ = load_file(SEED)
    text, _ = article_blocks(article)
    spans = find_entities(text)
    found = {(s.text, s.label) for s in spans}
    aliases = {(s.text, s.canonical) for s in spans}
    problems = [f"missing {t!r} {lab}" for t, lab in gold["entities_in_body_must"] if (t, lab) not in found]
    problems += [f"alias {t!r} -> {c!r} missing" for t, c in gold["entity_aliases_must"] if (t, c) not in aliases]
    problems += [f"not an entity: {t!r}" for t in gold["not_entities_must_not"] if any(s.text == t for s in spans)]
    print("seed check:", "PASS" if not problems else "FAIL")
    for problem in problems:
        print("  ", problem)
    return not problems


def speed(megabytes: float) -> None:
    bodies = json.loads((DATA / "extraction-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    sample = "\n\n".join(v["articleBody"] for v in bodies.values())
    text = sample * max(1, round(megabytes * 1e6 / len(sample)))
    find_entities(text[:1000])  # load the gazetteer outside the timing
    baseline = _best_of(lambda: re.findall(r"\w+", text))
    ours = _best_of(lambda: find_entities(text), repeat=2)
    size = len(text.encode("utf-8")) / 1e6
    print(f"speed: {size:.1f} MB, findall {baseline:.3f}s, entities {ours:.3f}s "
          f"({size / ours:.2f} MB/s), ratio {ours / baseline:.1f}x")


def news(sample: int, seed: int) -> None:
    """Every entity found in the English bodies of extraction-dev (real pages of many outlets,
    no entity gold) with its context, or a random sample of them: to review by hand."""
    import random

    bodies = json.loads((DATA / "extraction-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    for doc_id, entry in sorted(bodies.items()):
        text = entry["articleBody"]
        if len(re.findall(r"\b(?:the|and|of|to|in)\b", text)) < 0.03 * len(text.split()):
            continue  # not English
        for s in find_entities(text):
            context = f"{text[max(0, s.start - 60):s.start]}[[{s.text}]]{text[s.end:s.end + 40]}"
            rows.append((doc_id, s.label, s.text, " ".join(context.split())))
    docs = len({row[0] for row in rows})
    print(f"news: {len(rows)} entities in {docs} English extraction-dev bodies")
    if sample:
        rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    for n, (_, label, name, context) in enumerate(rows):
        print(f"{n:4} {label:6} {name!r} | {context}")


def _best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="measure throughput only")
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    parser.add_argument("--half", choices=("A", "B"), help="score only this half of the documents")
    parser.add_argument("--news", action="store_true", help="list the entities found in extraction-dev bodies")
    parser.add_argument("--sample", type=int, default=0, help="with --news: a random sample of this many")
    parser.add_argument("--seed", type=int, default=7, help="with --sample: the random seed")
    args = parser.parse_args()
    if args.speed:
        speed(args.megabytes)
        return
    if args.news:
        news(args.sample, args.seed)
        return
    for which in [args.half] if args.half else ["all", "A", "B"]:
        score(which, args.errors)
    seed_check()


if __name__ == "__main__":
    main()
