"""An analysis that never ends: the app stays responsive, the article is shown without names
and figures, saying why; the catalog's background analysis notes it and goes on; quitting
kills the worker process instead of waiting for it."""

from __future__ import annotations

import os
import re
from datetime import datetime

import pytest
from test_app_fakes import fixed_articles, wait_until

from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.legend import Legend
from newsreader.core.analysis.guarded import AnalysisGuard, AnalysisTimedOut
from newsreader.core.analysis.spans import Span
from newsreader.core.catalog import Catalog
from newsreader.core.library.catalog import CatalogLibrary
from newsreader.core.settings import Settings

WAIT = 120.0  # generous: a loaded machine starts a worker process slowly


class EndlessEngine:
    """Backtracks forever, holding the interpreter lock for each match (as a bad pattern does)."""

    name = "endless"
    separate_process = True

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        while True:
            re.match(r"(a+)+b", "a" * 20)


class QuickEngine:
    name = "quick"
    separate_process = True

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        return [Span(0, 5, "PERSON", text[:5], canonical="Quick")]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_guard_kills_an_endless_analysis_and_starts_again():
    article = fixed_articles()[0]
    guard = AnalysisGuard(deadline=1)
    try:
        try:
            guard.analyse(article, EndlessEngine())
        except AnalysisTimedOut as exc:
            assert str(exc) == "analysis took longer than 1 s"
        else:
            raise AssertionError("no timeout")
        assert not guard.running
        analysed = guard.analyse(article, QuickEngine())  # a new worker
        assert [s.canonical for s in analysed.spans] == ["Quick"]
        pid = guard._process.pid
    finally:
        guard.close()
    assert _gone(pid)


async def test_an_endless_analysis_leaves_the_app_responsive_and_says_so(tmp_path):
    settings = Settings(tmp_path / "settings.json", {"analysis_deadline": 2, "mark_read_delay": None})
    app = NewsreaderApp(fixed_articles(), engine=EndlessEngine(), settings=settings)
    message = "Names and figures not shown for this article: analysis took longer than 2 s."
    async with app.run_test(size=(140, 40)) as pilot:
        listing = app.query_one(ArticleList)
        await wait_until(pilot, lambda: app.main.current_article is not None, WAIT)
        await pilot.press("j")  # answered while the analysis backtracks
        await wait_until(pilot, lambda: listing.cursor == 1, WAIT)
        first = app.main.current_article.id
        await wait_until(pilot, lambda: message in app.query_one(Legend).render().plain, WAIT)
        assert app.main.current_article.id == first
        notes = app.query_one("#notes")
        assert message in [str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count)]
        await pilot.press("k")
        await wait_until(pilot, lambda: listing.cursor == 0, WAIT)
        await wait_until(pilot, lambda: app.guard.running, WAIT)  # the next article's turn
        pid = app.guard._process.pid
    assert _gone(pid)  # quitting killed the stuck worker


def test_the_catalog_notes_a_timed_out_article_and_does_not_try_it_again(tmp_path):
    root = tmp_path / "lib"
    root.mkdir()
    for name in ("a", "b"):
        (root / f"{name}.md").write_text(f"---\ntitle: Story {name}\n---\nOtters were seen in the bay {name}.\n",
                                         encoding="utf-8")
    catalog, _ = Catalog.open(tmp_path / "cache" / "catalog.sqlite3")
    try:
        catalog.analysis_deadline = 1
        assert catalog.sync([root]).articles == 2
        assert catalog.analyse(engine=EndlessEngine()) == 2
        assert catalog.pending_analysis() == 0
        problems = [p for (p,) in catalog._reader().execute("SELECT problem FROM analyses")]
        assert problems == ["timed out: analysis took longer than 1 s"] * 2
        assert catalog.analyse(engine=EndlessEngine()) == 0
        library = CatalogLibrary(catalog, [root], engine=EndlessEngine())
        article_id = catalog.ids()[0]
        with pytest.raises(AnalysisTimedOut, match="longer than 1 s"):  # the reader says so too
            library.analysis(catalog.article(article_id))
        pid = None
        if catalog._guard is not None and catalog._guard.running:
            pid = catalog._guard._process.pid
    finally:
        catalog.close()
    assert catalog._guard is None
    assert pid is None or _gone(pid)
