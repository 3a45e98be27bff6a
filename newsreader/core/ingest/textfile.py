"""Reading an input file into clean text: size limit, binary check, decoding, NFC, sanitising."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.sanitize import sanitize

__all__ = ["MAX_BYTES", "TextFile", "decode_text", "read_bytes", "read_text_file"]

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TextFile:
    path: Path
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # ESC is not counted: text coloured with terminal escape sequences is text (they are removed).
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 100)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when ``data`` reads as UTF-16 text without a byte order mark: NULs in
    most odd (little-endian) or even (big-endian) places, none in the others, and text that is
    nearly all printable once decoded. Else None (binary stays binary)."""
    head = data[: 8192 & ~1]
    if len(data) % 2 or len(head) < 4:
        return None
    pairs = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= pairs * 0.6 and even == 0:
        codec = "utf-16-le"
    elif even >= pairs * 0.6 and odd == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:4096]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\t\n\r")
    if printable < len(sample) * 0.95:
        return None
    return text, codec


def decode_text(
    data: bytes, path: Path | str = "<stdin>", *, normalise: bool = True
) -> tuple[str, str, list[str]]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 (BOM or, with a warning, not), or cp1252
    with a warning.

    Returns ``(text, encoding, warnings)``; text has ``\\n`` line ends, NFC
    normalisation and no control sequences. With ``normalise=False`` line ends and
    Unicode forms are not normalised (control characters, CR among them, still go),
    so offsets into clean input stay valid. Raises ``InputError``.
    """
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 at byte {exc.start}") from None
    elif (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = utf16
        warnings.append(f"{path}: no byte order mark; read as UTF-16 {encoding[-2:].upper()}")
    else:
        if _looks_binary(data):
            raise InputError(path, "binary data, not a text file")
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as cp1252_error:
                # The byte cp1252 has no character for (0x81, 0x8d, ...), not the first byte
                # UTF-8 refused, which cp1252 may read well.
                raise InputError(
                    path,
                    f"undecodable bytes: not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                    f"{utf8_error.start}) nor cp1252 (byte 0x{data[cp1252_error.start]:02x} at offset "
                    f"{cp1252_error.start})",
                ) from None
            warnings.append(
                f"{path}: not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                f"{utf8_error.start}); read as cp1252"
            )
    if normalise:
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return sanitize(text), encoding, warnings


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one article file (not empty, within the limit), or ``InputError``."""
    try:
        if path.is_dir():
            raise InputError(path, "is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"file is {_size(size)}, over the {_size(max_bytes)} limit")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    if len(data) > max_bytes:
        raise InputError(path, f"file is over the {_size(max_bytes)} limit")
    if not data:
        raise InputError(path, "empty file")
    return data


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> TextFile:
    """Read one article file, or raise ``InputError`` with a one-line reason."""
    data = read_bytes(path, max_bytes=max_bytes)
    text, encoding, warnings = decode_text(data, path)
    if not text.strip():
        raise InputError(path, "contains only whitespace")
    return TextFile(path=path, text=text, encoding=encoding, warnings=tuple(warnings))
