"""Checking what is written to a terminal: a small tokenizer for escape sequences and an
allow-list of the ones Textual itself sends. No tests here.

``problems(output)`` returns a description of every sequence or control character that is not
on the allow-list, and of every allowed sequence that carries one of the given marker words
(article text inside an escape sequence).
"""

from __future__ import annotations

import re

__all__ = ["problems", "tokens"]

# One escape sequence (or a lone ESC at the end of the data), in a str decoded with
# surrogateescape so that stray bytes show up as lone surrogates.
_TOKEN = re.compile(
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, ended by BEL or ST
    r"|\x1b[P_^X][^\x1b]*\x1b\\"  # DCS, APC, PM, SOS
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"  # other escapes (ESC 7, ESC =, ESC ( B ...)
    r"|\x1b"  # cut short
)

# Private modes Textual's Linux driver sets and resets: mouse (1000, 1003, 1006, 1015, 1016),
# focus events (1004), bracketed paste (2004), alternate screen (1049), cursor (25), synchronized
# output (2026), in-band resize (2048), auto wrap (7).
_MODES = {"7", "25", "1000", "1003", "1004", "1006", "1015", "1016", "1049", "2004", "2026", "2048"}
_ALLOWED_CSI = (
    re.compile(r"\x1b\[[0-9;:]*m"),  # colours and styles
    re.compile(r"\x1b\[\d*(?:;\d*)?[HfABCDGd]"),  # cursor moves
    re.compile(r"\x1b\[[0-3]?[JK]"),  # erase (Textual clears on start and resize)
    re.compile(r"\x1b\[\?(\d+)[hl]"),  # private modes, checked against _MODES
    re.compile(r"\x1b\[\?(\d+)\$p"),  # mode queries
    re.compile(r"\x1b\[>\d+u|\x1b\[<u|\x1b\[\?u"),  # kitty keyboard protocol on / off / query
    re.compile(r"\x1b\[\d*n|\x1b\[c|\x1b\[>c"),  # status and device attribute queries
    re.compile(r"\x1b\[\d* q"),  # cursor shape
)
_ALLOWED_OSC = (
    re.compile(r"\x1b\]22;[a-z-]*(?:\x07|\x1b\\)"),  # pointer shape
)
_ALLOWED_ESC = {"\x1b7", "\x1b8", "\x1b=", "\x1b>"}


def tokens(output: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: "csi", "osc", "dcs", "esc" or "text"."""
    out: list[tuple[str, str]] = []
    at = 0
    for match in _TOKEN.finditer(output):
        if match.start() > at:
            out.append(("text", output[at : match.start()]))
        seq = match.group(0)
        kind = {"[": "csi", "]": "osc", "P": "dcs", "_": "dcs", "^": "dcs", "X": "dcs"}.get(seq[1:2], "esc")
        out.append((kind, seq))
        at = match.end()
    if at < len(output):
        out.append(("text", output[at:]))
    return out


def _allowed(kind: str, seq: str) -> bool:
    if kind == "csi":
        for pattern in _ALLOWED_CSI:
            match = pattern.fullmatch(seq)
            if match:
                return not match.groups() or match.group(1) in _MODES
        return False
    if kind == "osc":
        return any(p.fullmatch(seq) for p in _ALLOWED_OSC)
    if kind == "esc":
        return seq in _ALLOWED_ESC
    return False  # DCS, APC, PM, SOS: Textual sends none


_BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def problems(output: str | bytes, markers: tuple[str, ...] = ()) -> list[str]:
    """What in ``output`` did not come from Textual's own rendering (empty when all is well)."""
    if isinstance(output, bytes):
        output = output.decode("utf-8", "surrogateescape")
    found: list[str] = []
    for kind, piece in tokens(output):
        if kind == "text":
            bad = _BAD_TEXT.search(piece)
            if bad:
                found.append(f"control character {bad.group(0)!r} in text near {piece[max(0, bad.start() - 30):bad.end() + 30]!r}")
            continue
        if not _allowed(kind, piece):
            found.append(f"{kind} sequence not on the allow-list: {piece[:120]!r}")
        elif any(marker in piece for marker in markers):
            found.append(f"article text inside a {kind} sequence: {piece[:120]!r}")
    return found
