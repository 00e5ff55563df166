"""All barometer tables at once, as the settings ask, and their Parquet artifacts in a project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.barometer._gap import perception_gap
from transfo_analysis.barometer._importance import importance_performance
from transfo_analysis.barometer._indicators import distribution, indicators
from transfo_analysis.barometer._trends import trends
from transfo_analysis.config import Project, Settings
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

#: artifact name → file under ``<project>/processed/barometer/``
TABLES = ("indicators", "distribution", "gaps", "trends", "importance_performance")


def compute_tables(
    responses: pd.DataFrame, *, settings: Settings | None = None
) -> dict[str, pd.DataFrame]:
    """Every stakeholder table of the barometer, k-suppressed, with the project's settings.

    Parameters
    ----------
    responses
        Tidy responses from :func:`import_surveys`.
    settings
        Project settings (``barometer`` section,
        ``disclosure.k``, ``seed``); defaults when ``None``.

    Returns
    -------
    ``indicators``, ``distribution``, ``gaps``, ``trends`` and ``importance_performance``
    (the last is empty when no importance was asked).
    """
    settings = settings or Settings()
    cfg, k = settings.barometer, settings.disclosure.k
    weights = None if cfg.weights == "auto" else bool(cfg.weights)
    common: dict[str, Any] = {"weights": weights, "k": k}
    tables = {
        "indicators": indicators(
            responses,
            confidence=cfg.confidence,
            interval=cfg.interval,
            n_boot=cfg.n_boot,
            seed=settings.seed,
            **common,
        ),
        "distribution": distribution(responses, **common),
        "gaps": perception_gap(
            responses, users=cfg.users, staff=cfg.staff, confidence=cfg.confidence, **common
        ),
        "trends": trends(
            responses, reference=cfg.trend_reference, confidence=cfg.confidence, **common
        ),
        "importance_performance": importance_performance(
            responses, respondent_types=(cfg.users,), centre=cfg.importance_centre, **common
        ),
    }
    return tables


def barometer_dir(project: Project) -> Path:
    """``<project>/processed/barometer``: the published (k-suppressed) tables.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    The folder of the published barometer tables.
    """
    return project.barometer_dir


def load_tables(project: Project) -> dict[str, pd.DataFrame]:
    """Read the barometer artifacts of a project (what notebooks and dashboards show).

    Parameters
    ----------
    project
        The project where ``transfo barometer`` was run.

    Returns
    -------
    The tables by name (indicators, distributions, gaps, importance–performance…).

    Raises
    ------
    NotReadyError
        When ``transfo barometer`` has not been run in this project.
    """
    folder = barometer_dir(project)
    if not (folder / "provenance.json").exists():
        raise NotReadyError(
            _("no barometer table in {folder}").format(folder=folder),
            hint=_(
                "run `transfo barometer SURVEY.csv --project DIR` first (or `transfo run` when the "
                "files are listed under barometer.files in project.yaml)"
            ),
        )
    return {
        name: pd.read_parquet(folder / f"{name}.parquet")
        for name in TABLES
        if (folder / f"{name}.parquet").exists()
    }


def run_record(responses: pd.DataFrame, settings: Settings) -> dict[str, Any]:
    """Provenance of a whole run: inputs, settings, k."""
    imported = responses.attrs.get("provenance", {})
    return record(
        "barometer",
        parameters={
            "barometer": settings.barometer.model_dump(mode="json", by_alias=True),
            "k": settings.disclosure.k,
            "seed": settings.seed,
        },
        inputs=imported.get("inputs", []),
    )
