"""`newsreader analyze`, run as a user would: files, stdin, --plain, --json, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SEED

PLAIN = (
    "Kim Jong Un met Vladimir Putin in Moscow on Tuesday, officials said.\r\n\r\n"
    '"We sent 3,000 troops," Putin said.\n'
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", "analyze", *args],
        input=stdin, capture_output=True, timeout=120,
    )


def spans_of(result) -> tuple[str, list[dict]]:
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    return data["text"], data["spans"]


def assert_offsets_index_text(text: str, spans: list[dict]) -> None:
    assert spans
    for span in spans:
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"]


def test_article_file_json_indexes_its_body():
    text, spans = spans_of(run(str(SEED), "--json"))
    assert_offsets_index_text(text, spans)
    parsed = json.loads(subprocess.run(
        [sys.executable, "-m", "newsreader", "parse", str(SEED), "--json"],
        capture_output=True, timeout=60,
    ).stdout)
    assert text.startswith("\n\n".join(parsed["paragraphs"]))
    found = {(s["text"], s["label"]) for s in spans}
    assert ("Kim Jong Un", "PERSON") in found
    assert ("170-millimeter", "QUANTITY") in found
    trump = [s for s in spans if s["text"] == "Trump" and s["label"] == "PERSON"]
    assert trump and all(s["canonical"] == "Donald Trump" for s in trump)
    assert any(s["label"] == "QUOTE" for s in spans)


def test_figures_carry_values():
    _, spans = spans_of(run(str(SEED), "--json"))
    values = {s["text"]: s.get("value") for s in spans if s["label"] == "NUMBER"}
    assert values["3,000"] == 3000


def test_plain_stdin_offsets_index_the_exact_input():
    text, spans = spans_of(run("-", "--plain", "--json", stdin=PLAIN.encode()))
    # Carriage returns are control characters and go; everything else is kept as given.
    assert text == PLAIN.replace("\r", "")
    assert_offsets_index_text(text, spans)
    labels = {(s["text"], s["label"]) for s in spans}
    assert {("Kim Jong Un", "PERSON"), ("Moscow", "PLACE"), ("3,000", "NUMBER")} <= labels


def test_plain_file_is_the_same_as_plain_stdin(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_bytes(PLAIN.encode())
    assert run(str(path), "--plain", "--json").stdout == run("-", "--plain", "--json", stdin=PLAIN.encode()).stdout


def test_stdin_without_plain_is_parsed_as_an_article():
    text, spans = spans_of(run("-", "--json", stdin=SEED.read_bytes()))
    file_text, _ = spans_of(run(str(SEED), "--json"))
    assert text == file_text
    assert "Advertisement" not in text


def test_table_groups_by_label_with_counts():
    result = run("-", "--plain", stdin=PLAIN.encode())
    assert result.returncode == 0
    out = result.stdout.decode()
    lines = out.splitlines()
    assert "PERSON (3)" in lines
    assert any(line.split() == ["2", "Vladimir", "Putin"] for line in lines)
    assert lines.index("PERSON (3)") < lines.index("PLACE (1)") < lines.index("NUMBER (1)")


def test_hostile_plain_text_never_reaches_the_terminal():
    hostile = b"\x1b]52;c;SGVsbG8=\x07Kim Jong Un [@click=app.quit]met[/] \x1b[2JVladimir Putin in Moscow.\n"
    for args in (("--plain",), ("--plain", "--json")):
        result = run("-", *args, stdin=hostile)
        assert result.returncode == 0, result.stderr
        assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    text, spans = spans_of(run("-", "--plain", "--json", stdin=hostile))
    assert_offsets_index_text(text, spans)


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (("missing.txt",), None, "missing.txt"),
        ((".",), None, "."),
        (("-",), b"", "<stdin>"),
        (("-",), b"   \n\n ", "<stdin>"),
        (("-", "--plain"), b"\x00\x01\x02binary\x00" * 50, "<stdin>"),
        (("-", "--plain"), b"", "<stdin>"),
    ],
)
def test_bad_input_is_one_line(args, stdin, needle):
    result = run(*args, stdin=stdin)
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err


def test_unavailable_spacy_pipeline_is_one_line():
    result = run("-", "--plain", "--engine", "spacy", stdin=PLAIN.encode())
    err = result.stderr.decode()
    if result.returncode == 0:  # an English pipeline is installed here: then it must work
        assert_offsets_index_text(*spans_of(run("-", "--plain", "--json", "--engine", "spacy", stdin=PLAIN.encode())))
        return
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert "spacy" in err.lower()
