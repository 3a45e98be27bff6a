"""Durable state from the keyboard: marks, tags, notes, highlights, filters, undo, export, safety."""

from __future__ import annotations

import json
import os
import signal
import statistics
import threading
import time
from datetime import datetime, timedelta

import pytest
from conftest import HOSTILE
from test_app_fakes import FakeEngine, fixed_articles, make_article, settle, wait_until
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, TextArea

from newsreader.app.app import NewsreaderApp
from newsreader.app.screens.editors import (
    AnnotationEditor,
    ConfirmDiscard,
    NoteEditor,
    TagsEditor,
    apply_tag_edit,
)
from newsreader.app.screens.save_path import SavePathScreen
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.core.paths import state_file
from newsreader.core.settings import Settings
from newsreader.core.state import StateReadOnly, StateStore

SIZE = (150, 50)
NEVER = {"mark_read_delay": None}


def make_app(delay=NEVER, **kwargs) -> NewsreaderApp:
    return NewsreaderApp(fixed_articles(), engine=FakeEngine(), settings=Settings(values=dict(delay)), **kwargs)


def rows(app) -> list[str]:
    listing = app.query_one(ArticleList)
    return [listing.render_line(y).text for y in range(listing.size.height)]


def pane_text(app) -> str:
    notes = app.query_one(NotesPane)
    return "\n".join(notes.render_line(y).text for y in range(notes.size.height))


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")


async def write_note(app, pilot, text: str) -> None:
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
    app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
    await pilot.pause()


def stored(path=None) -> dict:
    return json.loads((path or state_file()).read_text(encoding="utf-8"))


# -- marks --------------------------------------------------------------------------------


async def test_m_toggles_read_on_one_row_and_the_status_line():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = app.main.current_article
        assert rows(app)[0].startswith("●") and "● Unread" in pane_text(app)
        notes = app.query_one(NotesPane)
        cache = notes._option_render_cache
        drawn = {key: cache.get(key) for key in cache.keys()}  # noqa: SIM118
        await pilot.press("m")
        await pilot.pause()
        assert app.store.is_read(first.id)
        kept = [key for key, strips in drawn.items() if cache.get(key) is strips]
        assert len(drawn) > 5 and len(kept) == len(drawn) - 1  # only the status line was drawn again
        assert not rows(app)[0].startswith("●") and rows(app)[1].startswith("●")
        assert "Read " in pane_text(app) and "Unread" not in pane_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert not app.store.is_read(first.id) and rows(app)[0].startswith("●")


async def test_moving_on_stops_the_read_timer_and_a_late_timer_marks_only_the_article_shown(monkeypatch):
    from textual.timer import Timer

    stopped: list[Timer] = []
    stop = Timer.stop
    monkeypatch.setattr(Timer, "stop", lambda timer: (stopped.append(timer), stop(timer))[1])
    app = make_app({"mark_read_delay": 30})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        actions = app.main.state_actions
        first = app.main.current_article
        timer = actions._read_timer
        assert timer is not None
        await pilot.press("j")
        await wait_until(pilot, lambda: app.main.current_article.id != first.id)
        assert timer in stopped  # the first article's timer no longer runs
        actions._mark_shown_read(first.id)  # a timer that fires late, for an article not shown
        assert not app.store.is_read(first.id)
        actions._mark_shown_read(app.main.current_article.id)
        assert app.store.is_read(app.main.current_article.id)


async def test_a_shown_article_is_marked_read_after_the_delay_and_m_wins():
    app = make_app({"mark_read_delay": 0.3})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = app.main.current_article
        await wait_until(pilot, lambda: app.store.is_read(first.id))
        await pilot.press("j")
        second = app.main.current_article
        await pilot.press("m", "m")  # read, then unread again: the timer must not undo that
        await pilot.pause(0.6)
        assert not app.store.is_read(second.id)
        await pilot.press("j", "k")  # passing over an article before the delay marks nothing
        passed_over = app.main.articles[2]
        assert app.main.current_article.id == second.id != passed_over.id
        await wait_until(pilot, lambda: app.store.is_read(second.id))  # its own delay, from the start
        assert not app.store.is_read(passed_over.id)
    at_once = make_app({"mark_read_delay": 0})
    async with at_once.run_test(size=SIZE) as pilot:
        await settle(at_once, pilot)
        assert at_once.store.is_read(at_once.main.current_article.id)
        await pilot.press("j")
        assert at_once.store.is_read(at_once.main.current_article.id)
    never = make_app({"mark_read_delay": -1})  # the same state file: the articles above are read
    async with never.run_test(size=SIZE) as pilot:
        await settle(never, pilot)
        never.store.mark_all_read([a.id for a in never.main.articles], read=False)
        await pilot.press("j", "enter")
        await pilot.pause(0.3)
        assert not never.store.is_read(never.main.current_article.id)


async def test_s_stars_and_the_list_and_pane_show_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert app.store.is_starred(app.main.current_article.id)
        assert rows(app)[0][2] == "★"
        assert "★ Starred" in pane_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert rows(app)[0][2] == " " and "Starred" not in pane_text(app)


async def test_m_costs_one_row_even_with_ten_thousand_articles():
    start = datetime(2024, 1, 1)
    articles = [
        make_article(f"Story number {i}", f"Outlet {i % 7}", start + timedelta(minutes=i), [f"Paragraph {i}."])
        for i in range(10_000)
    ]
    app = NewsreaderApp(articles, engine=FakeEngine(), settings=Settings(values=dict(NEVER)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        listing.cursor = 5000  # far from the top: a scan for the row would show
        await pilot.pause()
        drawn: list[int] = []
        original = listing.render_line
        listing.render_line = lambda y: (drawn.append(y), original(y))[1]
        timings = []
        for _ in range(20):
            began = time.perf_counter()
            app.main.action_toggle_read()
            timings.append(time.perf_counter() - began)
        assert statistics.median(timings) < 0.01, timings
        await pilot.pause()
        assert len(set(drawn)) <= 1  # only the article's own row is drawn again


# -- tags ---------------------------------------------------------------------------------


def test_tag_edits_add_remove_or_replace():
    assert apply_tag_edit(("a", "b"), "+c -a") == ("b", "c")
    assert apply_tag_edit(("a", "b"), "x y") == ("x", "y")
    assert apply_tag_edit(("a", "b"), "#c +d") == ("a", "b", "c", "d")
    assert apply_tag_edit(("a",), "") == ()
    assert apply_tag_edit(("Politics",), "-politics") == ()


async def test_t_edits_tags_with_completion_from_tags_in_use():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.store.set_tags(app.main.articles[2].id, ["politics", "asia"])
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagsEditor))
        field = app.screen.query_one(Input)
        await type_text(pilot, "+pol")
        await wait_until(pilot, lambda: field._suggestion == "+politics")
        await pilot.press("right")  # takes the suggestion
        assert field.value == "+politics"
        await type_text(pilot, " +troops")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagsEditor))
        article = app.main.current_article
        assert app.store.tags(article.id) == ("politics", "troops")
        assert "#politi" in rows(app)[0]
        assert "#politics #troops" in pane_text(app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagsEditor))
        assert app.screen.query_one(Input).value == "politics troops"
        await type_text(pilot, " -troops")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagsEditor))
        assert app.store.tags(article.id) == ("politics",)


async def test_palette_tag_filters_the_list_and_escape_clears_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.store.set_tags(app.main.articles[1].id, ["ferries"])
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        hits = app.screen.query_one(CommandList)
        app.screen.query_one(Input).value = "#"  # every tag in use
        await wait_until(pilot, lambda: any(str(hits.get_option_at_index(i).prompt).startswith("#ferries") for i in range(hits.option_count)))
        app.screen.query_one(Input).value = "#ferr"
        await wait_until(pilot, lambda: any(str(hits.get_option_at_index(i).prompt).startswith("#ferries") for i in range(hits.option_count)))
        hits.highlighted = next(i for i in range(hits.option_count) if str(hits.get_option_at_index(i).prompt).startswith("#ferries"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main.list_state.tag == "ferries")
        assert [a.title for a in app.query_one(ArticleList).articles] == ["Port Calder Ferry Crews Walk Out"]
        assert "#ferries" in str(app.query_one(ArticleList).border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.list_state.tag is None and len(app.query_one(ArticleList).articles) == 3


# -- notes --------------------------------------------------------------------------------


async def test_n_writes_a_note_shown_rendered_in_the_notes_pane():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await write_note(app, pilot, "Check the **troop** figure.\n\n- one source\n- [link](https://example.com/x)")
        article = app.main.current_article
        [note] = app.store.notes(article.id)
        assert note.text.startswith("Check the **troop** figure.")
        shown = pane_text(app)
        assert "Notes (1)" in shown
        assert "Check the troop figure." in shown and "**" not in shown  # rendered, not raw
        assert "one source" in shown and "(https://example.com/" in shown  # a link shows its address
        assert "✎" in rows(app)[0]  # the list's note marker


async def test_an_empty_note_is_refused_and_esc_asks_before_dropping_text():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert any("empty" in m for m in messages(app))
        await type_text(pilot, "draft")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("n")  # keep editing
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteEditor, ConfirmDiscard)))
        assert app.store.notes(app.main.current_article.id) == []
        await pilot.press("n")  # nothing typed: esc closes at once
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))


async def test_e_edits_the_latest_note_or_the_one_selected_in_the_pane():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await write_note(app, pilot, "first note")
        await write_note(app, pilot, "second note")
        await pilot.press("e")  # the list has focus: the latest note
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == "second note"
        app.screen.query_one(TextArea).text = "second note, edited"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        article = app.main.current_article
        assert [n.text for n in app.store.notes(article.id)] == ["first note", "second note, edited"]
        notes = app.query_one(NotesPane)
        notes.focus()
        notes.highlighted = notes.get_option_index(f"note:{app.store.notes(article.id)[0].id}")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == "first note"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        await pilot.press("enter")  # enter on a note edits it too
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == "first note"


async def test_d_deletes_the_selected_note_and_z_brings_it_back():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await write_note(app, pilot, "keep me")
        article = app.main.current_article
        [note] = app.store.notes(article.id)
        notes = app.query_one(NotesPane)
        notes.focus()
        notes.highlighted = notes.get_option_index(f"note:{note.id}")
        await pilot.press("d")
        await pilot.pause()
        assert app.store.notes(article.id) == []
        assert "keep me" not in pane_text(app) and "✎" not in rows(app)[0]
        assert any("z undoes" in m for m in messages(app))
        await pilot.press("z")
        await pilot.pause()
        assert [n.id for n in app.store.notes(article.id)] == [note.id]
        assert "keep me" in pane_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert any("Nothing to undo" in m for m in messages(app))


# -- highlights ---------------------------------------------------------------------------


async def test_a_highlights_the_paragraph_with_a_note_and_tags():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = app.main.current_article
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationEditor))
        assert app.screen.passages[0].text == article.paragraphs[0]
        app.screen.query_one(TextArea).text = "the first claim"
        app.screen.query_one(Input).value = "claims troops"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, AnnotationEditor))
        [annotation] = app.store.annotations(article.id)
        assert annotation.exact == article.paragraphs[0] and annotation.tags == ("claims", "troops")
        shown = pane_text(app)
        assert "Highlights (1)" in shown and "South Korea" in shown and "the first claim" in shown
        assert app.query_one(ArticleView)._marks == [(annotation.start, annotation.end)]
        notes = app.query_one(NotesPane)
        notes.focus()
        notes.highlighted = notes.get_option_index(f"annotation:{annotation.id}")
        await pilot.press("d")
        await pilot.pause()
        assert app.store.annotations(article.id) == [] and app.query_one(ArticleView)._marks == []
        await pilot.press("z")
        await pilot.pause()
        assert [a.id for a in app.store.annotations(article.id)] == [annotation.id]


async def test_e_on_a_selected_highlight_edits_its_note_and_tags():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = app.main.current_article
        text = "\n\n".join(article.paragraphs)
        annotation = app.store.annotate(article.id, text, 0, 20, note="old note", tags=["keep", "drop"])
        app.main.show_state(article)
        notes = app.query_one(NotesPane)
        notes.focus()
        notes.highlighted = notes.get_option_index(f"annotation:{annotation.id}")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationEditor))
        assert app.screen.query_one(TextArea).text == "old note"
        assert app.screen.query_one(Input).value == "keep drop"
        app.screen.query_one(TextArea).text = "new note"
        app.screen.query_one(Input).value = "-drop +added"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, AnnotationEditor))
        edited = app.store.annotation(annotation.id)
        assert edited.note == "new note" and edited.tags == ("keep", "added")
        assert "new note" in pane_text(app) and "#keep #added" in pane_text(app)


async def test_a_on_the_current_figure_offers_its_sentence_and_paragraph():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "right_square_bracket")
        span = app.query_one(ArticleView).current_span
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationEditor))
        labels = [p.label for p in app.screen.passages]
        assert app.screen.passages[0].text == span.text and labels[0] in {"the name", "the figure"}
        assert labels[-1] == "its paragraph"
        await pilot.press("ctrl+r")
        assert app.screen.choice == 1
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, AnnotationEditor))
        [annotation] = app.store.annotations(app.main.current_article.id)
        assert span.text in annotation.exact and annotation.exact != span.text


async def test_an_orphaned_highlight_is_listed_as_orphaned():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = app.main.current_article
        text = "Entirely different text that the article never had in it at all."
        app.store.annotate(article.id, text, 0, 20, note="lost one")
        app.main.show_state(article)
        await pilot.pause()
        shown = pane_text(app)
        assert "Orphaned highlights (1)" in shown and "lost one" in shown


# -- filters and bulk marks ---------------------------------------------------------------


async def test_u_lists_unread_articles_only():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        read = app.main.articles[1]
        app.store.mark_read(read.id)
        await pilot.press("u")
        await pilot.pause()
        listing = app.query_one(ArticleList)
        assert [a.id for a in listing.articles] == [app.main.articles[0].id, app.main.articles[-1].id]
        assert str(listing.border_title).startswith("Unread (2)")
        await pilot.press("u")
        await pilot.pause()
        assert listing.article_count == 3
        await pilot.press("u")
        assert listing.article_count == 2
        app.main.open_article_id(read.id)  # from the palette: a hidden article clears the filters
        await pilot.pause()
        assert not app.main.list_state.unread and listing.article_count == 3
        assert listing.current.id == read.id


async def test_mark_all_in_view_read_from_the_palette_and_undo():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.store.mark_read(app.main.articles[2].id)
        before = app.store.read_at(app.main.articles[2].id)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "mark all in view read"
        hits = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: any("Mark all in view read" in str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)))
        hits.highlighted = next(i for i in range(hits.option_count) if "Mark all in view read" in str(hits.get_option_at_index(i).prompt))
        await pilot.press("enter")
        await wait_until(pilot, lambda: all(app.store.is_read(a.id) for a in app.main.articles))
        assert not any(r.startswith("●") for r in rows(app)[:3])
        assert any("Marked 2 articles read" in m for m in messages(app))
        await pilot.press("z")
        await pilot.pause()
        assert not app.store.is_read(app.main.articles[0].id) and not app.store.is_read(app.main.articles[1].id)
        assert app.store.read_at(app.main.articles[2].id) == before  # was read before: stays as it was
        assert rows(app)[0].startswith("●")


# -- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "json"])
async def test_export_notes_to_a_chosen_path(tmp_path, fmt):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await write_note(app, pilot, "exported note")
        app.main.export_notes(fmt)
        await wait_until(pilot, lambda: isinstance(app.screen, SavePathScreen) and app.screen.query(Input))
        field = app.screen.query_one(Input)
        assert field.value.endswith(".md" if fmt == "markdown" else ".json")
        target = tmp_path / "out" / f"notes.{fmt}"
        field.value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.exists() and any("Exported" in m for m in messages(app)))
        text = target.read_text(encoding="utf-8")
        assert "exported note" in text
        assert ("North Korea Sends" in text) if fmt == "markdown" else json.loads(text)["type"] == "AnnotationCollection"


async def test_export_to_an_unwritable_path_says_so(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.main.state_actions._write_export("markdown", blocker / "notes.md")
        await wait_until(pilot, lambda: any("Not exported" in m for m in messages(app)))


# -- read-only, damage, write failures, persistence -----------------------------------------


async def test_a_second_instance_opens_read_only_and_says_so():
    first = StateStore.open()
    try:
        app = make_app()
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(app, pilot)
            assert app.store.read_only
            assert any("read-only" in m and "Another newsreader" in m for m in messages(app))
            await pilot.press("s")  # flags still work, for the session
            assert app.store.is_starred(app.main.current_article.id)
            await pilot.press("n")  # refused before anything is typed
            await wait_until(pilot, lambda: any("cannot be saved now" in m for m in messages(app)))
            assert not isinstance(app.screen, NoteEditor)
            await pilot.press("a")
            assert not isinstance(app.screen, AnnotationEditor)
            with pytest.raises(StateReadOnly):  # and the store refuses too
                app.store.add_note(app.main.current_article.id, "x")
    finally:
        first.close()
    assert not state_file().exists()  # nothing was written by the second one


async def test_a_damaged_state_file_is_named_with_line_column_and_backup():
    good = StateStore.open()
    good.add_note("a1", "saved before the damage")
    good.close()
    StateStore.open().close()  # loads a file with content: the day's backup is written
    path = state_file()
    path.write_text('{\n  "meta": {"1": {"schema": 2}},\n  "notes": {oops}\n}\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert app.store.read_only and app.store.corrupt is not None
        notice = next(m for m in messages(app) if str(path) in m)
        assert "line 3" in notice and "column" in notice and "backups" in notice
        await pilot.press("m", "s")  # still usable
        assert app.store.is_starred(app.main.current_article.id)
    assert "oops" in path.read_text(encoding="utf-8")  # never written over


async def test_a_failed_write_from_the_writer_thread_is_notified():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        thread = threading.Thread(target=app.store.on_error, args=("state.json: could not save changes (No space left on device); will retry",))
        thread.start()
        thread.join(5)
        await wait_until(pilot, lambda: any("No space left" in m for m in messages(app)))


async def test_everything_is_still_there_after_quitting_and_reopening():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = app.main.current_article
        await pilot.press("m", "s")
        app.store.set_tags(article.id, ["kept"])
        await write_note(app, pilot, "a note that **lasts**")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationEditor))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, AnnotationEditor))
        await pilot.press("q")
    assert app.store.pending == 0
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert again.main.current_article.id == article.id
        store = again.store
        assert not store.read_only
        assert store.is_read(article.id) and store.is_starred(article.id) and store.tags(article.id) == ("kept",)
        assert [n.text for n in store.notes(article.id)] == ["a note that **lasts**"]
        assert len(store.annotations(article.id)) == 1
        shown = pane_text(again)
        assert "a note that lasts" in shown and "Highlights (1)" in shown and "#kept" in shown
        assert rows(again)[0][2:4] == "★✎"


async def test_sigterm_flushes_the_state_and_quits():
    before = signal.getsignal(signal.SIGTERM)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.session._restore_signals is not None  # installed, or the signal would end the tests
        await pilot.press("s")  # a flag: batched, not yet on disk
        os.kill(os.getpid(), signal.SIGTERM)
        await wait_until(pilot, lambda: not app.is_running)
    assert any(r.get("starred") for r in stored()["articles"].values())
    assert signal.getsignal(signal.SIGTERM) == before  # put back on the way out


# -- hostile text -------------------------------------------------------------------------


async def test_hostile_notes_and_tags_are_shown_literally_and_run_nothing():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        article = app.main.current_article
        hostile_note = "\n\n".join(HOSTILE)
        await write_note(app, pilot, hostile_note)
        tags = ["[/]", "[@click=app.quit]x[/]", "\x1b]52;c;SGVsbG8=\x07"]
        app.store.set_tags(article.id, tags)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagsEditor))
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagsEditor))
        app.store.annotate(article.id, "x" * 10, 0, 5, note="[@click=app.quit]y[/]", tags=["[b]"])
        app.main.show_state(article)
        await pilot.pause()
        assert app.is_running
        shown = pane_text(app) + "\n".join(rows(app))
        assert "[@click=app.quit]Read[/]" in shown
        assert "#[@click=app.quit]x[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "[bold]x" in shown and "Price [/] up" in shown  # the note, not styled by markup
        assert any("#[@click=app.quit]x[/]" in m for m in messages(app))  # the tags notification, literal
        notes = app.query_one(NotesPane)
        for y in range(0, notes.size.height, 2):  # clicking anywhere in the notes runs nothing
            await pilot.click(NotesPane, offset=(2, y))
            while app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
                await pilot.pause()
                if isinstance(app.screen, ConfirmDiscard):
                    await pilot.press("y")
        assert app.is_running
        assert all("\x1b" not in m for m in messages(app))
        screen = app.export_screenshot()
        assert "\x1b]52" not in screen and "\x1b[2J" not in screen


async def test_the_keymap_setting_rebinds_a_key_by_its_id_and_a_bad_one_is_named():
    app = make_app({"mark_read_delay": None, "keymap": {"main.toggle_read": "R"}})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        article = app.main.current_article
        await pilot.press("m")  # no longer bound
        await pilot.pause()
        assert not app.store.is_read(article.id)
        await pilot.press("R")
        await wait_until(pilot, lambda: app.store.is_read(article.id))
    bad = make_app({"keymap": {"main.no_such_action": "R"}})
    async with bad.run_test(size=SIZE, notifications=True) as pilot:
        await settle(bad, pilot)
        assert any("unknown binding id 'main.no_such_action'" in str(n.message) for n in bad._notifications)
