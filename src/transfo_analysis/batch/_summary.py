"""Which territories to report on, and the final summary of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transfo_analysis.config import Project
from transfo_analysis.corpus import LoadReport, load_corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import N_, _, ngettext

#: how a step's or a report's status is shown (translated when shown)
_STATUS = {
    "ok": N_("ok"),
    "skipped": N_("unchanged (skipped)"),
    "failed": N_("FAILED"),
    "leak": N_("LEAK: not published"),
    "not run": N_("not run"),
    "not applicable": N_("not applicable"),
    "not computed": N_("not computed"),
}


def _status(status: str) -> str:
    return _(_STATUS[status]) if status in _STATUS else status


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
        return known, None if known else _("the corpus holds no territory")
    unknown = [t for t in wanted if t not in known]
    if unknown and len(unknown) == len(wanted):
        raise ConfigError(
            ngettext(
                "no document for territory {names}",
                "no document for territories {names}",
                len(unknown),
            ).format(names=", ".join(unknown)),
            hint=_(
                "territories with documents: {names}; check the manifest's territory values"
            ).format(names=", ".join(known) or _("none")),
        )
    error = (
        ngettext(
            "territory without documents, skipped: {names}",
            "territories without documents, skipped: {names}",
            len(unknown),
        ).format(names=", ".join(unknown))
        if unknown
        else None
    )
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
        ngettext(
            "      {n} warning while reading the sources (files not loaded, unreadable lines…):",
            "      {n} warnings while reading the sources (files not loaded, unreadable lines…):",
            notices["total"],
        ).format(n=notices["total"])
    ]
    lines += [f"      - {text}" for text in notices["shown"]]
    rest = notices["total"] - len(notices["shown"])
    if rest:
        lines.append(
            ngettext(
                "      … and {n} other, see {report}", "      … and {n} others, see {report}", rest
            ).format(n=rest, report=notices["report"])
        )
    return lines


def _leak_line(leak: dict[str, Any]) -> str:
    """``FUITE report.html : PERSONNE Fa******* ×2 — « …avec Fa******* à l'accueil… »``."""
    line = _("LEAK {path}: {kind} {identifier} ×{count}").format(
        path=leak.get("path", "?"),
        kind=leak.get("type", ""),
        identifier=leak.get("identifier", ""),
        count=leak.get("count", 1),
    )
    return line + (f" — « {leak['context']} »" if leak.get("context") else "")


def format_summary(summary: dict[str, Any], *, reports_dir: Path) -> str:
    """The French summary printed at the end of ``transfo run``."""
    title = _("Run summary")
    lines = ["", title, "=" * len(title)]
    for step in summary["steps"]:
        status = _status(step["status"])
        line = _("  step {name} {status} {seconds} s").format(
            name=f"{step['name']:<14}", status=f"{status:<20}", seconds=f"{step['seconds']:6.1f}"
        )
        if step.get("error"):
            line += f"\n      → {step['error']}"
        lines.append(line)
        if step["name"] == "ingest":
            lines += _ingest_lines(summary.get("ingest"))
        lines += [f"      ⚠ {notice}" for notice in step.get("notices") or []]
    for rep in summary["reports"]:
        status = _status(rep["status"])
        line = _("  report {name} {status} {seconds} s").format(
            name=f"{rep['name']:<12}", status=f"{status:<20}", seconds=f"{rep['seconds']:6.1f}"
        )
        if rep["status"] in ("failed", "leak"):
            where = (
                _("cell {index} ({source})").format(
                    index=rep["cell_index"], source=rep["cell_source"]
                )
                if rep.get("cell_index") is not None
                else ""
            )
            line += f"\n      → {where} {rep.get('error') or ''}".rstrip()
            line += "".join(f"\n      {_leak_line(leak)}" for leak in rep.get("leaks", [])[:8])
            if len(rep.get("leaks", [])) > 8:
                more = len(rep["leaks"]) - 8
                line += "\n" + ngettext(
                    "      … and {n} other", "      … and {n} others", more
                ).format(n=more)
            if rep.get("path"):
                line += "\n" + _("      → output kept (not published): {path}").format(
                    path=rep["path"]
                )
        lines.append(line)
    if summary.get("error"):
        lines.append(f"  ! {summary['error']}")
    n = {
        s: sum(r["status"] == s for r in summary["reports"])
        for s in ("ok", "skipped", "failed", "leak")
    }
    lines.append(
        _("Reports: {published}, {unchanged}, {failed}, {blocked} · total time {seconds} s").format(
            published=ngettext("{n} published", "{n} published", n["ok"]).format(n=n["ok"]),
            unchanged=ngettext("{n} unchanged", "{n} unchanged", n["skipped"]).format(
                n=n["skipped"]
            ),
            failed=ngettext("{n} failed", "{n} failed", n["failed"]).format(n=n["failed"]),
            blocked=ngettext("{n} blocked (leak)", "{n} blocked (leak)", n["leak"]).format(
                n=n["leak"]
            ),
            seconds=summary["seconds"],
        )
    )
    lines.append(
        _("Reports published in {folder}; dashboards: transfo serve --project …").format(
            folder=reports_dir
        )
    )
    warned = (summary.get("ingest") or {}).get("total") or any(
        s.get("notices") for s in summary["steps"]
    )
    if summary["status"] != "ok":
        status = _("FAILED (see above)")
    else:
        status = _("OK with warnings (see above)") if warned else _("OK")
    lines.append(_("STATUS: {status}").format(status=status))
    return "\n".join(lines)
