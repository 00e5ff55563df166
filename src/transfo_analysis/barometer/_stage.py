"""The barometer stage of a project: import the surveys, write the indicator tables.

:func:`barometer_project` is the entry point that ``transfo barometer`` and ``transfo run`` both
call. All files are validated before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.barometer._artifacts import compute_tables, run_record
from transfo_analysis.barometer._io import import_surveys
from transfo_analysis.barometer._stats import wave_sort_key
from transfo_analysis.config import Project
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import write_tables


def barometer_project(
    project: Project, *, files: list[Path] | None = None, show_progress: bool = True
) -> dict[str, Any]:
    """Import the project's survey files and write the barometer tables.

    The k-suppressed tables go to ``project.barometer_dir`` (``processed/barometer``), the
    answers without their comments to ``project.barometer_responses_dir`` (identifying,
    ``interim/barometer``).

    Parameters
    ----------
    project
        The project.
    files
        Survey files (CSV/XLSX); default: ``barometer.files`` of the settings.
    show_progress
        Accepted for the stage interface; the import is quick and shows none.

    Returns
    -------
    dict
        The summary: files, respondents, territories, waves, suppressed cells, largest gaps,
        the files written.

    Raises
    ------
    ConfigError
        When no survey file is given nor configured.
    SurveyError
        Listing every invalid cell (file, row, column); nothing is written then.
    """
    del show_progress
    cfg = project.settings.barometer
    paths = list(files) if files else [project.path(f) for f in cfg.files]
    if not paths:
        raise ConfigError(
            _("no survey file given"),
            hint=_("give FILE... or list them under barometer.files in project.yaml"),
        )
    responses = import_surveys(paths, schema=cfg.schema_)
    tables = compute_tables(responses, settings=project.settings)
    provenance = run_record(responses, project.settings)
    outputs = write_tables(tables, project.barometer_dir, provenance=provenance)
    scores = project.barometer_responses_dir / "responses.parquet"
    write_tables(
        {"responses": responses.drop(columns=["comment"], errors="ignore")},
        scores.parent,
        provenance=provenance,
    )
    summary = _summary(responses, tables, project.settings.disclosure.k, outputs)
    summary["outputs"]["responses (interim, identifying)"] = str(scores)
    return summary


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _summary(
    responses: pd.DataFrame, tables: dict[str, pd.DataFrame], k: int, outputs: dict[str, Path]
) -> dict[str, Any]:
    inputs = responses.attrs.get("provenance", {}).get("inputs", [])
    gaps = tables["gaps"]
    top = gaps[~gaps["suppressed"]].head(5)
    gap_cols = [
        "territory",
        "wave",
        "service",
        "dimension",
        "n_users",
        "n_staff",
        "mean_users",
        "mean_staff",
        "gap",
        "gap_low",
        "gap_high",
        "p_welch",
        "reading",
    ]
    respondents = responses.drop_duplicates(["territory", "wave", "respondent"])
    return {
        "status": "ok",
        "files": inputs,
        "rows": int(sum(f["rows"] for f in inputs)),
        "respondents": int(len(respondents)),
        "respondent_types": {
            str(t): int(n) for t, n in respondents["respondent_type"].value_counts().items()
        },
        "territories": sorted(responses["territory"].unique().tolist()),
        "waves": sorted(responses["wave"].unique().tolist(), key=wave_sort_key),
        "services": {
            t: sorted(g["service"].unique().tolist()) for t, g in responses.groupby("territory")
        },
        "dimensions": list(dict.fromkeys(responses["dimension"])),
        "weighted": bool(tables["indicators"]["weighted"].any()),
        "k": k,
        "suppressed": {name: int(t["suppressed"].sum()) for name, t in tables.items()},
        "groups": {name: int(len(t)) for name, t in tables.items()},
        "n_groups": int(len(tables["indicators"])),
        "top_gaps": [
            {c: _jsonable(v) for c, v in row.items()} for row in top[gap_cols].to_dict("records")
        ],
        "significant_changes": int(tables["trends"]["significant"].sum()),
        "outputs": {name: str(path) for name, path in outputs.items()},
    }
