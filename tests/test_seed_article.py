"""The seed article against its gold parse."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED

from newsreader.core.ingest.loader import load_file


def parse_json() -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "newsreader", "parse", str(SEED), "--json"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    return json.loads(out.stdout)


def test_seed_cli_json_matches_every_gold_field(seed_gold):
    gold = seed_gold["article"]
    got = parse_json()
    for key in ("section", "title", "outlet", "byline", "byline_credit", "published"):
        assert got[key] == gold[key], key
    assert len(got["captions"]) == gold["captions_count"]
    credits = " ".join(c["credit"] or "" for c in got["captions"])
    for credit in gold["caption_credits_must"]:
        assert credit in credits
    paragraphs = got["paragraphs"]
    assert len(paragraphs) == gold["body_paragraphs_count"]
    assert paragraphs[0].startswith(gold["body_first_starts_with"])
    assert paragraphs[-1].startswith(gold["body_last_starts_with"])
    body = "\n".join(paragraphs)
    for junk in gold["boilerplate_must_not_be_in_body"]:
        assert junk not in body, junk
    for link in gold["links_must"]:
        assert link in got["links"]


def test_seed_json_has_the_documented_fields():
    got = parse_json()
    assert set(got) >= {"id", "section", "title", "outlet", "byline", "byline_credit", "published",
                        "captions", "paragraphs", "links", "removed"}
    assert all(set(c) == {"text", "credit"} for c in got["captions"])


def test_seed_removed_lines_are_kept():
    article, _ = load_file(SEED)
    assert "Source link" in article.removed
    assert "Share this post!" in article.removed
    assert not any(line in article.paragraphs for line in article.removed)


def test_captions_are_not_in_the_body():
    article, _ = load_file(SEED)
    assert article.captions
    for caption in article.captions:
        assert caption.text[:40] not in article.body
