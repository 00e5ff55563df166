"""How another tool's sources, variables and cases become a project's files and manifest.

Variables are recognised by their folded name (:data:`FIELDS`): a territory, service or method
of a source (or of a case linked to it), a role of its respondents; a case named like a speaker
label describes that speaker. Everything else is kept as an attribute, and what fits nowhere is
listed as kept aside, so the report can say what became of each.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from transfo_analysis.coding.refi._read import RefiProject
from transfo_analysis.corpus import METHODS, ROLES, fold
from transfo_analysis.corpus.readers import find_label
from transfo_analysis.i18n import _

#: folded variable names and the column they fill
FIELDS = {
    "territory": {"territoire", "territory", "commune", "ville", "collectivite", "epci", "site"},
    "service": {"service", "direction", "departement du service", "pole"},
    "method": {"methode", "method", "type", "type d'enquete", "dispositif"},
    "role": {"role", "profil", "statut", "categorie", "type de locuteur", "fonction"},
}


def slug(text: str) -> str:
    """A file-system and YAML friendly name (``Mairie de Sarne`` → ``mairie-de-sarne``)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "source"


def _field(name: str) -> str | None:
    folded = fold(name)
    return next((f for f, names in FIELDS.items() if folded in names), None)


def _role(value: str) -> str | None:
    folded = fold(value)
    aliases = {"habitant": "usager", "enqueteur": "enqueteur", "enqueteuse": "enqueteur"}
    folded = aliases.get(folded, folded)
    return folded if folded in ROLES else None


def file_names(refi: RefiProject) -> dict[str, str]:
    """Source GUID → a unique ``.txt`` file name derived from the tool's name for it."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for src in refi.sources.itertuples():
        base = src.name if src.name and src.name != src.guid else Path(str(src.member)).stem
        stem = slug(re.sub(r"\.txt$", "", str(base), flags=re.IGNORECASE))
        name, i = f"{stem}.txt", 2
        while name in used:
            name, i = f"{stem}-{i}.txt", i + 1
        used.add(name)
        out[src.guid] = name
    return out


def _labels_in(text: str) -> set[str]:
    """Speaker labels opening lines (the text reader's grammar), folded, for matching cases."""
    found = (find_label(line) for line in text.split("\n"))
    return {fold(lab.label) for lab in found if lab is not None}


def plan_manifest(refi: RefiProject, files: dict[str, str]) -> tuple[dict[str, Any], dict]:
    """The manifest of the new project, and what each variable and case became (for the report)."""
    rules: dict[str, dict[str, Any]] = {
        g: {
            "match": f"raw/{files[g]}",
            "attributes": {"refi_source": g, **({"refi_nom": n} if n != g else {})},
        }
        for g, n in zip(refi.sources["guid"], refi.sources["name"], strict=True)
        if g in files
    }
    mapped: dict[str, list[str]] = {"territory": [], "service": [], "method": [], "role": []}
    kept: list[str] = []
    aside: list[str] = []
    speakers: dict[str, dict[str, Any]] = {}

    def apply(rule: dict[str, Any], variables: dict[str, Any], where: str) -> None:
        for var, value in variables.items():
            field = _field(var)
            if not value:
                continue
            if field in ("territory", "service"):
                rule[field] = slug(value)
                mapped[field].append(
                    _("{where}: {var} = {value}").format(where=where, var=var, value=value)
                )
            elif field == "method" and fold(value) in METHODS:
                rule["method"] = fold(value)
                mapped["method"].append(
                    _("{where}: {var} = {value}").format(where=where, var=var, value=value)
                )
            elif field == "role" and _role(value) in ("usager", "agent", "encadrant", "elu"):
                rule["respondent_role"] = _role(value)
                mapped["role"].append(
                    _("{where}: {var} = {value} (respondents' role)").format(
                        where=where, var=var, value=value
                    )
                )
            else:
                rule["attributes"][var] = value
                kept.append(_("{where}: {var} = {value}").format(where=where, var=var, value=value))

    for row in refi.source_variables.itertuples():
        if row.source_guid in rules:
            apply(rules[row.source_guid], {row.variable: row.value}, files[row.source_guid])
    labels = {
        g: _labels_in(t) for g, t in zip(refi.sources["guid"], refi.sources["text"], strict=True)
    }
    for case in refi.cases.itertuples():
        linked = [g for g in case.sources if g in rules]
        if not linked:
            aside.append(_("case « {name} »: linked to no imported source").format(name=case.name))
            continue
        if case.name and any(fold(case.name) in labels[g] for g in linked):
            entry: dict[str, Any] = {"attributes": {}}
            for var, value in case.variables.items():
                if _field(var) == "role" and _role(value):
                    entry["role"] = _role(value)
                    mapped["role"].append(
                        _("speaker « {name} »: {var} = {value}").format(
                            name=case.name, var=var, value=value
                        )
                    )
                elif value:
                    entry["attributes"][var] = value
                    kept.append(
                        _("speaker « {name} »: {var} = {value}").format(
                            name=case.name, var=var, value=value
                        )
                    )
            speakers[case.name] = entry
            continue
        for g in linked:
            apply(
                rules[g],
                dict(case.variables),
                _("{file} (case « {name} »)").format(file=files[g], name=case.name),
            )
    manifest = {
        "defaults": {"method": "entretien", "territory": slug(refi.name)},
        "files": list(rules.values()),
        "roles": {"guess_interviewer": True},
    }
    if speakers:
        manifest["speakers"] = speakers
    return manifest, {"mapped": mapped, "kept_as_attributes": kept, "aside": aside}
