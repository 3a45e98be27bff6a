"""The parser's faster tests give the answers of the slower ones they replaced."""

from __future__ import annotations

import random
import re
import sys

from newsreader.core.ingest import boilerplate, bylines

# The furniture phrases as they were written before being grouped by first letter.
_PHRASES_AS_WRITTEN = re.compile(
    r"(?:all rights reserved|©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}|"
    r"this site uses akismet|your email address will not be published|"
    r"required fields are marked|we use cookies|uses cookies|cookie policy|"
    r"by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)|"
    r"subscribe (?:here|now|today|to (?:our|the))|sign up (?:here|now|for (?:our|the|free))|"
    r"(?:to|in) your inbox|breaking news alerts|newsletter|"
    r"enable javascript|javascript is disabled|your browser does not support|"
    r"click here to|follow us on|like us on facebook|download (?:our|the) app|"
    r"share this (?:post|article|story)|share (?:on|via) (?:facebook|twitter|whatsapp|email)|"
    r"click to (?:share|print|email)|opens in (?:a )?new window|"
    r"(?:read|see) (?:more|also|the full story)\s*:|related (?:articles?|stories|coverage)\s*:|"
    r"report an error|report a typo|send (?:us )?(?:a )?tips?\b|got a tip|"
    r"terms of (?:use|service)|privacy policy|"
    r"this (?:article|story) (?:was|has been) (?:originally )?(?:published|produced|updated)|"
    r"learn how your comment data is processed|comments? (?:are|is) closed|"
    r"log in to (?:comment|reply)|you must be logged in|already a subscriber|"
    r"support (?:our|independent) journalism|become a (?:member|subscriber)|"
    r"story continues below|^advertisement)",
    re.I,
)
_WORDS = ["all", "rights", "reserved", "©", "(c)", "(C)1999", "2020", "copyright", "copyright©", "this", "site", "uses", "akismet", "your", "email", "address", "will", "not", "be", "published", "required", "fields", "are", "marked", "we", "use", "cookies", "cookie", "policy", "by", "continuing", "using", "to", "browse", "our", "site", "website", "subscribe", "here", "now", "today", "the", "sign", "up", "for", "free", "in", "your", "inbox", "breaking", "news", "alerts", "newsletter", "enable", "javascript", "is", "disabled", "browser", "does", "not", "support", "click", "follow", "us", "on", "like", "facebook", "download", "app", "share", "post", "article", "story", "via", "twitter", "whatsapp", "email", "print", "opens", "a", "new", "window", "read", "more", "also", "full", ":", "see", "related", "articles", "stories", "coverage", "report", "an", "error", "typo", "send", "tips", "tip", "got", "terms", "of", "use", "service", "privacy", "was", "has", "been", "originally", "produced", "updated", "learn", "how", "comment", "data", "is", "processed", "comments", "are", "closed", "log", "reply", "you", "must", "logged", "already", "subscriber", "support", "independent", "journalism", "become", "member", "continues", "below", "advertisement", "Getty", "Images", "AP", "Reuters", "AFP", ")", ".", "İ", "ı", "ſ", "K", "É", "ß", "ẞ", "Σ", "x"]


def _random_lines(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        line = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 9)))
        line = "".join(c.upper() if rng.random() < 0.15 else c for c in line)
        if rng.random() < 0.3:
            line = line.replace(" ", "", rng.randint(0, 2))
        yield line


def test_grouped_phrases_match_the_phrases_as_written():
    for line in _random_lines(1, 40_000):
        assert (boilerplate._PHRASES.search(line) is None) == (_PHRASES_AS_WRITTEN.search(line) is None), line
        assert boilerplate._has_phrase(line) == (_PHRASES_AS_WRITTEN.search(line) is not None), line


def test_the_lower_case_phrase_test_holds_for_every_character():
    """Only the characters in _FOLDS_TO_ASCII match an ASCII letter under IGNORECASE without
    lower() turning them into it; none changes its kind (word, space, digit) when lowered."""
    assert boilerplate._PHRASES.pattern == boilerplate._PHRASES.pattern.lower()
    ascii_letter = re.compile(r"[a-z]", re.I)
    kinds = [re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d")]
    for code in range(128, sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        lower = char.lower()
        special = len(lower) != 1 or lower.isascii() or ascii_letter.fullmatch(char) is not None
        assert special == bool(boilerplate._FOLDS_TO_ASCII.match(char)), hex(code)
        if not special and lower != char:
            assert all(bool(k.match(char)) == bool(k.match(lower)) for k in kinds), hex(code)


def test_via_end_says_whether_via_matches():
    rng = random.Random(3)
    parts = ["via", "VIA", "vİa", "Getty Images", "getty images", "AP", "Reuters", "AFP", ")", ".", " ", "  ",
             "x", "Photo: Jo Doe", "/", "-", "é"]
    lines = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 8))) for _ in range(40_000)]
    lines += [" ".join(rng.choice(parts) for _ in range(rng.randint(0, 8))) for _ in range(40_000)]
    lines += list(_random_lines(2, 20_000))
    hits = 0
    for line in lines:
        found = bylines._VIA.search(line) is not None
        hits += found
        assert (bylines._VIA_END.search(line) is not None) == found, line
    assert hits > 1_000
