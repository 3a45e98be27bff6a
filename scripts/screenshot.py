"""Write docs/screenshot.svg: the app on the bundled seeds, at a fixed size, with highlights."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.svg"


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:  # never the user's remembered theme or sort
        os.environ["XDG_CONFIG_HOME"] = f"{tmp}/config"
        os.environ["XDG_DATA_HOME"] = f"{tmp}/data"
        from newsreader.app.app import NewsreaderApp
        from newsreader.core.ingest.loader import load_paths
        from newsreader.core.paths import seeds_dir

        app = NewsreaderApp(load_paths([seeds_dir()]).articles)
        async with app.run_test(size=(150, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            index = next(i for i, a in enumerate(app.articles) if a.title.startswith("North Korea Sends"))
            await pilot.press(*["j"] * index, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
            await pilot.pause()
            OUT.parent.mkdir(exist_ok=True)
            OUT.write_text(app.export_screenshot(title="newsreader"), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
