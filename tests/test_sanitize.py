from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.sanitize import is_clean, sanitize

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def test_osc52_clipboard_write_is_removed_whole():
    assert sanitize("a\x1b]52;c;SGVsbG8=\x07b") == "ab"
    assert sanitize("a\x1b]52;c;SGVsbG8=\x1b\\b") == "ab"


def test_csi_sequences_are_removed():
    assert sanitize("x\x1b[2Jy\x1b[31;1mz\x1b[0m") == "xyz"
    assert sanitize("8bit\x9b2Jcsi") == "8bitcsi"


def test_dcs_and_other_string_sequences_are_removed():
    assert sanitize("a\x1bPq#0;2;0;0;0\x1b\\b") == "ab"
    assert sanitize("a\x1b_apc\x1b\\b\x1b^pm\x07c") == "abc"
    assert sanitize("a\x90dcs\x9cb") == "ab"


def test_unterminated_osc_stops_at_line_end():
    assert sanitize("title\x1b]52;c;SGVsbG8=\nbody survives") == "title\nbody survives"


def test_two_byte_escapes_and_stray_controls():
    assert sanitize("a\x1bcb\x1b(Bc\x07d\x00e\x7ff\rg") == "abcdefg"


def test_newline_and_tab_are_kept():
    assert sanitize("a\tb\nc") == "a\tb\nc"


def test_bidi_overrides_and_isolates_are_removed():
    assert sanitize("x\u202ey\u2066z\u2069\u202c") == "xyz"


def test_markup_like_text_is_left_alone():
    # Markup is neutralised at render time, not by changing the text.
    assert sanitize("[@click=app.quit]Read[/]") == "[@click=app.quit]Read[/]"


def test_ordinary_unicode_is_unchanged():
    text = "Café – “quoted” 北朝鮮 한국어 Ελληνικά 🙂 ‎"
    assert sanitize(text) == text


@given(st.text())
def test_output_never_contains_control_characters(text):
    out = sanitize(text)
    assert "\x1b" not in out
    assert not UNSAFE.search(out)
    assert is_clean(out)


@given(st.text())
def test_sanitize_is_idempotent(text):
    once = sanitize(text)
    assert sanitize(once) == once


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"),
                                      blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")))
def test_printable_text_is_unchanged(text):
    assert sanitize(text) == text
