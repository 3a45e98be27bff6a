"""The reader's durable state in the app: marks, tags, notes, highlights, filters, undo, export.

Mixed into ``NewsreaderApp``. The ``StateStore`` answers from memory and writes on its own
thread, so a key press costs a dictionary change and one redrawn list row. Every string from
the store (notes, tags, quotes) reaches the screen as ``Content`` or Rich ``Text``, and every
notification is plain text (``markup=False``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from newsreader.app.messages import NoteChosen
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.notes_head import head_options, status_content
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.core.analysis.document import Block, article_blocks
from newsreader.core.model import Article

if TYPE_CHECKING:
    from newsreader.app.screens.editors import AnnotationResult, Passage
    from newsreader.core.state import Annotation, Note, StateStore

__all__ = ["StateActions", "open_store"]

# Actions that change or show one article's state: they need an article and the main screen.
ARTICLE_ACTIONS = frozenset({"toggle_read", "toggle_star", "tags", "new_note", "annotate", "edit_note"})
MAIN_SCREEN_ACTIONS = ARTICLE_ACTIONS | {"unread_only", "undo", "delete_note"}


def open_store() -> StateStore:
    """The app's store; never raises (a failure opens an empty read-only store with a notice)."""
    from newsreader.core.state import StateStore

    try:
        return StateStore.open()
    except Exception as exc:
        from newsreader.core.paths import state_file
        from newsreader.core.state import schema

        path = state_file()
        notice = f"{path}: cannot be used ({type(exc).__name__}: {exc}); opened read-only, changes will not be saved."
        return StateStore(path, schema.fresh(), writable=False, notice=notice)


class StateWriteFailed(Message):
    """Posted from the store's writer thread when a write fails (post_message never blocks it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class StateActions:
    """Marks, tags, notes and highlights from the keyboard; see the module doc.

    The app opens its store right after its first frame (``_open_state``): the list is drawn
    first, every row as unread, and redrawn with its marks when the store is open. Anything
    that needs the store sooner (a key pressed at once) opens it then, and the marks, the
    article's state and its read timer come with it.
    """

    articles: list[Article]
    filter: tuple[str, str] | None

    def _init_state(self, store: StateStore | None) -> None:
        self._store = store
        self._state_ui = False  # mounted: the panes can show the state
        self._state_wired = False
        self._state_pending = store is None  # the store opens after the first frame
        self.unread_only = False
        self.tag_filter: str | None = None
        self._undo: tuple[str, Callable[[], object]] | None = None
        self._read_timer: Timer | None = None
        self._restore_signals: Callable[[], None] | None = None
        self._unsaved_handled = False  # chosen in the quit dialog: rescued, or quit without them
        self.rescued: Path | None = None  # where unsaved changes went on the way out
        self.read_delay = self.settings.mark_read_delay()  # type: ignore[attr-defined]

    # -- lifetime ------------------------------------------------------------------------

    @property
    def store(self) -> StateStore:
        store = self._store
        if store is None:
            store = self._store = open_store()
            self.library.marks = store  # type: ignore[attr-defined]
            if self._state_ui:  # needed before the first frame was out (a key pressed at once)
                self._wire_store()
                self._open_state()
        return store

    def _state_mounted(self) -> None:
        """On mount: a store given to the app is wired now; the app's own when it opens."""
        self._state_ui = True
        if self._store is not None:
            self._wire_store()

    def _wire_store(self) -> None:
        """Write errors, notices and flushing on signals."""
        store = self._store
        if store is None or self._state_wired:
            return
        self._state_wired = True
        store.on_error = lambda text: self.post_message(StateWriteFailed(text))  # type: ignore[attr-defined]
        if store.notice:
            severity = "warning" if store.read_only else "information"
            self.notify(store.notice, title="Notes and marks", severity=severity, markup=False, timeout=20)  # type: ignore[attr-defined]
        for problem in store.problems:
            self.notify(problem, title="Notes and marks", severity="warning", markup=False, timeout=10)  # type: ignore[attr-defined]
        if threading.current_thread() is threading.main_thread():
            from newsreader.core.state.signals import flush_on_signals

            loop = self._loop  # type: ignore[attr-defined]
            self._restore_signals = flush_on_signals(store, then=lambda: loop.call_soon_threadsafe(self.exit))  # type: ignore[attr-defined]

    def _open_state(self) -> None:
        """After the first frame: open the store, draw the marks, show the article's state."""
        if not self._state_pending:
            return
        self._state_pending = False
        self.store  # noqa: B018 - opens it (not yet open: it opens without coming back here)
        self.query_one(ArticleList).refresh()  # type: ignore[attr-defined]
        article = self.current_article  # type: ignore[attr-defined]
        if article is not None:
            self._show_state(article)
            self._start_read_timer(article)

    def _state_closed(self) -> None:
        """On the way out: write everything, stop the writer, release the lock."""
        self._state_pending = False
        self._state_ui = False
        if self._restore_signals is not None:
            self._restore_signals()
            self._restore_signals = None
        store = self._store
        if store is None:  # never opened: nothing to write
            return
        store.on_error = None
        unsaved = store.pending
        if store.close() or self._unsaved_handled:
            return
        # Not asked (a signal, or the disk filled while quitting): keep them in a rescue file.
        from newsreader.core.state import StateError

        problem = store.last_error or f"{store.path}: the changes could not be saved"
        try:
            self.rescued = store.rescue()
            message = f"newsreader: {problem}\n{_rescued_lines(self.rescued, unsaved)}"
        except StateError as exc:
            message = f"newsreader: {problem}; {unsaved or 'some'} change(s) lost: {exc}"
        self._exit_renderables.append(_plain(message))  # type: ignore[attr-defined]  # printed once the screen is back
        self._return_code = 1  # type: ignore[attr-defined]

    # -- quitting ------------------------------------------------------------------------

    def action_quit(self) -> None:
        """``q``: quit at once when everything is on disk; else one more try, then ask."""
        from newsreader.app.screens.quit import QuitDialog

        store = self._store
        if isinstance(self.screen, QuitDialog):  # type: ignore[attr-defined]
            return
        if store is None or store.pending == 0:
            self.exit()  # type: ignore[attr-defined]
            return
        self.run_worker(partial(self._quit_flush, store), thread=True, group="quit", exclusive=True)  # type: ignore[attr-defined]

    def _quit_flush(self, store: StateStore) -> None:
        ok = store.flush(5.0, fail_fast=True)
        self.call_from_thread(self._quit_flushed, store, ok)  # type: ignore[attr-defined]

    def _quit_flushed(self, store: StateStore, ok: bool) -> None:
        from newsreader.app.screens.quit import QuitDialog

        if ok or store.pending == 0:
            self.exit()  # type: ignore[attr-defined]
        elif not isinstance(self.screen, QuitDialog):  # type: ignore[attr-defined]
            self.push_screen(QuitDialog(store), self._quit_chosen)  # type: ignore[attr-defined]

    def _quit_chosen(self, choice: tuple[str, Path | None] | None) -> None:
        if choice is None:
            return
        what, path = choice
        if what == "rescued" and path is not None:
            self.rescued = path
            self._unsaved_handled = True
            count = self._store.pending if self._store is not None else 0
            self.exit(message=_plain(_rescued_lines(path, count)))  # type: ignore[attr-defined]
        elif what == "dropped":
            self._unsaved_handled = True
            count = self._store.pending if self._store is not None else 0
            self.exit(message=_plain(f"newsreader: quit without {count} unsaved change(s), as asked"))  # type: ignore[attr-defined]
        else:
            self.exit()  # type: ignore[attr-defined]

    def on_state_write_failed(self, event: StateWriteFailed) -> None:
        self.notify(event.text, title="Not saved", severity="error", markup=False, timeout=15)  # type: ignore[attr-defined]

    # -- showing the state ---------------------------------------------------------------

    def _row_marks(self, article_id: str) -> tuple[bool, bool, tuple[str, ...], bool]:
        store = self._store
        if store is None:  # the first frame: drawn again when the store is open
            return True, False, (), False
        return (
            not store.is_read(article_id),
            store.is_starred(article_id),
            store.tags(article_id),
            store.note_count(article_id) > 0,
        )

    def _status(self, article_id: str) -> object:
        store = self.store
        read = store.is_read(article_id)
        return status_content(store.read_at(article_id) if read else None, read, store.is_starred(article_id), store.tags(article_id))

    def _show_state(self, article: Article | None, *, update: bool = True) -> None:
        """The notes pane's head and the reader's marked passages for ``article``."""
        notes = self.query_one(NotesPane)  # type: ignore[attr-defined]
        if article is None:
            notes.set_head([], update=update)
            return
        store = self.store
        placed = []
        if store.annotations(article.id):
            text, _ = article_blocks(article)
            placed = store.place(article.id, text, remember=True)
            reader = self.query_one(ArticleView)  # type: ignore[attr-defined]
            if reader.article is not None and reader.article.id == article.id:
                reader.set_marks([(p.anchor.start, p.anchor.end) for p in placed if p.anchor is not None])
        notes.set_head(head_options(self._status(article.id), store.notes(article.id), placed), update=update)

    def _article_shown(self, article: Article | None) -> None:
        """Called whenever the reader shows another article (before the notes pane fills)."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if self._state_pending:  # the first article: its state shows when the store opens
            return
        self._show_state(article, update=False)
        self._start_read_timer(article)

    def _start_read_timer(self, article: Article | None) -> None:
        if article is None or self.read_delay is None or self.store.is_read(article.id):
            return
        if self.read_delay <= 0:
            self._mark_shown_read(article.id)
        else:
            self._read_timer = self.set_timer(self.read_delay, partial(self._mark_shown_read, article.id))  # type: ignore[attr-defined]

    def _mark_shown_read(self, article_id: str) -> None:
        self._read_timer = None
        current = self.current_article  # type: ignore[attr-defined]
        if current is None or current.id != article_id or self.store.is_read(article_id):
            return
        self.store.mark_read(article_id)
        self._marks_changed(article_id)

    def _marks_changed(self, article_id: str) -> None:
        """One list row and the status line: nothing else is redrawn."""
        self._state_changed(article_id)  # type: ignore[attr-defined]  # the catalog's copy, for searching
        self.query_one(ArticleList).refresh_article(article_id)  # type: ignore[attr-defined]
        current = self.current_article  # type: ignore[attr-defined]
        if current is not None and current.id == article_id:
            self.query_one(NotesPane).set_status(self._status(article_id))  # type: ignore[attr-defined]

    def _notes_changed(self, article_id: str) -> None:
        self._state_changed(article_id)  # type: ignore[attr-defined]
        self.query_one(ArticleList).refresh_article(article_id)  # type: ignore[attr-defined]
        current = self.current_article  # type: ignore[attr-defined]
        if current is not None and current.id == article_id:
            self._show_state(current)

    # -- filters -------------------------------------------------------------------------

    def _state_filtered(self, articles: list[Article]) -> list[Article]:
        store = self.store
        if self.tag_filter is not None:
            wanted = self.tag_filter.casefold()
            articles = [a for a in articles if any(t.casefold() == wanted for t in store.tags(a.id))]
        if self.unread_only:
            articles = [a for a in articles if not store.is_read(a.id)]
        return articles

    def action_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        current = self.current_article  # type: ignore[attr-defined]
        self._relist(keep=current.id if current else None)  # type: ignore[attr-defined]
        self.notify("Unread articles only · u shows all" if self.unread_only else "All articles", markup=False, timeout=3)  # type: ignore[attr-defined]

    def filter_tag(self, tag: str) -> None:
        """List only the articles tagged ``tag`` (from the palette)."""
        self.tag_filter = tag
        current = self.current_article  # type: ignore[attr-defined]
        self._relist(keep=current.id if current else None)  # type: ignore[attr-defined]
        self.query_one(ArticleList).focus()  # type: ignore[attr-defined]
        count = self.query_one(ArticleList).article_count  # type: ignore[attr-defined]
        self.notify(f"{count} article{'s' if count != 1 else ''} tagged #{tag} · esc clears", markup=False, timeout=4)  # type: ignore[attr-defined]

    # -- marks and tags ------------------------------------------------------------------

    def _article(self) -> Article | None:
        article = self.current_article  # type: ignore[attr-defined]
        if article is None:
            self.notify("No article is shown.", markup=False, timeout=3)  # type: ignore[attr-defined]
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
        self._marks_changed(article.id)

    def action_toggle_star(self) -> None:
        article = self._article()
        if article is None:
            return
        self.store.toggle_star(article.id)
        self._marks_changed(article.id)

    def action_tags(self) -> None:
        article = self._article()
        if article is None:
            return
        from newsreader.app.screens.editors import TagsEditor

        known = [tag for tag, _ in self.store.all_tags()]
        self.push_screen(  # type: ignore[attr-defined]
            TagsEditor(f"Tags: {article.title}", self.store.tags(article.id), known),
            partial(self._tags_typed, article.id),
        )

    def _tags_typed(self, article_id: str, typed: str | None) -> None:
        if typed is None:
            return
        from newsreader.app.screens.editors import apply_tag_edit

        tags = self.store.set_tags(article_id, apply_tag_edit(self.store.tags(article_id), typed))
        self._marks_changed(article_id)
        shown = " ".join(f"#{t}" for t in tags) if tags else "none"
        self.notify(f"Tags: {shown}", markup=False, timeout=3)  # type: ignore[attr-defined]

    def mark_all_read(self) -> None:
        """Mark every article in the list read; z undoes."""
        ids = self.query_one(ArticleList).source.ids()  # type: ignore[attr-defined]
        undo = self.store.mark_all_read(ids)
        self._state_changed(None)  # type: ignore[attr-defined]
        count = len(undo.records)
        self.query_one(ArticleList).refresh()  # type: ignore[attr-defined]
        current = self.current_article  # type: ignore[attr-defined]
        if current is not None:
            self._marks_changed(current.id)
        if not count:
            self.notify("Every article here is read already.", markup=False, timeout=3)  # type: ignore[attr-defined]
            return

        def restore() -> None:
            self.store.restore_marks(undo)
            self._state_changed(None)  # type: ignore[attr-defined]
            self.query_one(ArticleList).refresh()  # type: ignore[attr-defined]
            if self.current_article is not None:  # type: ignore[attr-defined]
                self._marks_changed(self.current_article.id)  # type: ignore[attr-defined]

        self._set_undo(f"marked {count} read", restore)
        self.notify(f"Marked {count} article{'s' if count != 1 else ''} read · z undoes", markup=False, timeout=6)  # type: ignore[attr-defined]

    # -- notes ---------------------------------------------------------------------------

    def _saved(self, what: Callable[[], object]) -> object | None:
        """Run a store change; a refusal (read-only, empty text, ...) becomes a notification."""
        from newsreader.core.state import StateError

        try:
            return what()
        except (StateError, ValueError, KeyError) as exc:
            text = str(exc) if not isinstance(exc, KeyError) else "That note is gone."
            self.notify(f"Not saved: {text}", title="Notes", severity="warning", markup=False, timeout=10)  # type: ignore[attr-defined]
            return None

    def _writable(self) -> bool:
        """Notes and highlights need a writable file: say so before anything is typed."""
        if self.store.read_only:
            reason = self.store.notice or "the state file is read-only"
            self.notify(f"Notes and highlights cannot be saved now: {reason}", title="Notes", severity="warning", markup=False, timeout=10)  # type: ignore[attr-defined]
            return False
        return True

    def action_new_note(self) -> None:
        article = self._article()
        if article is None or not self._writable():
            return
        from newsreader.app.screens.editors import NoteEditor

        self.push_screen(NoteEditor(f"New note: {article.title}"), partial(self._note_written, article))  # type: ignore[attr-defined]

    def _note_written(self, article: Article, text: str | None) -> None:
        if text is None:
            return
        note = self._saved(lambda: self.store.add_note(article.id, text, title=article.title, url=article.url))
        if note is not None:
            self._notes_changed(article.id)
            self._confirm_saved("Note")

    def _selected_note(self) -> tuple[str, str] | None:
        notes = self.query_one(NotesPane)  # type: ignore[attr-defined]
        return notes.selected_note() if notes.has_focus else None

    def action_edit_note(self) -> None:
        article = self._article()
        if article is None:
            return
        selected = self._selected_note()
        if selected is None:
            latest = self.store.notes(article.id)
            if not latest:
                self.notify("This article has no note yet: n writes one.", markup=False, timeout=3)  # type: ignore[attr-defined]
                return
            selected = ("note", latest[-1].id)
        self._edit(*selected)

    def on_note_chosen(self, event: NoteChosen) -> None:
        event.stop()
        self._edit(event.kind, event.note_id)

    def _edit(self, kind: str, note_id: str) -> None:
        from newsreader.app.screens.editors import AnnotationEditor, NoteEditor, Passage

        if not self._writable():
            return
        if kind == "note":
            note = self.store.note(note_id)
            if note is not None:
                self.push_screen(NoteEditor("Edit note", note.text), partial(self._note_edited, note))  # type: ignore[attr-defined]
            return
        annotation = self.store.annotation(note_id)
        if annotation is None:
            return
        passage = Passage("the highlight", annotation.start or 0, annotation.end or 0, annotation.exact)
        known = [tag for tag, _ in self.store.all_tags()]
        screen = AnnotationEditor("Edit highlight", [passage], known, note=annotation.note, tags=annotation.tags)
        self.push_screen(screen, partial(self._annotation_edited, annotation))  # type: ignore[attr-defined]

    def _note_edited(self, note: Note, text: str | None) -> None:
        if text is not None and self._saved(lambda: self.store.edit_note(note.id, text)) is not None:
            self._notes_changed(note.article)

    def _annotation_edited(self, annotation: Annotation, result: AnnotationResult | None) -> None:
        if result is None:
            return
        from newsreader.app.screens.editors import apply_tag_edit

        tags = apply_tag_edit(annotation.tags, result.tags)
        if self._saved(lambda: self.store.edit_annotation(annotation.id, note=result.note, tags=tags)) is not None:
            self._notes_changed(annotation.article)

    def action_delete_note(self) -> None:
        selected = self.query_one(NotesPane).selected_note()  # type: ignore[attr-defined]
        if selected is None:
            self.notify("Select a note or a highlight in the notes pane to delete it.", markup=False, timeout=3)  # type: ignore[attr-defined]
            return
        kind, note_id = selected
        store = self.store
        from newsreader.core.state import Annotation, Note

        if kind == "note":
            note = self._saved(lambda: store.delete_note(note_id))
            if not isinstance(note, Note):
                return
            self._set_undo("deleted a note", lambda: (store.restore_note(note), self._notes_changed(note.article)))
            self._notes_changed(note.article)
            self.notify("Note deleted · z undoes", markup=False, timeout=8)  # type: ignore[attr-defined]
        else:
            annotation = self._saved(lambda: store.delete_annotation(note_id))
            if not isinstance(annotation, Annotation):
                return
            self._set_undo(
                "deleted a highlight", lambda: (store.restore_annotation(annotation), self._notes_changed(annotation.article))
            )
            self._notes_changed(annotation.article)
            self._clear_marks_if_none(annotation.article)
            self.notify("Highlight deleted · z undoes", markup=False, timeout=8)  # type: ignore[attr-defined]

    def _clear_marks_if_none(self, article_id: str) -> None:
        reader = self.query_one(ArticleView)  # type: ignore[attr-defined]
        if reader.article is not None and reader.article.id == article_id and not self.store.annotations(article_id):
            reader.set_marks([])

    # -- highlights ----------------------------------------------------------------------

    def passages(self, article: Article) -> list[Passage]:
        """What ``a`` can highlight: the current name or figure, its sentence and paragraph;
        without one, the paragraph at the top of the reader."""
        from newsreader.app.screens.editors import Passage
        from newsreader.core.analysis.sentences import sentence_spans

        text, blocks = article_blocks(article)
        reader = self.query_one(ArticleView)  # type: ignore[attr-defined]
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
            self.notify("This article has no text to highlight.", markup=False, timeout=3)  # type: ignore[attr-defined]
            return
        from newsreader.app.screens.editors import AnnotationEditor

        known = [tag for tag, _ in self.store.all_tags()]
        screen = AnnotationEditor(f"Highlight: {article.title}", passages, known)
        self.push_screen(screen, partial(self._annotated, article))  # type: ignore[attr-defined]

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
            self._notes_changed(article.id)
            self._confirm_saved("Highlight")

    def _confirm_saved(self, what: str) -> None:
        """Say "saved" once the change is on disk, never before; say so when it is not."""
        store = self.store
        change = store.last_change
        self.run_worker(partial(self._wait_written, store, change, what), thread=True, group="confirm")  # type: ignore[attr-defined]

    def _wait_written(self, store: StateStore, change: int, what: str) -> None:
        ok = store.wait_saved(10.0, change=change)
        try:
            self.call_from_thread(self._written, ok, what, store.last_error)  # type: ignore[attr-defined]
        except RuntimeError:  # the app has closed meanwhile
            pass

    def _written(self, ok: bool, what: str, problem: str | None) -> None:
        if ok:
            self.notify(f"{what} saved.", markup=False, timeout=2)  # type: ignore[attr-defined]
            return
        why = (problem or "it could not be written yet").removesuffix("; will retry")
        self.notify(
            f"{what} is not on disk yet: {why}. It stays in memory and is retried; q asks what to do with it.",
            title="Not saved", severity="error", markup=False, timeout=15,
        )  # type: ignore[attr-defined]

    # -- undo ----------------------------------------------------------------------------

    def _set_undo(self, what: str, undo: Callable[[], object]) -> None:
        self._undo = (what, undo)

    def action_undo(self) -> None:
        if self._undo is None:
            self.notify("Nothing to undo.", markup=False, timeout=2)  # type: ignore[attr-defined]
            return
        what, undo = self._undo
        self._undo = None
        if self._saved(lambda: undo() or True) is not None:
            self.notify(f"Undone: {what}", markup=False, timeout=3)  # type: ignore[attr-defined]

    # -- export --------------------------------------------------------------------------

    def export_notes(self, fmt: str) -> None:
        """Ask where, then write the notes, highlights and marks as Markdown or JSON."""
        from newsreader.app.screens.save_path import SavePathScreen

        suffix = "md" if fmt == "markdown" else "json"
        default = _export_folder() / f"newsreader-notes.{suffix}"
        name = "Markdown" if fmt == "markdown" else "JSON (W3C Web Annotation)"
        self.push_screen(SavePathScreen(f"Export notes, highlights and marks as {name} to:", default), partial(self._export_to, fmt))  # type: ignore[attr-defined]

    def _export_to(self, fmt: str, path: Path | None) -> None:
        if path is not None:
            self._write_export(fmt, path)

    def _write_export_now(self, fmt: str, path: Path) -> str:
        from newsreader.core.errors import InputError
        from newsreader.core.state.export import article_infos, write_export

        snapshot = self.store.snapshot()
        try:
            written = write_export(snapshot, path, fmt, article_infos(self._export_articles(snapshot)))  # type: ignore[attr-defined]
        except InputError as exc:
            return f"Not exported: {exc}"
        count = len(snapshot.notes) + len(snapshot.annotations)
        return f"Exported {count} note{'s' if count != 1 else ''} and highlight{'s' if count != 1 else ''} to {written}"

    def _write_export(self, fmt: str, path: Path) -> None:
        self.run_worker(partial(self._export_worker, fmt, path), thread=True, group="export", exclusive=True)  # type: ignore[attr-defined]

    def _export_worker(self, fmt: str, path: Path) -> None:
        message = self._write_export_now(fmt, path)
        self.post_message(StateNotice(message, message.startswith("Not")))  # type: ignore[attr-defined]

    def on_state_notice(self, event: StateNotice) -> None:
        self.notify(event.text, title="Export", severity="error" if event.error else "information", markup=False, timeout=8)  # type: ignore[attr-defined]

    # -- the palette and the footer ------------------------------------------------------

    def state_palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Mark read / unread", self.action_toggle_read, "The article in the reader (m)"),
            ("Star / unstar", self.action_toggle_star, "The article in the reader (s)"),
            ("Tags…", self.action_tags, "Add, remove or replace the article's tags (t)"),
            ("New note…", self.action_new_note, "A Markdown note on the article (n)"),
            ("Highlight…", self.action_annotate, "The current name or figure, or the paragraph, with a note (a)"),
            ("Edit note…", self.action_edit_note, "The selected note, else the article's latest (e)"),
            ("Unread only / all articles", self.action_unread_only, "Filter the list (u)"),
            ("Mark all in view read", self.mark_all_read, "Every article in the list (z undoes)"),
            ("Export notes as Markdown…", partial(self.export_notes, "markdown"), "Notes, highlights and marks, for Obsidian"),
            ("Export notes as JSON…", partial(self.export_notes, "json"), "W3C Web Annotation JSON"),
        ]
        if self._undo is not None:
            commands.append((f"Undo: {self._undo[0]}", self.action_undo, "Put it back (z)"))
        return commands

    def state_check_action(self, action: str) -> bool | None:
        if action not in MAIN_SCREEN_ACTIONS:
            return True
        if len(self.screen_stack) > 1:  # type: ignore[attr-defined]  # a dialog is open: its keys only
            return False
        if action in ARTICLE_ACTIONS and self.current_article is None:  # type: ignore[attr-defined]
            return None
        return True


class StateNotice(Message):
    def __init__(self, text: str, error: bool = False) -> None:
        self.text = text
        self.error = error
        super().__init__()


def _plain(message: str) -> object:
    """Printed after the app ends: plain text (it names files), never markup."""
    from rich.text import Text

    return Text(message)


def _rescued_lines(path: Path, count: int) -> str:
    """Where the rescue file is and how to get it back; each path on a line of its own."""
    what = f"{count} unsaved change{'s' if count != 1 else ''}" if count else "the unsaved changes"
    return (
        f"newsreader: {what} (the whole state with them) written to\n  {path}\n"
        "newsreader: once there is space again, this puts it in place of state.json (the old file is kept, renamed):\n"
        f"  newsreader restore-backup --force {path}"
    )


def _export_folder() -> Path:
    home = Path.home()
    return home if home.is_dir() else Path.cwd()
