"""Canonical names: one name for every mention of an entity within a document.

A lone surname or first name takes the full name seen in the same text ("Trump" ->
"Donald Trump"); an acronym takes the name it was defined after ("National
Intelligence Service (NIS)"); a lone unknown acronym is an organisation.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from newsreader.core.analysis.gazetteer import NOT_ORG_ACRONYMS, Gazetteer, gazetteer
from newsreader.core.analysis.spans import Span

if TYPE_CHECKING:
    from newsreader.core.analysis.entities import _Cand

__all__ = ["ACRONYM_AFTER", "Aliases", "assign_canonical", "initials"]

ACRONYM_AFTER = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Za-z&.\-]{1,9})[ \t]*\)")
# "NATO", "CENTCOM", "DoD": capitals, or one lower-case letter between capitals.
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}|[A-Z][a-z][A-Z]{1,2}")
_NUMBER_AFTER = re.compile(r"[ \t]?[-‐]?[ \t]?\d")  # "DDG 70", "F-16": a designation, not a body
_NUMBER_BEFORE = re.compile(r"\d[ \t]?\Z")  # "8.69 GW", "9 a.m. ET": a unit
_COMMA_BEFORE = re.compile(r"[A-Za-z.],[ \t]\Z")  # "Nashville, TN"
_PLACE_AFTER_COMMA = re.compile(r",[ \t]+([A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?)")
# "in Raqqah", "near Tal Afar", "the city of Babylon", "the outskirts of Kharkiv"
_PLACE_PREPOSITIONS = frozenset(["in", "In", "near", "Near", "outside", "Outside"])
_PLACE_NOUNS = frozenset(["city", "town", "village", "province", "region", "district", "county", "capital", "suburb", "suburbs", "outskirts", "vicinity", "port", "island", "neighborhood", "neighbourhood", "municipality", "governorate"])
# A place name as written: one capital then small letters ("Raqqah", "Al-Sinek"), not
# "MacBook", "SunExpress" or "NATO".
_PLAIN_NAME = re.compile(r"[A-Z][a-z’'.]+(?:[-‐][A-Z]?[a-z’'.]+)*")
_BASED = re.compile(r"[-‐]based\b")  # "Dubai-based"
_PARTICLE_PREFIX = re.compile(r"(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)[-‐](?=[A-Z])")
_NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})
_PARTICLES = frozenset(["van", "von", "de", "der", "den", "du", "da", "del", "di", "la", "le"])
_ARTICLE_OR_POSSESSIVE = re.compile(r"^[Tt]he\s+|['’]s?$")


def assign_canonical(text: str, spans: list[Span]) -> list[Span]:
    """Canonical names for entity spans found by another engine (spaCy): the gazetteer's
    name, else the full name or acronym expansion seen in ``text``, else the words."""
    gaz, aliases = gazetteer(), Aliases(text, gazetteer())
    named = []
    for span in spans:
        name = " ".join(_ARTICLE_OR_POSSESSIVE.sub("", span.text).split()) or span.text
        canonical = span.canonical or _known(gaz, span.label, name) or name
        aliases.learn(span.label, name.split(), span.end, canonical)
        named.append((span, name, canonical))
    out = []
    for span, name, canonical in named:
        if name in aliases.acronyms:
            canonical = aliases.acronyms[name][1]
        elif span.label == "PERSON" and name in aliases.people:
            canonical = aliases.people[name]
        out.append(dataclasses.replace(span, canonical=canonical))
    return out


def _known(gaz: Gazetteer, label: str, name: str) -> str | None:
    table = {"PERSON": gaz.people, "ORG": gaz.orgs, "PLACE": gaz.places, "GROUP": gaz.groups}.get(label)
    return table.get(name) if table is not None else None


def initials(words: list[str]) -> str:
    """Initials of the capitalised words: "Islamic State of Iraq and the Levant" -> "ISIL"."""
    return "".join(w[0] for w in words if w[:1].isupper())


class Aliases:
    """Resolves the candidates of one document into spans with canonical names."""

    def __init__(self, text: str, gaz: Gazetteer) -> None:
        self.text = text
        self.gaz = gaz
        self.people: dict[str, str] = {}  # surname or first name -> full name
        self.last_names: dict[str, str] = {}  # surname -> full name
        self.acronyms: dict[str, tuple[str, str]] = {}  # acronym -> (label, canonical)
        self.places: set[str] = set()  # unknown names a preposition made places ("near Abu Kamal")

    def resolve(self, cands: list[_Cand]) -> list[Span]:
        for cand in cands:
            if cand.label is not None:
                cand.canonical = cand.canonical or _joined(cand)
                self.learn(cand.label, [t.word for t in cand.toks if not t.connector], cand.end, cand.canonical)
        spans = []
        for cand in cands:
            if cand.label is None or (cand.label == "PERSON" and len(cand.toks) == 1):
                self._name_lone(cand)
            if cand.label is not None:
                text = self.text[cand.start : cand.end]
                spans.append(Span(cand.start, cand.end, cand.label, text, canonical=cand.canonical))
        return spans

    def learn(self, label: str, words: list[str], end: int, canonical: str) -> None:
        """Remember a full name's surname and first name, and an acronym defined after it."""
        if label == "PERSON" and len(words) >= 2:
            last = words[-2] if words[-1] in _NAME_SUFFIXES and len(words) > 2 else words[-1]
            bare = _PARTICLE_PREFIX.sub("", last)  # "al-Abadi" -> "Abadi"
            for name in (last, bare):
                self.people.setdefault(name, canonical)
                self.last_names.setdefault(name, canonical)
            self.people.setdefault(words[0], canonical)
            if len(words) >= 3 and len(words[1]) > 2:
                self.people.setdefault(" ".join(words[:2]), canonical)  # "Abu Jandal"
            for k in range(1, len(words) - 1):
                if words[k].lower() in _PARTICLES:  # "Van Der Beek" in "James Van Der Beek"
                    self.people.setdefault(" ".join(words[k:]), canonical)
                    break
        m = ACRONYM_AFTER.match(self.text, end)
        if m and len(words) >= 2 and m.group(1).replace(".", "") == initials(words):
            self.acronyms[m.group(1)] = (label, canonical)

    def _name_lone(self, cand: _Cand) -> None:
        """Label and name a lone word from what the document says elsewhere."""
        word = cand.toks[0].word
        if cand.alias_only:
            if word in self.last_names:
                cand.label, cand.canonical = "PERSON", self.last_names[word]
            return
        if len(cand.toks) > 1:
            joined = _joined(cand)
            if joined in self.people:
                cand.label, cand.canonical = "PERSON", self.people[joined]
            elif (joined in self.places or self._after_place_preposition(cand) or self._based(cand)
                  or self._before_place(cand)):
                cand.label, cand.canonical = "PLACE", joined
                self.places.add(joined)
            return
        if word in self.acronyms:
            cand.label, cand.canonical = self.acronyms[word]
        elif word in self.people:
            cand.label, cand.canonical = "PERSON", self.people[word]
        elif word in self.places and cand.label is None:
            cand.label, cand.canonical = "PLACE", word
            return  # a person named after a title keeps the name as written
        elif word in self.gaz.state_codes:
            if _COMMA_BEFORE.search(self.text, max(0, cand.start - 3), cand.start):
                cand.label, cand.canonical = "PLACE", self.gaz.state_codes[word]
        elif self._unknown_acronym(word) and len(word) > 2:  # "PR", "HD", "TD": two letters say too little
            if not _NUMBER_AFTER.match(self.text, cand.end) and not _NUMBER_BEFORE.search(
                self.text, max(0, cand.start - 2), cand.start
            ):
                cand.label, cand.canonical = "ORG", word
        elif self._before_place(cand) or self._after_place_preposition(cand) or self._based(cand):
            cand.label, cand.canonical = "PLACE", word
            self.places.add(word)

    def _unknown_acronym(self, word: str) -> bool:
        """An all-capital word that is no English word, name or known non-organisation."""
        if not _ACRONYM.fullmatch(word) or word in NOT_ORG_ACRONYMS or word in self.gaz.currencies:
            return False
        if not word.isupper():
            return True  # "DoD", "MoD": no word is written so
        title = word.title()
        return not (self.gaz.is_common(word) or title in self.gaz.surnames or title in self.gaz.first_names)

    def _after_place_preposition(self, cand: _Cand) -> bool:
        """"in Raqqah", "near Tal Afar": unknown words, no English ones, after "in" or "near"."""
        start = cand.start
        if start == 0 or self.text[start - 1] not in " \t":
            return False
        words = self.text[max(0, start - 30) : start].split()
        if not words or not (words[-1] in _PLACE_PREPOSITIONS
                             or (words[-1] == "of" and len(words) > 1 and words[-2] in _PLACE_NOUNS)):
            return False
        return not any(self.gaz.is_common(t.word) or not _PLAIN_NAME.fullmatch(t.word) for t in cand.toks)

    def _based(self, cand: _Cand) -> bool:
        """"Dubai-based": an unknown name before "-based"."""
        return bool(_BASED.match(self.text, cand.end)) and not any(
            self.gaz.is_common(t.word) or not _PLAIN_NAME.fullmatch(t.word) for t in cand.toks)

    def _before_place(self, cand: _Cand) -> bool:
        """"Vermillion, South Dakota": a word followed by a comma and a known place."""
        m = _PLACE_AFTER_COMMA.match(self.text, cand.end)
        return bool(m) and m.group(1).rstrip(".") in self.gaz.places and all(
            _PLAIN_NAME.fullmatch(t.word) or t.word.isupper() for t in cand.toks
        )  # "CLEVELAND, Ohio", not "SunExpress, Kazakhstan's Air Astana"


def _joined(cand: _Cand) -> str:
    return " ".join(t.word for t in cand.toks)
