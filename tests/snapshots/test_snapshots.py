"""SVG snapshots of the main views with fixed data and a fake engine (Textual is pinned).

Regenerate with ``pytest tests/snapshots --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_app_fakes import FakeEngine, fixed_articles

from newsreader.app.app import NewsreaderApp
from newsreader.core.settings import Settings

SIZE = (130, 34)


def make_app(**kwargs) -> NewsreaderApp:
    # Never marked read by the clock: a "Read <time>" line would change with every run.
    settings = Settings(values={"mark_read_delay": None})
    return NewsreaderApp(fixed_articles(), engine=FakeEngine(), settings=settings, **kwargs)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_view(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=ready)


def test_reader_with_current_span(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_pivot_filtered_list(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        pilot.app.main.pivot("PERSON", "Kim Jong Un")
        await ready(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_figures_ledger(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("f")
        await ready(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(130, 60), run_before=run_before)


def test_light_theme(snap_compare):
    assert snap_compare(make_app(theme="newsreader-light"), terminal_size=SIZE, run_before=ready)
