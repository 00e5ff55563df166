"""Topics in reports: automatic labels marked, team names as they are, non-answers as a share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from transfo_analysis import reporting as rp
from transfo_analysis.config import open_project
from transfo_analysis.corpus import load_corpus
from transfo_analysis.topics import NON_ANSWER_LABEL, TopicResult, save_topics
from transfo_analysis.viz import topic_shares


def _save_topics(root, *, non_answer_docs: set[str]) -> None:
    """Two themes (one named by the team) and the non-answers of the given documents."""
    project = open_project(root)
    segs = load_corpus(project).segments
    segs = segs[segs["role"] != "enqueteur"]
    blank = segs["doc_id"].isin(non_answer_docs) & segs["segment_id"].str.endswith("-c")
    topic = np.where(blank, -2, (segs["doc_id"].str[1:].astype(int) % 2).to_numpy())
    labels = {0: "temps d'attente", 1: "Accueil au guichet", -2: NON_ANSWER_LABEL}
    assignments = segs[
        ["segment_id", "doc_id", "speaker_id", "role", "territory", "service"]
    ].assign(
        unit_id=np.where(blank, None, segs["segment_id"]),
        topic=topic,
        label=[labels[t] for t in topic],
        modelled=~blank.to_numpy(),
        date=pd.NaT,
    )
    units = assignments.loc[~blank.to_numpy()].assign(
        segment_ids=lambda d: d["segment_id"].map(lambda s: [s]),
        n_segments=1,
        n_words=6,
        x=0.0,
        y=0.0,
    )
    topics = pd.DataFrame(
        {
            "topic": [-2, 0, 1],
            "label": [NON_ANSWER_LABEL, "temps d'attente", "Accueil au guichet"],
            "auto_label": [NON_ANSWER_LABEL, "temps d'attente", "guichet fermé"],
            "label_source": ["fixed", "auto", "team"],
            "size": [int(blank.sum()), 10, 10],
            "n_segments": [int(blank.sum()), 10, 10],
            "share": [0.1, 0.5, 0.5],
            "terms": [[], ["attente"], ["guichet"]],
            "weights": [[], [1.0], [1.0]],
            "stability": np.nan,
            "x": 0.0,
            "y": 0.0,
        }
    )
    save_topics(
        TopicResult(
            topics=topics,
            assignments=assignments.reset_index(drop=True),
            units=units.reset_index(drop=True),
            quotes=pd.DataFrame(columns=["topic", "rank", "unit_id", "segment_ids", "text"]),
            hierarchy=pd.DataFrame(
                columns=["node", "left", "right", "distance", "n_topics", "topics", "label"]
            ),
            provenance={"pseudonymised": True},
        ),
        project,
    )


def test_reports_mark_automatic_labels_and_give_the_non_answer_share(processed_project):
    nord_users = {f"D{n:03d}" for n in range(1, 7)}  # the six users of « nord »
    _save_topics(processed_project, non_answer_docs=nord_users)
    ctx = rp.open_report(processed_project, "nord")
    table = rp.topics_by_role(ctx)
    assert set(table["label"]) == {"temps d'attente (libellé automatique)", "Accueil au guichet"}
    assert NON_ANSWER_LABEL not in set(table["label"])  # never a theme
    users = table[table["role"] == "usager"]
    assert (users["non_answer_share"] == 0.5).all()  # 6 non-answers out of 12 turns
    fig = topic_shares.by_role(table).to_dict()
    notes = [a["text"] for a in fig["layout"]["annotations"]]
    assert any(
        "Sans réponse / rien à signaler" in n
        and "usagers : 50 %" in n.replace("\u202f", " ").replace("\xa0", " ")
        for n in notes
    )
    assert all(NON_ANSWER_LABEL not in (trace.get("y") or []) for trace in fig["data"])


def test_a_non_answer_share_resting_on_fewer_than_k_people_is_masked(processed_project):
    _save_topics(
        processed_project, non_answer_docs={"D012", "D013"}
    )  # 2 of the 5 agents of « sud »
    ctx = rp.open_report(processed_project, "sud")
    table = rp.topics_by_role(ctx)
    agents = table[table["role"] == "agent"]
    assert len(agents) and agents["non_answer_share"].isna().all()
    assert table.attrs["non_answers"] == [{"role": "agent", "share": None, "suppressed": True}]
    fig = topic_shares.by_role(table).to_dict()
    texts = [a["text"] for a in fig["layout"].get("annotations", [])]
    assert any("agents : masqué" in t for t in texts), texts
