"""Named entities (PERSON, ORG, PLACE, GROUP) by rules, gazetteers and context cues.

Capitalised runs are found with one regular expression, cut at possessives, sentence
ends and hyphenated modifiers ("AI-driven"), then segmented left to right: known names
(gazetteer), organisation keywords ("... Ministry", "Ministry of ..."), titles before
a person ("Deputy Foreign Minister Andrey Rudenk"), the shape of a personal name. A
second pass over the document gives lone words the entity they stand for: a surname
seen earlier in a full name, an acronym defined in brackets, an unknown acronym (ORG).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from newsreader.core.analysis.aliases import ACRONYM_AFTER, Aliases, initials
from newsreader.core.analysis.gazetteer import (
    ABBREVIATIONS,
    CONNECTORS,
    NAME_PARTICLES,
    ORG_HEADS,
    ORG_KEYWORDS,
    PLACE_HEADS,
    PLACE_KEYWORDS,
    STOPWORDS,
    TITLE_MODIFIERS,
    TITLES,
    Gazetteer,
    gazetteer,
)
from newsreader.core.analysis.sentences import sentence_spans
from newsreader.core.analysis.spans import Span

__all__ = ["find_entities"]

_UPPER = "".join(c for c in map(chr, range(0x10000)) if c.isupper() and c.isalpha())
_PARTICLE = r"(?:al|el|ad|ar|as|ash|at|an|az|bin|ibn|abu)[-‐]"
_WORD = rf"(?:{_PARTICLE})?[{_UPPER}]\w*(?:[’'\-‐.&]\w+)*\.?"
_CONNECTOR = "|".join(sorted(CONNECTORS))
# A run of capitalised words, with lower-case connectors between them.
_RUN = re.compile(rf"(?<![\w.’'\-‐]){_WORD}(?:[ \t]+(?:(?:{_CONNECTOR})[ \t]+)*{_WORD})*")
_TOKEN = re.compile(r"\S+")
_INITIALS = re.compile(r"(?:\w\.)+")  # "U.S.", "J."
_PLAIN = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+)*")
_DIGIT = re.compile(r"\d")
_HYPHEN = re.compile(r"[-‐]")
_LINE = re.compile(r"[^\n]+")
_CHUNK = 1000  # characters of one line given to sentence_spans at a time
_FIRST_WORD = re.compile(r"[\W_]*")
_THE_BEFORE = re.compile(r"(?<![\w.])the[ \t]+\Z")
_LOWER_WORDS = re.compile(r"\b[a-z]{4,}\b")
_LOWER_LETTERS = re.compile(r"[a-z]")
_UPPER_LETTERS = re.compile(r"[A-Z]")
_LONG_WORDS = re.compile(r"\b[A-Za-z][a-z]{3,}\b|\b[A-Z]{4,}\b")
_MAX_NAME = 10  # tokens in the longest name looked for; keeps long capitalised runs linear
_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})

NORMAL, HEADLINE, CAPS = "normal", "headline", "caps"


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str

    @property
    def connector(self) -> bool:
        return self.word in CONNECTORS


@dataclass(slots=True)
class _Cand:
    """Tokens ``toks`` labelled ``label`` (None: a lone word for the second pass)."""

    toks: list[_Tok]
    label: str | None
    canonical: str | None = None

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end


def find_entities(text: str) -> list[Span]:
    """Entity spans of ``text``, sorted by start, non-overlapping, each with a canonical name."""
    if not text:
        return []
    doc = _Document(text)
    cands = [c for piece in doc.pieces() for c in _Segmenter(doc, piece).run()]
    return Aliases(doc.text, gazetteer()).resolve(cands)


class _Document:
    """The text with its sentences, and the mode (normal, headline, caps) of each."""

    def __init__(self, text: str) -> None:
        self.text = text
        sentences = _sentences(text)
        self.starts = [s for s, _ in sentences]
        self.ends = [e for _, e in sentences]
        self.first_words = {_FIRST_WORD.match(text, s).end() for s in self.starts}
        self._modes: dict[int, str] = {}

    def sentence(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def mode(self, index: int) -> str:
        if index not in self._modes:
            self._modes[index] = self._mode_of(index)
        return self._modes[index]

    def _mode_of(self, index: int) -> str:
        if index < 0:
            return NORMAL
        start, end = self.starts[index], self.ends[index]
        if len(_LOWER_WORDS.findall(self.text, start, end)) >= 3:
            return NORMAL  # the common case, decided with one scan
        lower = len(_LOWER_LETTERS.findall(self.text, start, end))
        upper = len(_UPPER_LETTERS.findall(self.text, start, end))
        if upper >= 4 and upper > 2 * lower:
            return CAPS
        return HEADLINE if self._headline(start, end) else NORMAL

    def _headline(self, start: int, end: int) -> bool:
        """Title case: most English words capitalised, not just the names and titles."""
        gaz = gazetteer()
        words = [w for w in _LONG_WORDS.findall(self.text, start, end)[1:]
                 if w not in TITLES and w not in TITLE_MODIFIERS and gaz.is_common(w)]
        capitalised = sum(1 for w in words if w[0].isupper())
        return capitalised >= 2 and capitalised >= 0.6 * len(words)

    def pieces(self):
        """Runs of capitalised tokens, cut where no name can continue."""
        for run in _RUN.finditer(self.text):
            words = run.group()
            if words in STOPWORDS:
                continue  # "The", "But": most runs, and never a name
            start = run.start()
            sentence = self.sentence(start)
            if _PLAIN.fullmatch(words):  # no possessive, full stop, hyphen or digit to cut at
                toks = [_Tok(start + m.start(), start + m.end(), m.group()) for m in _TOKEN.finditer(words)]
                yield from _trim(toks, sentence)
                continue
            piece: list[_Tok] = []
            for m in _TOKEN.finditer(words):
                tok, cut_before, cut_after = _token(start + m.start(), m.group())
                here = self.sentence(start + m.start()) if piece and piece[-1].word[-1] == "." else sentence
                if cut_before or here != sentence:
                    yield from _trim(piece, sentence)
                    piece, sentence = [], here
                if tok is not None:
                    piece.append(tok)
                if cut_after:
                    yield from _trim(piece, sentence)
                    piece = []
            yield from _trim(piece, sentence)


def _sentences(text: str) -> list[tuple[int, int]]:
    """``sentence_spans`` line by line, long lines in chunks: it already splits at every
    line end, and its cost grows faster than the length of what it is given."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        while start < end:
            cut = end if end - start <= _CHUNK else _chunk_end(text, start)
            spans.extend((start + s, start + e) for s, e in sentence_spans(text[start:cut]))
            start = cut
    return spans


def _chunk_end(text: str, start: int) -> int:
    """Where to cut a long line: after the last full stop, else the last space, in reach."""
    limit = start + _CHUNK
    for mark in (". ", " "):
        cut = text.rfind(mark, start + 1, limit)
        if cut > start:
            return cut + len(mark)
    return limit


def _token(start: int, word: str) -> tuple[_Tok | None, bool, bool]:
    """The token in ``word`` and whether the piece must be cut before or after it."""
    cut_after = False
    if word.endswith(("’s", "'s")):
        word, cut_after = word[:-2], True
    elif word.endswith(("’", "'")):
        word, cut_after = word[:-1], True
    if word.endswith(".") and word not in ABBREVIATIONS and not _INITIALS.fullmatch(word):
        word, cut_after = word.rstrip("."), True
    if _DIGIT.search(word):
        return None, True, True
    parts = _HYPHEN.split(word)
    for k in range(1, len(parts)):
        if parts[k][:1].islower() and parts[k] not in NAME_PARTICLES:  # "AI-driven", "U.S.-led"
            prefix = "-".join(parts[:k])
            return _Tok(start, start + len(prefix), prefix), True, True
    if not word:
        return None, False, cut_after
    return _Tok(start, start + len(word), word), False, cut_after


def _trim(piece: list[_Tok], sentence: int):
    """The piece without connectors at its ends, with its sentence index."""
    start, end = 0, len(piece)
    while start < end and piece[start].connector:
        start += 1
    while end > start and piece[end - 1].connector:
        end -= 1
    if start < end:
        yield sentence, piece[start:end]


class _Segmenter:
    """Splits one piece into candidate entities, left to right."""

    def __init__(self, doc: _Document, item: tuple[int, list[_Tok]]) -> None:
        self.doc = doc
        sentence, self.toks = item
        self.mode = doc.mode(sentence)
        self.gaz: Gazetteer = gazetteer()
        self.words = [self._norm(t.word) for t in self.toks]

    def _norm(self, word: str) -> str:
        """The word as the gazetteer spells it: "MOSCOW" -> "Moscow" (not "NATO")."""
        if len(word) < 4 or not word.isupper() or word in self.gaz.orgs:
            return word
        title = word.title()
        return title if self.mode == CAPS or title in self.gaz.places else word

    def run(self) -> list[_Cand]:
        out: list[_Cand] = []
        i = 0
        while i < len(self.toks):
            used, cands = self._at(i)
            out.extend(c for c in cands if c.label is not None or self.mode == NORMAL)
            i += max(used, 1)
        return out

    def _at(self, i: int) -> tuple[int, list[_Cand]]:
        """Tokens used from ``i`` and the candidates they make."""
        if self.toks[i].connector:
            return 1, []
        known = self._known(i)
        if self.mode != NORMAL:
            return _take(known or self._lone(i))
        if known is None and self._skippable(i):
            return 1, []
        org = self._org(i)
        if known is not None and known.label == "GROUP" and org is not None:
            if org - i - len(known.toks) > 2 and not self._defined_as_acronym(i, org):
                return _take(known)  # "South Korean | Joint Chief of Staff", not "Syrian Democratic Forces"
        if org is not None and (known is None or org > i + len(known.toks)):
            return _take(_Cand(self.toks[i:org], "ORG"))
        title = self._title_end(i)
        if title is not None:
            return self._after_title(i, title)
        place = self._keyword_place(i)
        if place is not None and (known is None or place > i + len(known.toks)):
            return _take(_Cand(self.toks[i:place], "PLACE"))
        person = self._person(i)
        if person is not None and (known is None or person > i + len(known.toks)):
            return _take(_Cand(self.toks[i:person], "PERSON"))
        return _take(known or self._lone(i))

    def _skippable(self, i: int) -> bool:
        """A stop word, or an English word opening a sentence ("Officials", "Thousands")."""
        word = self.words[i]
        if word in STOPWORDS:
            return True
        initial = self.toks[i].start in self.doc.first_words
        return initial and word not in self.gaz.first_names and self.gaz.is_common(word)

    # --- known names -------------------------------------------------------------

    def _known(self, i: int) -> _Cand | None:
        """The longest gazetteer name starting at token ``i``."""
        n = len(self.toks)
        for j in range(min(n, i + self.gaz.longest, i + _MAX_NAME), i, -1):
            if self.toks[j - 1].connector:
                continue
            name = " ".join(self.words[i:j])
            for label, table in (("PERSON", self.gaz.people), ("ORG", self.gaz.orgs),
                                 ("PLACE", self.gaz.places), ("GROUP", self.gaz.groups)):
                canonical = table.get(name)
                if canonical is not None:
                    return _Cand(self.toks[i:j], label, canonical)
        return None

    def _lone(self, i: int) -> _Cand | None:
        """Unknown words left for the document pass (alias, acronym, "in X"), or nothing."""
        word = self.words[i]
        if word in ORG_KEYWORDS and self.mode == NORMAL and self._after_the(i):
            return _Cand(self.toks[i : i + 1], "ORG")  # "the Coalition", "the Senate"
        if word in STOPWORDS or word in TITLES or word in ORG_KEYWORDS:
            return None
        j = i + 1
        while j < min(len(self.toks), i + 3) and self._unknown(j):
            j += 1
        return _Cand(self.toks[i:j], None)

    def _after_the(self, i: int) -> bool:
        start = self.toks[i].start
        return bool(_THE_BEFORE.search(self.doc.text, max(0, start - 5), start))

    def _unknown(self, j: int) -> bool:
        word = self.words[j]
        return not (
            self.toks[j].connector or word.isupper() or word in STOPWORDS or word in TITLES
            or word in ORG_KEYWORDS or self._known(j) is not None
        )

    # --- organisations -------------------------------------------------------------

    def _org(self, i: int) -> int | None:
        """End of the longest organisation name from ``i``: "... Ministry", "Ministry of ..."."""
        best = None
        n = min(len(self.toks), i + _MAX_NAME)
        j = i
        while j < n:
            word = self.words[j]
            if word in STOPWORDS and not self.toks[j].connector:
                break
            if word in ORG_HEADS and j + 1 < n and self.words[j + 1] == "of":
                end = self._of_end(j + 1)
                if end > j + 2:
                    best = end
                    j = end
                    continue
            if word in ORG_KEYWORDS and self._keyword_ends_org(i, j):
                best = j + 1
            j += 1
        return best

    def _keyword_ends_org(self, i: int, j: int) -> bool:
        """Whether an organisation may end at keyword ``j``: needs a name before it,
        and the next word must not carry it on ("Chief of Staff Susie Wiles")."""
        if self.words[j] == "Staff" and self.words[i] != "Joint":
            return False
        named = sum(1 for t in self.toks[i:j] if not t.connector)
        if named == 0:
            return False
        nxt = j + 1
        return nxt == len(self.toks) or self.toks[nxt].connector or self._title_end(nxt) is not None

    def _of_end(self, j: int) -> int:
        """End of the capitalised words after "of" (and "the") at ``j``."""
        n = min(len(self.toks), j + _MAX_NAME)
        k = j + 1
        if k < n and self.words[k] == "the":
            k += 1
        while k < n and not self.toks[k].connector and self.words[k] not in STOPWORDS:
            if k > j + 1 and self._title_end(k) is not None:
                break
            k += 1
        return k

    def _defined_as_acronym(self, i: int, end: int) -> bool:
        m = ACRONYM_AFTER.match(self.doc.text, self.toks[end - 1].end)
        return bool(m) and m.group(1).replace(".", "") == initials(self.words[i:end])

    # --- people ----------------------------------------------------------------------

    def _title_end(self, i: int) -> int | None:
        """End of a title ("Deputy Foreign Minister", "Secretary of State") at ``i``."""
        n, j, head = min(len(self.toks), i + _MAX_NAME), i, False
        while j < n:
            word = self.words[j]
            if word in TITLES:
                head = True
            elif word == "of" and head and j + 1 < n and self.words[j + 1] in TITLE_MODIFIERS:
                pass
            elif word not in TITLE_MODIFIERS:
                break
            j += 1
        return j if head else None

    def _after_title(self, i: int, title: int) -> tuple[int, list[_Cand]]:
        """The person named after a title; the title itself is never part of the name."""
        end = self._name_end(title)
        if end == title:
            return title - i, []
        known = self._known(title)
        if known is not None and known.label in ("ORG", "GROUP"):
            return title - i, []
        canonical = known.canonical if known is not None and len(known.toks) == end - title else None
        return end - i, [_Cand(self.toks[title:end], "PERSON", canonical)]

    def _name_end(self, i: int) -> int:
        """End of the words from ``i`` that can make a personal name."""
        n, j = len(self.toks), i
        while j < n and j - i < 5:
            word = self.words[j]
            tok = self.toks[j]
            if tok.connector:
                if word in NAME_PARTICLES and j + 1 < n and j > i:
                    j += 1
                    continue
                break
            if word in STOPWORDS or word in TITLES or word in ORG_KEYWORDS or word in PLACE_KEYWORDS:
                break
            if word.isupper() and len(word) > 1 and "." not in word:
                break
            j += 1
        while j > i and self.toks[j - 1].connector:
            j -= 1
        return j

    def _person(self, i: int) -> int | None:
        """End of a personal name at ``i`` by its shape: a first name, a known surname
        after an unknown word, or an Arabic name particle."""
        end = self._name_end(i)
        if end - i < 2:
            return None
        words = self.words[i:end]
        first, last = words[0], words[-1]
        if last in _SUFFIXES and end - i > 2:
            last = words[-2]
        initial = self.toks[i].start in self.doc.first_words
        gaz = self.gaz
        rest = [w for w in words[1:] if len(w) > 2 and w not in _SUFFIXES]
        if first in gaz.first_names or (first in gaz.first_names_common and not initial):
            if all(w in gaz.surnames or not gaz.is_common(w) for w in rest):
                return end
        if any(w[:3].lower() in ("al-", "bin") or w == "Abu" for w in words[1:]):
            return end
        if end - i == 2 and not initial and last in gaz.surnames and not gaz.is_common(last):
            if not gaz.is_common(first) and self._known(i) is None:
                return end
        return None

    # --- places ----------------------------------------------------------------------

    def _keyword_place(self, i: int) -> int | None:
        """End of a place named by a keyword: "Idlib Province", "Gulf of Aden"."""
        n = min(len(self.toks), i + _MAX_NAME)
        if self.words[i] in PLACE_HEADS and i + 1 < n:
            if self.words[i + 1] == "of" and i + 2 < n:
                return self._of_end(i + 1)
            if not self.toks[i + 1].connector and self.words[i + 1] not in STOPWORDS:
                return i + 2
        j = i
        while j < n and not self.toks[j].connector and self.words[j] not in STOPWORDS:
            if self.words[j] in PLACE_KEYWORDS and j > i:
                return j + 1
            if self.words[j] in ORG_KEYWORDS or self.words[j] in TITLES:
                return None
            j += 1
        return None


def _take(cand: _Cand | None) -> tuple[int, list[_Cand]]:
    return (len(cand.toks), [cand]) if cand is not None else (1, [])
