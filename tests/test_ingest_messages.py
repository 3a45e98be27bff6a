"""Messages about input files say what is really wrong: the byte cp1252 cannot read, front
matter too large or not closed, UTF-16 without a byte order mark (text, not binary), and a
folder where the search catalog's file belongs (moved aside, never deleted)."""

from __future__ import annotations

import pytest
from test_catalog import LIBRARY, write

from newsreader.cli import main
from newsreader.core.catalog import catalog_path
from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.ingest.markdown import parse_markdown
from newsreader.core.ingest.textfile import decode_text, read_text_file

ARTICLE = "Headline – Outlet\n\nBy Jane Doe\n\nThe café opened its doors on Monday to a long queue.\n"


def test_undecodable_bytes_name_the_byte_cp1252_cannot_read(tmp_path):
    # 0xe9 (offset 3) is not UTF-8 here but is é in cp1252; 0x81 (offset 5) is nothing in cp1252.
    with pytest.raises(InputError) as caught:
        decode_text(b"caf\xe9 \x81 and more", tmp_path / "a.txt")
    message = str(caught.value)
    assert "cp1252 (byte 0x81 at offset 5)" in message
    assert "not UTF-8 (byte 0xe9 at offset 3)" in message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path, codec):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode(codec))
    got = read_text_file(path)
    assert got.text == ARTICLE and got.encoding == codec
    assert got.warnings == (f"{path}: no byte order mark; read as UTF-16 {codec[-2:].upper()}",)


def test_binary_with_nuls_in_alternate_places_is_still_binary(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(bytes(b for i in range(2000) for b in (i % 31, 0)))  # little-endian counters
    with pytest.raises(InputError, match="binary data"):
        read_text_file(path)


def _front_matter(kilobytes: int) -> str:
    return "".join(f"key{i}: {'x' * 58}\n" for i in range(kilobytes * 1024 // 64 + 1))


def test_front_matter_over_the_limit_is_named_not_too_little_text():
    text = "---\ntitle: A big header\n" + _front_matter(64) + "---\nOne short line.\n"
    with pytest.raises(InputError) as caught:
        parse_markdown(text)
    assert not isinstance(caught.value, NotAnArticle)
    assert "front matter over 64 KB: no title read" in str(caught.value)


def test_front_matter_not_closed_is_named_not_too_little_text():
    text = "---\ntitle: No end\n" + _front_matter(2)
    with pytest.raises(InputError) as caught:
        parse_markdown(text)
    assert "front matter is not closed: no title read" in str(caught.value)


def test_too_little_text_still_says_so():
    with pytest.raises(NotAnArticle, match="no title and too little text"):
        parse_markdown("One line only.\n")


def test_a_folder_in_place_of_the_catalog_is_moved_aside_and_search_works(tmp_path, capsys):
    root = tmp_path / "lib"
    for name, text in LIBRARY.items():
        write(root / name, text)
    folder = catalog_path([root])
    folder.mkdir(parents=True)
    (folder / "keep.txt").write_text("someone's file", encoding="utf-8")
    code = main(["search", "harbour", "--library", str(root)])
    out, err = capsys.readouterr()
    assert code == 0 and "Harbour strike ends" in out
    aside = folder.with_name(folder.name + ".moved-1")
    assert (aside / "keep.txt").read_text(encoding="utf-8") == "someone's file"
    notices = [line for line in err.splitlines() if "was a folder" in line]
    assert len(notices) == 1 and str(aside) in notices[0]
    assert folder.is_file()
