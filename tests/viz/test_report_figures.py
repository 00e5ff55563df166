"""Figures drawn from the published report tables, for reports and dashboards alike."""

from __future__ import annotations

import pandas as pd
from figure_checks import figure_problems, numbers_of

from transfo_analysis.viz import coding, corpus, textometry, topic_shares


def _roles_table() -> pd.DataFrame:
    """Three territories; managers and elected officials withheld (fewer than k) everywhere they
    speak, one territory where nobody is withheld."""
    rows = []
    for territory, words in {
        "Valcourt": {"usager": 600, "agent": 300, "encadrant": None, "elu": None},
        "Sarne": {"usager": 500, "agent": None, "encadrant": None},
        "Montbrac": {"usager": 200, "agent": 200},
    }.items():
        hidden = {"Valcourt": 100, "Sarne": 500, "Montbrac": 0}[territory]
        total = sum(w for w in words.values() if w) + hidden
        for role, n in words.items():
            rows.append((territory, role, n, total))
    return pd.DataFrame(rows, columns=["territory_label", "role", "n_words", "n_words_total"])


def test_words_by_role_stack_to_100_without_empty_traces():
    fig = corpus.roles_by_territory(_roles_table()).to_dict()
    assert figure_problems(fig) == []
    names = [t["name"] for t in fig["data"]]
    assert names == ["Usagers", "Agents", "Masqué (anonymat)"]  # no empty élus
    masked = fig["data"][-1]
    assert dict(zip(masked["y"], numbers_of(masked["x"]), strict=True)) == {
        "Valcourt": 10.0,
        "Sarne": 50.0,
    }  # Montbrac hides nothing: no grey segment there


def test_the_figure_check_catches_what_the_issue_saw():
    """The figure before the fix: all-empty traces and bars at 80 %."""
    broken = {
        "data": [
            {"type": "bar", "name": "Usagers", "orientation": "h", "y": ["A"], "x": [80.0]},
            {"type": "bar", "name": "Élus", "orientation": "h", "y": ["A"], "x": [None]},
        ],
        "layout": {"barmode": "stack", "xaxis": {"title": {"text": "Part des mots (%)"}}},
    }
    problems = figure_problems(broken)
    assert any("Élus" in p for p in problems) and any("80.0 %" in p for p in problems)


def _codes() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("DELAI", "Délais", "tous", 60, 25, 0.30, False),
            ("ACCUEIL", "Accueil", "tous", 40, 18, 0.005, False),
            ("DELAI", "Délais", "agent", 10, 6, 0.40, False),
            ("ACCUEIL", "Accueil", "agent", None, None, None, True),
        ],
        columns=[
            "code",
            "code_label",
            "role",
            "n_segments",
            "n_respondents",
            "share",
            "suppressed",
        ],
    )


def test_top_codes_keep_their_measure_when_a_role_is_chosen():
    everybody = coding.top_codes_bars(_codes()).to_dict()
    agents = coding.top_codes_bars(_codes(), role="agent").to_dict()
    for fig in (everybody, agents):
        assert fig["layout"]["xaxis"]["title"]["text"].startswith("Part des")
    assert numbers_of(everybody["data"][0]["x"]) == [0.5, 30.0]  # 0.005 is 0.5 %, not 50 %
    assert list(everybody["data"][0]["text"]) == ["0\u202f%", "30\u202f%"]
    assert numbers_of(agents["data"][0]["x"]) == [0.0, 40.0]
    assert list(agents["data"][0]["text"])[0].startswith("masqué")


def test_half_empty_words_say_why():
    words = pd.DataFrame(
        [("agent", "Agents", "dossier", 7.5, 28), ("agent", "Agents", "logiciel", 5.1, 15)],
        columns=["role", "role_label", "lemma", "score", "frequency"],
    )
    words.attrs = {"k": 5, "withheld_roles": ["usager"]}
    fig = textometry.role_words(words).to_dict()
    assert [t["name"] for t in fig["data"]] == ["Plus dit par les agents"]
    note = fig["layout"]["annotations"][0]["text"]
    assert "usagers" in note and "moins de 5 personnes" in note
    words.attrs = {"k": 5, "withheld_roles": []}
    note = textometry.role_words(words).to_dict()["layout"]["annotations"][0]["text"]
    assert "Aucun mot n'est nettement plus employé par les usagers" in note
    assert figure_problems(fig) == []


def test_withheld_roles_note_has_room_under_the_axis():
    topics = pd.DataFrame(
        [(1, "Délais", "usager", 30, 12, 0.3, False), (1, "Délais", "agent", 10, 6, 0.2, False)],
        columns=["topic", "label", "role", "n_segments", "n_respondents", "share", "suppressed"],
    )
    topics.attrs = {"k": 5, "withheld_roles": ["elu", "encadrant"]}
    fig = topic_shares.by_role(topics).to_dict()
    (note,) = fig["layout"]["annotations"]
    assert note["text"] == "Non montrés (moins de 5 personnes entendues) : élus, encadrants."
    # the note hangs below the axis title, inside the bottom margin
    assert note["yanchor"] == "top" and note["y"] == 0
    assert fig["layout"]["margin"]["b"] >= -note["yshift"] + 17
    agents = topic_shares.by_role(topics, role="agent").to_dict()
    assert [t["name"] for t in agents["data"]] == ["Agents"]
    assert agents["layout"]["xaxis"]["title"]["text"] == fig["layout"]["xaxis"]["title"]["text"]
