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
    COMPASS,
    CONNECTORS,
    DETERMINERS,
    INSTITUTIONS,
    NAME_PARTICLES,
    ORG_HEADS,
    ORG_KEYWORDS,
    ORG_ROLES,
    PLACE_HEADS,
    PLACE_KEYWORDS,
    ROLES,
    SAY_VERBS,
    SHIP_PREFIXES,
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
_WORD = rf"(?:{_PARTICLE})?[{_UPPER}]\w*(?:[’'\-‐.&]\w+|\.[\-‐]\w+)*\.?"  # "U.S.-Iraq" too
_CONNECTOR = "|".join(sorted(CONNECTORS))
# A run of capitalised words, with lower-case connectors between them.
_RUN_BODY = rf"{_WORD}(?:[ \t]+(?:(?:{_CONNECTOR})[ \t]+)*{_WORD})*"
# The same as rf"(?<![\w.’'\-‐]){_RUN_BODY}", written to start with one set of characters
# (a capital, or the first letter of a particle) so that the scan can skip to them.
_RUN = re.compile(
    rf"[{_UPPER}abei](?<![\w.’'\-‐].)"
    rf"(?:(?<![abei])|(?<=a)(?:[lrtnzd]|sh?|bu)[-‐][{_UPPER}]|(?<=e)l[-‐][{_UPPER}]"
    rf"|(?<=b)in[-‐][{_UPPER}]|(?<=i)bn[-‐][{_UPPER}])"
    rf"\w*(?:[’'\-‐.&]\w+|\.[\-‐]\w+)*\.?(?:[ \t]+(?:(?:{_CONNECTOR})[ \t]+)*{_WORD})*"
)
# A name inside a word after a prefix: "counter-ISIL", "anti-Assad" (looked for apart: a
# second look-behind in _RUN would be tried at every character).
_PREFIXED = re.compile(r"[-‐](?=[A-Z])")
_PREFIX_WORDS = frozenset({"anti", "pro", "counter", "non", "ex", "pre", "post", "neo", "pan", "trans"})
_RUN_AT = re.compile(_RUN_BODY)
_TOKEN = re.compile(r"\S+")
_INITIALS = re.compile(r"(?:\w\.)+")  # "U.S.", "J."
_PLAIN = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+)*")
_DIGIT = re.compile(r"\d")
_HYPHEN = re.compile(r"[-‐]")
_FIRST_WORD = re.compile(r"[\W_]*")
_THE_BEFORE = re.compile(r"(?<![\w.])the[ \t]+\Z")
_LOWER_WORDS = re.compile(r"\b[a-z]{4,}\b")
_LOWER_LETTERS = re.compile(r"[a-z]")
_UPPER_LETTERS = re.compile(r"[A-Z]")
_LONG_WORDS = re.compile(r"\b[A-Za-z][a-z]{3,}\b|\b[A-Z]{4,}\b")
_MAX_NAME = 10  # tokens in the longest name looked for; keeps long capitalised runs linear
_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})
# Plural nouns whose possessive opens a name: "People’s Liberation Army".
_NAME_POSSESSIVES = frozenset({"People", "Children", "Women", "Men", "Workers"})
_APOSTROPHES = re.compile(r"[’']")
_HEAD_LINKS = frozenset({"of", "for", "on"})  # "Ministry of Defence", "Center for Strategic Studies"
_POSSESSIVE_BEFORE = re.compile(r"['’]s?[ \t]+\Z")
_SERVICES = frozenset({"Army", "Navy", "Air", "Force", "Marine", "Marines", "Coast", "Guard"})
# The end of the word before a name: "said" in "“Yes,” said Russell".
_WORD_END = re.compile(r"[^\W\d_][\w’'\-]*\Z")
# What follows a name and marks a person: an age (", 42,"), "who", an apposition with a
# role (", the Special Advisor", ", a farmer"), or a verb of saying.
_AFTER_NAME = re.compile(
    r"[ \t]*(?:,[ \t]*(?P<age>\d{1,3})[ \t]*,|,[ \t]*(?P<who>who|whose)\b"
    r"|,[ \t]*(?:the|a|an|another|our|his|her|their)[ \t]+(?P<app>[\w\- ]{1,40})"
    r"|(?P<say>[a-z]+)\b)"
)
# A lower-case noun after a name that makes it a building or a place: "Walter Reed hospital".
_FACILITY_AFTER = re.compile(
    r"[ \t]+(?:hospital|prison|jail|airport|stadium|arena|hotel|school|university|college|church"
    r"|mosque|temple|police|station|bridge|river|street|road|highway|county|city|town|village"
    r"|district|province|base|camp|park|museum|campus|mall|building|tower|square|neighbou?rhood"
    r"|valley|lake|island|beach|border|port|harbou?r|headquarters|compound)\b"
)
# Roles held at an institution: "Wells Fargo analyst Zachary Fadem" names a firm, not a person.
_AFFILIATION_ROLES = frozenset(["analyst", "analysts", "strategist", "economist", "professor", "researcher", "scientist", "reporter", "correspondent", "columnist", "editor", "host", "anchor", "presenter", "coach", "manager", "striker", "midfielder", "defender", "goalkeeper", "quarterback", "ceo", "cfo", "executive", "chairman", "spokesman", "spokeswoman", "spokesperson"])
_ROLE_AFTER = re.compile(r"[ \t]+([a-z]+)[ \t]+[A-Z]")
_AT_BEFORE = re.compile(r"([a-z]+)[ \t]+at[ \t]+\Z")
_NEAR = frozenset({"near", "Near", "outside", "Outside"})  # words before places, never before people
_COMPASS_POINTS = frozenset({"North", "South", "East", "West", "Central"})
_NOT_ORG_START = frozenset({"Former", "Acting", "Then", "Late", "Retired"})
# A quotation of capitalised words only, around a name: “China Grove,”
_OPEN_QUOTE = re.compile(r"[“\"‘](?:[A-Z][\w’'&.\-]*[ \t]+){0,4}\Z")
_CLOSE_QUOTE = re.compile(r"(?:[ \t]+[A-Z][\w’'&.\-]*){0,4}[,.!?]?[”\"’](?!\w)")
_TITLE_AFTER = re.compile(r",[ \t]+(?:(?:Deputy|Vice|Senior|Chief|Executive|Acting|Assistant)[ \t]+)?([A-Z][\w.]*)")
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial: "Gary J. Volesky"
_NOT_ROLES = frozenset(["assist", "insist", "exist", "consist", "persist", "resist", "desist", "enlist", "twist", "wrist", "list", "mist", "fist", "gist"])

NORMAL, HEADLINE, CAPS = "normal", "headline", "caps"


class _Tok:
    """One word of a capitalised run; ``connector``: a lower-case word such as "of"."""

    __slots__ = ("connector", "end", "start", "word")

    def __init__(self, start: int, end: int, word: str) -> None:
        self.start = start
        self.end = end
        self.word = word
        self.connector = word in CONNECTORS

    def __repr__(self) -> str:
        return f"_Tok({self.start}, {self.end}, {self.word!r})"


@dataclass(slots=True)
class _Cand:
    """Tokens ``toks`` labelled ``label`` (None: a lone word for the second pass)."""

    toks: list[_Tok]
    label: str | None
    canonical: str | None = None
    alias_only: bool = False  # a common word opening a sentence: a person only if named so elsewhere

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
    gaz = gazetteer()
    cands: list[_Cand] = []
    for piece in doc.pieces():
        toks = piece[1]
        if len(toks) == 1 and toks[0].start in doc.first_words:
            word = toks[0].word
            if word not in gaz.first_words and word not in gaz.first_names and gaz.is_common(word):
                # a common word opening a sentence ("Officials", "Analysts"): a person only
                # if a full name elsewhere says so, and never in a headline
                if doc.mode(piece[0]) == NORMAL and word not in STOPWORDS:
                    cands.append(_Cand(toks, None, alias_only=True))
                continue
        cands.extend(_Segmenter(doc, piece).run())
    return [s for s in Aliases(doc.text, gaz).resolve(cands) if not _whole_quote(text, s.start, s.end)]


def _whole_quote(text: str, start: int, end: int) -> bool:
    """Whether the name is all a quotation holds: the title of a song, a show or a book
    (“China Grove,” “Nashville”), not a mention of the place or person."""
    return bool(_OPEN_QUOTE.search(text, max(0, start - 40), start)) and bool(_CLOSE_QUOTE.match(text, end))


class _Document:
    """The text with its sentences, and the mode (normal, headline, caps) of each."""

    def __init__(self, text: str) -> None:
        self.text = text
        sentences = _sentences(text)
        self.starts = [s for s, _ in sentences]
        self.ends = [e for _, e in sentences]
        self.first_words = {_FIRST_WORD.match(text, s).end() for s in self.starts}
        self._modes: dict[int, str] = {}
        self._prev: dict[int, str] = {}

    def prev_word(self, pos: int) -> str:
        """The word right before ``pos`` with only blanks between, or "" (asked often: kept)."""
        word = self._prev.get(pos)
        if word is None:
            text, end = self.text, pos
            while end > 0 and text[end - 1] in " \t":
                end -= 1
            word = ""
            if 0 < end < pos:
                start = max(text.rfind(" ", max(0, end - 30), end), text.rfind("\n", max(0, end - 30), end)) + 1
                m = _WORD_END.search(text, start, end)
                word = m.group() if m else ""
            self._prev[pos] = word
        return word

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
        lower_words = _LOWER_WORDS.finditer(self.text, start, end)
        if next(lower_words, None) and next(lower_words, None) and next(lower_words, None):
            return NORMAL  # the common case: three lower-case words, found without scanning it all
        if self.text[end - 1] == "." and self.text[end - 2 : end] != ".." and _LOWER_WORDS.search(self.text, start, end):
            return NORMAL  # a sentence dominated by a long name, not a headline: headlines end bare
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
        for run in self._runs():
            words = run.group()
            if words in STOPWORDS:
                continue  # "The", "But": most runs, and never a name
            start = run.start()
            sentence = self.sentence(start)
            if words.isalpha():  # one word, letters only (most runs)
                tok = _Tok(start, start + len(words), words)
                if not tok.connector:
                    yield sentence, [tok]
                    continue
            if _PLAIN.fullmatch(words):  # no possessive, full stop, hyphen or digit to cut at
                toks = [_Tok(start + m.start(), start + m.end(), m.group()) for m in _TOKEN.finditer(words)]
                yield from _trim(toks, sentence)
                continue
            piece: list[_Tok] = []
            after_stop = False  # the word before ended with a full stop: a new sentence may start
            for m in _TOKEN.finditer(words):
                tok, cut_before, cut_after = _token(start + m.start(), m.group())
                here = self.sentence(start + m.start()) if after_stop else sentence
                after_stop = m.group().endswith(".")
                if cut_before or here != sentence:
                    yield from _trim(piece, sentence)
                    piece, sentence = [], here
                if tok is not None and _HYPHEN.search(tok.word):
                    parts = self._compound(tok)
                    if parts is not None:  # "U.S.-Iraq", "Russia-Ukraine": two places
                        yield from _trim(piece, sentence)
                        for part in parts:
                            yield sentence, [part]
                        piece, tok = [], None
                if tok is not None:
                    piece.append(tok)
                if cut_after:
                    yield from _trim(piece, sentence)
                    piece = []
            yield from _trim(piece, sentence)


    def _runs(self):
        """The capitalised runs in order, with those that start after a prefix."""
        text = self.text
        if "-" not in text and "‐" not in text:
            return _RUN.finditer(text)
        prefixed = []
        for hyphen in _PREFIXED.finditer(text):
            start = begin = hyphen.start()
            while begin > 0 and text[begin - 1].isalpha() and start - begin < 8:
                begin -= 1
            if text[begin:start] in _PREFIX_WORDS and not text[begin - 1 : begin].isalnum():
                m = _RUN_AT.match(text, hyphen.end())
                if m:
                    prefixed.append(m)
        if not prefixed:
            return _RUN.finditer(text)
        return sorted([*_RUN.finditer(text), *prefixed], key=lambda m: m.start())

    def _compound(self, tok: _Tok) -> list[_Tok] | None:
        """The parts of a hyphenated word made of known names, when not all are groups
        ("African-American" stays whole), else None."""
        names = gazetteer().names
        if tok.word in names:
            return None
        parts, start = [], tok.start
        for word in _HYPHEN.split(tok.word):
            hit = names.get(word)
            if hit is None:
                return None
            parts.append((_Tok(start, start + len(word), word), hit[0]))
            start += len(word) + 1
        if all(label == "GROUP" for _, label in parts):
            return None
        return [part for part, _ in parts]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (``sentence_spans`` splits at every line end too)."""
    return sentence_spans(text)


def _token(start: int, word: str) -> tuple[_Tok | None, bool, bool]:
    """The token in ``word`` and whether the piece must be cut before or after it."""
    cut_after = False
    if word.endswith(("’s", "'s")) and word[:-2] not in _NAME_POSSESSIVES:
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
        # _norm changes only capitals of four letters or more
        self.words = [w if len(w) < 4 or not w.isupper() else self._norm(w) for w in (t.word for t in self.toks)]
        self._known_at: dict[int, _Cand | None] = {}
        self._name_end_at: dict[int, int] = {}

    def _norm(self, word: str) -> str:
        """The word as the gazetteer spells it: "MOSCOW" -> "Moscow" (not "NATO")."""
        if len(word) < 4 or not word.isupper() or word in self.gaz.orgs:
            return word
        title = word.title()
        return title if self.mode == CAPS or title in self.gaz.places or title in COMPASS else word

    def run(self) -> list[_Cand]:
        out: list[_Cand] = []
        i = 0
        while i < len(self.toks):
            used, cands = self._at(i)
            for c in cands:
                if c.label is None and self.mode != NORMAL:
                    continue
                if out and c.label == "GROUP" and out[-1].label == "GROUP" and self._american(out[-1], c):
                    out[-1] = _Cand(out[-1].toks + c.toks, "GROUP", f"{out[-1].canonical} {c.canonical}")
                    continue
                out.append(c)
            i += max(used, 1)
        return out

    def _american(self, first: _Cand, second: _Cand) -> bool:
        """"African American", "Korean Americans": one group."""
        return second.canonical == "American" and self.doc.text[first.end : second.start].isspace()

    def _at(self, i: int) -> tuple[int, list[_Cand]]:
        """Tokens used from ``i`` and the candidates they make."""
        if self.toks[i].connector:
            return 1, []
        if self.words[i] in SHIP_PREFIXES and i + 1 < len(self.toks) and not self.toks[i + 1].connector:
            return max(self._name_end(i + 1), i + 2) - i, []  # "USS Hopper", "HMS Ocean": a ship
        known = self._known(i) or self._compass_place(i)
        if self.mode != NORMAL:
            if known is not None and self.mode == CAPS and len(known.toks) == 1 and self.gaz.is_common(known.toks[0].word):
                return 1, []  # "WHO IS THE FRONT-RUNNER?"
            return _take(known or self._lone(i))
        if known is None and self._skippable(i):
            if self.words[i] in STOPWORDS:
                return 1, []
            return 1, [_Cand(self.toks[i : i + 1], None, alias_only=True)]
        if len(self.toks) == 1:  # one word (most pieces): no organisation or place by keyword
            if known is not None or self.words[0] in TITLES:
                return _take(known)
            if self._affiliated(0, 1):
                return _take(_Cand(self.toks, "ORG"))
            if self._person(0) == 1:
                return _take(_Cand(self.toks, "PERSON"))
            if self._org_by_cue(0, 1):
                return _take(_Cand(self.toks, "ORG"))
            return _take(self._lone(0))
        org = self._org(i)
        if known is not None and known.label == "GROUP" and org is not None:
            after = i + len(known.toks)
            of_name = after + 1 < org and self.words[after] in ORG_HEADS and self.words[after + 1] == "of"
            if org - after > 2 and not of_name and not self._defined_as_acronym(i, org):
                return _take(known)  # "South Korean | Joint Chief of Staff", not "Syrian Democratic Forces"
        title = self._title_end(i)
        if org is not None and (known is None or org > i + len(known.toks)):
            if title is not None and title + 1 < org and self.words[title] in ("of", "for", "to"):
                # "Director of the Office of Museums", "President of the European Commission":
                # the organisation is what follows the title
                skip = title + 2 if self.words[title + 1] == "the" else title + 1
                return skip - i, []
            return _take(_Cand(self.toks[i:org], "ORG"))
        if title is not None:
            return self._after_title(i, title)
        place = self._keyword_place(i)
        if place is not None and (known is None or place > i + len(known.toks)):
            return _take(_Cand(self.toks[i:place], "PLACE"))
        if known is None:
            end = self._name_end(i)
            if end > i and self._affiliated(i, end):
                return _take(_Cand(self.toks[i:end], "ORG"))
        person = self._person(i)
        if person is not None and (known is None or self._longer_name(i, known, person)):
            return _take(_Cand(self.toks[i:person], "PERSON"))
        if known is None:
            end = self._name_end(i)
            if end > i and self._org_by_cue(i, end):
                return _take(_Cand(self.toks[i:end], "ORG"))
        elif known.label in ("PLACE", "ORG") and self._inside_name(i, len(known.toks)):
            return len(known.toks), []  # "Toyota Music Factory", "Real Madrid", "Google Stadia"
        return _take(known or self._lone(i))

    def _inside_name(self, i: int, size: int) -> bool:
        """Whether the known name of ``size`` tokens at ``i`` is one word of a longer name no
        list has: an unknown capitalised word right before or after it."""
        after, gaz = i + size, self.gaz
        if after < len(self.toks) and self._plain_unknown(after):
            # not a name after it: "envoy to Ukraine Kurt Volker"
            return self.words[after] not in gaz.first_names and self.words[after] not in gaz.first_names_common
        if i == 0 or not self._plain_unknown(i - 1):
            return False
        before = i - 1  # a common word opening the sentence is no part of a name: "Like Moscow"
        return not (self.toks[before].start in self.doc.first_words and self.gaz.is_common(self.words[before]))

    def _plain_unknown(self, k: int) -> bool:
        """A capitalised word that is no cue (title, keyword, compass, stop word) and no known name."""
        word = self.words[k]
        return not (
            self.toks[k].connector or word.isupper() or not word[0].isupper() or word in STOPWORDS
            or word in TITLES or word in TITLE_MODIFIERS or word in ORG_KEYWORDS or word in PLACE_KEYWORDS
            or word in COMPASS or word in _SUFFIXES or self._known(k) is not None
        )

    def _org_by_cue(self, i: int, end: int) -> bool:
        """Unknown words named as an organisation by what comes before: "energy company Burisma"."""
        if end - i > 3 or i > 0 or self.toks[i].start in self.doc.first_words:
            return False
        if self._prev_word(i) not in ORG_ROLES:
            return False
        return not any(self.gaz.is_common(w) and w not in self.gaz.surnames for w in self.words[i:end])

    def _affiliated(self, i: int, end: int) -> bool:
        """Unknown words named as a firm or a school by the role of someone at it: "Wells
        Fargo analyst Zachary Fadem", "a strategist at Miller Tabak"."""
        if end - i > 3:
            return False
        cue = False
        if end == len(self.toks):
            m = _ROLE_AFTER.match(self.doc.text, self.toks[end - 1].end)
            cue = m is not None and m.group(1) in _AFFILIATION_ROLES
        if not cue and i == 0 and self._prev_word(i) == "at":
            start = self.toks[i].start
            m = _AT_BEFORE.search(self.doc.text, max(0, start - 30), start)
            cue = m is not None and _is_role(m.group(1))
        return cue and not all(self.gaz.is_common(w) for w in self.words[i:end])

    def _longer_name(self, i: int, known: _Cand, end: int) -> bool:
        """Whether a personal name to ``end`` outdoes a known name at ``i``: not when it only
        adds English words ("Indiana House")."""
        return end > i + len(known.toks) and not all(
            self.gaz.is_common(w) for w in self.words[i + len(known.toks) : end])

    def _compass_place(self, i: int) -> _Cand | None:
        """"East Mosul", "Northern Syria": a compass word before a known place; "North
        American", "West African": before a known group."""
        if self.words[i] not in COMPASS or i + 1 >= len(self.toks):
            return None
        place = self._known(i + 1)
        if place is None or not (place.label == "PLACE" or (place.label == "GROUP" and self.words[i] in _COMPASS_POINTS)):
            return None
        toks = self.toks[i : i + 1 + len(place.toks)]
        return _Cand(toks, place.label, f"{self.words[i]} {place.canonical}")

    def _skippable(self, i: int) -> bool:
        """A stop word, or an English word opening a sentence ("Officials", "Thousands")."""
        word = self.words[i]
        if word in STOPWORDS:
            return True
        initial = self.toks[i].start in self.doc.first_words
        if not initial or word in self.gaz.first_names or not self.gaz.is_common(word):
            return False
        if word.lower() in NAME_PARTICLES and i + 1 < len(self.toks) and not self.toks[i + 1].connector:
            return False  # "Van Der Beek was eliminated"
        # "Air Force Gen. ...", "Victor N. Burton", "Secretary of State Mike Pompeo": the word
        # opens a longer name or a title
        return not (self._initial_name(i, min(len(self.toks), i + 3)) or self._org(i) is not None
                    or (word in TITLES and self._title_end(i) is not None)
                    or (word in self.gaz.first_names_common and self._person(i) is not None))

    # --- known names -------------------------------------------------------------

    def _known(self, i: int) -> _Cand | None:
        """The longest gazetteer name starting at token ``i``."""
        if i in self._known_at:
            return self._known_at[i]
        found = None
        word = self.words[i]
        if word not in self.gaz.first_words and ("’" in word or "'" in word or "-" in word):
            found = self._known_variant(i)
        elif word in self.gaz.first_words:
            names = self.gaz.names
            for j in range(min(len(self.toks), i + self.gaz.longest, i + _MAX_NAME), i, -1):
                if self.toks[j - 1].connector:
                    continue
                hit = names.get(" ".join(self.words[i:j]))
                if hit is not None:
                    found = _Cand(self.toks[i:j], hit[0], hit[1])
                    break
        self._known_at[i] = found
        return found

    def _known_variant(self, i: int) -> _Cand | None:
        """One word known without its apostrophe ("Da’esh"), or made of known groups
        ("African-American")."""
        word, names = self.words[i], self.gaz.names
        hit = names.get(_APOSTROPHES.sub("", word))
        if hit is not None:
            return _Cand(self.toks[i : i + 1], hit[0], hit[1])
        parts = _HYPHEN.split(word)
        if len(parts) > 1 and all(names.get(p, ("",))[0] == "GROUP" for p in parts):
            return _Cand(self.toks[i : i + 1], "GROUP", "-".join(names[p][1] for p in parts))
        return None

    def _lone(self, i: int) -> _Cand | None:
        """Unknown words left for the document pass (alias, acronym, "in X"), or nothing."""
        word = self.words[i]
        if word in ORG_KEYWORDS and self.mode == NORMAL:
            alone = self._alone(i) and not _POSSESSIVE_BEFORE.search(
                self.doc.text, max(0, self.toks[i].start - 4), self.toks[i].start)
            if alone and (self._after_the(i) or (word in INSTITUTIONS and self.toks[i].start not in self.doc.first_words)):
                return _Cand(self.toks[i : i + 1], "ORG")  # "the Coalition", "Coalition aircraft"
        if word in STOPWORDS or word in TITLES or word in ORG_KEYWORDS:
            return None
        if word.isupper():
            return _Cand(self.toks[i : i + 1], None)  # an acronym stands alone: "DL | Larry Ogunjobi"
        j = i + 1
        while j < min(len(self.toks), i + 3) and self._unknown(j):
            j += 1
        return _Cand(self.toks[i:j], None)

    def _alone(self, i: int) -> bool:
        """No capitalised word right next to token ``i`` but stop words: "the Coalition", not
        "Columbus Police Department"."""
        return all(self.toks[k].connector or self.words[k] in STOPWORDS
                   for k in (i - 1, i + 1) if 0 <= k < len(self.toks))

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
        if self.words[i] in _NOT_ORG_START:
            return None  # "Former National Security Council official"
        n = min(len(self.toks), i + _MAX_NAME)
        j = i
        while j < n:
            word = self.words[j]
            if word in STOPWORDS and not self.toks[j].connector:
                break
            if word in ("for", "on") or (word == "of" and not (self.words[j - 1] in TITLES and self.words[i] not in TITLES)):
                # only an organisation head takes them ("Center for ...", "Bank of ...", "Joint
                # Chief of Staff"): "Biden | on | Congress", "Philippe Jay | of the Institute"
                break
            if word == "and" and best is not None:
                break  # "Bureau of Prisons | and the Department of Justice"
            if word == "and" and best is None and j > i:
                known = self._known(i)
                if known is not None and i + len(known.toks) == j:
                    break  # "U.S. and Royal Navy", "United Nations and European Union": two names
                if self._second_org(j):
                    break  # "Wistron and Global Lighting Technologies"
            if word in ORG_HEADS and j + 1 < n and self.words[j + 1] in _HEAD_LINKS:
                end = self._of_end(j + 1)
                if end > j + 2:
                    best = end
                    j = end
                    continue
            if word == "Force" and j > i and self.words[j - 1] == "Task":
                k = j + 1  # "Task Force Al Asad", "Task Force Spartan": the name follows
                while (k < n and k - j <= 3 and not self.toks[k].connector and self.words[k] not in STOPWORDS
                       and self.words[k] not in ORG_KEYWORDS and self._title_end(k) is None):
                    k += 1
                if k > j + 1:
                    best = j = k
                    continue
            if word in ORG_KEYWORDS and self._keyword_ends_org(i, j):
                best = j + 1
            j += 1
        return best

    def _second_org(self, k: int) -> bool:
        """Whether the words after "and" at ``k`` make an organisation of their own: two or
        more names before a keyword ("... and Global Lighting Technologies")."""
        n = min(len(self.toks), k + _MAX_NAME)
        j = k + 1
        while j < n and not self.toks[j].connector and self.words[j] not in STOPWORDS:
            if self.words[j] in ORG_KEYWORDS and j - k > 2:
                return True
            j += 1
        return False

    def _keyword_ends_org(self, i: int, j: int) -> bool:
        """Whether an organisation may end at keyword ``j``: needs a name before it,
        and the next word must not carry it on ("Chief of Staff Susie Wiles")."""
        if self.words[j] == "Staff" and self.words[i] != "Joint":
            return False
        if self.words[j] == "Press" and j + 1 < len(self.toks) and self._title_end(j) is not None:
            return False  # "White House Press Secretary Stephanie Grisham"
        named = sum(1 for t in self.toks[i:j] if not t.connector)
        if named == 0:
            return False
        nxt = j + 1
        return (nxt == len(self.toks) or self.toks[nxt].connector or self.words[nxt] in STOPWORDS
                or self._title_end(nxt) is not None)

    def _of_end(self, j: int) -> int:
        """End of the capitalised words after "of" (and "the") at ``j``."""
        n = min(len(self.toks), j + _MAX_NAME)
        k = first = j + 1
        if k < n and self.words[k] == "the":
            k = first = k + 1
        while k < n and self.words[k] not in STOPWORDS:
            if self.toks[k].connector:
                # "Board of Antiquities and Heritage", "Health and Human Services"
                if self.words[k] != "and" or k == first or not self._and_continues(k):
                    break
            elif k > first and self._title_end(k) is not None:
                break  # "Ministry of Defense | Spokesman ...", but "Office of the Spokesperson"
            k += 1
        return k if k > first else j + 1  # no name after "of the": nothing

    def _and_continues(self, k: int) -> bool:
        """Whether the words after "and" at ``k`` go on with the same name, not a new one."""
        nxt = k + 1
        if nxt >= len(self.toks) or self.toks[nxt].connector or self.words[nxt] in STOPWORDS:
            return False
        if self._title_end(nxt) is not None or self._known(nxt) is not None:
            return False
        return not any(w in ORG_HEADS for w in self.words[nxt : nxt + 3])

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
        if not head and j == i == 0 and len(self.toks) > 1 and self.toks[0].start in self.doc.first_words:
            word = self.words[0]
            if _is_role(word.lower()) and word not in ORG_KEYWORDS and not self.gaz.is_common(word):
                return 1  # a role opening a sentence: "Defenseman Jonas Brodin had scored"
        return j if head else None

    def _after_title(self, i: int, title: int) -> tuple[int, list[_Cand]]:
        """The person named after a title; the title itself is never part of the name."""
        end = self._name_end(title)
        if end == title:
            return title - i, []
        known = self._known(title)
        if known is not None and known.label in ("ORG", "GROUP"):
            return title - i, []
        gaz = self.gaz
        if known is None and all(gaz.is_common(w) and w not in gaz.first_names and w not in gaz.surnames
                                 for w in self.words[title:end]):
            return end - i, []  # "General Manager": a title, no name
        if all(_INITIALS.fullmatch(w) for w in self.words[title:end]):
            return end - i, []  # "Coach P.J." cut from "Fleck" by a sentence end: too little to name
        if any((k := self._known(j)) is not None and len(k.toks) > 1 and k.label != "PERSON"
               for j in range(title + 1, end)):
            return end - i, []  # "President Ascom North America": a firm's name, not a person's
        canonical = known.canonical if known is not None and len(known.toks) == end - title else None
        person = _Cand(self.toks[title:end], "PERSON", canonical)
        service = self._service(i, title)
        return end - i, ([service] if service else []) + [person]

    def _service(self, i: int, title: int) -> _Cand | None:
        """"Army" in "Army Lt. Gen. Stephen Townsend": the service before a rank is an organisation."""
        j = i
        while j < title and self.words[j] in _SERVICES:
            j += 1
        if j == i or (j - i == 1 and self.words[i] == "Air"):
            return None
        return _Cand(self.toks[i:j], "ORG")

    def _name_end(self, i: int) -> int:
        """End of the words from ``i`` that can make a personal name (asked often: kept)."""
        end = self._name_end_at.get(i)
        if end is None:
            end = self._name_end_at[i] = self._find_name_end(i)
        return end

    def _find_name_end(self, i: int) -> int:
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
            if word.isupper() and len(word) > 1 and ("." not in word or (j > i and len(word) > 2)):
                if j > i and word in _SUFFIXES:
                    j += 1  # "Nebuchadnezzar II"
                    break
                break  # "NATO", and "D.C." after a name: no part of a personal name
            j += 1
        while j > i and self.toks[j - 1].connector:
            j -= 1
        return j

    def _person(self, i: int) -> int | None:
        """End of a personal name at ``i``: by its shape (a first name, a middle initial, a
        known surname after an unknown word, an Arabic name particle) or, for names no list
        has, by what stands around it (a role before it, "said" or an age after it)."""
        end = self._name_end(i)
        if end == i:
            return None
        words = self.words[i:end]
        first, last = words[0], words[-1]
        if last in _SUFFIXES and end - i > 2:
            last = words[-2]
        initial = self.toks[i].start in self.doc.first_words
        gaz = self.gaz
        if _FACILITY_AFTER.match(self.doc.text, self.toks[end - 1].end):
            return None  # "Walter Reed hospital", "Forest Hill police"
        if end - i == 1:
            return end if self._lone_person(i, initial) and not self._after_determiner(i) else None
        prev = self._prev_word(i)
        if prev in DETERMINERS or prev in ORG_ROLES or prev in _NEAR:
            return None  # "the Al Salem hospital", "militant group Hayat Tahrir al-Sham", "near Abu Kamal"
        rest = [w for w in words[1:] if len(w) > 2 and w not in _SUFFIXES]
        if self._initial_name(i, end):
            return end  # "Stephen J. Townsend", "Victor N. Burton"
        if first in gaz.first_names or (first in gaz.first_names_common and not initial):
            # a first name that is also an English word needs a word that is none: "Will
            # Ferrell", not "Rock and Roll Hall", "Less Money", "Forest Hill"
            plain = first in gaz.first_names or any(not gaz.is_common(w) for w in rest)
            if plain and all(w in gaz.surnames or not gaz.is_common(w) for w in rest):
                return end
        if any(w[:3].lower() in ("al-", "bin") or w == "Abu" for w in words[1:]):
            return end
        if not all(self._name_like(w) for w in rest) or (initial and not self._name_like(first)):
            return None
        if end - i <= 3 and self._person_cue(i, end):
            return end  # "planetary geologist Rosaly Lopes", "Aseem Prakash, founding director"
        if end - i == 2 and not initial and last in gaz.surnames and not gaz.is_common(last):
            if not gaz.is_common(first) and self._known(i) is None and not self._place_cue(i):
                return end
        return None

    def _initial_name(self, i: int, end: int) -> bool:
        """A first name, a middle initial and a surname: "Gary J. Volesky"."""
        if end - i < 3 or not _INITIAL.fullmatch(self.words[i + 1]):
            return False
        first = self.words[i]
        return first in self.gaz.first_names or first in self.gaz.first_names_common or self._name_like(first)

    def _name_like(self, word: str) -> bool:
        """A word that may be part of a personal name: a known name, or no English word."""
        gaz = self.gaz
        return (word in gaz.first_names or word in gaz.surnames or word in gaz.first_names_common
                or not gaz.is_common(word) or bool(_INITIAL.fullmatch(word)))

    def _lone_person(self, i: int, initial: bool) -> bool:
        """One unknown word named as a person by a role before it or "said" next to it."""
        word = self.words[i]
        if not word[0].isupper() or word.isupper() or self._known(i) is not None:
            return False
        gaz = self.gaz
        listed = word in gaz.surnames or word in gaz.first_names or word in gaz.first_names_common
        if not listed and gaz.is_common(word):
            return False
        prev = self._prev_word(i)
        m = _AFTER_NAME.match(self.doc.text, self.toks[i].end)
        if m is not None and (m.group("age") or m.group("who")):
            return True  # "Noel, 31, is charged", "Richardson, who"
        if prev in SAY_VERBS:
            return listed and not (initial and gaz.is_common(word))  # "said Russell."
        if m is not None and m.group("say") in SAY_VERBS:
            return listed and not gaz.is_common(word)  # "Heyward said", not "Water said"
        return not initial and _is_role(prev)

    def _person_cue(self, i: int, end: int) -> bool:
        """A role before ``i`` ("quarterback"), or a verb of saying, an age, "who" or an
        apposition with a role after the name."""
        prev = self._prev_word(i)
        if prev in SAY_VERBS or _is_role(prev):
            return True
        t = _TITLE_AFTER.match(self.doc.text, self.toks[end - 1].end)
        if t is not None and t.group(1) in TITLES and t.group(1) not in _NOT_ORG_START:
            return True  # "Rob Goldman, President of ..."
        m = _AFTER_NAME.match(self.doc.text, self.toks[end - 1].end)
        if m is None:
            return False
        if m.group("age") or m.group("who"):
            return True
        if m.group("say"):
            return m.group("say") in SAY_VERBS
        app = m.group("app")  # the first words of an apposition: "a research analyst at"
        return bool(app) and any(_is_role(w.lower()) or w in TITLES for w in app.split()[:3])

    def _prev_word(self, i: int) -> str:
        """The word right before token ``i`` with only blanks between, or ""."""
        return self.doc.prev_word(self.toks[i].start)

    def _after_determiner(self, i: int) -> bool:
        return self._prev_word(i) in DETERMINERS

    def _place_cue(self, i: int) -> bool:
        """"in Ayn Issa", "of Woodbridge": a preposition that usually comes before places."""
        return self._prev_word(i) in ("in", "near", "at", "from", "of", "to", "outside", "across")

    # --- places ----------------------------------------------------------------------

    def _keyword_place(self, i: int) -> int | None:
        """End of a place named by a keyword: "Idlib Province", "Gulf of Aden"."""
        n = min(len(self.toks), i + _MAX_NAME)
        if self.words[i] in PLACE_HEADS and i + 1 < n:
            if self.words[i + 1] == "of" and i + 2 < n:
                return self._of_end(i + 1)
            if not self.toks[i + 1].connector and self.words[i + 1] not in STOPWORDS:
                return i + 2
        j, best = i, None
        while j < n and not self.toks[j].connector and self.words[j] not in STOPWORDS:
            if self.words[j] in PLACE_KEYWORDS and j > i:
                best = j + 1  # the last keyword: "Madison Square Garden"
            elif self.words[j] in ORG_KEYWORDS or self.words[j] in TITLES:
                break
            j += 1
        if best is not None and best < len(self.toks) and self.words[best] in _COMPASS_POINTS:
            best += 1  # "Qayyarah Airfield West"
        return best


def _is_role(word: str) -> bool:
    """A lower-case word for someone's role: "quarterback", "analyst", "spokeswoman"."""
    if not word or not word.islower():
        return False
    if word in ROLES:
        return True
    return len(word) > 5 and word.endswith(("ist", "man", "woman", "person")) and word not in _NOT_ROLES


def _take(cand: _Cand | None) -> tuple[int, list[_Cand]]:
    return (len(cand.toks), [cand]) if cand is not None else (1, [])
