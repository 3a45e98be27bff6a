"""Parsed articles kept between runs, so that opening a library does not parse it again.

One cache file per folder (or file) opened, in the cache folder. For each article file it
holds the file's size, modification and change times and inode, and what parsing it gave;
an entry is used only while all four are unchanged, and the whole cache only while the
parser's own source files are the ones that wrote it (their hash is stored in it). Only
scraped-text files are kept: the other readers depend on packages whose versions are not
tracked here. Files changed in the last seconds are not kept (a change within the same
clock tick would go unseen). A cache that cannot be read is ignored; one that cannot be
written is skipped silently: it only saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

from newsreader import __version__

__all__ = ["ParseCache"]

_FORMAT = 1
_RECENT = 2.0  # seconds: a file modified this recently is parsed again next time
_CORE = Path(__file__).resolve().parent.parent
# The parser's sources: any change to them makes every cache stale.
_SOURCES = ("ingest/*.py", "model.py", "sanitize.py", "errors.py")

Key = tuple[int, int, int, int]


@cache
def _fingerprint() -> str | None:
    """A hash of the parser's source files (None when they cannot be read: no cache)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_FORMAT}\0{__version__}\0{sys.version_info[:2]}".encode())
    try:
        files = sorted(p for pattern in _SOURCES for p in _CORE.glob(pattern))
        if not files:
            return None
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


class ParseCache:
    """The parses of the article files under one folder or file, ``root``."""

    def __init__(self, folder: Path, root: Path) -> None:
        name = hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        self.path = Path(folder) / f"{name}.pickle"
        self._fingerprint = _fingerprint()
        self._old: dict[str, tuple[Key, Any, Any]] = self._read()
        self._new: dict[str, tuple[Key, Any, Any]] = {}
        self._changed = False

    def _read(self) -> dict[str, tuple[Key, Any, Any]]:
        if self._fingerprint is None:
            return {}
        try:
            with self.path.open("rb") as file:
                info = os.fstat(file.fileno())
                # Only a file of ours that no one else could have written is unpickled.
                if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
                    return {}
                header = pickle.load(file)
                if header != (_FORMAT, self._fingerprint):
                    return {}
                entries = pickle.load(file)
        except Exception:  # missing, damaged, from another version: parse again
            return {}
        return entries if isinstance(entries, dict) else {}

    @staticmethod
    def key(path: Path) -> Key | None:
        """What identifies this version of the file (None when it cannot be read)."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)

    def get(self, path: Path, key: Key) -> tuple[list, tuple[str, ...]] | None:
        """The articles and warnings parsed from ``path`` when it had ``key``, if kept."""
        entry = self._old.get(str(path))
        if entry is None or entry[0] != key:
            return None
        self._new[str(path)] = entry
        return list(entry[1]), tuple(entry[2])

    def put(self, path: Path, key: Key, articles: list, warnings: tuple[str, ...]) -> None:
        """Keep what parsing ``path`` (as ``key``, read before parsing) gave."""
        if self._fingerprint is None or key[1] > (time.time() - _RECENT) * 1e9:
            return
        self._new[str(path)] = (key, tuple(articles), tuple(warnings))
        self._changed = True

    def save(self) -> None:
        """Write the entries used or added in this run, when anything changed."""
        if self._fingerprint is None or not (self._changed or self._new.keys() != self._old.keys()):
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
                pickle.dump((_FORMAT, self._fingerprint), file, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(self._new, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except Exception:  # a read-only or full disk: the next run parses again
            try:
                temporary.unlink()
            except OSError:
                pass
