"""The audit log: one row per replacement, readable without the key (never the original text)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_analysis.config import Project
from transfo_analysis.provenance import atomic_path

AUDIT_COLUMNS = {
    "run": "str",
    "table": "str",
    "column": "str",
    "row_id": "str",
    "doc_id": "str",
    "segment_id": "str",
    "start": "int64",
    "end": "int64",
    "new_start": "int64",
    "new_end": "int64",
    "detector": "str",
    "entity_type": "str",
    "pseudonym": "str",
    "new_entity": "bool",
}


def audit_frame(rows: list[dict]) -> pd.DataFrame:
    """The audit table with its column types (empty rows give an empty table)."""
    frame = pd.DataFrame.from_records(rows, columns=list(AUDIT_COLUMNS))
    for col, dtype in AUDIT_COLUMNS.items():
        frame[col] = frame[col].astype(dtype) if dtype != "str" else frame[col].astype("string")
    return frame


def audit_path(project: Project) -> Path:
    return project.audit_file


def write_audit(project: Project, frame: pd.DataFrame) -> Path:
    """Write ``audit/pseudonymisation.parquet`` and its CSV export atomically."""
    path = audit_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, write in (
        (path, lambda p: frame.to_parquet(p, index=False)),
        (path.with_suffix(".csv"), lambda p: frame.to_csv(p, index=False)),
    ):
        with atomic_path(target) as tmp:
            write(tmp)
    return path


def load_audit(project: Project) -> pd.DataFrame:
    """The audit log of the last run.

    Parameters
    ----------
    project
        The project whose ``audit/`` folder holds the log of the last pseudonymisation.

    Returns
    -------
    One row per replacement (table, column, row id, offsets, detector, type, pseudonym), never
    the original text.
    """
    return pd.read_parquet(audit_path(project))
