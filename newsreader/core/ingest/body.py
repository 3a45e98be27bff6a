"""Finding the article body among the lines of a scraped page.

Each line gets a score: prose-like lines count for their length, short,
headline-like and furniture lines count against. The body is the run of
lines with the highest total (a maximum-sum segment), from which furniture
is then dropped. This needs no per-site rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsreader.core.ingest.boilerplate import ends_article, is_boilerplate

__all__ = ["LineInfo", "line_info", "select_body"]

_WORD = re.compile(r"\w+")
# Scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_SENTENCE_END = re.compile(r"[.!?;:…。！？»”\"'’)\]]\s*$")
# An end marker ("Related", "Comments") only ends a body that has begun in earnest.
_MIN_BODY_WORDS = 80
_URL_ONLY = re.compile(r"^\S+://\S+$|^www\.\S+$")


@dataclass(frozen=True, slots=True)
class LineInfo:
    text: str
    words: float
    sentence_end: bool
    capitalised: float
    furniture: bool


def _weight(text: str) -> float:
    """Length in words; unspaced scripts count a word per two characters."""
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_WORD.findall(_UNSPACED.sub(" ", text)))
    return spaced + unspaced / 2


def line_info(text: str) -> LineInfo:
    words = [w for w in text.split() if _WORD.search(w)]
    caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return LineInfo(
        text=text,
        words=_weight(text),
        sentence_end=bool(_SENTENCE_END.search(text)),
        capitalised=caps / len(words) if words else 1.0,
        furniture=is_boilerplate(text) or bool(_URL_ONLY.match(text.strip())),
    )


def _is_prose(info: LineInfo) -> bool:
    if info.furniture:
        return False
    if info.words >= 12 and (info.capitalised < 0.6 or info.words >= 30):
        return True
    return info.words >= 7 and info.sentence_end and info.capitalised < 0.5


def _score(info: LineInfo) -> float:
    if info.furniture:
        return -6.0
    if _is_prose(info):
        return info.words
    if info.sentence_end and info.words >= 3 and info.capitalised < 0.6:
        return 0.5
    return -2.0 - min(info.words, 10) * 0.3


def select_body(lines: list[str]) -> tuple[list[int], list[int]]:
    """Split line indexes into (body, removed) for the non-empty ``lines``."""
    infos = [line_info(line) for line in lines]
    best_sum, best = float("-inf"), (0, -1)
    run_sum, run_start = 0.0, 0
    for i, info in enumerate(infos):
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += _score(info)
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i)
    start, end = best
    body: list[int] = []
    body_words = 0.0
    for i in range(start, end + 1):
        info = infos[i]
        if body_words >= _MIN_BODY_WORDS and ends_article(info.text):
            break
        if info.furniture:
            continue
        body.append(i)
        body_words += info.words
    body_set = set(body)
    removed = [i for i in range(len(lines)) if i not in body_set]
    return body, removed
