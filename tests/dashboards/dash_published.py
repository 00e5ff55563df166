"""A small published project written in the artifacts contract's format (docs/artifacts.md).

Two territories and the synthesis: ``valcourt`` has every artifact (with withheld rows and a
quote that looks like markup), ``sarne`` has only key figures and voices (no codebook, no
barometer), which the dashboards must show as « Donnée non disponible ».
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from transfo_analysis.viz.corpus import roles_by_territory, territories_bar, voices_by_role
from transfo_analysis.viz.workshop_evidence import theme_evidence_figure
from transfo_analysis.viz.workshops import theme_shares_figure, votes_figure

K = 5
LABELS = {"valcourt": "Métropole de Valcourt", "sarne": "Pays de la Sarne"}
ROLE_LABELS = {"usager": "Usagers", "agent": "Agents", "encadrant": "Encadrants", "elu": "Élus"}
#: a quote text that must be escaped, never run
MARKUP_QUOTE = (
    "<script>document.title='piraté'</script> On attend <b>trois semaines</b> pour un rendez-vous."
)


def _save(folder: Path, name: str, table: pd.DataFrame, **meta) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    table.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / f"{name}.meta.json").write_text(json.dumps({"k": K, **meta}), encoding="utf-8")


def _voices(scale: int) -> pd.DataFrame:
    t = pd.DataFrame(
        {
            "role": ["agent", "elu", "encadrant", "usager"],
            "role_label": ["Agents", "Élus", "Encadrants", "Usagers"],
            "n_respondents": [8.0 * scale, None, 6.0, 300.0 + scale],
            "n_segments": [46.0 * scale, None, 30.0, 500.0],
            "n_words": [2970.0 * scale, None, 1500.0, 13796.0],
            "words_per_turn": [64.6, None, 50.0, 27.5],
            "suppressed": [False, True, False, False],
        }
    )
    return t


def write_territory(reports: Path, slug: str, *, full: bool) -> None:
    art = reports / slug / "artifacts"
    scale = 2 if slug == "valcourt" else 1
    kf = pd.DataFrame(
        {
            "indicateur": [
                "Documents analysés",
                "Entretiens",
                "Personnes entendues",
                "Prises de parole",
                "Période",
            ],
            "valeur": [
                str(10 + scale),
                str(7 + scale),
                str(320 + scale),
                "564",
                "09/2024 – 10/2025",
            ],
        }
    )
    _save(art, "key_figures", kf)
    voices = _voices(scale)
    _save(art, "voices_by_role", voices, n_suppressed=1)
    (art / "fig_voices_by_role.plotly.json").write_text(
        voices_by_role(voices).to_json(), encoding="utf-8"
    )
    (reports / slug / "rapport.html").write_text("<html>rapport</html>", encoding="utf-8")
    if not full:
        return
    topics = pd.DataFrame(
        [
            (t, lab, r, ROLE_LABELS[r], n, n / 100, False)
            for t, lab in enumerate(
                [
                    "Délais de rendez-vous",
                    "Accueil au guichet",
                    "Démarches en ligne",
                    "Transports scolaires",
                ]
            )
            for r, n in (("usager", 40 - 8 * t), ("agent", 10 + 5 * t))
        ]
        + [(4, "Horaires", "encadrant", None, None, None, True)],
        columns=["topic", "label", "role", "role_label", "n_segments", "share", "suppressed"],
    )
    topics.loc[topics["suppressed"], "role_label"] = "Encadrants"
    _save(art, "topics_by_role", topics, n_suppressed=1)
    words = pd.DataFrame(
        [
            (r, ROLE_LABELS[r], w, s, f)
            for r, ws in (
                (
                    "usager",
                    [("attendre", 8.1, 40), ("rendez-vous", 6.3, 31), ("téléphone", 4.2, 20)],
                ),
                ("agent", [("dossier", 7.5, 28), ("logiciel", 5.1, 15), ("guichet", 3.3, 12)]),
            )
            for w, s, f in ws
        ],
        columns=["role", "role_label", "lemma", "score", "frequency"],
    )
    _save(art, "specific_words", words)
    codes = pd.DataFrame(
        [
            ("DELAI", "Délais", "tous", "Tous", 60, 25, 0.3, False),
            ("ACCUEIL", "Qualité de l'accueil", "tous", "Tous", 40, 18, 0.2, False),
            ("DELAI", "Délais", "usager", "Usagers", 50, 20, 0.35, False),
            ("NUMERIQUE", "Fracture numérique", "usager", "Usagers", 22, 12, 0.15, False),
            ("CHARGE", "Charge de travail", "agent", "Agents", 18, 6, 0.4, False),
            ("CHARGE", "Charge de travail", "elu", "Élus", None, None, None, True),
        ],
        columns=[
            "code",
            "code_label",
            "role",
            "role_label",
            "n_segments",
            "n_respondents",
            "share",
            "suppressed",
        ],
    )
    _save(art, "top_codes", codes, n_suppressed=1)
    quotes = pd.DataFrame(
        [
            (
                "Délais",
                "code",
                "Il faut attendre trois semaines, [PERSONNE_3] me l'a confirmé.",
                "usager",
                "Usagers",
                "État civil",
                1,
                False,
            ),
            ("Délais", "code", MARKUP_QUOTE, "usager", "Usagers", "État civil", 2, False),
            (
                "Charge de travail",
                "code",
                "Le logiciel plante tous les lundis.",
                "agent",
                "Agents",
                "Accueil en mairie",
                1,
                False,
            ),
            ("Charge de travail", "code", "< k", "elu", "Élus", "Accueil en mairie", 2, True),
        ],
        columns=[
            "theme",
            "theme_kind",
            "text",
            "role",
            "role_label",
            "service_label",
            "rank",
            "suppressed",
        ],
    )
    _save(art, "quotes", quotes, n_suppressed=1)
    ind = pd.DataFrame(
        [
            (svc, lab, dim, wave, rt, n, 3.1, 2.9, 3.3, sat, sat - 0.08, sat + 0.08, False)
            for svc, lab in (("etat-civil", "État civil"), ("transports", "Transports"))
            for dim in ("accueil", "delais")
            for wave in ("2023", "2024")
            for rt, n, sat in (
                ("usager", 120, 0.55 if wave == "2023" else 0.62),
                ("gestionnaire", 12, 0.8),
            )
        ]
        + [
            (
                "transports",
                "Transports",
                "accueil",
                "2024",
                "elu",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                True,
            )
        ],
        columns=[
            "service",
            "service_label",
            "dimension",
            "wave",
            "respondent_type",
            "n",
            "mean",
            "mean_low",
            "mean_high",
            "satisfaction",
            "satisfaction_low",
            "satisfaction_high",
            "suppressed",
        ],
    )
    _save(art, "barometer_indicators", ind, n_suppressed=1)
    gaps = pd.DataFrame(
        [
            (svc, lab, dim, 0.6, 0.2, 1.0, 0.01, "surestimation", False)
            for svc, lab in (("etat-civil", "État civil"), ("transports", "Transports"))
            for dim in ("accueil", "delais")
        ],
        columns=[
            "service",
            "service_label",
            "dimension",
            "gap",
            "gap_low",
            "gap_high",
            "p_value",
            "direction",
            "suppressed",
        ],
    )
    _save(art, "barometer_gaps", gaps)
    _save(art, "workshop_priorities", workshop_priorities())
    _save(art, "consultation_stances", consultation_stances())
    (art / "fig_workshop_votes.plotly.json").write_text(
        votes_figure(workshop_ranking()).to_json(), encoding="utf-8"
    )
    _save(art, "workshop_themes", workshop_themes())
    _save(art, "workshop_prioritisation", workshop_prioritisation())
    _save(art, "workshop_theme_evidence", workshop_theme_evidence())
    (art / "fig_workshop_themes.plotly.json").write_text(
        theme_shares_figure(workshop_themes()).to_json(), encoding="utf-8"
    )
    (art / "fig_workshop_theme_evidence.plotly.json").write_text(
        theme_evidence_figure(workshop_theme_evidence()).to_json(), encoding="utf-8"
    )


#: a workshop card that must be escaped, never run
SCRIPT = "<script>alert('x')</script> Des bancs"


def workshop_priorities() -> pd.DataFrame:
    rows = [
        # session, stratum, label, rank, card, share, low, high, voters, author profile, suppressed
        (
            "Gare Remix",
            "ensemble",
            "Tous",
            1.0,
            "Un guichet ouvert le soir",
            12.5,
            6.0,
            19.0,
            18.0,
            "Usagers",
            False,
        ),
        ("Gare Remix", "ensemble", "Tous", 2.0, SCRIPT, 8.0, 2.0, 13.0, 18.0, "masqué", False),
        (
            "Gare Remix",
            "usager",
            "Usagers",
            1.0,
            "Des bancs sur les quais",
            20.0,
            9.0,
            31.0,
            9.0,
            "masqué",
            False,
        ),
        (
            "Gare Remix",
            "encadrant",
            "Encadrants",
            None,
            None,
            None,
            None,
            None,
            None,
            "masqué",
            True,
        ),
    ]
    cols = [
        "session",
        "stratum",
        "stratum_label",
        "rank",
        "card",
        "share_pct",
        "share_low_pct",
        "share_high_pct",
        "n_voters",
        "author_profile",
        "suppressed",
    ]
    return pd.DataFrame(rows, columns=cols)


def consultation_stances() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "proposal": ["Rouvrir le guichet de la gare routière", "Un ascenseur côté parking"],
            "supports": [39.0, 28.0],
            "n_comments": [12.0, None],
            "pour": [7.0, None],
            "contre": [2.0, None],
            "neutre": [3.0, None],
            "share_for_pct": [77.8, None],
            "suppressed": [False, True],
        }
    )


def workshop_themes() -> pd.DataFrame:
    """What ``reporting.workshop_themes_by_role`` gives: three managers wrote cards (< k)."""
    rows = [
        ("guichet · soir", "usager", 12.0, 30.0, False),
        ("bancs · quai", "usager", 28.0, 70.0, False),
        ("guichet · soir", "agent", 18.0, 90.0, False),
        ("bancs · quai", "agent", 2.0, 10.0, False),
        ("guichet · soir", "encadrant", None, None, True),
        ("bancs · quai", "encadrant", None, None, True),
    ]
    out = pd.DataFrame(rows, columns=["theme_label", "role", "n_cards", "share_pct", "suppressed"])
    return out.assign(role_label=out["role"].map(ROLE_LABELS))


def workshop_prioritisation() -> pd.DataFrame:
    """What ``reporting.workshop_prioritisation`` gives (two themes, one of them with <script>)."""
    return pd.DataFrame(
        {
            "theme": [0, 1],
            "theme_label": ["guichet · soir", "<b>bancs</b> · quai"],
            "terms": ["guichet, soir", "banc, quai"],
            "n_cards": [30, 30],
            "votes_pct": [62.5, 37.5],
            "interview_pct": [41.0, None],
            "n_people": [14.0, None],
            "interview_pct_usager": [38.0, None],
            "interview_pct_agent": [None, None],
            "interview_pct_encadrant": [None, None],
            "interview_pct_elu": [None, None],
            "barometer": ["horaires : Priorités d'amélioration", ""],
            "codes": ["Horaires d'ouverture (14 personnes)", ""],
            "topics": ["guichet fermé (12 personnes)", ""],
        }
    )


def workshop_theme_evidence() -> pd.DataFrame:
    """What ``reporting.workshop_theme_evidence`` gives: agents and managers blanked (< k)."""
    rows = []
    for source, name, match, values in (
        (
            "code",
            "Horaires d'ouverture",
            "grille",
            [(14, 14, 26.0), (10, 9, 30.0), (None,) * 3, (None,) * 3],
        ),
        (
            "topic",
            "guichet fermé",
            "termes communs",
            [(20, 12, 8.0), (15, 9, 7.5), (None,) * 3, (None,) * 3],
        ),
    ):
        for role, (n_seg, n_people, pct) in zip(
            ("ensemble", "usager", "agent", "encadrant"), values, strict=True
        ):
            rows.append(
                {
                    "theme": 0,
                    "theme_label": "guichet · soir",
                    "source": source,
                    "name": name,
                    "match": match,
                    "shared_terms": "guichet",
                    "role": role,
                    "n_segments": n_seg,
                    "n_people": n_people,
                    "pct": pct,
                    "suppressed": n_people is None,
                }
            )
    return pd.DataFrame(rows)


def workshop_ranking() -> pd.DataFrame:
    """What ``workshops.rank_cards`` gives, for the published votes figure."""
    return pd.DataFrame(
        {
            "segment_id": ["c1", "c2", "c1"],
            "text": [
                "Un guichet ouvert le soir",
                "Des bancs sur les quais",
                "Un guichet ouvert le soir",
            ],
            "stratum": ["usager", "usager", "encadrant"],
            "share": [0.2, 0.1, 0.5],
            "share_lo": [0.09, 0.02, 0.1],
            "share_hi": [0.31, 0.2, 0.9],
            "rank": [1, 2, 1],
            "rank_lo": [1, 1, 1],
            "rank_hi": [2, 4, 3],
            "score": [3.2, 1.6, 1.5],
            "interval": ["bootstrap"] * 3,
            "masked": [False, False, True],
        }
    )


def write_synthesis(reports: Path) -> None:
    art = reports / "synthese" / "artifacts"
    overview = pd.DataFrame(
        {
            "territory": list(LABELS),
            "territory_label": list(LABELS.values()),
            "n_documents": [11, 10],
            "first_date": pd.to_datetime(["2024-09-17", "2025-01-22"]),
            "last_date": pd.to_datetime(["2025-10-09", "2025-06-03"]),
            "n_respondents": [332, 345],
            "n_segments": [564, 552],
            "n_words": [18181, 16670],
        }
    )
    _save(art, "territories_overview", overview)
    (art / "fig_words_by_territory.plotly.json").write_text(
        territories_bar(overview).to_json(), encoding="utf-8"
    )
    roles = pd.DataFrame(
        [
            (t, lab, r, n, w, 20000)
            for t, lab in LABELS.items()
            for r, n, w in (("usager", 300, 14000), ("agent", 8, 3000), ("elu", None, None))
        ],
        columns=[
            "territory",
            "territory_label",
            "role",
            "n_respondents",
            "n_words",
            "n_words_total",
        ],
    )
    _save(art, "roles_by_territory", roles, n_suppressed=2)
    (art / "fig_roles_by_territory.plotly.json").write_text(
        roles_by_territory(roles).to_json(), encoding="utf-8"
    )
    topics = pd.DataFrame(
        [
            (i, lab, t, tl, 30 - i, (30 - i) / 100, False)
            for i, lab in enumerate(["Délais", "Accueil", "Numérique"])
            for t, tl in LABELS.items()
        ],
        columns=[
            "topic",
            "label",
            "territory",
            "territory_label",
            "n_segments",
            "share",
            "suppressed",
        ],
    )
    _save(art, "topics_by_territory", topics)
    codes = pd.DataFrame(
        [("DELAI", "Délais", t, tl, 50, 20, 0.3, False) for t, tl in LABELS.items()]
        + [("CHARGE", "Charge de travail", "sarne", LABELS["sarne"], None, None, None, True)],
        columns=[
            "code",
            "code_label",
            "territory",
            "territory_label",
            "n_segments",
            "n_respondents",
            "share",
            "suppressed",
        ],
    )
    _save(art, "codes_by_territory", codes, n_suppressed=1)
    sat = pd.DataFrame(
        [
            (t, tl, svc, w, s, s - 0.1, s + 0.1, 100, False)
            for t, tl in LABELS.items()
            for svc in ("État civil", "Transports")
            for w, s in (("2023", 0.5), ("2024", 0.6))
        ],
        columns=[
            "territory",
            "territory_label",
            "service_label",
            "wave",
            "satisfaction",
            "satisfaction_low",
            "satisfaction_high",
            "n",
            "suppressed",
        ],
    )
    _save(art, "barometer_satisfaction", sat)


#: the « Des voix aux décisions » artifact of valcourt and of the synthesis (none for sarne)
DECISIONS = {
    "k": 5,
    "territory": "valcourt",
    "withheld": 1,
    "proposals": [
        {
            "statement": "Rouvrir un point info <script>alert(1)</script>",
            "status": "écartée",
            "service": "Transports",
            "territories": ["Métropole de Valcourt"],
            "decisions": [
                {
                    "date": "2025-06-18",
                    "instance": "comité de pilotage",
                    "from": "à l'étude",
                    "to": "écartée",
                    "by": "",
                    "rationale": "budget",
                    "url": "",
                },
            ],
            "findings": [
                {
                    "statement": "Les voyageurs se perdent",
                    "strength": {
                        "respondents": 12,
                        "survey": 0,
                        "documents": 4,
                        "territories": 1,
                        "by_role": {"usagers": 10, "agents": None, "encadrants": 0, "élus": 0},
                        "contradicting": None,
                        "figures": "",
                    },
                    "quotes": [
                        {
                            "text": "On ne sait jamais où aller",
                            "role_label": "usager",
                            "territory_label": "Métropole de Valcourt",
                        }
                    ],
                    "contradicting": [
                        {
                            "description": "citation (groupe de moins de 5 personnes)",
                            "quote": None,
                            "comment": "",
                        }
                    ],
                }
            ],
            "withheld": 1,
        }
    ],
}


def write_reports(reports: Path) -> Path:
    """Write the published reports under ``reports`` and return it."""
    write_territory(reports, "valcourt", full=True)
    write_territory(reports, "sarne", full=False)
    write_synthesis(reports)
    for slug in ("valcourt", "synthese"):
        (reports / slug / "artifacts" / "voices_to_decisions.json").write_text(
            json.dumps(DECISIONS, ensure_ascii=False), encoding="utf-8"
        )
    index = {
        "project": "Projet d'essai (fictif)",
        "territories": [{"slug": s, "label": lab} for s, lab in LABELS.items()],
        "synthesis": True,
        "k": K,
        "updated": "2026-11-25T22:30:00",
    }
    (reports / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return reports


def write_project(root: Path) -> Path:
    """A project directory whose settings publish into ``root/reports``, with raw and secure files
    beside it (which the dashboards must never serve)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "project.yaml").write_text(
        "name: Projet d'essai (fictif)\nterritories:\n  valcourt: Métropole de Valcourt\n  sarne: "
        "Pays de la Sarne\n",
        encoding="utf-8",
    )
    (root / "raw" / "valcourt").mkdir(parents=True, exist_ok=True)
    (root / "raw" / "valcourt" / "entretien.txt").write_text(
        "Jean Dupont : bonjour\n", encoding="utf-8"
    )
    (root / "raw" / "reponses.csv").write_text("nom;note\nJean Dupont;3\n", encoding="utf-8")
    (root / "processed").mkdir(exist_ok=True)
    pd.DataFrame({"text": ["secret"]}).to_parquet(root / "processed" / "segments.parquet")
    (root / "secure").mkdir(exist_ok=True)
    (root / "secure" / "pseudonymisation-key.json").write_text(
        '{"Jean Dupont": "[PERSONNE_1]"}', encoding="utf-8"
    )
    write_reports(root / "reports")
    return root
