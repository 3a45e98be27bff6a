"""Write docs/screenshot.svg: the app on the bundled seeds, at a fixed size."""

from __future__ import annotations

import asyncio
from pathlib import Path

from newsreader.app.app import NewsreaderApp
from newsreader.core.ingest.loader import load_paths
from newsreader.core.paths import seeds_dir

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.svg"


async def main() -> None:
    app = NewsreaderApp(load_paths([seeds_dir()]).articles)
    async with app.run_test(size=(130, 36)) as pilot:
        await pilot.pause()
        OUT.write_text(app.export_screenshot(title="newsreader"), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
