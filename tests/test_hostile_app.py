"""The hostile corpus in the app (Pilot): the list, the reader, the notes pane, notifications,
the palette, help and the ledger. Every frame is rendered to the bytes Textual would send to a
terminal and checked: no sequence but Textual's own, no control character, no action run."""

from __future__ import annotations

import io

import pytest
from hostile import MARKERS, PAYLOADS, write_corpus
from rich.console import Console
from terminal_bytes import problems
from test_app_fakes import FakeEngine, settle, wait_until

from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_list import ArticleList
from newsreader.core.ingest.loader import load_paths
from newsreader.core.settings import Settings

NAMES = (PAYLOADS["markup-click"], PAYLOADS["markup-link"], PAYLOADS["markup-close"], PAYLOADS["markup-bold"],
         "[@click=app.quit]", "Anna Berg")
TERMS = tuple((name, "PERSON" if i % 2 else "ORG", name) for i, name in enumerate(NAMES)) + (
    ("3000", "NUMBER", 3000), ("item 1", "NUMBER", 1))


def terminal_output(app) -> str:
    """The whole screen as the escape sequences and text Textual writes to a terminal."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(console)


def check(app, where: str) -> None:
    assert app.is_running, f"the app stopped at {where}"
    found = problems(terminal_output(app), MARKERS)
    assert not found, f"{where}: {found[:5]}"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-app")
    write_corpus(folder, big=False)
    loaded = load_paths([folder])
    per_file: dict[object, int] = {}
    kept = []
    for article in loaded.articles:  # the first entry of each feed is enough, and keeps the test quick
        per_file[article.source] = per_file.get(article.source, 0) + 1
        if per_file[article.source] <= 1:
            kept.append(article)
    loaded.articles = kept
    return loaded


async def test_the_corpus_through_every_pane(loaded):
    problems_shown = [str(p) for p in loaded.problems] + loaded.warnings + [
        "bad.txt: [bold]not styled[/] [@click=app.quit]x[/] \x1b]52;c;SGVsbG8=\x07"]
    app = NewsreaderApp(loaded.articles, problems=problems_shown, engine=FakeEngine(TERMS),
                        settings=Settings(values={"mark_read_delay": 0}))
    async with app.run_test(size=(150, 45), notifications=True) as pilot:
        await settle(app, pilot)
        check(app, "start, with the problem notifications")
        assert any("[@click=app.quit]x[/]" in str(n.message) for n in app._notifications)
        listing = app.query_one(ArticleList)
        for step in range(listing.article_count):
            if step:
                await pilot.press("j")
            await pilot.pause()
            if step % 4 == 0 or step == listing.article_count - 1:
                await settle(app, pilot)
                check(app, f"article {step}: {app.main.current_article.title[:40]!r}")
        assert listing.cursor == listing.article_count - 1
        await pilot.press("g", "x")  # show the removed text too
        await settle(app, pilot)
        check(app, "removed text shown")
        # Names found in hostile text: the reader's spans, the pivot and its notification.
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        check(app, "a hostile name selected")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.2)
        check(app, "the pivot on a hostile name")
        await pilot.press("escape")
        await settle(app, pilot)
        # Notes and highlights whose text and quotes come from the article.
        article = app.main.current_article
        text = app.library.analysis(article).text
        at = max(0, text.find("[@click"))
        app.store.add_note(article.id, "\n\n".join(PAYLOADS.values()))
        app.store.annotate(article.id, text, at, min(len(text), at + 60), note=PAYLOADS["markup-link"],
                           tags=[PAYLOADS["markup-click"], PAYLOADS["osc52"]])
        app.store.set_tags(article.id, [PAYLOADS["markup-close"], PAYLOADS["markup-click"], PAYLOADS["bidi"]])
        app.main.show_state(article)
        await pilot.press("tab", "tab")
        await settle(app, pilot)
        check(app, "the notes pane with hostile notes, quotes and tags")
        for _ in range(6):
            await pilot.press("down")
        await pilot.press("shift+tab")
        # The palette: articles, names and tags found by hostile text.
        for query in ("[@click", "#["):
            await pilot.press("slash")
            await pilot.press(*query)
            await pilot.pause(0.15)
            await settle(app, pilot)
            assert type(app.screen).__name__ == "CommandPalette"
            check(app, f"palette hits for {query!r}")
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        check(app, "help")
        await pilot.press("escape")
        await pilot.press("f")
        await settle(app, pilot)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LedgerScreen")
        check(app, "the figures ledger")
        await pilot.press("escape")
        await pilot.pause()
        # Clicking every visible line of the reader runs nothing.
        for y in range(2, 40, 8):
            await pilot.click("#reader", offset=(4, y))
        await settle(app, pilot)
        check(app, "after clicks in the reader")
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_open_link_refuses_other_schemes(loaded):
    from dataclasses import replace

    article = replace(loaded.articles[0], url="javascript:alert(1)")
    opened: list[str] = []
    app = NewsreaderApp([article], engine=FakeEngine(TERMS))
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: app._notifications)
        assert opened == []
        assert any("not an http" in str(n.message) for n in app._notifications)
        check(app, "open link refused")


async def test_the_corpus_through_the_catalog_backed_app(tmp_path):
    """As ``newsreader PATH`` opens it: rows read from the catalog, its sync problems notified."""
    from newsreader.core.catalog import Catalog

    corpus = tmp_path / "corpus"
    write_corpus(corpus, big=False)
    catalog, _ = Catalog.open(tmp_path / "catalog.sqlite3")
    app = NewsreaderApp((), engine=FakeEngine(TERMS), settings=Settings(values={"mark_read_delay": 0}),
                        catalog=catalog, library_paths=[corpus])
    try:
        async with app.run_test(size=(150, 45), notifications=True) as pilot:
            listing = app.query_one(ArticleList)
            await wait_until(pilot, lambda: listing.article_count > 40, timeout=30)
            await settle(app, pilot)
            check(app, "the catalog-backed list")
            for step in range(12):
                await pilot.press("j")
                await pilot.pause()
                if step % 4 == 3:
                    await settle(app, pilot)
                    check(app, f"catalog row {step + 1}")
            await pilot.press("slash")
            await pilot.press(*"[@click")
            await pilot.pause(0.15)
            await settle(app, pilot)
            check(app, "palette over the catalog")
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.is_running
    finally:
        catalog.close()
