"""CSV and XLSX export of coded segments (for spreadsheets, R, or a colleague without Python)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_analysis.coding.api import coded_segments
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import atomic_path

EXPORT_COLUMNS = [
    "segment_id",
    "doc_id",
    "territory",
    "service",
    "role",
    "speaker_id",
    "turn",
    "code",
    "code_path",
    "coder",
    "origin",
    "status",
    "confidence",
    "start",
    "end",
    "coded_text",
    "text",
    "created",
]


def coded_segments_table(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    status: str | None = "accepted",
) -> pd.DataFrame:
    """One row per coding with its segment's text and attributes, and the coded span's text."""
    out = coded_segments(codings, segments, status=status, on_missing="drop")
    if codebook is not None:
        out["code_path"] = out["code"].map(lambda c: codebook.path(c) if c in codebook else c)
    spans = (
        out[["start", "end"]].notna().all(axis=1)
        if {"start", "end"} <= set(out.columns)
        else pd.Series(False, index=out.index)
    )
    out["coded_text"] = [
        t[int(s) : int(e)] if ok else t
        for t, s, e, ok in zip(
            out["text"],
            out.get("start", pd.Series(index=out.index)),
            out.get("end", pd.Series(index=out.index)),
            spans,
            strict=True,
        )
    ]
    cols = [c for c in EXPORT_COLUMNS if c in out]
    return out[
        cols
        + [
            c
            for c in out.columns
            if c not in cols and c not in ("guid", "coding_id", "updated", "reviewed_by", "overlap")
        ]
    ]


def export_coded_segments(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    path: str | Path,
    *,
    codebook: Codebook | None = None,
    status: str | None = "accepted",
    pseudonymised: bool = True,
) -> Path:
    """Write coded segments to ``.csv`` (UTF-8 with BOM, for Excel) or ``.xlsx``.

    Parameters
    ----------
    codings
        Codings (accepted ones by default).
    segments
        The segments table; use the pseudonymised corpus for anything leaving the researcher.
    path
        Output file; its suffix chooses the format.
    codebook
        Adds each code's path in the hierarchy.
    status
        Status of the codings exported (``None``: all, suggestions included).
    pseudonymised
        Say whether ``segments`` is pseudonymised; an export of identifying text must set it to
        ``False`` explicitly and is written with a ``-IDENTIFIANT`` suffix so it is recognised.
    """
    path = Path(path)
    if not pseudonymised:
        path = path.with_name(f"{path.stem}-IDENTIFIANT{path.suffix}")
    table = coded_segments_table(codings, segments, codebook=codebook, status=status)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ConfigError(
            _("{path}: unknown export format {suffix}").format(path=path, suffix=repr(path.suffix)),
            hint=_("use .csv or .xlsx"),
        )
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            table.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
                table.to_excel(xl, sheet_name=_("coded segments"), index=False)
                if codebook is not None:
                    codebook.to_frame().to_excel(xl, sheet_name=_("codebook"), index=False)
    return path
