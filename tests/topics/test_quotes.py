"""Representative quotes are chosen per topic and territory, respondents first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from transfo_analysis.topics._result import quotes_table


def _units() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rows = []
    # a national consultation of 40 answers and one small territory of 4 turns, one topic
    for i in range(40):
        rows.append(("national", "usager", f"réponse nationale numéro {i} sur les horaires"))
    rows.append(("paris", "enqueteur", "et les horaires de la mairie vous en pensez quoi alors"))
    rows.append(("paris", "usager", "les horaires de la mairie sont trop courts pour nous"))
    rows.append(("paris", "usager", "horaires"))
    rows.append(("paris", "usager", "le samedi matin la mairie est fermée aux horaires d'été"))
    units = pd.DataFrame(rows, columns=["territory", "role", "text"])
    units = units.assign(
        unit_id=[f"u{i}" for i in range(len(units))],
        segment_ids=[[f"s{i}"] for i in range(len(units))],
        doc_id="d",
        n_words=units["text"].str.split().str.len(),
        modelled=True,
    )
    rng = np.random.default_rng(0)
    emb = np.ones((len(units), 4)) + rng.normal(0, 0.01, (len(units), 4))
    return units, np.zeros(len(units), dtype=int), emb


def test_every_territory_gets_its_own_quotes_respondents_first():
    units, labels, emb = _units()
    q = quotes_table(units, labels, emb, n=2)
    assert q.groupby("territory").size().to_dict() == {"national": 2, "paris": 2}
    paris = q[q["territory"] == "paris"]
    # the interviewer's question is never picked while respondents' long turns exist
    assert set(paris["role"]) == {"usager"}
    assert "horaires" not in set(paris["text"])  # a one-word turn comes after long ones
    assert paris["rank"].tolist() == [1, 2]
    assert q["text"].is_unique


def test_a_territory_of_interviewer_turns_only_still_lists_them_last():
    units, labels, emb = _units()
    units = units.assign(role=np.where(units["territory"] == "paris", "enqueteur", "usager"))
    q = quotes_table(units, labels, emb, n=3)
    assert (q.loc[q["territory"] == "paris", "role"] == "enqueteur").all()
    assert len(q[q["territory"] == "national"]) == 3
