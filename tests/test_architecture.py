"""House rules that can be checked: the core never imports Textual; bundled data is found."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import newsreader
from newsreader.core.paths import bundled_themes_dir, seeds_dir

CORE = Path(newsreader.__file__).parent / "core"


def test_core_does_not_import_textual():
    modules = sorted(
        "newsreader." + ".".join(p.relative_to(CORE.parent).with_suffix("").parts)
        for p in CORE.rglob("*.py")
    )
    modules = [m.removesuffix(".__init__") for m in modules]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) >= 8


def test_cli_parse_does_not_load_textual():
    code = (
        "import contextlib, io, sys\nfrom newsreader.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    code = main(['parse', {str(seeds_dir())!r}])\n"
        "print(code, 'textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 False"


def test_bundled_seeds_and_themes_are_found():
    assert (seeds_dir() / "000_966db0fa02a41666.txt").is_file()
    assert len(list(seeds_dir().glob("*.txt"))) >= 5
    assert {p.name for p in bundled_themes_dir().glob("*.toml")} >= {"dark.toml", "light.toml"}
