"""Reading an input file into clean text: size limit, binary check, decoding, NFC, sanitising."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.errors import InputError
from newsreader.core.sanitize import sanitize

__all__ = ["MAX_BYTES", "TextFile", "read_bytes", "read_text_file", "decode_text"]

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


def decode_text(
    data: bytes, path: Path | str = "<stdin>", *, normalise: bool = True
) -> tuple[str, str, list[str]]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, or cp1252 with a warning.

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
    else:
        if _looks_binary(data):
            raise InputError(path, "binary data, not a text file")
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise InputError(
                    path,
                    f"undecodable bytes: not UTF-8 or cp1252 (byte 0x{data[utf8_error.start]:02x}"
                    f" at offset {utf8_error.start})",
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
