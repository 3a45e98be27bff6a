"""The bundled sample articles against what their authors say a parse must yield."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, SEEDS

from newsreader.core.ingest.loader import load_file

EXPECTED = json.loads((ROOT / "tests" / "data" / "samples.expected.json").read_text(encoding="utf-8"))


def test_there_are_at_least_four_samples_besides_the_seed():
    samples = [p for p in SEEDS.glob("*.txt") if not p.name.startswith("000_")]
    assert len(samples) >= 4
    assert {p.name for p in samples} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_parses_as_expected(name):
    want = EXPECTED[name]
    article, warnings = load_file(SEEDS / name)
    assert not warnings
    assert article.section == want["section"]
    assert article.title == want["title"]
    assert article.outlet == want["outlet"]
    assert article.byline == want["byline"]
    assert article.byline_credit == want["byline_credit"]
    assert article.published is not None
    assert article.published.isoformat() == want["published"]
    assert len(article.captions) == want["captions_count"]
    credits = " ".join(c.credit or "" for c in article.captions)
    for credit in want["caption_credits_must"]:
        assert credit in credits
    assert len(article.paragraphs) == want["body_paragraphs_count"]
    assert article.paragraphs[0].startswith(want["body_first_starts_with"])
    assert article.paragraphs[-1].startswith(want["body_last_starts_with"])
    for junk in want["boilerplate_must_not_be_in_body"]:
        assert junk not in article.body, junk
    for link in want["links_must"]:
        assert link in article.links


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_reads_the_same_with_crlf_and_bom(tmp_path, name):
    original, _ = load_file(SEEDS / name)
    raw = (SEEDS / name).read_bytes().replace(b"\n", b"\r\n")
    variant = tmp_path / name
    variant.write_bytes(b"\xef\xbb\xbf" + raw)
    again, _ = load_file(variant)
    assert again.id == original.id
    assert again.paragraphs == original.paragraphs
    assert again.captions == original.captions
