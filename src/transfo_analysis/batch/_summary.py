"""Which territories to report on, and the final summary of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transfo_analysis.config import Project
from transfo_analysis.corpus import LoadReport, load_corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _

_STATUS_FR = {
    "ok": "ok",
    "skipped": "inchangé (ignoré)",
    "failed": "ÉCHEC",
    "leak": "FUITE : non publié",
    "not run": "non exécuté",
    "not applicable": "sans objet",
    "not computed": "non calculé",
}


def territories_to_run(project: Project, wanted: list[str] | None) -> tuple[list[str], str | None]:
    """Territories with documents in the processed corpus, filtered by ``wanted``.

    Returns
    -------
    territories, error
        ``error`` explains unknown or empty territories (the others still run).
    """
    corpus = load_corpus(project)
    known = corpus.territories
    if not wanted:
        return known, None if known else "le corpus ne contient aucun territoire"
    unknown = [t for t in wanted if t not in known]
    if unknown and len(unknown) == len(wanted):
        raise ConfigError(
            f"no document for territory {', '.join(unknown)}",
            hint=f"territories with documents: {', '.join(known) or 'none'}; check the manifest's territory values",
        )
    error = f"territoire(s) sans document, ignoré(s) : {', '.join(unknown)}" if unknown else None
    return [t for t in wanted if t in known], error


def barometer_territories(
    project: Project, wanted: list[str] | None
) -> tuple[list[str], str | None]:
    """Territories of the barometer tables (a survey-only project), filtered by ``wanted``.

    Returns
    -------
    territories, error
        ``error`` names the wanted territories the surveys do not cover (the others still run).
    """
    from transfo_analysis.barometer import load_tables

    known = sorted(load_tables(project)["indicators"]["territory"].astype(str).unique())
    if not wanted:
        return known, None if known else _("the surveys hold no territory")
    unknown = [t for t in wanted if t not in known]
    error = (
        _("territories without survey answers, left out: {territories}").format(
            territories=", ".join(unknown)
        )
        if unknown
        else None
    )
    return [t for t in wanted if t in known], error


#: ingest warnings printed in the summary; the others are counted and left to the load report
MAX_NOTICES = 10


def ingest_notices(project: Project, *, limit: int = MAX_NOTICES) -> dict[str, Any] | None:
    """The first ingest warnings of the load report, for the run summary.

    Parameters
    ----------
    project
        The project (its ``interim/load-report.json`` is read).
    limit
        How many warnings to keep for printing.

    Returns
    -------
    ``{"total", "shown", "report"}``, or ``None`` when there is no load report yet.
    """
    path = project.load_report_file
    try:
        report = LoadReport.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    notices = report.notices(relative_to=project.root)
    return {
        "total": len(notices),
        "shown": notices[:limit],
        "report": path.relative_to(project.root).as_posix(),
    }


def _ingest_lines(notices: dict[str, Any] | None) -> list[str]:
    if not notices or not notices["total"]:
        return []
    lines = [
        f"      {notices['total']} avertissement(s) à la lecture des sources "
        "(fichiers non chargés, lignes illisibles…) :"
    ]
    lines += [f"      - {text}" for text in notices["shown"]]
    rest = notices["total"] - len(notices["shown"])
    if rest:
        lines.append(f"      … et {rest} autres, voir {notices['report']}")
    return lines


def _leak_line(leak: dict[str, Any]) -> str:
    """``FUITE report.html : PERSONNE Fa******* ×2 — « …avec Fa******* à l'accueil… »``."""
    line = f"FUITE {leak.get('path', '?')} : {leak.get('type', '')} {leak.get('identifier', '')} ×{leak.get('count', 1)}"
    return line + (f" — « {leak['context']} »" if leak.get("context") else "")


def format_summary(summary: dict[str, Any], *, reports_dir: Path) -> str:
    """The French summary printed at the end of ``transfo run``."""
    lines = ["", "Résumé de l'exécution", "====================="]
    for step in summary["steps"]:
        status = _STATUS_FR.get(step["status"], step["status"])
        line = f"  étape {step['name']:<14} {status:<20} {step['seconds']:6.1f} s"
        if step.get("error"):
            line += f"\n      → {step['error']}"
        lines.append(line)
        if step["name"] == "ingest":
            lines += _ingest_lines(summary.get("ingest"))
        lines += [f"      ⚠ {notice}" for notice in step.get("notices") or []]
    for rep in summary["reports"]:
        status = _STATUS_FR.get(rep["status"], rep["status"])
        line = f"  rapport {rep['name']:<12} {status:<20} {rep['seconds']:6.1f} s"
        if rep["status"] in ("failed", "leak"):
            where = (
                f"cellule {rep['cell_index']} ({rep['cell_source']})"
                if rep.get("cell_index") is not None
                else ""
            )
            line += f"\n      → {where} {rep.get('error') or ''}".rstrip()
            line += "".join(f"\n      {_leak_line(leak)}" for leak in rep.get("leaks", [])[:8])
            if len(rep.get("leaks", [])) > 8:
                line += f"\n      … et {len(rep['leaks']) - 8} autre(s)"
            if rep.get("path"):
                line += f"\n      → sortie conservée (non publiée) : {rep['path']}"
        lines.append(line)
    if summary.get("error"):
        lines.append(f"  ! {summary['error']}")
    n = {
        s: sum(r["status"] == s for r in summary["reports"])
        for s in ("ok", "skipped", "failed", "leak")
    }
    lines.append(
        f"Rapports : {n['ok']} publiés, {n['skipped']} inchangés, {n['failed']} en échec, {n['leak']} bloqués (fuite) "
        f"· durée totale {summary['seconds']} s"
    )
    lines.append(
        f"Rapports publiés dans {reports_dir} ; tableaux de bord : transfo serve --project …"
    )
    warned = (summary.get("ingest") or {}).get("total") or any(
        s.get("notices") for s in summary["steps"]
    )
    if summary["status"] != "ok":
        status = "ÉCHEC (voir ci-dessus)"
    else:
        status = "OK avec avertissements (voir ci-dessus)" if warned else "OK"
    lines.append("STATUT : " + status)
    return "\n".join(lines)
