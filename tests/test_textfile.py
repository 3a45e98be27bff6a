from __future__ import annotations

import codecs
import unicodedata

import pytest

from newsreader.core.errors import InputError
from newsreader.core.ingest.textfile import decode_text, read_text_file

ARTICLE = "Headline – Outlet\n\nBy Jane Doe\n\nThe café opened its doors on Monday to a long queue.\n"


def write(tmp_path, data: bytes, name: str = "a.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_and_without_bom(tmp_path):
    plain = read_text_file(write(tmp_path, ARTICLE.encode(), "plain.txt"))
    bom = read_text_file(write(tmp_path, codecs.BOM_UTF8 + ARTICLE.encode(), "bom.txt"))
    assert plain.text == bom.text == ARTICLE
    assert not plain.warnings and not bom.warnings


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(tmp_path, newline):
    got = read_text_file(write(tmp_path, ARTICLE.replace("\n", newline).encode()))
    assert got.text == ARTICLE


def test_cp1252_falls_back_with_a_warning(tmp_path):
    path = write(tmp_path, "Café “quoted” – text\n".encode("cp1252"))
    got = read_text_file(path)
    assert got.text == "Café “quoted” – text\n"
    assert got.encoding == "cp1252"
    assert len(got.warnings) == 1 and str(path) in got.warnings[0] and "cp1252" in got.warnings[0]


def test_utf16_with_bom(tmp_path):
    got = read_text_file(write(tmp_path, ARTICLE.encode("utf-16")))
    assert got.text == ARTICLE


def test_text_is_nfc_normalised(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Café Zürich")
    got = read_text_file(write(tmp_path, decomposed.encode()))
    assert got.text == "Café Zürich"


def test_control_sequences_are_stripped_at_ingest(tmp_path):
    got = read_text_file(write(tmp_path, b"Title\x1b]52;c;SGVsbG8=\x07 here\n\x1b[2JBody\n"))
    assert got.text == "Title here\nBody\n"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t\n  \r\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        (b"Title\n\x81\x8d\x8f\x90\x9d body", "undecodable bytes"),
    ],
)
def test_bad_content_is_refused_with_the_reason(tmp_path, data, problem):
    path = write(tmp_path, data)
    with pytest.raises(InputError) as info:
        read_text_file(path)
    assert problem in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "nope.txt")


def test_size_limit_names_the_limit(tmp_path):
    path = write(tmp_path, b"word " * 300)
    with pytest.raises(InputError, match="over the 1000 bytes limit"):
        read_text_file(path, max_bytes=1000)


def test_decode_reports_offset_of_bad_byte():
    with pytest.raises(InputError, match="offset 3"):
        decode_text(b"abc\x81\x8d", "x.txt")
