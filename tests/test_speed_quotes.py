"""Quotes and speakers: the faster find_quotes gives what the first version gave."""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Sequence

from newsreader.core.analysis.quotes import _CURLY, _PRONOUN, _SPEAKER_LABELS, _SPEECH, find_quotes
from newsreader.core.analysis.sentences import sentence_spans
from newsreader.core.analysis.spans import QUOTE, Span

# The first version's sentence splitter: a full stop looked back 64 characters with one search.
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "maj", "capt", "sgt", "adm", "cmdr", "st", "mt", "ft", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m"]
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_CONTINUES = re.compile(r"\s*[a-z0-9,;]")
# The first version's straight quotation, look-behind first.
_STRAIGHT = re.compile(r'(?:(?<=^)|(?<=[\s(\[—–-]))"([^"\n]{1,2000})"(?=[\s.,;:!?)\]—–-]|$)', re.M)


def reference_sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] == ".":
            before = _WORD_BEFORE.search(text, max(0, m.start() - 64), m.start())
            word = before.group(1).lower().rstrip(".") if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if _CONTINUES.match(text, m.end()):
                continue
        end = m.end() if m.group(0)[0] not in "\n" else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _ref_inner_bounds(match: re.Match[str]) -> tuple[int, int]:
    start, end = match.span(1)
    while start < end and match.string[start].isspace():
        start += 1
    while end > start and match.string[end - 1].isspace():
        end -= 1
    return start, end


def _ref_speaker(
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


def reference_find_quotes(text: str, entities: Sequence[Span] = ()) -> list[Span]:
    """QUOTE spans over the quoted words (marks excluded), with speakers from ``entities``."""
    sentences = reference_sentence_spans(text)
    starts = [s for s, _ in sentences]
    people = sorted((e for e in entities if e.label in _SPEAKER_LABELS), key=lambda e: e.start)
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_CURLY, _STRAIGHT):
        for m in pattern.finditer(text):
            start, end = _ref_inner_bounds(m)
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
                     speaker=_ref_speaker(text, sentence, (start, end), people))
            )
    found.sort(key=lambda s: s.start)
    return found


_PIECES = ["“We will go,”", '"Not now,"', "“a”", '"b"', " said", " says", " told reporters", " according to",
           " he said", " She added", " Anna Berg", " Bo Li", " the Council", ".", ". ", "\n", "\n\n", " Mr.",
           " U.S.", " and", ",", " “x", '"', "!", "?", " e.g.", " No. 5", " 3 p.m. on", "…", " (", ")"]
_NAMES = {" Anna Berg": "PERSON", " Bo Li": "PERSON", " the Council": "ORG"}


def _random_case(rng: random.Random) -> tuple[str, list[Span]]:
    parts = [rng.choice(_PIECES + list(_NAMES) * 2) for _ in range(rng.randint(1, 40))]
    text = "".join(parts)
    entities = []
    for name, label in _NAMES.items():
        for m in re.finditer(re.escape(name.strip()), text):
            entities.append(Span(m.start(), m.end(), label, m.group(), canonical=m.group().upper()))
    entities.sort(key=lambda s: s.start)
    return text, entities


def test_sentences_as_the_first_version():
    rng = random.Random(5)
    for _ in range(20_000):
        text, _ = _random_case(rng)
        assert sentence_spans(text) == reference_sentence_spans(text), text


def test_quotes_and_speakers_as_the_first_version():
    rng = random.Random(6)
    for _ in range(20_000):
        text, entities = _random_case(rng)
        assert find_quotes(text, entities) == reference_find_quotes(text, entities), text
