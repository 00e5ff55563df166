"""Prioritisation view: what the workshop voted for, against what interviews and the barometer say.

Each theme of cards (:func:`card_topics`) is set against the interviews of the same territory
and service: the share of respondents' turns, by role, that use the theme's words (its top
lemmas), and the distinct people behind them (blank under ``k``); and, when the barometer asked
about importance, the importance–performance quadrant of the service's dimensions whose name
shares a word with the theme. With :func:`theme_evidence`'s table, the interview codes and
topics that match each theme are listed beside it.
"""

from __future__ import annotations

import pandas as pd

from transfo_analysis.corpus import Corpus, fold
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import record
from transfo_analysis.workshops._evidence import ALL, ROLES, interview_scope


def prioritisation(
    corpus: Corpus,
    tokens: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    ipa: pd.DataFrame | None = None,
    evidence: pd.DataFrame | None = None,
    n_terms: int = 5,
    k: int = 5,
) -> pd.DataFrame:
    """One row per theme of cards: votes, interview evidence by role, barometer quadrant.

    Parameters
    ----------
    corpus
        The corpus holding the cards and the interviews.
    tokens
        The parse stage's tokens (lemmas) of the interviews.
    themes
        Output of :func:`card_topics` (``attrs["topics"]`` gives each theme's terms).
    ipa
        The barometer's ``importance_performance`` table (optional).
    evidence
        Output of :func:`theme_evidence` (optional): adds the matching codes and topics.
    n_terms
        How many of a theme's top lemmas define it in the interviews.
    k
        Fewer people than this behind a share: the share and count are blanked.

    Returns
    -------
    pandas.DataFrame
        One row per theme (cards outside any theme left out): ``theme``, ``theme_label``, ``terms``,
        ``n_cards``, ``votes_pct`` (share of the cards' votes), ``interview_pct`` (share of
        respondents' turns of the same territories and services using a term), ``n_people``,
        ``n_turns`` (those turns, every theme alike: 0 when there is no interview to compare
        with, as for an online consultation alone; the interview columns are then empty, not
        withheld),
        ``interview_pct_<role>`` per role,
        ``barometer`` (« dimension : quadrant » items, ``;``-separated, or empty), ``codes`` and
        ``topics``: the matching codes and topics of ``evidence`` with the people behind them
        (« Accueil (12 personnes) », ``;``-separated; empty without ``evidence``).
    """
    topics = themes.attrs.get("topics", pd.DataFrame(columns=["topic", "terms"]))
    terms = {
        int(t): [str(w) for w in list(ws)[:n_terms]]
        for t, ws in zip(topics["topic"], topics["terms"], strict=True)
    }
    segs = corpus.segments
    card_segs = segs[segs["segment_id"].isin(themes["segment_id"])]
    talk = interview_scope(corpus, themes)
    persons = corpus.speakers.set_index("speaker_id")["person_id"]
    lemmas = tokens[tokens["segment_id"].isin(talk["segment_id"])]
    lemmas = lemmas.assign(folded=lemmas["lemma"].astype(str).map(fold))
    total_votes = themes["votes"].fillna(0).sum()
    rows = []
    for (theme, label), group in themes[themes["theme"] >= 0].groupby(
        ["theme", "theme_label"], sort=True
    ):
        words = terms.get(int(theme), [])
        wanted = {fold(p) for w in words for p in w.split()}
        hit = set(lemmas.loc[lemmas["folded"].isin(wanted), "segment_id"])
        said = talk[talk["segment_id"].isin(hit)]
        people = said["speaker_id"].map(persons).nunique()
        row = {
            "theme": int(theme),
            "theme_label": label,
            "terms": ", ".join(words),
            "n_cards": len(group),
            "votes_pct": 100 * group["votes"].fillna(0).sum() / total_votes if total_votes else 0.0,
            "interview_pct": 100 * len(said) / len(talk) if len(talk) else float("nan"),
            "n_people": people,
            "n_turns": len(talk),
        }
        for role in ROLES:
            mine = talk[talk["role"] == role]
            said_role = said[said["role"] == role]
            enough = said_role["speaker_id"].map(persons).nunique() >= k
            share = 100 * len(said_role) / len(mine) if len(mine) else float("nan")
            row[f"interview_pct_{role}"] = share if enough or not len(said_role) else float("nan")
        if people < k:
            row.update(interview_pct=float("nan"), n_people=float("nan"))
        row["barometer"] = _quadrants(ipa, card_segs, wanted)
        # always there, empty without interview evidence (an online consultation alone): the
        # report and the dashboard read the same columns for every territory
        row["codes"] = _matches(evidence, int(theme), "code") if evidence is not None else ""
        row["topics"] = _matches(evidence, int(theme), "topic") if evidence is not None else ""
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["k"] = k
    out.attrs["provenance"] = record(
        "workshops.prioritisation",
        parameters={
            "n_terms": n_terms,
            "k": k,
            "ipa": ipa is not None,
            "evidence": evidence is not None,
        },
    )
    return out


def _matches(evidence: pd.DataFrame, theme: int, source: str) -> str:
    """« name (n pers.) » of a theme's matching codes or topics, most people first."""
    mine = evidence[
        (evidence["theme"] == theme) & (evidence["source"] == source) & (evidence["role"] == ALL)
    ]
    mine = mine.sort_values(["n_people", "name"], ascending=[False, True], na_position="last")
    return "; ".join(
        _("{name} (fewer than k people)").format(name=name)
        if pd.isna(n)
        else ngettext("{name} ({n} person)", "{name} ({n} people)", int(n)).format(
            name=name, n=int(n)
        )
        for name, n in zip(mine["name"], mine["n_people"], strict=True)
    )


def _quadrants(ipa: pd.DataFrame | None, cards: pd.DataFrame, wanted: set[str]) -> str:
    """The quadrant of the service's barometer dimensions whose name shares a word with the theme
    (latest wave, suppressed items left out).
    """
    if ipa is None or ipa.empty:
        return ""
    mine = ipa[ipa["territory"].isin(cards["territory"].unique()) & ~ipa["suppressed"].astype(bool)]
    services = cards["service"].dropna().unique() if "service" in cards else []
    if len(services):  # the workshop's service; else every service of the territory
        mine = mine[mine["service"].isin(services)]
    if mine.empty:
        return ""
    latest = mine[mine["wave"].astype(str) == mine["wave"].astype(str).max()]
    found = [
        f"{dim} : {quadrant}"
        for dim, quadrant in zip(latest["dimension"], latest["quadrant"], strict=True)
        if set(fold(str(dim)).replace("_", " ").split()) & wanted
    ]
    return "; ".join(dict.fromkeys(found))
