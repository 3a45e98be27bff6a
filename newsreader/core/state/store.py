"""The reader's durable state: marks, tags, notes and annotations, with one owner of the file.

``StateStore.open()`` opens the file for a role (see ``opening``) and loads it into an
in-memory view that answers every read at once (``is_read``, ``tags``, ``notes`` ...; see
``view``). A change updates the view and is handed to the writer thread (see ``writer``), the
only code that touches TinyDB after open. Read and star flags are batched: written once no
other change came for ``FLAG_IDLE`` seconds (50 ms), and at most ``flag_delay`` seconds after
the first; tags, notes and annotations are written at once. So a kill that cannot be caught
(SIGKILL, power loss) can lose only a flag set in the last moment; SIGTERM and SIGHUP flush
first (see ``signals``). Each commit is one atomic, fsynced file write (see ``storage``).
``flush()`` forces and waits, ``wait_saved()`` only waits; ``close()`` flushes, stops the
writer and releases the lock, and also runs at interpreter exit. When the disk stays full,
``pending`` counts what is not on disk and ``rescue()`` writes it all to a rescue file
elsewhere. ``merge()`` takes in an import (see ``merge``).

Roles:

- ``"app"``: takes the lock if it is free; if another newsreader has it, opens read-only and
  says so in ``notice``. A damaged file or one from a newer newsreader also opens read-only
  with a notice (and ``corrupt`` set for a damaged one).
- ``"writer"`` (the command line): waits up to ``wait`` seconds for the lock, then raises
  ``StateBusy``; a damaged or newer file raises.
- ``"reader"``: no lock, read-only; a damaged file raises.

Read-only: read and star flags and tags change only in memory, for the session; a note or an
annotation raises ``StateReadOnly`` so nothing typed is silently lost.

Satisfies ``newsreader.core.library.MarkStore``.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newsreader.core.state.anchors import Placed, place, quote_at
from newsreader.core.state.errors import StateCorrupt, StateReadOnly
from newsreader.core.state.lock import StateLock
from newsreader.core.state.merge import ImportBatch, ImportReport, plan_merge
from newsreader.core.state.opening import DEFAULT_WAIT, Role, open_state
from newsreader.core.state.records import (
    MAX_NOTE_CHARS,
    Annotation,
    Note,
    clean_text,
    new_id,
    normalize_tags,
    now_iso,
)
from newsreader.core.state.view import ANNOTATIONS, ARTICLES, NOTES, StateView
from newsreader.core.state.writer import StateWriter

__all__ = ["FLAG_DELAY", "FLAG_IDLE", "MarksUndo", "StateStore"]

FLAG_DELAY = 0.5  # seconds a read or star flag may wait, at most, to be batched with others
FLAG_IDLE = 0.05  # ... and written as soon as no other change came for this long


@dataclass(frozen=True, slots=True)
class MarksUndo:
    """What ``mark_all_read`` changed, for ``restore_marks``: each article's record before."""

    records: dict[str, dict[str, Any] | None]




class StateStore(StateView):
    """The single owner of the state file. Create with ``StateStore.open``."""

    def __init__(
        self,
        path: Path,
        data: dict[str, dict[str, Any]],
        *,
        writable: bool,
        lock: StateLock | None = None,
        notice: str | None = None,
        problems: Iterable[str] = (),
        corrupt: StateCorrupt | None = None,
        flag_delay: float = FLAG_DELAY,
        backup_raw: bytes = b"",
        flag_idle: float | None = FLAG_IDLE,
    ) -> None:
        super().__init__(path, data, problems)
        self.writable = writable
        self.notice = notice
        self.corrupt = corrupt
        self._lock = lock
        self._writer = StateWriter(path, flag_delay=flag_delay, flag_idle=flag_idle)
        if writable:
            self._writer.start(data, backup_raw)
        atexit.register(self.close)

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        role: Role = "app",
        wait: float = DEFAULT_WAIT,
        flag_delay: float = FLAG_DELAY,
        flag_idle: float | None = FLAG_IDLE,
    ) -> StateStore:
        """Open the state file (default: ``paths.state_file()``) for ``role``; see the module doc."""
        opened = open_state(path, role=role, wait=wait)
        return cls(
            opened.path,
            opened.data,
            writable=opened.lock is not None,
            lock=opened.lock,
            notice=opened.notice,
            corrupt=opened.corrupt,
            flag_delay=flag_delay,
            backup_raw=opened.backup_raw,
            flag_idle=flag_idle,
        )

    # -- writing -----------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return not self.writable

    @property
    def on_error(self) -> Callable[[str], None] | None:
        """Called (on the writer thread) with each new message about a write that failed."""
        return self._writer.on_error

    @on_error.setter
    def on_error(self, callback: Callable[[str], None] | None) -> None:
        self._writer.on_error = callback

    @property
    def last_error(self) -> str | None:
        """Why the latest write failed; None once a write succeeds."""
        return self._writer.last_error

    def _put(self, table: str, key: str, record: dict[str, Any] | None, *, urgent: bool) -> int:
        if not self.writable:
            return self._writer.last_change
        return self._writer.put(table, key, record, urgent=urgent)

    def _need_writable(self, what: str) -> None:
        if not self.writable:
            reason = self.notice or "opened read-only"
            raise StateReadOnly(self.path, f"{what} cannot be saved: {reason}")

    @property
    def pending(self) -> int:
        """How many changes are not yet on disk."""
        return self._writer.pending if self.writable else 0

    @property
    def last_change(self) -> int:
        """The number of the latest change, for ``wait_saved(change=...)``."""
        return self._writer.last_change

    @property
    def file_writes(self) -> int:
        """How many times the state file has been written since it was opened (batching shows here)."""
        return self._writer.file_writes

    def wait_saved(self, timeout: float | None = None, *, change: int | None = None) -> bool:
        """Wait until every change made so far is on disk (batched flags included); False on timeout.

        With ``change`` (a ``last_change`` taken after making it): wait for that change only, and
        give up (False) as soon as a write that held it failed.
        """
        if not self.writable:
            return True
        return self._writer.wait_saved(timeout, change=change)

    def flush(self, timeout: float | None = 10.0, *, fail_fast: bool = False) -> bool:
        """Write every pending change now and wait for it to be on disk; False on timeout or failure.

        With ``fail_fast``, one failed attempt ends the wait (the change stays pending)."""
        if not self.writable:
            return True
        return self._writer.flush(timeout, fail_fast=fail_fast)

    def rescue(self, timeout: float = 10.0) -> Path:
        """Write the state, unsaved changes included, to a rescue file (see ``StateWriter.rescue``)."""
        return self._writer.rescue(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Flush, stop the writer and release the lock. True when everything was saved."""
        atexit.unregister(self.close)
        ok, stopped = self._writer.stop(timeout)
        if stopped:
            self._release()
        return ok

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.writable = False

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- marks (the MarkStore protocol and more) --------------------------------------

    def _set_fields(self, article_id: str, urgent: bool, **fields: Any) -> None:
        """Change fields of an article's record (None removes a field); drop records left empty."""
        with self._mutex:
            record = dict(self._articles.get(article_id, {}))
            for name, value in fields.items():
                if value is None:
                    record.pop(name, None)
                else:
                    record[name] = value
            if record:
                self._articles[article_id] = record
            else:
                self._articles.pop(article_id, None)
            if "tags" in fields:
                self._tag_cache = None
            self._put(ARTICLES, article_id, record or None, urgent=urgent)

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read == self.is_read(article_id):
            return
        self._set_fields(article_id, False, read=now_iso() if read else None)

    def toggle_read(self, article_id: str) -> bool:
        """``m``: flip read/unread; returns the new state."""
        with self._mutex:
            read = not self.is_read(article_id)
            self.mark_read(article_id, read)
            return read

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        if starred == self.is_starred(article_id):
            return
        self._set_fields(article_id, False, starred=now_iso() if starred else None)

    def toggle_star(self, article_id: str) -> bool:
        """``s``: flip the star; returns the new state."""
        with self._mutex:
            starred = not self.is_starred(article_id)
            self.set_starred(article_id, starred)
            return starred

    def set_tags(self, article_id: str, tags: Iterable[str] | str) -> tuple[str, ...]:
        """Replace the article's tags (free words; ``#`` and case-insensitive repeats dropped)."""
        clean = normalize_tags(tags)
        with self._mutex:
            if clean == self.tags(article_id):
                return clean
            self._set_fields(article_id, True, tags=list(clean) or None)
        return clean

    def add_tags(self, article_id: str, tags: Iterable[str] | str) -> tuple[str, ...]:
        with self._mutex:
            return self.set_tags(article_id, self.tags(article_id) + normalize_tags(tags))

    def remove_tags(self, article_id: str, tags: Iterable[str] | str) -> tuple[str, ...]:
        gone = {t.casefold() for t in normalize_tags(tags)}
        with self._mutex:
            return self.set_tags(article_id, [t for t in self.tags(article_id) if t.casefold() not in gone])

    def mark_all_read(self, article_ids: Iterable[str], read: bool = True) -> MarksUndo:
        """"Mark all in view read": returns what ``restore_marks`` needs to undo it."""
        before: dict[str, dict[str, Any] | None] = {}
        with self._mutex:
            for article_id in article_ids:
                if article_id in before or self.is_read(article_id) == read:
                    continue
                old = self._articles.get(article_id)
                before[article_id] = dict(old) if old else None
                self._set_fields(article_id, False, read=now_iso() if read else None)
        return MarksUndo(before)

    def restore_marks(self, undo: MarksUndo) -> None:
        """Put back the records ``mark_all_read`` changed."""
        with self._mutex:
            for article_id, record in undo.records.items():
                if record:
                    self._articles[article_id] = dict(record)
                else:
                    self._articles.pop(article_id, None)
                self._put(ARTICLES, article_id, record, urgent=False)
            self._tag_cache = None

    # -- notes -------------------------------------------------------------------------

    @staticmethod
    def _note_text(text: str) -> str:
        text = clean_text(text)
        if not text.strip():
            raise ValueError("the note is empty")
        if len(text) > MAX_NOTE_CHARS:
            raise ValueError(f"the note is longer than {MAX_NOTE_CHARS:,} characters")
        return text

    def add_note(self, article_id: str, text: str, *, title: str | None = None, url: str | None = None) -> Note:
        """``n``: a new note, written to disk at once. Raises ValueError for an empty note."""
        self._need_writable("The note")
        now = now_iso()
        note = Note(new_id(), article_id, self._note_text(text), now, now, title or None, url or None)
        with self._mutex:
            self._set_note(note)
            self._put(NOTES, note.id, note.to_record(), urgent=True)
        return note

    def edit_note(self, note_id: str, text: str) -> Note:
        """``e``: replace the note's text (KeyError for an unknown id)."""
        self._need_writable("The note")
        with self._mutex:
            note = self._notes[note_id]
            text = self._note_text(text)
            if text == note.text:
                return note
            note = note.edited(text)
            self._set_note(note)
            self._put(NOTES, note_id, note.to_record(), urgent=True)
        return note

    def delete_note(self, note_id: str) -> Note:
        """``d``: remove the note; returns it for ``restore_note`` (undo)."""
        self._need_writable("Deleting the note")
        with self._mutex:
            note = self._drop_note(note_id)
            self._put(NOTES, note_id, None, urgent=True)
        return note

    def restore_note(self, note: Note) -> Note:
        """Undo a delete: the same note, same id, back again."""
        self._need_writable("The note")
        with self._mutex:
            self._set_note(note)
            self._put(NOTES, note.id, note.to_record(), urgent=True)
        return note

    # -- annotations -------------------------------------------------------------------

    def annotate(
        self,
        article_id: str,
        text: str,
        start: int,
        end: int,
        *,
        note: str = "",
        tags: Iterable[str] | str = (),
        title: str | None = None,
        url: str | None = None,
    ) -> Annotation:
        """``a``: highlight ``text[start:end]`` (the article's reader text). ValueError when empty."""
        self._need_writable("The annotation")
        quote = quote_at(text, start, end)
        now = now_iso()
        annotation = Annotation(
            id=new_id(),
            article=article_id,
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
            start=quote.start,
            end=quote.end,
            note=clean_text(note) if note else "",
            tags=normalize_tags(tags),
            created=now,
            updated=now,
            title=title or None,
            url=url or None,
        )
        return self._save_annotation(annotation)

    def _save_annotation(self, annotation: Annotation) -> Annotation:
        with self._mutex:
            self._set_annotation(annotation)
            self._tag_cache = None
            self._put(ANNOTATIONS, annotation.id, annotation.to_record(), urgent=True)
        return annotation

    def edit_annotation(
        self, annotation_id: str, *, note: str | None = None, tags: Iterable[str] | str | None = None
    ) -> Annotation:
        self._need_writable("The annotation")
        with self._mutex:
            old = self._annotations[annotation_id]
            new = old
            if note is not None:
                new = replace(new, note=clean_text(note))
            if tags is not None:
                new = replace(new, tags=normalize_tags(tags))
            if new == old:
                return old
            return self._save_annotation(replace(new, updated=now_iso(after=old.updated)))

    def delete_annotation(self, annotation_id: str) -> Annotation:
        self._need_writable("Deleting the annotation")
        with self._mutex:
            annotation = self._drop_annotation(annotation_id)
            self._tag_cache = None
            self._put(ANNOTATIONS, annotation_id, None, urgent=True)
        return annotation

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        self._need_writable("The annotation")
        return self._save_annotation(annotation)

    def place(self, article_id: str, text: str, *, remember: bool = False) -> list[Placed]:
        """The article's annotations placed in ``text`` (its reader text now); orphans last.

        With ``remember``, annotations found somewhere other than their stored offsets get the
        new offsets and context saved (the quote itself is never changed); orphans are kept.
        """
        placed = place(self.annotations(article_id), text)
        if remember and self.writable:
            for item in placed:
                anchor = item.anchor
                if anchor is None or anchor.how == "position":
                    continue
                a = item.annotation
                if text[anchor.start : anchor.end] != a.exact:
                    continue  # only exact re-finds move the stored offsets
                moved = quote_at(text, anchor.start, anchor.end)
                self._save_annotation(replace(a, prefix=moved.prefix, suffix=moved.suffix, start=moved.start, end=moved.end))
        return placed

    # -- import ------------------------------------------------------------------------

    def merge(self, batch: ImportBatch) -> ImportReport:
        """Merge imported notes, annotations and marks (see ``merge``). Idempotent: a second
        import changes nothing."""
        self._need_writable("The import")
        with self._mutex:
            plan = plan_merge(self, batch)
            for note in plan.notes:
                self._set_note(note)
                self._put(NOTES, note.id, note.to_record(), urgent=True)
            for annotation in plan.annotations:
                self._save_annotation(annotation)
            for article_id, changes in plan.marks.items():
                self._set_fields(article_id, True, **changes)
        return plan.report
