"""The reader's durable state on the main screen: marks, tags, notes, highlights, undo, export.

The ``StateStore`` answers from memory and writes on its own thread, so a key press costs a
dictionary change and one redrawn list row. Every string from the store (notes, tags, quotes)
reaches the screen as ``Content`` or Rich ``Text``, and every notification is plain text
(``markup=False``). Workers post messages (``SaveChecked``, ``ExportDone``); the screen hands
them back here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.app.messages import ExportDone, SaveChecked
from newsreader.app.widgets.notes_head import head_options, status_content
from newsreader.core.analysis.document import Block, article_blocks
from newsreader.core.model import Article

if TYPE_CHECKING:
    from textual.content import Content
    from textual.timer import Timer

    from newsreader.app.screens.editors import AnnotationResult, Passage
    from newsreader.app.view import MainView
    from newsreader.core.state import Annotation, Note, StateStore
    from newsreader.core.state.view import Snapshot

__all__ = ["ARTICLE_ACTIONS", "StateActions"]

# Actions that change or show one article's state: they need an article.
ARTICLE_ACTIONS = frozenset({"toggle_read", "toggle_star", "tags", "new_note", "annotate", "edit_note"})


class StateActions:
    """Marks, tags, notes and highlights from the keyboard; see the module doc.

    The app opens its store right after its first frame: the list is drawn first, every row
    as unread, and redrawn with its marks when the store is open. Anything that needs the
    store sooner (a key pressed at once) opens it then, and the marks, the article's state
    and its read timer come with it (``store_opened``).
    """

    def __init__(self, view: MainView) -> None:
        self.view = view
        self._undo: tuple[str, Callable[[], object]] | None = None
        self._read_timer: Timer | None = None
        self.read_delay = view.settings.mark_read_delay()

    @property
    def store(self) -> StateStore:
        return self.view.session.store

    def store_opened(self, store: StateStore) -> None:
        """The store the app opened after its first frame: draw the marks, show the state."""
        self.view.article_list.refresh()
        article = self.view.current_article
        if article is not None:
            self.show_state(article)
            self._start_read_timer(article)

    # -- showing the state ---------------------------------------------------------------

    def row_marks(self, article_id: str) -> tuple[bool, bool, tuple[str, ...], bool]:
        store = self.view.session.store_if_open
        if store is None:  # the first frame: drawn again when the store is open
            return True, False, (), False
        return (
            not store.is_read(article_id),
            store.is_starred(article_id),
            store.tags(article_id),
            store.note_count(article_id) > 0,
        )

    def status(self, article_id: str) -> Content:
        store = self.store
        read = store.is_read(article_id)
        return status_content(store.read_at(article_id) if read else None, read, store.is_starred(article_id), store.tags(article_id))

    def show_state(self, article: Article | None, *, update: bool = True) -> None:
        """The notes pane's head and the reader's marked passages for ``article``."""
        notes = self.view.notes
        if article is None:
            notes.set_head([], update=update)
            return
        store = self.store
        placed = []
        if store.annotations(article.id):
            text, _ = article_blocks(article)
            placed = store.place(article.id, text, remember=True)
            reader = self.view.reader
            if reader.article is not None and reader.article.id == article.id:
                reader.set_marks([(p.anchor.start, p.anchor.end) for p in placed if p.anchor is not None])
        notes.set_head(head_options(self.status(article.id), store.notes(article.id), placed), update=update)

    def article_shown(self, article: Article | None) -> None:
        """Called whenever the reader shows another article (before the notes pane fills)."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if self.view.session.pending:  # the first article: its state shows when the store opens
            return
        self.show_state(article, update=False)
        self._start_read_timer(article)

    def _start_read_timer(self, article: Article | None) -> None:
        if article is None or self.read_delay is None or self.store.is_read(article.id):
            return
        if self.read_delay <= 0:
            self._mark_shown_read(article.id)
        else:
            self._read_timer = self.view.set_timer(self.read_delay, partial(self._mark_shown_read, article.id))

    def _mark_shown_read(self, article_id: str) -> None:
        self._read_timer = None
        current = self.view.current_article
        if current is None or current.id != article_id or self.store.is_read(article_id):
            return
        self.store.mark_read(article_id)
        self.marks_changed(article_id)

    def marks_changed(self, article_id: str) -> None:
        """One list row and the status line: nothing else is redrawn."""
        self.view.library.state_changed(article_id)  # the catalog's copy, for searching
        self.view.article_list.refresh_article(article_id)
        current = self.view.current_article
        if current is not None and current.id == article_id:
            self.view.notes.set_status(self.status(article_id))

    def notes_changed(self, article_id: str) -> None:
        self.view.library.state_changed(article_id)
        self.view.article_list.refresh_article(article_id)
        current = self.view.current_article
        if current is not None and current.id == article_id:
            self.show_state(current)

    # -- marks and tags ------------------------------------------------------------------

    def _article(self) -> Article | None:
        article = self.view.current_article
        if article is None:
            self.view.notify("No article is shown.", markup=False, timeout=3)
        return article

    def action_toggle_read(self) -> None:
        article = self._article()
        if article is None:
            return
        store = self.store  # first: opening it starts the shown article's read timer
        if self._read_timer is not None:  # m decides: the timer must not mark it read again
            self._read_timer.stop()
            self._read_timer = None
        store.toggle_read(article.id)
        self.marks_changed(article.id)

    def action_toggle_star(self) -> None:
        article = self._article()
        if article is None:
            return
        self.store.toggle_star(article.id)
        self.marks_changed(article.id)

    def action_tags(self) -> None:
        article = self._article()
        if article is None:
            return
        from newsreader.app.screens.editors import TagsEditor

        known = [tag for tag, _ in self.store.all_tags()]
        self.view.app.push_screen(
            TagsEditor(f"Tags: {article.title}", self.store.tags(article.id), known),
            partial(self._tags_typed, article.id),
        )

    def _tags_typed(self, article_id: str, typed: str | None) -> None:
        if typed is None:
            return
        from newsreader.app.screens.editors import apply_tag_edit

        tags = self.store.set_tags(article_id, apply_tag_edit(self.store.tags(article_id), typed))
        self.marks_changed(article_id)
        shown = " ".join(f"#{t}" for t in tags) if tags else "none"
        self.view.notify(f"Tags: {shown}", markup=False, timeout=3)

    def mark_all_read(self) -> None:
        """Mark every article in the list read; z undoes."""
        ids = self.view.article_list.source.ids()
        undo = self.store.mark_all_read(ids)
        self.view.library.state_changed(None)
        count = len(undo.records)
        self.view.article_list.refresh()
        current = self.view.current_article
        if current is not None:
            self.marks_changed(current.id)
        if not count:
            self.view.notify("Every article here is read already.", markup=False, timeout=3)
            return

        def restore() -> None:
            self.store.restore_marks(undo)
            self.view.library.state_changed(None)
            self.view.article_list.refresh()
            if self.view.current_article is not None:
                self.marks_changed(self.view.current_article.id)

        self._set_undo(f"marked {count} read", restore)
        self.view.notify(f"Marked {count} article{'s' if count != 1 else ''} read · z undoes", markup=False, timeout=6)

    # -- notes ---------------------------------------------------------------------------

    def _saved(self, what: Callable[[], object]) -> object | None:
        """Run a store change; a refusal (read-only, empty text, ...) becomes a notification."""
        from newsreader.core.state import StateError

        try:
            return what()
        except (StateError, ValueError, KeyError) as exc:
            text = str(exc) if not isinstance(exc, KeyError) else "That note is gone."
            self.view.notify(f"Not saved: {text}", title="Notes", severity="warning", markup=False, timeout=10)
            return None

    def _writable(self) -> bool:
        """Notes and highlights need a writable file: say so before anything is typed."""
        if self.store.read_only:
            reason = self.store.notice or "the state file is read-only"
            self.view.notify(f"Notes and highlights cannot be saved now: {reason}", title="Notes", severity="warning", markup=False, timeout=10)
            return False
        return True

    def action_new_note(self) -> None:
        article = self._article()
        if article is None or not self._writable():
            return
        from newsreader.app.screens.editors import NoteEditor

        self.view.app.push_screen(NoteEditor(f"New note: {article.title}"), partial(self._note_written, article))

    def _note_written(self, article: Article, text: str | None) -> None:
        if text is None:
            return
        note = self._saved(lambda: self.store.add_note(article.id, text, title=article.title, url=article.url))
        if note is not None:
            self.notes_changed(article.id)
            self._confirm_saved("Note")

    def _selected_note(self) -> tuple[str, str] | None:
        notes = self.view.notes
        return notes.selected_note() if notes.has_focus else None

    def action_edit_note(self) -> None:
        article = self._article()
        if article is None:
            return
        selected = self._selected_note()
        if selected is None:
            latest = self.store.notes(article.id)
            if not latest:
                self.view.notify("This article has no note yet: n writes one.", markup=False, timeout=3)
                return
            selected = ("note", latest[-1].id)
        self.edit(*selected)

    def edit(self, kind: str, note_id: str) -> None:
        from newsreader.app.screens.editors import AnnotationEditor, NoteEditor, Passage

        if not self._writable():
            return
        if kind == "note":
            note = self.store.note(note_id)
            if note is not None:
                self.view.app.push_screen(NoteEditor("Edit note", note.text), partial(self._note_edited, note))
            return
        annotation = self.store.annotation(note_id)
        if annotation is None:
            return
        passage = Passage("the highlight", annotation.start or 0, annotation.end or 0, annotation.exact)
        known = [tag for tag, _ in self.store.all_tags()]
        screen = AnnotationEditor("Edit highlight", [passage], known, note=annotation.note, tags=annotation.tags)
        self.view.app.push_screen(screen, partial(self._annotation_edited, annotation))

    def _note_edited(self, note: Note, text: str | None) -> None:
        if text is not None and self._saved(lambda: self.store.edit_note(note.id, text)) is not None:
            self.notes_changed(note.article)

    def _annotation_edited(self, annotation: Annotation, result: AnnotationResult | None) -> None:
        if result is None:
            return
        from newsreader.app.screens.editors import apply_tag_edit

        tags = apply_tag_edit(annotation.tags, result.tags)
        if self._saved(lambda: self.store.edit_annotation(annotation.id, note=result.note, tags=tags)) is not None:
            self.notes_changed(annotation.article)

    def action_delete_note(self) -> None:
        selected = self.view.notes.selected_note()
        if selected is None:
            self.view.notify("Select a note or a highlight in the notes pane to delete it.", markup=False, timeout=3)
            return
        kind, note_id = selected
        store = self.store
        from newsreader.core.state import Annotation, Note

        if kind == "note":
            note = self._saved(lambda: store.delete_note(note_id))
            if not isinstance(note, Note):
                return
            def restore_note() -> None:
                store.restore_note(note)
                self.notes_changed(note.article)

            self._set_undo("deleted a note", restore_note)
            self.notes_changed(note.article)
            self.view.notify("Note deleted · z undoes", markup=False, timeout=8)
        else:
            annotation = self._saved(lambda: store.delete_annotation(note_id))
            if not isinstance(annotation, Annotation):
                return
            def restore_annotation() -> None:
                store.restore_annotation(annotation)
                self.notes_changed(annotation.article)

            self._set_undo("deleted a highlight", restore_annotation)
            self.notes_changed(annotation.article)
            self._clear_marks_if_none(annotation.article)
            self.view.notify("Highlight deleted · z undoes", markup=False, timeout=8)

    def _clear_marks_if_none(self, article_id: str) -> None:
        reader = self.view.reader
        if reader.article is not None and reader.article.id == article_id and not self.store.annotations(article_id):
            reader.set_marks([])

    # -- highlights ----------------------------------------------------------------------

    def passages(self, article: Article) -> list[Passage]:
        """What ``a`` can highlight: the current name or figure, its sentence and paragraph;
        without one, the paragraph at the top of the reader."""
        from newsreader.app.screens.editors import Passage
        from newsreader.core.analysis.sentences import sentence_spans

        text, blocks = article_blocks(article)
        reader = self.view.reader
        span = reader.current_span if reader.article is not None and reader.article.id == article.id else None
        found: list[Passage] = []
        block: Block | None = None
        if span is not None and text[span.start : span.end] == span.text:
            kind = "name" if span.kind == "entity" else "figure"
            found.append(Passage(f"the {kind}", span.start, span.end, span.text))
            block = next((b for b in blocks if b.start <= span.start < b.end), None)
            if block is not None:
                for start, end in sentence_spans(text, block.start, block.end):
                    if start <= span.start < end and (start, end) not in {(span.start, span.end), (block.start, block.end)}:
                        found.append(Passage("its sentence", start, end, text[start:end]))
                        break
        else:
            block = reader.paragraph_at_top() if reader.article is not None and reader.article.id == article.id else None
            if block is None:
                block = next((b for b in blocks if b.kind == "paragraph"), blocks[0] if blocks else None)
        if block is not None and not any((p.start, p.end) == (block.start, block.end) for p in found):
            found.append(Passage("its paragraph" if found else "the paragraph", block.start, block.end, text[block.start : block.end]))
        return [p for p in found if p.text.strip()]

    def action_annotate(self) -> None:
        article = self._article()
        if article is None or not self._writable():
            return
        passages = self.passages(article)
        if not passages:
            self.view.notify("This article has no text to highlight.", markup=False, timeout=3)
            return
        from newsreader.app.screens.editors import AnnotationEditor

        known = [tag for tag, _ in self.store.all_tags()]
        screen = AnnotationEditor(f"Highlight: {article.title}", passages, known)
        self.view.app.push_screen(screen, partial(self._annotated, article))

    def _annotated(self, article: Article, result: AnnotationResult | None) -> None:
        if result is None:
            return
        from newsreader.app.screens.editors import apply_tag_edit

        text, _ = article_blocks(article)
        passage = result.passage
        saved = self._saved(
            lambda: self.store.annotate(
                article.id, text, passage.start, passage.end,
                note=result.note, tags=apply_tag_edit((), result.tags), title=article.title, url=article.url,
            )
        )
        if saved is not None:
            self.notes_changed(article.id)
            self._confirm_saved("Highlight")

    def _confirm_saved(self, what: str) -> None:
        """Say "saved" once the change is on disk, never before; say so when it is not."""
        store = self.store
        change = store.last_change
        self.view.run_worker(partial(self._wait_written, store, change, what), thread=True, group="confirm")

    def _wait_written(self, store: StateStore, change: int, what: str) -> None:
        ok = store.wait_saved(10.0, change=change)
        self.view.post_message(SaveChecked(ok, what, store.last_error))

    def save_checked(self, event: SaveChecked) -> None:
        ok, what, problem = event.ok, event.what, event.problem
        if ok:
            self.view.notify(f"{what} saved.", markup=False, timeout=2)
            return
        why = (problem or "it could not be written yet").removesuffix("; will retry")
        self.view.notify(
            f"{what} is not on disk yet: {why}. It stays in memory and is retried; q asks what to do with it.",
            title="Not saved", severity="error", markup=False, timeout=15,
        )

    # -- undo ----------------------------------------------------------------------------

    def _set_undo(self, what: str, undo: Callable[[], object]) -> None:
        self._undo = (what, undo)

    def action_undo(self) -> None:
        if self._undo is None:
            self.view.notify("Nothing to undo.", markup=False, timeout=2)
            return
        what, undo = self._undo
        self._undo = None
        if self._saved(lambda: undo() or True) is not None:
            self.view.notify(f"Undone: {what}", markup=False, timeout=3)

    # -- export --------------------------------------------------------------------------

    def export_notes(self, fmt: str) -> None:
        """Ask where, then write the notes, highlights and marks as Markdown or JSON."""
        from newsreader.app.screens.save_path import SavePathScreen

        suffix = "md" if fmt == "markdown" else "json"
        default = _export_folder() / f"newsreader-notes.{suffix}"
        name = "Markdown" if fmt == "markdown" else "JSON (W3C Web Annotation)"
        self.view.app.push_screen(SavePathScreen(f"Export notes, highlights and marks as {name} to:", default), partial(self._export_to, fmt))

    def _export_to(self, fmt: str, path: Path | None) -> None:
        if path is not None:
            self._write_export(fmt, path)

    def _write_export_now(self, fmt: str, path: Path) -> str:
        from newsreader.core.errors import InputError
        from newsreader.core.state.export import article_infos, write_export

        snapshot = self.store.snapshot()
        try:
            written = write_export(snapshot, path, fmt, article_infos(self.view.library.export_articles(_export_ids(snapshot))))
        except InputError as exc:
            return f"Not exported: {exc}"
        count = len(snapshot.notes) + len(snapshot.annotations)
        return f"Exported {count} note{'s' if count != 1 else ''} and highlight{'s' if count != 1 else ''} to {written}"

    def _write_export(self, fmt: str, path: Path) -> None:
        self.view.run_worker(partial(self._export_worker, fmt, path), thread=True, group="export", exclusive=True)

    def _export_worker(self, fmt: str, path: Path) -> None:
        message = self._write_export_now(fmt, path)
        self.view.post_message(ExportDone(message, message.startswith("Not")))

    def export_done(self, event: ExportDone) -> None:
        self.view.notify(event.text, title="Export", severity="error" if event.error else "information", markup=False, timeout=8)

    # -- the palette and the footer ------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Mark read / unread", self.action_toggle_read, "The article in the reader (m)"),
            ("Star / unstar", self.action_toggle_star, "The article in the reader (s)"),
            ("Tags…", self.action_tags, "Add, remove or replace the article's tags (t)"),
            ("New note…", self.action_new_note, "A Markdown note on the article (n)"),
            ("Highlight…", self.action_annotate, "The current name or figure, or the paragraph, with a note (a)"),
            ("Edit note…", self.action_edit_note, "The selected note, else the article's latest (e)"),
            ("Mark all in view read", self.mark_all_read, "Every article in the list (z undoes)"),
            ("Export notes as Markdown…", partial(self.export_notes, "markdown"), "Notes, highlights and marks, for Obsidian"),
            ("Export notes as JSON…", partial(self.export_notes, "json"), "W3C Web Annotation JSON"),
        ]
        if self._undo is not None:
            commands.append((f"Undo: {self._undo[0]}", self.action_undo, "Put it back (z)"))
        return commands

    def check(self, action: str) -> bool | None:
        """Article actions are shown greyed out while no article is shown."""
        if action in ARTICLE_ACTIONS and self.view.current_article is None:
            return None
        return True


def _export_ids(snapshot: Snapshot) -> set[str]:
    """The articles an export names: those with state, notes or highlights."""
    return set(snapshot.articles) | {n.article for n in snapshot.notes} | {a.article for a in snapshot.annotations}


def _export_folder() -> Path:
    home = Path.home()
    return home if home.is_dir() else Path.cwd()
