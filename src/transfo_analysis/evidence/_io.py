"""Loading a trail written by hand (YAML) into the store, and the ``transfo run`` step.

The file says, in French keys, the findings with their evidence and the proposals with their
decisions (see ``docs/evidence.md``; the demo's is ``data/pistes.yaml``). A quote can be given
by its exact words (``extrait:``) rather than by segment id: it is looked up in the
pseudonymised corpus, so the file survives a re-ingest that changes ids. Loading is idempotent
(a finding or proposal with the same statement is the same one; a decision already recorded is
not recorded again). Each bad element is reported with the file and its place
(``constats[2].preuves[1]``) and the rest loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transfo_analysis.coding.store import FINDING_SUPPORTED
from transfo_analysis.config import Project, load_yaml
from transfo_analysis.errors import TransfoError
from transfo_analysis.evidence._decide import decide
from transfo_analysis.evidence._model import normalise_status
from transfo_analysis.evidence._strength import decisions, findings, proposals
from transfo_analysis.evidence._trail import Trail, add_finding, link_evidence, propose
from transfo_analysis.i18n import _


def find_quote(trail: Trail, words: str, *, territory: str | None = None) -> str:
    """``segment:ID[start:end]`` of the first segment whose pseudonymised text holds ``words``.

    Parameters
    ----------
    trail
        The open trail.
    words
        The quoted words, exactly as in the pseudonymised corpus (spaces normalised).
    territory
        Look only in this territory.

    Returns
    -------
    str
        The target text, for :func:`link_evidence`.

    Raises
    ------
    TransfoError
        When no segment (of the territory) holds these words.
    """
    segs = trail.targets.segments
    if territory:
        segs = segs[segs["territory"] == territory]
    words = " ".join(str(words).split())
    for row in segs[["segment_id", "text"]].itertuples():
        pos = str(row.text).find(words)
        if pos >= 0:
            return f"segment:{row.segment_id}[{pos}:{pos + len(words)}]"
    raise TransfoError(
        _("excerpt not found in the pseudonymised corpus: « {words} »").format(words=words[:80]),
        hint=_("copy the excerpt as it appears in the pseudonymised corpus"),
    )


def import_trail(trail: Trail, path: str | Path) -> dict[str, Any]:
    """Load a YAML trail file; returns counts and the list of French problems (file and place).

    Parameters
    ----------
    trail
        The open trail.
    path
        The YAML file.

    Returns
    -------
    dict
        Counts of what was added and ``problems`` (see :func:`load_trail`).

    Raises
    ------
    ConfigError
        When the file is not valid YAML (nothing is loaded then).
    """
    path = Path(path)
    return load_trail(trail, load_yaml(path), source=str(path))


def load_trail(trail: Trail, data: dict[str, Any], *, source: str) -> dict[str, Any]:
    """Load a trail given as a mapping (``constats``, ``propositions``: the YAML file's format).

    Parameters
    ----------
    trail
        The open trail.
    data
        The mapping.
    source
        Named in each problem (a file path, or ``FILE.qdpx [Note …]``).

    Returns
    -------
    Counts of what was added (``findings``, ``evidence``, ``proposals``, ``decisions``) and
    ``problems``, one French line per element refused.
    """
    problems: list[str] = []
    counts = {"findings": 0, "evidence": 0, "proposals": 0, "decisions": 0}
    known_f = dict(zip(findings(trail)["statement"], findings(trail)["finding_id"], strict=True))
    keys: dict[str, int] = {}

    def problem(where: str, exc: Exception) -> None:
        problems.append(f"{source} [{where}] : {exc}")

    for i, item in enumerate(data.get("constats") or []):
        where = f"constats[{i}]"
        try:
            statement = str(item["enonce"]).strip()
            fid = known_f.get(statement)
            if fid is None:
                fid = add_finding(
                    trail, statement, memo=str(item.get("memo", "")), author=item.get("auteur")
                )
                known_f[statement] = fid
                counts["findings"] += 1
            keys[str(item.get("id", statement))] = fid
        except (KeyError, TypeError, TransfoError) as exc:
            problem(
                where,
                exc if not isinstance(exc, KeyError) else _("missing key {key}").format(key=exc),
            )
            continue
        for j, ev in enumerate(item.get("preuves") or []):
            try:
                target = ev.get("cible") or find_quote(
                    trail, ev["extrait"], territory=ev.get("territoire")
                )
                before = len(trail.store.query("SELECT evidence_id FROM evidence"))
                link_evidence(
                    trail,
                    fid,
                    target,
                    stance=str(ev.get("position", "appuie")),
                    comment=str(ev.get("commentaire", "")),
                    author=item.get("auteur"),
                )
                counts["evidence"] += (
                    len(trail.store.query("SELECT evidence_id FROM evidence")) - before
                )
            except (KeyError, TypeError, AttributeError, TransfoError) as exc:
                problem(f"{where}.preuves[{j}]", exc)
    props = proposals(trail)
    known_p = dict(zip(props["statement"], props["proposal_id"], strict=True))
    for i, item in enumerate(data.get("propositions") or []):
        where = f"propositions[{i}]"
        try:
            statement = str(item["enonce"]).strip()
            refs = [str(r) for r in item.get("constats") or []]
            missing = [r for r in refs if r not in keys]
            if missing:
                raise TransfoError(
                    _("finding « {id} » not defined in this file").format(id=missing[0])
                )
            pid = known_p.get(statement)
            if pid is None:
                pid = propose(
                    trail,
                    statement,
                    findings=[keys[r] for r in refs],
                    territories=item.get("territoires") or [],
                    service=str(item.get("service", "")),
                    memo=str(item.get("memo", "")),
                    author=item.get("auteur"),
                )
                counts["proposals"] += 1
        except (KeyError, TypeError, TransfoError) as exc:
            problem(where, exc)
            continue
        done = decisions(trail)
        done = done[done["proposal_id"] == pid]
        for j, dec in enumerate(item.get("decisions") or []):
            try:
                status = normalise_status(str(dec.get("statut", "")))
                if (
                    (done["to_status"] == status) & (done["date"] == str(dec.get("date"))[:10])
                ).any():
                    continue
                decide(
                    trail,
                    pid,
                    status,
                    instance=dec.get("instance"),
                    date=dec.get("date"),
                    decided_by=str(dec.get("par", "")),
                    rationale=str(dec.get("motif", "")),
                    url=str(dec.get("lien", "")),
                    author=item.get("auteur"),
                )
                counts["decisions"] += 1
            except (TypeError, AttributeError, TransfoError) as exc:
                problem(f"{where}.decisions[{j}]", exc)
    return {**counts, "problems": problems}


def evidence_project(project: Project, *, show_progress: bool = True) -> dict[str, Any]:
    """The ``transfo run`` step: load ``evidence.imports`` into the store, report the state.

    Problems in the files are printed (file and place) and counted; the rest loads.

    Parameters
    ----------
    project
        The project (after ``transfo pseudonymise``).
    show_progress
        Accepted for the stage interface; this step shows none.

    Returns
    -------
    dict
        Counts added, ``orphaned`` links, findings not ``étayé`` and ``problems``.
    """
    from transfo_analysis.evidence._strength import orphaned_evidence, strength
    from transfo_analysis.evidence._trail import open_trail

    del show_progress
    totals: dict[str, Any] = {"findings": 0, "evidence": 0, "proposals": 0, "decisions": 0}
    problems: list[str] = []
    with open_trail(project, author="transfo-import") as trail:
        for name in project.settings.evidence.imports:
            result = import_trail(trail, project.path(name))
            problems += result.pop("problems")
            for key, value in result.items():
                totals[key] += value
        force = strength(trail)
        totals["orphaned"] = len(orphaned_evidence(trail))
        totals["fragile_or_draft"] = int((force["state"] != FINDING_SUPPORTED).sum())
    for line in problems:
        print(line)
    totals["problems"] = len(problems)
    return totals
