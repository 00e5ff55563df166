"""The traceability matrix (proposal × finding × evidence) and the nested trail.

Two audiences: the research team gets segment ids, spans and orphaned links; stakeholders get
no segment id, no author of a quote unless its group (territory × role) counts at least ``k``
respondents, and no fragile or draft finding (a row says it was withheld, never silently).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from transfo_analysis.coding.store import FINDING_SUPPORTED
from transfo_analysis.evidence._model import KIND_LABELS, Target
from transfo_analysis.evidence._strength import (
    decisions,
    evidence_links,
    proposals,
    strength,
)
from transfo_analysis.evidence._trail import Trail
from transfo_analysis.i18n import N_, _, ngettext

#: columns of the research matrix (the stakeholder one drops those marked internal)
MATRIX_COLUMNS = [
    "proposal_id",
    "proposition",
    "statut",
    "service",
    "territoires",
    "finding_id",
    "constat",
    "etat_constat",
    "personnes_appuie",
    "personnes_contredit",
    "evidence_id",
    "position",
    "type_preuve",
    "preuve",
    "segment_id",
    "debut",
    "fin",
    "commentaire",
    "orpheline",
]
_INTERNAL = ["segment_id", "debut", "fin", "orpheline", "evidence_id"]
WITHHELD = N_("finding not published: it rests on fewer than {k} people or has no evidence yet")


def _group_sizes(trail: Trail) -> pd.Series:
    from transfo_analysis.anonymise.disclosure import respondent_counts

    segs = trail.targets.segments
    if segs.empty:
        return pd.Series(dtype=int)
    return respondent_counts(segs, ["territory", "role"], speakers=trail.targets.speakers)


def describe(trail: Trail, link: Any, *, stakeholder: bool, sizes: pd.Series | None = None) -> str:
    """What a piece of evidence is, in French (for stakeholders: without any identifier).

    Parameters
    ----------
    trail
        The open trail.
    link
        A row of :func:`evidence_links`.
    stakeholder
        Without identifiers, and naming a quote's group only when it counts at least k people.
    sizes
        Respondents per (territory, role), for the stakeholder variant.

    Returns
    -------
    str
        The French description.
    """
    t = Target(link.kind, link.target, link.scope)
    label = KIND_LABELS.get(t.kind, t.kind)
    project = trail.project
    if t.kind in ("segment", "idea"):
        seg = trail.targets.segment(t.target)
        if not stakeholder:
            return f"{label} {t.target}"
        if seg is None:
            return label
        n = int(sizes.get((seg["territory"], seg["role"]), 0)) if sizes is not None else 0
        if n < trail.k:
            return _("{label} (group of fewer than {k} people)").format(label=label, k=trail.k)
        from transfo_analysis.viz import role_label

        where = (
            project.territory_label(seg["territory"]) if project is not None else seg["territory"]
        )
        return "{label} ({role}, {where})".format(
            label=label, role=role_label(seg["role"]).lower(), where=where
        )
    if t.kind == "topic":
        table = trail.targets.topic_table
        name = ""
        if table is not None:
            match = table.loc[table["topic"].astype(str) == t.target, "label"]
            name = str(match.iloc[0]) if len(match) else ""
        return _("{label} « {name} »").format(label=label, name=name or t.target)
    if t.kind == "reinert":
        return f"{label} {t.target}"
    if t.kind == "word":
        return _("{label} « {word} »{scope}").format(
            label=label, word=t.target, scope=f" ({t.scope})" if t.scope else ""
        )
    if t.kind in ("indicator", "gap"):
        return "{label} {tid}".format(label=label, tid=t.target.replace("/", " · "))
    return _("{label} « {name} »").format(label=label, name=t.target)


def evidence_table(
    trail: Trail, *, stakeholder: bool = False, territory: str | None = None
) -> pd.DataFrame:
    """The traceability matrix: one row per proposal × finding × evidence.

    Parameters
    ----------
    trail
        The open trail.
    stakeholder
        The published variant: no segment id or span, quotes attributed only to groups of at
        least ``k`` respondents, fragile and draft findings replaced by a notice row.
    territory
        Only proposals concerning this territory (or all territories) and this territory's voices.

    Returns
    -------
    Columns :data:`MATRIX_COLUMNS` (minus the internal ones for stakeholders). Findings that no
    proposal uses appear with an empty proposal. ``attrs``: ``k``, ``withheld`` (number of
    findings not published).
    """
    props = proposals(trail)
    links = evidence_links(trail)
    force = strength(trail, territory=territory).set_index("finding_id")
    if territory is not None and len(props):
        props = props[props["territories"].map(lambda ts: not ts or territory in ts)]
    pairs = [(p, f) for p in props.itertuples() for f in p.findings]
    used = {f for _p, f in pairs}
    pairs += [(None, f) for f in force.index if f not in used]
    sizes = _group_sizes(trail) if stakeholder else None
    rows, withheld = [], set()
    for p, fid in pairs:
        base = {
            "proposal_id": p.proposal_id if p is not None else None,
            "proposition": p.statement if p is not None else "",
            "statut": p.status if p is not None else "",
            "service": (_service(trail, p.service) if p is not None else ""),
            "territoires": ", ".join(_territory(trail, t) for t in p.territories)
            if p is not None
            else "",
            "finding_id": fid,
        }
        f = force.loc[fid]
        hidden = stakeholder and f["state"] != FINDING_SUPPORTED
        base |= {
            "constat": _(WITHHELD).format(k=trail.k) if hidden else f["statement"],
            "etat_constat": f["state"],
            "personnes_appuie": None
            if hidden
            else int(max(f["n_respondents_appuie"], f["n_survey_appuie"])),
            "personnes_contredit": None
            if hidden
            else int(max(f["n_respondents_contredit"], f["n_survey_contredit"])),
        }
        mine = links[links["finding_id"] == fid] if len(links) else links
        if hidden:
            withheld.add(fid)
            rows.append(base)
            continue
        if stakeholder:
            mine = mine[~mine["orphaned"]]
        if mine.empty:
            rows.append(base)
        for link in mine.itertuples():
            rows.append(
                base
                | {
                    "evidence_id": link.evidence_id,
                    "position": link.stance,
                    "type_preuve": KIND_LABELS.get(link.kind, link.kind),
                    "preuve": describe(trail, link, stakeholder=stakeholder, sizes=sizes),
                    "segment_id": link.target if link.kind in ("segment", "idea") else None,
                    "debut": None if pd.isna(link.start) else int(link.start),
                    "fin": None if pd.isna(link.end) else int(link.end),
                    "commentaire": link.comment,
                    "orpheline": link.problem if link.orphaned else "",
                }
            )
    table = pd.DataFrame(rows, columns=MATRIX_COLUMNS)
    for col in (
        "proposal_id",
        "finding_id",
        "evidence_id",
        "debut",
        "fin",
        "personnes_appuie",
        "personnes_contredit",
    ):
        table[col] = table[col].astype("Int64")
    if stakeholder:
        table = table.drop(columns=_INTERNAL)
    table.attrs = {"k": trail.k, "withheld": len(withheld), "territory": territory}
    return table


def _territory(trail: Trail, slug: str) -> str:
    return trail.project.territory_label(slug) if trail.project is not None else slug


def _service(trail: Trail, slug: str) -> str:
    if not slug:
        return ""
    return trail.project.service_label(slug) if trail.project is not None else slug


def trail_dict(trail: Trail, *, territory: str | None = None) -> dict[str, Any]:
    """The whole trail, nested: proposals with their decisions and findings, findings with their
    strength and evidence (research view: ids included). JSON-ready.

    Parameters
    ----------
    trail
        The open trail.
    territory
        Count only this territory's voices.

    Returns
    -------
    dict
        ``k``, ``proposals`` (with ``decisions`` and ``findings``) and ``unused_findings``.
    """
    props = proposals(trail)
    decs = decisions(trail)
    force = strength(trail, territory=territory)
    links = evidence_links(trail)

    def finding(fid: int) -> dict[str, Any]:
        row = force[force["finding_id"] == fid].iloc[0]
        ev = links[links["finding_id"] == fid] if len(links) else links
        return {
            "finding_id": int(fid),
            "statement": row["statement"],
            "state": row["state"],
            "strength": {c: _plain(row[c]) for c in force.columns if c.startswith("n_")},
            "figures": row["figures"],
            "evidence": [
                {
                    "evidence_id": int(e.evidence_id),
                    "target": str(Target(e.kind, e.target, e.scope, *_span(e))),
                    "stance": e.stance,
                    "comment": e.comment,
                    "author": e.author,
                    "created": e.created,
                    "orphaned": e.problem if e.orphaned else "",
                }
                for e in ev.itertuples()
            ],
        }

    used = {f for fs in props["findings"] for f in fs} if len(props) else set()
    return {
        "k": trail.k,
        "proposals": [
            {
                "proposal_id": int(p.proposal_id),
                "statement": p.statement,
                "status": p.status,
                "service": p.service,
                "territories": list(p.territories),
                "decisions": decs[decs["proposal_id"] == p.proposal_id]
                .drop(columns=["proposal_id"])
                .to_dict("records"),
                "findings": [finding(f) for f in p.findings],
            }
            for p in props.itertuples()
        ],
        "unused_findings": [finding(f) for f in force["finding_id"] if f not in used],
    }


def _span(e: Any) -> tuple[int | None, int | None]:
    return (None if pd.isna(e.start) else int(e.start), None if pd.isna(e.end) else int(e.end))


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def withheld_note(table: pd.DataFrame) -> str:
    """One sentence saying how many findings a stakeholder matrix leaves out, and why.

    Parameters
    ----------
    table
        A matrix made by :func:`evidence_table` (its ``attrs`` hold ``withheld`` and ``k``).

    Returns
    -------
    str
        « 1 constat non publié : moins de 5 personnes ou sans preuve » (empty when none is).
    """
    n = int(table.attrs.get("withheld", 0))
    if not n:
        return ""
    return ngettext(
        "{n} finding not published: fewer than {k} people or no evidence",
        "{n} findings not published: fewer than {k} people or no evidence",
        n,
    ).format(n=n, k=table.attrs.get("k"))
