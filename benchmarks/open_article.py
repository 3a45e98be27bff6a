"""Opening an article of 10k words with highlights: analysis, then drawing it in the reader.

Builds a 10k-word article from the seed's paragraphs, then in a headless app measures
(1) the analysis with the built-in engine (cold: first article; warm: a second, different one),
(2) showing the analysed article as the app does when its analysis is ready (the reader with
highlights and the notes pane with its names and figures), until the frame is drawn, and
(3) both together. The end of (2) is when the first frame showing what the screen finally
shows is written (``App._display``): Textual often draws a frame, lays the new widgets out
once more and draws an identical one. The test pilot's idle polling adds nothing to it.

    python benchmarks/open_article.py [--words 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from dataclasses import replace
from pathlib import Path

from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.core.analysis.document import analyze_article
from newsreader.core.analysis.engine import get_engine
from newsreader.core.ingest.loader import load_paths

ROOT = Path(__file__).resolve().parent.parent


def long_article(words: int, salt: str):
    seeds = load_paths([ROOT / "seeds"]).articles
    seed = next(a for a in seeds if a.title.startswith("North Korea Sends"))
    paragraphs: list[str] = []
    count = 0
    pool = [p for a in seeds for p in a.paragraphs]
    while count < words:
        paragraph = pool[len(paragraphs) % len(pool)]
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return replace(seed, id=f"long-{salt}", title=f"{seed.title} ({salt})", paragraphs=tuple(paragraphs)), count


class FramedApp(NewsreaderApp):
    """Records when each frame is written, and what the whole screen then shows."""

    frames: list[tuple[float, int]]

    def _display(self, screen, renderable) -> None:
        shown = renderable is not None and not self._batch_count
        super()._display(screen, renderable)
        if shown:
            written = time.perf_counter()
            strips = screen._compositor.render_strips()
            self.frames.append((written, hash(tuple((s.text, s.style) for strip in strips for s in strip))))


def settled(frames: list[tuple[float, int]]) -> float:
    """When the screen first showed what it shows at the end (and kept showing it)."""
    final = frames[-1][1]
    i = len(frames) - 1
    while i > 0 and frames[i - 1][1] == final:
        i -= 1
    return frames[i][0]


async def measure(words: int, runs: int) -> None:
    engine = get_engine()
    analysis: list[float] = []
    reader_only: list[float] = []
    render: list[float] = []
    total: list[float] = []
    first, real_words = long_article(words, "warm-up")
    t = time.perf_counter()
    analyze_article(first, engine)
    cold = time.perf_counter() - t
    app = FramedApp([first], engine=engine)
    app.frames = []
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.query_one(ArticleView)
        notes = app.query_one(NotesPane)

        async def drawn(start: float) -> float:
            """Seconds from ``start`` until the screen shows what it shows once the app is idle."""
            app.frames.clear()
            await pilot.pause()
            assert app.frames, "no frame was drawn"
            return settled(app.frames) - start

        for run in range(runs):
            article, _ = long_article(words, f"run-{run}")
            start = time.perf_counter()
            analysed = analyze_article(article, engine)
            mid = time.perf_counter()
            reader.show(article, analysed, mode="all")
            notes.show(analysed)
            elapsed = await drawn(mid)
            assert reader.analysed is analysed and reader.paragraph_count == len(article.paragraphs)
            analysis.append(mid - start)
            render.append(elapsed)
            total.append(mid - start + elapsed)
            # The reader alone, for the same article again.
            start = time.perf_counter()
            reader.show(article, analysed, mode="all")
            reader_only.append(await drawn(start))
    spans = len(analysed.spans)
    print(f"open a {real_words}-word article ({len(article.paragraphs)} paragraphs, {spans} spans), median of {runs}")
    print(f"  analysis, first ever (loads data)     {cold * 1000:7.0f} ms")
    print(f"  analysis                              {statistics.median(analysis) * 1000:7.0f} ms")
    print(f"  reader and notes drawn                {statistics.median(render) * 1000:7.0f} ms"
          f"   (reader alone {statistics.median(reader_only) * 1000:.0f} ms)")
    print(f"  open with highlights (both)           {statistics.median(total) * 1000:7.0f} ms   (budget 150 ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(measure(args.words, args.runs))


if __name__ == "__main__":
    main()
