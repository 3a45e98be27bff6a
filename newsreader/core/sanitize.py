"""The one place where untrusted text is made safe for a terminal.

Strips escape sequences (CSI, OSC, DCS, SOS, PM, APC, and two-byte ESC
sequences), their 8-bit C1 forms, every other C0/C1 control except
newline and tab, bidirectional overrides and isolates, and lone
surrogates. Everything else is kept as it is.
"""

from __future__ import annotations

import re

__all__ = ["is_clean", "json_safe", "sanitize", "visible", "visible_lines"]

# String sequences: OSC, DCS, SOS, PM, APC in 7-bit (ESC ] / P / X / ^ / _)
# and 8-bit (0x9D, 0x90, 0x98, 0x9E, 0x9F) forms. The body runs to BEL or
# ST; an unterminated one is cut at the end of its line so hostile input
# cannot swallow the rest of an article.
_STRING_SEQ = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
# CSI: ESC [ or 0x9B, parameter and intermediate bytes, one final byte.
_CSI_SEQ = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# Other escapes: ESC, optional intermediates, one final byte (e.g. ESC c, ESC ( B).
_ESC_SEQ = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
# Single code points that are never kept.
_SINGLES = (
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but \t \n, DEL, C1
    r"\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    r"\ud800-\udfff]"  # lone surrogates
)

_UNSAFE = re.compile("|".join((_STRING_SEQ, _CSI_SEQ, _ESC_SEQ, _SINGLES)))
# Every sequence above starts with one of these code points: text without any is clean, and
# this one-class search is about ten times quicker than the alternation (the state file's
# notes are all checked at every start).
_ANY_UNSAFE = re.compile(_SINGLES)


def sanitize(text: str) -> str:
    """Return ``text`` with terminal control sequences and unsafe code points removed.

    Line ends should be normalised to ``\\n`` before calling; a stray ``\\r``
    is a control character and is removed.
    """
    if _ANY_UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub("", text)


def is_clean(text: str) -> bool:
    """True when ``sanitize`` would leave ``text`` unchanged."""
    return _ANY_UNSAFE.search(text) is None  # every match of _UNSAFE holds one of these


# Every code point ``visible`` shows as an escape: controls (newline and tab too), bidi
# controls, and the lone surrogates that stand for undecodable bytes in file names.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` on one safe line with its control characters shown as escapes (``\\x1b``).

    For names that must stay recognisable, such as file names in messages, where ``sanitize``
    would silently drop characters.
    """
    return _INVISIBLE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """``visible`` for each line of ``text``, keeping the line breaks between them (for
    messages that list one problem a line)."""
    return "\n".join(visible(line) for line in text.split("\n"))


# What JSON encoders leave as it is but a terminal could act on: C1 controls, bidi controls,
# lone surrogates (json escapes C0 controls itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(json_text: str) -> str:
    """JSON text with those characters as ``\\u`` escapes: the same data, safe to print.

    Only for JSON text: the characters can only be inside its strings, where the escape means
    the same character.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json_text)
