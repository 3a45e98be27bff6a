"""The command line, run as a user would: one line on stderr for every bad input, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SEED, SEEDS

from newsreader import __version__


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=60,
    )


def assert_one_line_error(result, path) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsreader {__version__}"


def test_help_mentions_parse():
    result = run("--help")
    assert result.returncode == 0
    assert "parse" in result.stdout
    assert run("parse", "--help").returncode == 0


def test_parse_summary():
    result = run("parse", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "North Korea Sends Additional 3,000 Troops" in result.stdout
    assert "13 paragraphs" in result.stdout


def test_parse_folder_gives_a_json_list():
    result = run("parse", str(SEEDS), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert len(data) == len(list(SEEDS.glob("*.txt")))
    assert len({a["id"] for a in data}) == len(data)


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\n\t \n", "only whitespace"),
        ("image.txt", b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + bytes(range(256)), "binary data"),
        ("broken.txt", b"Headline\n\x81\x8d\x8f\x90 text", "undecodable bytes"),
    ],
)
def test_bad_files(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("parse", str(path))
    assert_one_line_error(result, path)
    assert problem in result.stderr


def test_missing_path(tmp_path):
    path = tmp_path / "missing.txt"
    result = run("parse", str(path))
    assert_one_line_error(result, path)
    assert "no such file" in result.stderr


def test_folder_with_nothing_readable(tmp_path):
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("parse", str(tmp_path), "--json")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert str(tmp_path) in result.stderr
    assert "no readable articles" in result.stderr


def test_empty_folder(tmp_path):
    result = run("parse", str(tmp_path))
    assert_one_line_error(result, tmp_path)
    assert "no article files" in result.stderr


def test_fifty_megabyte_file_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = run("parse", str(path))
    assert_one_line_error(result, path)
    assert "50.0 MB" in result.stderr and "10.0 MB limit" in result.stderr


def test_cp1252_file_parses_with_a_warning(tmp_path):
    path = tmp_path / "legacy.txt"
    text = "Caf\u00e9 Owners Cheer \u2013 The Test Post\n\nThe caf\u00e9 re-opened on Monday with a queue around the block and a new menu.\n"
    path.write_bytes(text.encode("cp1252"))
    result = run("parse", str(path), "--json")
    assert result.returncode == 0
    assert "warning" in result.stderr and "cp1252" in result.stderr and str(path) in result.stderr
    assert json.loads(result.stdout)["title"] == "Caf\u00e9 Owners Cheer"


def test_app_with_missing_path_fails_cleanly(tmp_path):
    path = tmp_path / "nothing.txt"
    result = run(str(path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
