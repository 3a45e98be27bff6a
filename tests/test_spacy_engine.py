"""The spaCy adapter, tested with a blank pipeline and an entity ruler (no download)."""

from __future__ import annotations

import pytest

from newsreader.core.analysis.engine import EngineUnavailable, get_engine

spacy = pytest.importorskip("spacy")

from newsreader.core.analysis.spacy_engine import SpacyEngine  # noqa: E402


def ruler_engine() -> SpacyEngine:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Helena Strand"},
        {"label": "PERSON", "pattern": "Strand"},
        {"label": "GPE", "pattern": "Chile"},
        {"label": "NORP", "pattern": "Chilean"},
        {"label": "ORG", "pattern": "Hollin Fell Observatory"},
        {"label": "CARDINAL", "pattern": "3,400"},
        {"label": "LAW", "pattern": "Treaty"},
    ])
    return SpacyEngine(nlp)


TEXT = ("Helena Strand of the Hollin Fell Observatory said telescopes in Chile saw it. "
        "“It is 3,400 years old,” Strand said, citing a Chilean Treaty.")


def test_labels_are_mapped_and_unknown_ones_dropped():
    spans = ruler_engine().analyze(TEXT)
    got = {(s.text, s.label) for s in spans if s.label != "QUOTE"}
    assert got == {
        ("Helena Strand", "PERSON"), ("Strand", "PERSON"), ("Chile", "PLACE"),
        ("Chilean", "GROUP"), ("Hollin Fell Observatory", "ORG"), ("3,400", "NUMBER"),
    }
    for span in spans:
        assert TEXT[span.start:span.end] == span.text


def test_aliases_and_quotes_come_from_newsreader_rules():
    spans = ruler_engine().analyze(TEXT)
    strand = [s for s in spans if s.text == "Strand"]
    assert strand and strand[0].canonical == "Helena Strand"
    (quote,) = [s for s in spans if s.label == "QUOTE"]
    assert quote.text == "It is 3,400 years old,"
    assert quote.speaker == "Helena Strand"


def test_missing_pipeline_is_a_clear_error():
    with pytest.raises(EngineUnavailable, match="not installed"):
        get_engine("spacy", model="xx_no_such_pipeline_here")
