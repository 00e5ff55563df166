"""Reading the trail back, and the strength of each finding, computed, never typed.

The strength of a finding is who stands behind its evidence: distinct respondents (persons),
documents and territories, for supporting (*appuie*), qualifying (*nuance*) and contradicting
(*contredit*) evidence, split by role, plus the barometer figures it cites. A finding whose
supporting evidence rests on fewer than ``k`` respondents (interviews and survey alike) is
*fragile*; one without evidence is a *brouillon*. Neither is ever shown to stakeholders as a
finding. Evidence whose target no longer exists is *orphaned*: reported with its reason, kept
in the store, never counted, never re-pointed.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from transfo_analysis.coding.store import FINDING_DRAFT, FINDING_FRAGILE, FINDING_SUPPORTED
from transfo_analysis.evidence._model import STANCES, Target
from transfo_analysis.evidence._trail import Trail
from transfo_analysis.i18n import _, ngettext

#: roles whose voices are counted separately
STRENGTH_ROLES = ("usager", "agent", "encadrant", "elu")


def findings(trail: Trail) -> pd.DataFrame:
    """Findings: ``finding_id``, ``guid``, ``statement``,
    ``memo``, ``author``, ``created``, ``updated``.

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    pandas.DataFrame
        One row per finding.
    """
    return trail.store.query(
        "SELECT f.finding_id, f.guid, f.statement, f.memo, c.name AS author, f.created, f.updated "
        "FROM findings f JOIN coders c ON c.coder_id = f.author_id ORDER BY f.finding_id"
    )


def evidence_links(trail: Trail) -> pd.DataFrame:
    """Evidence links with their state: ``orphaned`` (bool) and ``problem`` (why, in French).

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    pandas.DataFrame
        One row per link, oldest first.
    """
    df = trail.store.query(
        'SELECT e.evidence_id, e.guid, e.finding_id, e.kind, e.target, e.scope, e.start, e."end", '
        "e.excerpt_sha, e.stance, e.comment, c.name AS author, e.created "
        "FROM evidence e JOIN coders c ON c.coder_id = e.author_id ORDER BY e.evidence_id"
    )
    if df.empty:
        return df.assign(orphaned=pd.Series(dtype=bool), problem=pd.Series(dtype=str))
    problems = [
        trail.targets.problem(_target(r), excerpt_sha=r.excerpt_sha) for r in df.itertuples()
    ]
    return df.assign(problem=problems, orphaned=[bool(p) for p in problems])


def orphaned_evidence(trail: Trail) -> pd.DataFrame:
    """Evidence whose target is gone (a re-ingested transcript, a recomputed model), with why.

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    pandas.DataFrame
        The orphaned links (columns of :func:`evidence_links`).
    """
    links = evidence_links(trail)
    return links[links["orphaned"]].reset_index(drop=True)


def proposals(trail: Trail) -> pd.DataFrame:
    """Proposals with ``findings`` (list of ids) and ``territories`` (list of slugs).

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    pandas.DataFrame
        One row per proposal.
    """
    df = trail.store.query(
        "SELECT p.proposal_id, p.guid, p.statement, p.memo, p.service, p.territories, p.status, "
        "c.name AS author, p.created, p.updated, "
        "(SELECT json_group_array(finding_id) FROM proposal_findings pf WHERE pf.proposal_id = "
        "p.proposal_id) AS findings "
        "FROM proposals p JOIN coders c ON c.coder_id = p.author_id ORDER BY p.proposal_id"
    )
    for col in ("territories", "findings"):
        df[col] = df[col].map(json.loads) if len(df) else pd.Series(dtype=object)
    return df


def decisions(trail: Trail) -> pd.DataFrame:
    """Decision records, oldest first.

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    pandas.DataFrame
        One row per decision record.
    """
    return trail.store.query(
        "SELECT d.decision_id, d.guid, d.proposal_id, d.from_status, d.to_status, d.instance, "
        "d.date, d.decided_by, d.rationale, d.url, c.name AS author, d.created "
        "FROM decisions d JOIN coders c ON c.coder_id = d.author_id ORDER BY d.date, d.decision_id"
    )


def audit(trail: Trail) -> pd.DataFrame:
    """Every change to the trail: when, who, what, on which finding/evidence/proposal, details.

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    pandas.DataFrame
        One row per change, oldest first.
    """
    return trail.store.query(
        "SELECT a.audit_id, a.time, c.name AS author, a.action, a.entity, a.entity_id, a.detail "
        "FROM evidence_audit a JOIN coders c ON c.coder_id = a.author_id ORDER BY a.audit_id"
    )


def _target(row) -> Target:  # noqa: ANN001
    start = None if pd.isna(row.start) else int(row.start)
    end = None if pd.isna(row.end) else int(row.end)
    return Target(row.kind, row.target, row.scope, start, end)


def _survey_respondents(figures: dict) -> int:
    if not figures or figures.get("suppressed"):
        return 0
    n = figures.get("n_respondents")
    if n is None:
        n = min(figures.get("n_users") or 0, figures.get("n_staff") or 0)
    return int(n or 0)


def strength(trail: Trail, *, territory: str | None = None) -> pd.DataFrame:
    """Strength of every finding, computed from its evidence.

    Parameters
    ----------
    trail
        The open trail.
    territory
        Count only the voices of this territory (barometer figures of other territories too).

    Returns
    -------
    One row per finding: ``finding_id``, ``statement``, ``n_evidence``, ``n_orphaned``, for each
    stance ``s`` ``n_respondents_s``, ``n_documents_s``, ``n_territories_s`` and
    ``n_{role}_s`` (distinct respondents of each role), ``n_survey_s`` (respondents of the
    barometer figures cited), ``figures`` (the figures cited, as text), ``fragile`` and
    ``state`` (``brouillon``, ``fragile``, ``étayé``). ``attrs["k"]`` holds k.
    """
    links = evidence_links(trail)
    found = findings(trail)
    segs = trail.targets.segments
    speakers = trail.targets.speakers
    person = segs[["segment_id", "doc_id", "speaker_id", "role", "territory"]].copy()
    if speakers is not None and "person_id" in speakers:
        person = person.merge(speakers[["speaker_id", "person_id"]], on="speaker_id", how="left")
        person["person_id"] = person["person_id"].fillna(person["speaker_id"])
    else:
        person["person_id"] = person["speaker_id"]
    person = person[person["role"] != "enqueteur"]
    if territory is not None:
        person = person[person["territory"] == territory]
    rows: list[pd.DataFrame] = []
    figures: dict[tuple[Any, Any], list[tuple[str, Any]]] = {}
    for r in links[~links["orphaned"]].itertuples() if len(links) else []:
        t = _target(r)
        ids = trail.targets.segment_ids(t)
        rows.append(
            pd.DataFrame({"finding_id": r.finding_id, "stance": r.stance, "segment_id": ids})
        )
        if t.kind in ("indicator", "gap"):
            fig = trail.targets.figures(t)
            if territory is None or t.target.split("/")[0] == territory:
                figures.setdefault((r.finding_id, r.stance), []).append(
                    (_figure_label(trail, t), fig)
                )
    hits = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["finding_id", "stance", "segment_id"])
    )
    hits = hits.merge(person, on="segment_id", how="inner")
    out = found[["finding_id", "statement"]].copy()
    n_links = links.groupby("finding_id").size() if len(links) else pd.Series(dtype=int)
    n_orph = (
        links[links["orphaned"]].groupby("finding_id").size()
        if len(links)
        else pd.Series(dtype=int)
    )
    out["n_evidence"] = out["finding_id"].map(n_links).fillna(0).astype(int)
    out["n_orphaned"] = out["finding_id"].map(n_orph).fillna(0).astype(int)
    for stance in STANCES:
        h = hits[hits["stance"] == stance].groupby("finding_id")
        for col, src in (
            ("respondents", "person_id"),
            ("documents", "doc_id"),
            ("territories", "territory"),
        ):
            out[f"n_{col}_{stance}"] = out["finding_id"].map(h[src].nunique()).fillna(0).astype(int)
        for role in STRENGTH_ROLES:
            hr = hits[(hits["stance"] == stance) & (hits["role"] == role)].groupby("finding_id")
            out[f"n_{role}_{stance}"] = (
                out["finding_id"].map(hr["person_id"].nunique()).fillna(0).astype(int)
            )
        out[f"n_survey_{stance}"] = [
            max((_survey_respondents(f) for _, f in figures.get((fid, stance), [])), default=0)
            for fid in out["finding_id"]
        ]
    out["figures"] = [
        "; ".join(_figure_text(t, f) for s in STANCES for t, f in figures.get((fid, s), []))
        for fid in out["finding_id"]
    ]
    support = out[["n_respondents_appuie", "n_survey_appuie"]].max(axis=1)
    usable = out["n_evidence"] - out["n_orphaned"]
    out["fragile"] = support < trail.k
    out["state"] = [
        FINDING_DRAFT if u == 0 else (FINDING_FRAGILE if f else FINDING_SUPPORTED)
        for u, f in zip(usable, out["fragile"], strict=True)
    ]
    out.attrs = {"k": trail.k, "territory": territory}
    return out


def _figure_label(trail: Trail, target: Target) -> str:
    """« Délais · Rendez-vous en ligne · Ville de
    Bourg-Sénac · 2024 (usagers) » for a barometer target.
    """
    from transfo_analysis.barometer import dimension_label

    parts = target.target.split("/")
    project = trail.project
    territory = project.territory_label(parts[0]) if project is not None else parts[0]
    service = project.service_label(parts[2]) if project is not None else parts[2]
    label = f"{dimension_label(parts[3])} · {service} · {territory} · {parts[1]}"
    if target.kind == "indicator":
        return f"{label} ({parts[4]}s)"
    return _("{label} (users-managers gap)").format(label=label)


def _fr(value: float, fmt: str = ".1f") -> str:
    return format(value, fmt).replace(".", ",")


def _figure_text(target: str, fig: dict) -> str:
    if fig.get("suppressed"):
        return _("{target}: value hidden (fewer than k respondents)").format(target=target)
    if "gap" in fig:
        return _("{target}: users {u}, managers {s}, gap {g}").format(
            target=target,
            u=_fr(fig["mean_users"]),
            s=_fr(fig["mean_staff"]),
            g=_fr(fig["gap"], "+.1f"),
        )
    n = int(fig.get("n_respondents") or 0)
    return ngettext(
        "{target}: mean {m} ({n} respondent)", "{target}: mean {m} ({n} respondents)", n
    ).format(target=target, m=_fr(fig.get("mean") or 0.0), n=n)
