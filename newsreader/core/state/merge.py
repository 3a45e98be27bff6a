"""Merging an import into the state: what an export file adds, updates or leaves alone.

Notes and annotations are matched by id; an imported one replaces ours unless ours was
updated later. Marks only ever add: read and starred are set if not set, tags are joined.
So a second import of the same file changes nothing. ``StateStore.merge`` applies the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from newsreader.core.state.records import Annotation, Note, normalize_tags
from newsreader.core.state.view import StateView

__all__ = ["ImportBatch", "ImportReport", "MergePlan", "plan_merge"]


@dataclass
class ImportBatch:
    """Parsed from an export file; merged by ``StateStore.merge``."""

    notes: list[Note] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    marks: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> read/starred/tags


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept_newer:
            text += f", {self.kept_newer} kept (newer here)"
        return text


@dataclass
class MergePlan:
    """What to save, in this order, and the report to give."""

    notes: list[Note] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    marks: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> fields to set
    report: ImportReport = field(default_factory=ImportReport)


def plan_merge(view: StateView, batch: ImportBatch) -> MergePlan:
    """The changes that merge ``batch`` into ``view`` (see the module doc)."""
    plan = MergePlan()
    report = plan.report
    notes: dict[str, Note] = {}  # planned so far: a later copy of the same id is merged with it
    for note in batch.notes:
        ours = notes.get(note.id) or view.note(note.id)
        if ours is None:
            merged = note
            report.added += 1
        elif (ours.text, ours.article) == (note.text, note.article):
            report.unchanged += 1
            continue
        elif ours.updated > note.updated:
            report.kept_newer += 1
            continue
        else:
            merged = replace(note, created=min(ours.created, note.created))
            report.updated += 1
        notes[note.id] = merged
        plan.notes.append(merged)
    annotations: dict[str, Annotation] = {}
    for annotation in batch.annotations:
        ours_a = annotations.get(annotation.id) or view.annotation(annotation.id)
        if ours_a is None:
            merged_a = annotation
            report.added += 1
        elif _same_annotation(ours_a, annotation):
            report.unchanged += 1
            continue
        elif ours_a.updated > annotation.updated:
            report.kept_newer += 1
            continue
        else:
            merged_a = replace(annotation, created=min(ours_a.created, annotation.created))
            report.updated += 1
        annotations[annotation.id] = merged_a
        plan.annotations.append(merged_a)
    for article_id, marks in batch.marks.items():
        changes: dict[str, Any] = {}
        if marks.get("read") and not view.is_read(article_id):
            changes["read"] = marks["read"]
        if marks.get("starred") and not view.is_starred(article_id):
            changes["starred"] = marks["starred"]
        tags = view.tags(article_id)
        joined = normalize_tags(tags + tuple(marks.get("tags") or ()))
        if joined != tags:
            changes["tags"] = list(joined)
        if changes:
            plan.marks[article_id] = changes
            report.updated += 1
        else:
            report.unchanged += 1
    return plan


def _same_annotation(a: Annotation, b: Annotation) -> bool:
    keys = ("article", "exact", "prefix", "suffix", "start", "end", "note", "tags")
    return all(getattr(a, k) == getattr(b, k) for k in keys)
