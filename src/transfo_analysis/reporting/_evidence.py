"""« Des voix aux décisions »: proposals, their decisions and the findings they rest on.

For stakeholders: each proposal concerning the territory (all of them in the synthesis) with its
status and decision records, and under it the findings that are *étayés* (at least ``k``
respondents behind their supporting evidence) with their strength by role, one to three
pseudonymised supporting quotes and the contradicting evidence, shown, not hidden. Fragile and
draft findings are withheld with a notice; role counts below ``k`` are blanked; a quote is shown
only when its group (territory × role) counts at least ``k`` respondents; no segment id leaves.
"""

from __future__ import annotations

from typing import Any

from transfo_analysis.coding.store import FINDING_SUPPORTED
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.labels import role_label
from transfo_analysis.reporting._codes import _escape_markdown
from transfo_analysis.reporting._context import ReportContext

_ROLES = ("usager", "agent", "encadrant", "elu")


def _count(value: Any, k: int) -> int | None:
    """A respondent count as published: counts between 1 and k - 1 are withheld (``None``)."""
    n = int(value)
    return None if 0 < n < k else n


def voices_to_decisions(ctx: ReportContext, *, max_quotes: int = 3) -> dict[str, Any]:
    """The section's content, as a JSON-ready artifact (``voices_to_decisions``).

    Returns
    -------
    ``{"k", "territory", "proposals": [...], "withheld"}``; each proposal has ``statement``,
    ``status``, ``service``, ``territories``, ``decisions`` and ``findings``; each finding has
    ``statement``, ``strength`` (``respondents``, ``documents``, ``territories``, ``by_role``,
    ``contradicting``, ``figures``), ``quotes`` and ``contradicting`` (descriptions and
    quotes). Without a store or a trail, ``proposals`` is empty.

    Parameters
    ----------
    ctx
        The report's context.
    max_quotes
        Supporting quotes shown per finding.
    """
    from transfo_analysis import evidence as ev
    from transfo_analysis.anonymise.disclosure import respondent_counts

    out: dict[str, Any] = {"k": ctx.k, "territory": ctx.territory, "proposals": [], "withheld": 0}
    if not ctx.project.store_file.exists():
        return out
    corpus = ctx.corpus_all
    with ev.open_trail(
        ctx.project,
        author="rapport",
        create=False,
        segments=corpus.segments,
        speakers=corpus.speakers,
    ) as trail:
        props = ev.proposals(trail)
        if props.empty:
            return out
        force = ev.strength(trail).set_index("finding_id")
        links = ev.evidence_links(trail)
        decs = ev.decisions(trail)
        sizes = respondent_counts(corpus.segments, ["territory", "role"], speakers=corpus.speakers)
        withheld: set[int] = set()
        for p in props.itertuples():
            if ctx.territory and p.territories and ctx.territory not in p.territories:
                continue
            findings = []
            for fid in p.findings:
                row = force.loc[fid]
                if row["state"] != FINDING_SUPPORTED:
                    withheld.add(fid)
                    continue
                mine = links[(links["finding_id"] == fid) & ~links["orphaned"]]
                findings.append(
                    {
                        "statement": row["statement"],
                        "strength": _strength(row, ctx.k),
                        "quotes": _quotes(
                            trail, mine[mine["stance"] == "appuie"], sizes, ctx, max_quotes
                        ),
                        "contradicting": [
                            {
                                "description": ev.describe(
                                    trail, link, stakeholder=True, sizes=sizes
                                ),
                                "quote": _quote_text(trail, link, sizes, ctx),
                                "comment": link.comment,
                            }
                            for link in mine[mine["stance"] == "contredit"].itertuples()
                        ],
                    }
                )
            out["proposals"].append(
                {
                    "statement": p.statement,
                    "status": p.status,
                    "service": ctx.project.service_label(p.service) if p.service else "",
                    "territories": [ctx.project.territory_label(t) for t in p.territories],
                    "decisions": [
                        {
                            "date": d.date,
                            "instance": d.instance,
                            "from": d.from_status,
                            "to": d.to_status,
                            "by": d.decided_by,
                            "rationale": d.rationale,
                            "url": d.url,
                        }
                        for d in decs[decs["proposal_id"] == p.proposal_id].itertuples()
                    ],
                    "findings": findings,
                    "withheld": sum(1 for f in p.findings if f in withheld),
                }
            )
        out["withheld"] = len(withheld)
    return out


def _strength(row: Any, k: int) -> dict[str, Any]:
    return {
        "respondents": _count(row["n_respondents_appuie"], k),
        "survey": _count(row["n_survey_appuie"], k),
        "documents": int(row["n_documents_appuie"]),
        "territories": int(row["n_territories_appuie"]),
        "by_role": {
            role_label(role).lower(): _count(row[f"n_{role}_appuie"], k) for role in _ROLES
        },
        "contradicting": _count(max(row["n_respondents_contredit"], row["n_survey_contredit"]), k),
        "figures": row["figures"],
    }


def _quote_text(trail: Any, link: Any, sizes: Any, ctx: ReportContext) -> str | None:
    """The quoted words when the link is a quote whose group counts at least k people."""
    if link.kind not in ("segment", "idea"):
        return None
    seg = trail.targets.segment(link.target)
    if seg is None or int(sizes.get((seg["territory"], seg["role"]), 0)) < ctx.k:
        return None
    if seg["role"] == "enqueteur":
        return None
    text = str(seg["text"])
    if link.start is not None and link.start == link.start:  # not NaN
        text = text[int(link.start) : int(link.end)]
    return " ".join(text.split())


def _quotes(trail: Any, links: Any, sizes: Any, ctx: ReportContext, n: int) -> list[dict[str, str]]:
    from transfo_analysis.viz import role_label

    quotes = []
    for link in links.itertuples():
        text = _quote_text(trail, link, sizes, ctx)
        if text is None:
            continue
        seg = trail.targets.segment(link.target)
        quotes.append(
            {
                "text": text,
                "role_label": role_label(seg["role"]).rstrip("s"),
                "territory_label": ctx.project.territory_label(seg["territory"]),
            }
        )
        if len(quotes) >= n:
            break
    return quotes


def _people(n: int | None, k: int) -> str:
    return _("fewer than {k}").format(k=k) if n is None else f"{n}"


def _basis(s: dict[str, Any], k: int) -> str:
    """« Appuyé par 6 personnes entendues (…), dans 4 entretiens ou documents et 2 territoires »."""
    roles = ", ".join(f"{label} {_people(n, k)}" for label, n in s["by_role"].items() if n != 0)
    heard = s["respondents"] if s["respondents"] is not None else k
    basis = ngettext(
        "Supported by {people} person heard", "Supported by {people} people heard", heard
    ).format(people=_people(s["respondents"], k))
    if roles:
        basis += f" ({roles})"
    basis += _(", in {documents} and {territories}").format(
        documents=ngettext(
            "{n} interview or document", "{n} interviews or documents", s["documents"]
        ).format(n=s["documents"]),
        territories=ngettext("{n} territory", "{n} territories", s["territories"]).format(
            n=s["territories"]
        ),
    )
    if s["survey"]:
        basis += ngettext(
            "; barometer: {n} respondent", "; barometer: {n} respondents", s["survey"]
        ).format(n=s["survey"])
    return basis + "."


def voices_to_decisions_markdown(section: dict[str, Any]) -> Any:
    """The section laid out for reading (French, people's words escaped).

    Parameters
    ----------
    section
        What :func:`voices_to_decisions` returned.

    Returns
    -------
    IPython.display.Markdown
        The section, for the notebook.
    """
    from IPython.display import Markdown

    k = section["k"]
    if not section["proposals"]:
        # « proposition » alone read as the participants' own on an online consultation
        return Markdown(
            "*{}*".format(
                _("The team has not drawn any proposal from what was heard in this territory yet.")
            )
        )
    lines = []
    for p in section["proposals"]:
        lines.append(f"### {_escape_markdown(p['statement'])}")
        where = ", ".join(p["territories"]) or _("all territories")
        service = f" · {p['service']}" if p["service"] else ""
        status = _("Status: {status}").format(status=p["status"])
        lines.append(f"**{status}**{service} · {where}\n")
        for d in p["decisions"]:
            text = "- " + _("{date}, {instance}: {before} → **{after}**").format(
                date=d["date"],
                instance=_escape_markdown(d["instance"]),
                before=d["from"],
                after=d["to"],
            )
            if d["rationale"]:
                text += _(". Reason: {rationale}").format(
                    rationale=_escape_markdown(d["rationale"])
                )
            if d["url"].startswith(("https://", "http://")) and not set("()<> ") & set(d["url"]):
                text += " ([{}]({}))".format(_("decision"), d["url"])
            lines.append(text)
        lines.append("")
        for f in p["findings"]:
            s = f["strength"]
            finding = _("Finding: {statement}").format(statement=_escape_markdown(f["statement"]))
            lines.append(f"**{finding}**\n")
            lines.append(_basis(s, k))
            if s["figures"]:
                lines.append(
                    _("Figures cited: {figures}.").format(figures=_escape_markdown(s["figures"]))
                )
            for q in f["quotes"]:
                lines.append(
                    "\n> "
                    + _("« {text} » — *{role}, {territory}*").format(
                        text=_escape_markdown(q["text"]),
                        role=q["role_label"].lower(),
                        territory=q["territory_label"],
                    )
                )
            if f["contradicting"]:
                n = s["contradicting"]
                lines.append(
                    "\n"
                    + ngettext(
                        "*What points the other way* ({people} person):",
                        "*What points the other way* ({people} people):",
                        n if n is not None else k,
                    ).format(people=_people(n, k))
                )
                for c in f["contradicting"]:
                    item = f"- {_escape_markdown(c['description'])}"
                    if c["quote"]:
                        item += _(": « {quote} »").format(quote=_escape_markdown(c["quote"]))
                    lines.append(item)
            lines.append("")
        if p["withheld"]:
            notice = ngettext(
                "{n} finding not published: it rests on fewer than {k} people or has no evidence "
                "yet.",
                "{n} findings not published: they rest on fewer than {k} people or have no "
                "evidence yet.",
                p["withheld"],
            ).format(n=p["withheld"], k=k)
            lines.append(f"*{notice}*\n")
    return Markdown("\n".join(lines))
