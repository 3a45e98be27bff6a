"""Finding the article body among the lines of a scraped page.

Each line gets a score: prose-like lines count for their length; short,
headline-like, furniture and time-stamp lines count against. Lines that recur
on the page are furniture (menus, share bars, teasers shown twice). The body is
the run of lines with the highest total (a maximum-sum segment) before the
first hard end marker ("Comments", "Leave a reply"); soft markers ("Related")
only cost, so a widget inside the article does not cut it short. A prose line
with no prose neighbour (a teaser between headlines and dates) counts half.
The run is extended over a list that closes the article (tour dates, results),
then furniture and long restatements of earlier lines are dropped from it.
This needs no per-site rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from newsreader.core.ingest.boilerplate import ends_article, is_boilerplate, is_soft_end
from newsreader.core.ingest.datelines import is_dateline

__all__ = ["LineInfo", "line_info", "select_body"]

_WORD = re.compile(r"\w+")
# Scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_SENTENCE_END = re.compile(r"[.!?;:…。！？»”\"'’]\s*$|[.!?…。！？][\"'’”»)\]]\s*$")
_URL_ONLY = re.compile(r"^\S+://\S+$|^www\.\S+$")
# "3 hours ago", "vor 2 Stunden", "2 часа назад", "3小时前", "2시간 전": relative time stamps.
_RELATIVE_TIME = re.compile(
    r"^(?:updated\s+|posted\s+|vor\s+|il y a\s+|hace\s+)?\d+\s*"
    r"(?:[smhd]|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?|"
    r"stunden?|tagen?|minuten?|heures?|jours?|horas?|d[ií]as?|"
    r"минут\w*|час\w*|дн\w*|分钟|小时|天|分|時間|日|분|시간|일)\s*"
    r"(?:ago|назад|前|전)?\b.{0,20}$",
    re.I,
)

_FURNITURE_SCORE = -8.0
_STAMP_SCORE = -15.0
_SOFT_END_SCORE = -25.0
# The share of its score a prose line keeps when it has no prose neighbour.
_ISOLATED = 0.5
# Lines this long or longer are kept at their first appearance even when repeated.
_LONG_REPEAT = 12
# A hard end marker ("Comments") only ends a page whose prose has begun in earnest.
_MIN_BODY_WORDS = 80
# A line whose word 4-grams are more than this share repeats of earlier body text is dropped.
_SHINGLE = 4
_RESTATED = 0.6
_MIN_RESTATED = 25
# Lists that close an article: at least this many lines of at most this many words each.
_MIN_LIST = 3
_LIST_WORDS = 15


@dataclass(frozen=True, slots=True)
class LineInfo:
    text: str
    words: float
    sentence_end: bool
    capitalised: float
    furniture: bool
    stamp: bool = False


def _weight(text: str) -> float:
    """Length in words; unspaced scripts count a word per two characters."""
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_WORD.findall(_UNSPACED.sub(" ", text)))
    return spaced + unspaced / 2


def _is_stamp(text: str, words: float) -> bool:
    """A short line that is only a date or time: list and comment furniture when not in the header."""
    if words > 14:
        return False
    return bool(_RELATIVE_TIME.match(text)) or is_dateline(text)


def line_info(text: str) -> LineInfo:
    words = [w for w in text.split() if _WORD.search(w)]
    caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    weight = _weight(text)
    return LineInfo(
        text=text,
        words=weight,
        sentence_end=bool(_SENTENCE_END.search(text)),
        capitalised=caps / len(words) if words else 1.0,
        furniture=is_boilerplate(text) or bool(_URL_ONLY.match(text.strip())),
        stamp=_is_stamp(text.strip(), weight),
    )


def _is_prose(info: LineInfo) -> bool:
    if info.furniture or info.stamp:
        return False
    if info.words >= 25 and info.capitalised < 0.75:
        return True
    if info.words >= 12 and info.sentence_end and info.capitalised < 0.6:
        return True
    return info.words >= 7 and info.sentence_end and info.capitalised < 0.5


def _score(info: LineInfo) -> float:
    if info.stamp:
        return _STAMP_SCORE
    if info.furniture:
        return _FURNITURE_SCORE
    if _is_prose(info):
        return info.words
    if info.sentence_end and info.words >= 3 and info.capitalised < 0.6:
        return 0.5
    return -2.0 - min(info.words, 10) * 0.3


def _mark_repeats(infos: list[LineInfo]) -> list[LineInfo]:
    """Lines that recur on the page are furniture; a long one keeps its first appearance."""
    counts = Counter(info.text.casefold() for info in infos)
    seen: set[str] = set()
    out = []
    for info in infos:
        key = info.text.casefold()
        if counts[key] > 1 and (info.words < _LONG_REPEAT or key in seen):
            info = replace(info, furniture=True)
        seen.add(key)
        out.append(info)
    return out


def _isolated(infos: list[LineInfo], i: int) -> bool:
    """True when neither neighbour of line ``i`` is prose; ads and share links are looked through."""

    def prose_at(step: int) -> bool:
        j = i + step
        while 0 <= j < len(infos) and is_boilerplate(infos[j].text):
            j += step
        return 0 <= j < len(infos) and _is_prose(infos[j])

    return not prose_at(-1) and not prose_at(1)


def _line_scores(infos: list[LineInfo]) -> list[float]:
    """Scores for the segment search; the page ends at the first hard end marker after the body began.

    A prose line between non-prose lines (a teaser between headlines and dates) counts half.
    """
    scores: list[float] = []
    prose_words = 0.0
    for i, info in enumerate(infos):
        if ends_article(info.text) and prose_words >= _MIN_BODY_WORDS:
            break
        score = _SOFT_END_SCORE if is_soft_end(info.text) else _score(info)
        if score > 0 and _isolated(infos, i):
            score *= _ISOLATED
        prose_words += max(score, 0.0)
        scores.append(score)
    return scores


def _best_segment(scores: list[float]) -> tuple[int, int]:
    """(start, end) of the maximum-sum run of lines."""
    best_sum, best = float("-inf"), (0, -1)
    run_sum, run_start = 0.0, 0
    for i, score in enumerate(scores):
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += score
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i)
    return best


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = _WORD.findall(text.casefold())
    return {tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)}


def _drop_restatements(lines: list[str], body: list[int]) -> list[int]:
    """Drop long body lines that mostly repeat earlier body lines (the whole text run together again)."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for i in body:
        shingles = _shingles(lines[i])
        if len(shingles) >= _MIN_RESTATED and len(shingles & seen) > _RESTATED * len(shingles):
            continue
        seen |= shingles
        kept.append(i)
    return kept


def _skeleton(text: str) -> str:
    """The punctuation of a line, its shape: "June 9 -- Arena (Tampa), FL" -> "--,"."""
    return re.sub(r"[\w\s()\[\]\"'“”‘’.]+", "", text)


def _list_after(infos: list[LineInfo], end: int) -> int:
    """The last line of a list that closes the article (tour dates, results), or ``end`` when there is none.

    A list is at least ``_MIN_LIST`` short lines of one punctuation shape, after an optional
    heading; one odd line inside it is tolerated.
    """

    def item(j: int, shape: str) -> bool:
        info = infos[j] if j < len(infos) else None
        return bool(info) and not (info.furniture or info.stamp) and info.words <= _LIST_WORDS and (
            shape == "" or _skeleton(info.text) == shape
        )

    for first in (end + 1, end + 2):
        if not item(first, "") or (first == end + 2 and not item(end + 1, "")):
            return end
        shape = _skeleton(infos[first].text)
        last = first
        while item(last + 1, shape) or (item(last + 1, "") and item(last + 2, shape)):
            last += 1
        if shape and last - first + 1 >= _MIN_LIST:
            return last
    return end


def select_body(lines: list[str]) -> tuple[list[int], list[int]]:
    """Split line indexes into (body, removed) for the non-empty ``lines``."""
    infos = _mark_repeats([line_info(line) for line in lines])
    start, end = _best_segment(_line_scores(infos))
    end = _list_after(infos, end)
    body = [i for i in range(start, end + 1) if not infos[i].furniture and not infos[i].stamp]
    body = _drop_restatements(lines, body)
    body_set = set(body)
    removed = [i for i in range(len(lines)) if i not in body_set]
    return body, removed
