"""A small processed (pseudonymised) project built from tables, for report tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.corpus import Corpus


def _corpus() -> Corpus:
    docs, speakers, segments = [], [], []
    plan = {  # territory -> list of (role, number of respondents)
        "nord": [("usager", 6), ("agent", 2)],
        "sud": [("usager", 3), ("agent", 5), ("elu", 1)],
    }
    n = 0
    for territory, groups in plan.items():
        for role, count in groups:
            for _ in range(count):
                n += 1
                doc = f"D{n:03d}"
                docs.append(
                    {
                        "doc_id": doc,
                        "territory": territory,
                        "service": "accueil",
                        "method": "entretien",
                        "date": pd.Timestamp(f"2025-0{1 + n % 9}-01"),
                        "interviewer": "[PERSONNE_1]",
                        "title": f"e{n}",
                        "source_path": f"raw/{territory}/e{n}.txt",
                        "format": "text",
                        "sha256": f"{n:064x}",
                        "n_speakers": 2,
                        "n_segments": 3,
                        "n_words": 0,
                        "attributes": "{}",
                    }
                )
                speakers += [
                    {
                        "speaker_id": f"{doc}-S01",
                        "doc_id": doc,
                        "label": "E",
                        "role": "enqueteur",
                        "person_id": "P-ENQ",
                        "n_segments": 1,
                        "n_words": 4,
                        "attributes": "{}",
                    },
                    {
                        "speaker_id": f"{doc}-S02",
                        "doc_id": doc,
                        "label": "R",
                        "role": role,
                        "person_id": f"{doc}-S02",
                        "n_segments": 2,
                        "n_words": 10,
                        "attributes": "{}",
                    },
                ]
                segments += [
                    {
                        "segment_id": f"{doc}-a",
                        "doc_id": doc,
                        "speaker_id": f"{doc}-S01",
                        "role": "enqueteur",
                        "territory": territory,
                        "service": "accueil",
                        "turn": 0,
                        "start": None,
                        "end": None,
                        "text": "Comment ça se passe ?",
                        "n_words": 4,
                        "overlap": False,
                    },
                    {
                        "segment_id": f"{doc}-b",
                        "doc_id": doc,
                        "speaker_id": f"{doc}-S02",
                        "role": role,
                        "territory": territory,
                        "service": "accueil",
                        "turn": 1,
                        "start": None,
                        "end": None,
                        "text": "On attend trop longtemps au guichet.",
                        "n_words": 6,
                        "overlap": False,
                    },
                    {
                        "segment_id": f"{doc}-c",
                        "doc_id": doc,
                        "speaker_id": f"{doc}-S02",
                        "role": role,
                        "territory": territory,
                        "service": "accueil",
                        "turn": 2,
                        "start": None,
                        "end": None,
                        "text": "Voilà, c'est tout.",
                        "n_words": 4,
                        "overlap": False,
                    },
                ]
    return Corpus(
        pd.DataFrame(docs),
        pd.DataFrame(speakers),
        pd.DataFrame(segments),
        meta={"pseudonymised": True},
    )


@pytest.fixture
def processed_project(tmp_path: Path) -> Path:
    root = tmp_path / "projet"
    (root / "processed").mkdir(parents=True)
    _corpus().save(root / "processed" / "corpus")
    (root / "project.yaml").write_text(
        "name: Test\nterritories: {nord: Territoire du Nord, sud: Territoire du Sud}\ndisclosure: "
        "{k: 5}\n",
        encoding="utf-8",
    )
    return root
