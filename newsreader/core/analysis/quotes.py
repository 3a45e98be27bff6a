"""Quoted speech: spans inside “…” and "…", with the speaker when the sentence names one."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from newsreader.core.analysis.sentences import sentence_spans
from newsreader.core.analysis.spans import QUOTE, Span

__all__ = ["find_quotes"]

# A quotation never spans a blank line; the inner text is bounded to keep scans linear.
_CURLY = re.compile(r"“([^“”\n]{1,2000})”")
_STRAIGHT = re.compile(r'(?:(?<=^)|(?<=[\s(\[—–-]))"([^"\n]{1,2000})"(?=[\s.,;:!?)\]—–-]|$)', re.M)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|noted|notes|asked|asks|wrote|writes|"
    r"explained|warned|warns|insisted|argued|declared|announced|mentioned|claimed|claims|"
    r"tweeted|posted|replied|continued|recalled|acknowledged|admitted|conceded|urged|"
    r"according to|asserted|stressed|emphasised|emphasized|remarked|testified)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:he|she|they)\s+(?:said|says|added|told|noted|wrote|asked|continued)\b", re.I)
_SPEAKER_LABELS = frozenset({"PERSON", "ORG"})


def _inner_bounds(match: re.Match[str]) -> tuple[int, int]:
    start, end = match.span(1)
    while start < end and match.string[start].isspace():
        start += 1
    while end > start and match.string[end - 1].isspace():
        end -= 1
    return start, end


def _speaker(
    text: str,
    sentence: tuple[int, int],
    quote: tuple[int, int],
    people: Sequence[Span],
) -> str | None:
    """The speaker a sentence names around a quote, or the last person before a "he said"."""
    s_start, s_end = sentence
    outside = [
        p for p in people
        if s_start <= p.start and p.end <= s_end and not (quote[0] - 1 <= p.start < quote[1] + 1)
    ]
    verbs = [m for m in _SPEECH.finditer(text, s_start, s_end) if not quote[0] <= m.start() < quote[1]]
    if outside and verbs:
        best = min(
            outside,
            key=lambda p: (min(abs(p.start - v.end()) for v in verbs) + min(abs(v.start() - p.end) for v in verbs),
                           p.label != "PERSON"),
        )
        return best.canonical or best.text
    if _PRONOUN.search(text, s_start, s_end):
        earlier = [p for p in people if p.label == "PERSON" and p.end <= s_start and s_start - p.end < 1500]
        if earlier:
            return earlier[-1].canonical or earlier[-1].text
    return None


def find_quotes(text: str, entities: Sequence[Span] = ()) -> list[Span]:
    """QUOTE spans over the quoted words (marks excluded), with speakers from ``entities``."""
    sentences = sentence_spans(text)
    starts = [s for s, _ in sentences]
    people = sorted((e for e in entities if e.label in _SPEAKER_LABELS), key=lambda e: e.start)
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_CURLY, _STRAIGHT):
        for m in pattern.finditer(text):
            start, end = _inner_bounds(m)
            if not re.search(r"[^\W\d_]", text[start:end]):
                continue
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            # The attribution sits in the sentences the quotation touches.
            first = max(0, bisect_right(starts, m.start()) - 1)
            last = max(first, bisect_right(starts, m.end() - 1) - 1)
            sentence = (sentences[first][0], sentences[last][1]) if sentences else (0, len(text))
            found.append(
                Span(start, end, QUOTE, text[start:end],
                     speaker=_speaker(text, sentence, (start, end), people))
            )
    found.sort(key=lambda s: s.start)
    return found
