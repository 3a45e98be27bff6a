"""Highlight kinds: which spans the reader colours, cycled with ``h``."""

from __future__ import annotations

__all__ = ["MODES", "MODE_KINDS", "next_mode"]

MODES = ("all", "entities", "figures", "off")
# Span kinds coloured in each mode; quotes stay marked unless highlights are off.
MODE_KINDS: dict[str, frozenset[str]] = {
    "all": frozenset({"entity", "figure", "quote"}),
    "entities": frozenset({"entity", "quote"}),
    "figures": frozenset({"figure", "quote"}),
    "off": frozenset(),
}


def next_mode(mode: str) -> str:
    return MODES[(MODES.index(mode) + 1) % len(MODES)] if mode in MODES else MODES[0]
