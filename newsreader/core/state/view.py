"""The in-memory view of the state: what ``StateStore`` answers every read from.

Loaded once from the file's tables (records a hand-edited file got wrong are reported in
``problems`` and left out), kept with indexes from article to its notes and annotations, and
changed by the store as it hands each change to the writer.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newsreader.core.sanitize import sanitize, visible
from newsreader.core.state.records import (
    Annotation,
    Note,
    normalize_tags,
    parse_time,
    valid_id,
)

__all__ = ["ANNOTATIONS", "ARTICLES", "NOTES", "Snapshot", "StateView"]

ARTICLES, NOTES, ANNOTATIONS = "articles", "notes", "annotations"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything in the store at one moment (for export and listing)."""

    articles: dict[str, dict[str, Any]]
    notes: tuple[Note, ...]
    annotations: tuple[Annotation, ...]


class StateView:
    """Articles' marks and tags, notes and annotations, indexed for the read-side queries."""

    def __init__(self, path: Path, data: dict[str, dict[str, Any]], problems: Iterable[str] = ()) -> None:
        self.path = path
        self.problems: list[str] = list(problems)
        self._mutex = threading.RLock()  # guards the view
        self._articles: dict[str, dict[str, Any]] = {}
        self._notes: dict[str, Note] = {}
        self._annotations: dict[str, Annotation] = {}
        self._note_ids: dict[str, set[str]] = {}  # article id -> its note ids
        self._annotation_ids: dict[str, set[str]] = {}  # article id -> its annotation ids
        self._tag_cache: list[tuple[str, int]] | None = None
        self._load_view(data)

    def _load_view(self, data: dict[str, dict[str, Any]]) -> None:
        where = visible(str(self.path))
        # Ids are shown with ``visible``: a hand-edited file may hold anything.
        for article_id, record in data.get(ARTICLES, {}).items():
            if not valid_id(article_id):
                self.problems.append(f"{where}: article {visible(article_id)!r}: not a valid id; kept in the file, not shown")
                continue
            tags = record.get("tags")
            if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
                self.problems.append(f"{where}: article {article_id}: \"tags\" is not a list of words; ignored")
            view = dict(record)
            if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
                view["tags"] = list(normalize_tags(tags))  # cleaned as if typed (the file may be hand-edited)
            for key, value in view.items():
                if isinstance(value, str):
                    view[key] = sanitize(value)
            self._articles[article_id] = view
        for note_id, record in data.get(NOTES, {}).items():
            try:
                self._set_note(Note.from_record(note_id, record))
            except ValueError as exc:
                self.problems.append(f"{where}: note {visible(note_id)}: {exc}; kept in the file, not shown")
        for annotation_id, record in data.get(ANNOTATIONS, {}).items():
            try:
                self._set_annotation(Annotation.from_record(annotation_id, record))
            except ValueError as exc:
                self.problems.append(f"{where}: annotation {visible(annotation_id)}: {exc}; kept in the file, not shown")

    # -- marks -------------------------------------------------------------------------

    def articles_with_state(self) -> list[str]:
        with self._mutex:
            return list(self._articles)

    def is_read(self, article_id: str) -> bool:
        record = self._articles.get(article_id)
        return bool(record and record.get("read"))

    def read_at(self, article_id: str) -> datetime | None:
        record = self._articles.get(article_id)
        return parse_time(record.get("read")) if record else None

    def is_starred(self, article_id: str) -> bool:
        record = self._articles.get(article_id)
        return bool(record and record.get("starred"))

    def tags(self, article_id: str) -> tuple[str, ...]:
        record = self._articles.get(article_id)
        tags = record.get("tags") if record else None
        if not isinstance(tags, list):
            return ()
        return tuple(t for t in tags if isinstance(t, str))

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use (articles and annotations) with how often, most used first."""
        with self._mutex:
            if self._tag_cache is None:
                counts: Counter[str] = Counter()
                shown: dict[str, str] = {}
                for record in self._articles.values():
                    tags = record.get("tags")
                    if isinstance(tags, list):
                        for tag in tags:
                            if isinstance(tag, str):
                                counts[shown.setdefault(tag.casefold(), tag)] += 1
                for annotation in self._annotations.values():
                    for tag in annotation.tags:
                        counts[shown.setdefault(tag.casefold(), tag)] += 1
                self._tag_cache = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            return list(self._tag_cache)

    def complete_tag(self, prefix: str, limit: int = 20) -> list[str]:
        """Tags starting with ``prefix`` (ignoring case and a leading ``#``), most used first."""
        wanted = prefix.strip().lstrip("#").casefold()
        return [tag for tag, _ in self.all_tags() if tag.casefold().startswith(wanted)][:limit]

    # -- notes and annotations ---------------------------------------------------------

    def _set_note(self, note: Note) -> None:
        old = self._notes.get(note.id)
        if old is not None and old.article != note.article:
            self._note_ids.get(old.article, set()).discard(note.id)
        self._notes[note.id] = note
        self._note_ids.setdefault(note.article, set()).add(note.id)

    def _drop_note(self, note_id: str) -> Note:
        note = self._notes.pop(note_id)
        ids = self._note_ids.get(note.article)
        if ids is not None:
            ids.discard(note_id)
            if not ids:
                del self._note_ids[note.article]
        return note

    def _set_annotation(self, annotation: Annotation) -> None:
        old = self._annotations.get(annotation.id)
        if old is not None and old.article != annotation.article:
            self._annotation_ids.get(old.article, set()).discard(annotation.id)
        self._annotations[annotation.id] = annotation
        self._annotation_ids.setdefault(annotation.article, set()).add(annotation.id)

    def _drop_annotation(self, annotation_id: str) -> Annotation:
        annotation = self._annotations.pop(annotation_id)
        ids = self._annotation_ids.get(annotation.article)
        if ids is not None:
            ids.discard(annotation_id)
            if not ids:
                del self._annotation_ids[annotation.article]
        return annotation

    def note_count(self, article_id: str) -> int:
        """How many notes and annotations the article has (for a marker in the list)."""
        return len(self._note_ids.get(article_id, ())) + len(self._annotation_ids.get(article_id, ()))

    def notes(self, article_id: str) -> list[Note]:
        """The article's notes, oldest first."""
        with self._mutex:
            found = [self._notes[i] for i in self._note_ids.get(article_id, ())]
        return sorted(found, key=lambda n: (n.created, n.id))

    def note(self, note_id: str) -> Note | None:
        return self._notes.get(note_id)

    def all_notes(self) -> list[Note]:
        with self._mutex:
            return sorted(self._notes.values(), key=lambda n: (n.created, n.id))

    def annotations(self, article_id: str) -> list[Annotation]:
        with self._mutex:
            found = [self._annotations[i] for i in self._annotation_ids.get(article_id, ())]
        return sorted(found, key=lambda a: (a.start if a.start is not None else -1, a.created, a.id))

    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._annotations.get(annotation_id)

    def all_annotations(self) -> list[Annotation]:
        with self._mutex:
            return sorted(self._annotations.values(), key=lambda a: (a.created, a.id))

    def snapshot(self) -> Snapshot:
        with self._mutex:
            return Snapshot(
                {k: dict(v) for k, v in self._articles.items()},
                tuple(self.all_notes()),
                tuple(self.all_annotations()),
            )
