"""Title lines, section labels, bylines and photo captions of scraped articles."""

from __future__ import annotations

import re

from newsreader.core.ingest.datelines import is_dateline
from newsreader.core.model import Caption

__all__ = [
    "is_caption",
    "is_section_label",
    "parse_byline",
    "parse_caption",
    "parse_name_credit",
    "split_title",
]

_TITLE_SEPARATORS = (" – ", " — ", " | ", " - ", " :: ", " · ")

_SECTION_WORDS = {
    "news", "world", "politics", "business", "economy", "markets", "money", "tech",
    "technology", "science", "health", "sport", "sports", "culture", "arts",
    "entertainment", "opinion", "analysis", "lifestyle", "travel", "local", "national",
    "international", "us", "uk", "europe", "asia", "africa", "americas", "middle east",
    "environment", "climate", "education", "finance", "media", "breaking news",
    "world news", "top stories", "latest", "features", "investigations", "defense",
    "defence", "security", "crime", "law", "weather", "food", "style", "video",
}

_NAME_WORD = r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.|(?:de|da|van|von|der|del|la|le|al|bin|ibn|el)\b)"
_NAME = _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,4}"
_NAMES = _NAME + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)" + _NAME + r")*"

_BY = re.compile(
    r"^(?:written\s+)?by[:\s]\s*(?P<names>" + _NAMES + r")"
    r"(?:\s*(?:,|\||–|—|-|/)\s*(?P<credit>[^,|]{2,60}?))?\s*$",
    re.I,
)
_STAFF = re.compile(
    r"^(?P<credit>(?:[A-Z][\w&.\-]*\s+){1,3}(?:Staff(?:\s+Writer|\s+Reporter)?|Correspondent|"
    r"Reporter|Contributor|Editor))\s+(?P<names>" + _NAMES + r")\s*$"
)
_NAME_AGENCY = re.compile(r"^(?P<names>" + _NAME + r"),\s+(?P<credit>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})\s*$")
_AGENCIES = {
    "reuters", "ap", "associated press", "afp", "agence france-presse", "bloomberg", "dpa",
    "upi", "efe", "ansa", "xinhua", "tass", "kyodo", "yonhap", "pa", "pa media", "cnn",
    "bbc", "bbc news", "the associated press", "press association",
}


def split_title(line: str) -> tuple[str, str | None]:
    """Split "Headline – Outlet" into headline and outlet (None when there is no outlet)."""
    line = line.strip()
    best: tuple[str, str] | None = None
    for sep in _TITLE_SEPARATORS:
        idx = line.rfind(sep)
        if idx <= 0:
            continue
        head, tail = line[:idx].strip(), line[idx + len(sep):].strip()
        if not head or not tail or len(tail.split()) > 7 or len(tail) > 60:
            continue
        if tail.endswith((".", "?", "!")) and not re.search(r"\.\w{2,4}$", tail):
            continue
        if best is None or len(tail) < len(best[1]):
            best = (head, tail)
    if best is None:
        return line, None
    return best


def is_section_label(line: str) -> bool:
    """A short leading label such as "News" or "World" above the headline."""
    text = line.strip().rstrip(":")
    if not text or len(text) > 30:
        return False
    return text.casefold() in _SECTION_WORDS


def _clean_names(names: str) -> str:
    return re.sub(r"\s+", " ", names).strip(" ,")


_DATE_START = re.compile(
    r"^(?:updated|published|posted|on|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)",
    re.I,
)


def _without_dateline(text: str) -> str:
    """"By Jane Doe @jdoe Updated Nov 13, 2019" -> "By Jane Doe"; other text unchanged."""
    words = text.split()
    for k in range(2, len(words)):
        tail = " ".join(words[k:]).lstrip("|–—-·•, ")
        if _DATE_START.match(tail) and is_dateline(tail):
            head = words[:k]
            while head and head[-1].startswith("@"):
                head.pop()
            return " ".join(head).rstrip(" |–—-·•,")
    return text


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """(names, credit) when the line is a byline, else None. A dateline after the names is ignored."""
    text = line.strip()
    if not text or len(text) > 120:
        return None
    m = _BY.match(text) or _BY.match(_without_dateline(text))
    if m:
        credit = m.group("credit")
        return _clean_names(m.group("names")), credit.strip() if credit else None
    m = _STAFF.match(text)
    if m:
        return _clean_names(m.group("names")), m.group("credit").strip()
    m = _NAME_AGENCY.match(text)
    if m and m.group("credit").casefold() in _AGENCIES:
        return _clean_names(m.group("names")), m.group("credit").strip()
    return None


def parse_name_credit(line: str) -> tuple[str, str] | None:
    """(names, credit) for "Jane Doe, Meridian Wire": a byline when it sits next to the dateline."""
    m = _NAME_AGENCY.match(line.strip())
    if not m:
        return None
    names, credit = _clean_names(m.group("names")), m.group("credit").strip()
    if len(credit.split()) < 2 and credit.casefold() not in _AGENCIES:
        return None
    return names, credit


_PHOTO_PAREN = re.compile(
    r"\((?:(?:AP|AFP|Reuters|EPA)\s+)?(?:Photo(?:graph)?s?|Image|Picture|Credit)"
    r"(?:\s+(?:by|courtesy(?:\s+of)?|credit)\s*:?|\s*:|/)\s*(?P<credit>[^()]*(?:\([^()]*\)[^()]*)*)\)",
    re.I,
)
_TRAILING_CREDIT = re.compile(
    r"(?:^|[\s.])(?:Photo(?:graph)?|Image|Picture|Credit|Source)s?\s*(?:by|:)\s*"
    r"(?P<credit>[^.:]{2,80}?)\s*\.?$",
    re.I,
)
_TOPSHOT = re.compile(r"^(?:TOPSHOT|TOP\s+SHOT)\s*[-–—:]\s*", re.I)
_VIA = re.compile(r"(?P<credit>[\w.\-/ ]{0,60}\bvia\s+(?:Getty Images|AP|Reuters|AFP)\b)\)?\s*\.?$", re.I)
# Whether _VIA matches anywhere: the same test from the word "via" on, as the credit before it
# may be empty. Much faster than _VIA, which tries 60 characters at every position.
_VIA_END = re.compile(r"\bvia\s+(?:Getty Images|AP|Reuters|AFP)\b\)?\s*\.?$", re.I)
_GETTY = re.compile(r"\bGetty Images\b|\bShutterstock\b|\bAP Photo\b|\bAlamy\b", re.I)


def is_caption(line: str) -> bool:
    text = line.strip()
    if not text:
        return False
    return bool(
        _TOPSHOT.match(text)
        or _PHOTO_PAREN.search(text)
        or _VIA_END.search(text)
        or (len(text) < 400 and _TRAILING_CREDIT.search(text) and len(text.split()) >= 2)
        or (len(text) < 300 and _GETTY.search(text))
    )


def _tidy_credit(credit: str) -> str:
    credit = re.sub(r"\s*/\s*", " / ", credit.strip(" .;,"))
    words = credit.split(" ")
    shouting = [len(w) > 1 and w.isalpha() and w.isupper() for w in words]
    tidy = []
    for i, word in enumerate(words):
        # Photographers' names are often set in capitals: METZEL -> Metzel, ELSA VARGO -> Elsa Vargo;
        # short words on their own stay as they are (AFP, POOL).
        in_name = (i > 0 and shouting[i - 1]) or (i + 1 < len(words) and shouting[i + 1])
        long_enough = len(word) > 4 or (in_name and len(word) > 3)
        tidy.append(word.capitalize() if shouting[i] and long_enough else word)
    return " ".join(tidy)


def parse_caption(line: str) -> Caption:
    """Split a caption into its text and credit."""
    text = _TOPSHOT.sub("", line.strip())
    credits = [m.group("credit") for m in _PHOTO_PAREN.finditer(text)]
    text = _PHOTO_PAREN.sub("", text).strip()
    if not credits:
        m = _VIA.search(text)
        if m:
            credits.append(m.group("credit"))
            text = text[: m.start()].rstrip(" (")
        else:
            m = _TRAILING_CREDIT.search(text)
            if m:
                credits.append(m.group("credit"))
                text = text[: m.start()].rstrip()
    credit = max((c for c in credits if c.strip()), key=len, default=None)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return Caption(text=text, credit=_tidy_credit(credit) if credit else None)
