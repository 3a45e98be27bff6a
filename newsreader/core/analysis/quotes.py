"""Quoted speech: spans inside “…” and "…", with the speaker when the sentence names one."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from newsreader.core.analysis.sentences import sentence_spans
from newsreader.core.analysis.spans import QUOTE, Span

__all__ = ["find_quotes"]

# A quotation never spans a blank line; the inner text is bounded to keep scans linear.
_CURLY = re.compile(r"“([^“”\n]{1,2000})”")
# An opening straight quote at a line start or after a space, bracket or dash. The mark
# comes first (the check on what precedes it follows) so the scan can skip to marks.
_STRAIGHT = re.compile(r'"(?<=(?<![^\s(\[—–-])")([^"\n]{1,2000})"(?=[\s.,;:!?)\]—–-]|$)', re.M)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|noted|notes|asked|asks|wrote|writes|"
    r"explained|warned|warns|insisted|argued|declared|announced|mentioned|claimed|claims|"
    r"tweeted|posted|replied|continued|recalled|acknowledged|admitted|conceded|urged|"
    r"according to|asserted|stressed|emphasised|emphasized|remarked|testified)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:he|she|they)\s+(?:said|says|added|told|noted|wrote|asked|continued)\b", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
_PRONOUN_REACH = 1500  # characters back from a "he said" sentence to the person meant


def _inner_bounds(match: re.Match[str]) -> tuple[int, int]:
    start, end = match.span(1)
    while start < end and match.string[start].isspace():
        start += 1
    while end > start and match.string[end - 1].isspace():
        end -= 1
    return start, end


class _People:
    """Possible speakers sorted by start, for range look-ups."""

    def __init__(self, entities: Sequence[Span]) -> None:
        self.spans = sorted((e for e in entities if e.label in _SPEAKER_LABELS), key=lambda e: e.start)
        self.starts = [p.start for p in self.spans]
        self.longest = max((p.end - p.start for p in self.spans), default=0)

    def within(self, start: int, end: int) -> list[Span]:
        """Those inside ``text[start:end]``, in order."""
        found = []
        for i in range(bisect_left(self.starts, start), len(self.spans)):
            p = self.spans[i]
            if p.start > end:
                break
            if p.end <= end:
                found.append(p)
        return found

    def last_person_before(self, at: int) -> Span | None:
        """The last PERSON (by start) ending at or before ``at`` and less than the reach back."""
        floor = at - _PRONOUN_REACH - self.longest  # nothing starting before this can qualify
        for i in range(bisect_right(self.starts, at) - 1, -1, -1):
            p = self.spans[i]
            if p.start < floor:
                break
            if p.label == "PERSON" and p.end <= at and at - p.end < _PRONOUN_REACH:
                return p
        return None


def _speaker(
    text: str,
    sentence: tuple[int, int],
    quote: tuple[int, int],
    people: _People,
    seen: dict[tuple[int, int], list],
) -> str | None:
    """The speaker a sentence names around a quote, or the last person before a "he said".

    ``seen`` keeps what was found in each sentence (its people, speech verbs, whether it
    has a "he said"), for the other quotations in it: a long line full of quotation marks
    is then read once, not once per quotation.
    """
    s_start, s_end = sentence
    known = seen.get(sentence)
    if known is None:
        known = seen[sentence] = [people.within(s_start, s_end), None, None]
    outside = [p for p in known[0] if not (quote[0] - 1 <= p.start < quote[1] + 1)]
    if outside:
        if known[1] is None:
            matches = list(_SPEECH.finditer(text, s_start, s_end))  # in order, apart
            known[1] = ([m.start() for m in matches], [m.end() for m in matches])
        starts, ends = known[1]
        # The verbs inside the quotation do not count: they are one run of the list.
        skip = (bisect_left(starts, quote[0]), bisect_left(starts, quote[1]))
        if len(starts) > skip[1] - skip[0]:
            best = min(
                outside,
                key=lambda p: (_nearest(ends, p.start, skip) + _nearest(starts, p.end, skip), p.label != "PERSON"),
            )
            return best.canonical or best.text
    if known[2] is None:
        known[2] = _PRONOUN.search(text, s_start, s_end) is not None
    if known[2]:
        earlier = people.last_person_before(s_start)
        if earlier is not None:
            return earlier.canonical or earlier.text
    return None


def _nearest(values: list[int], x: int, skip: tuple[int, int]) -> int:
    """The smallest distance from ``x`` to ``values`` (sorted), leaving out ``values[skip[0]:skip[1]]``."""
    best = None
    for lo, hi in ((0, skip[0]), (skip[1], len(values))):
        if lo < hi:
            k = bisect_left(values, x, lo, hi)
            for i in (k - 1, k):
                if lo <= i < hi and (best is None or abs(x - values[i]) < best):
                    best = abs(x - values[i])
    return best


def find_quotes(text: str, entities: Sequence[Span] = ()) -> list[Span]:
    """QUOTE spans over the quoted words (marks excluded), with speakers from ``entities``."""
    people = _People(entities)
    lines: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}  # sentences by line start
    seen: dict[tuple[int, int], list] = {}  # what each sentence holds, for _speaker
    found: list[Span] = []
    # Curly quotations taken, as (start, end) of the whole match; they never overlap.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for pattern in (_CURLY, _STRAIGHT):
        curly = pattern is _CURLY
        for m in pattern.finditer(text):
            start, end = _inner_bounds(m)
            if not _LETTER.search(text, start, end):
                continue
            m_start, m_end = m.span()
            if not curly:  # a straight quotation inside or across a curly one is none
                k = bisect_left(taken_starts, m_end)
                if k and taken_ends[k - 1] > m_start:
                    continue
            else:
                taken_starts.append(m_start)
                taken_ends.append(m_end)
            # The attribution sits in the sentences the quotation touches. A quotation
            # lies within one line, and line ends always end sentences: split that line.
            line_start = text.rfind("\n", 0, m_start) + 1
            known = lines.get(line_start)
            if known is None:
                line_end = text.find("\n", m_end)
                sentences = sentence_spans(text, line_start, len(text) if line_end < 0 else line_end)
                known = lines[line_start] = (sentences, [s for s, _ in sentences])
            sentences, starts = known
            first = max(0, bisect_right(starts, m_start) - 1)
            last = max(first, bisect_right(starts, m_end - 1) - 1)
            sentence = (sentences[first][0], sentences[last][1]) if sentences else (0, len(text))
            found.append(
                Span(start, end, QUOTE, text[start:end],
                     speaker=_speaker(text, sentence, (start, end), people, seen))
            )
    found.sort(key=lambda s: s.start)
    return found
