"""Codings as CSV (e.g. a human gold standard) and the precision and recall of suggestions.

A codings CSV has one row per (segment, code, coder): ``segment_id``, ``code``, ``coder`` and
optionally ``start``, ``end``, ``excerpt`` (a few words for human checking), ``memo``. A row with
an **empty code** says "this coder read this segment and no code applies": it is what lets
precision be measured (a suggestion on such a segment is a false positive) and what agreement
uses to tell "not coded" from "not read".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from transfo_analysis.coding._errors import MissingSegmentsError
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import record

_REQUIRED = ("segment_id", "code", "coder")


def read_codings_csv(
    path: str | Path, *, codebook: Codebook | None = None, segments: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read a codings CSV, checking columns, codes and segments.

    Parameters
    ----------
    path
        The CSV file (``segment_id``, ``code``, ``coder``; an empty code means "read, nothing
        applies").
    codebook
        When given, every code must be one of its codes.
    segments
        When given, every segment id must be in the corpus.

    Returns
    -------
    The codings, one row per line of the file.

    Raises
    ------
    InputError
        Missing columns, unknown codes or segment ids absent from the corpus, with line numbers.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(path, _("cannot read codings CSV ({exc})").format(exc=exc)) from None
    missing = [c for c in _REQUIRED if c not in df]
    if missing:
        raise InputError(
            path,
            _("missing column(s) {missing} (found {found})").format(
                missing=", ".join(missing), found=", ".join(df.columns)
            ),
            line=1,
            hint=_("a codings CSV needs segment_id, code and coder columns"),
        )
    for col in ("segment_id", "code", "coder"):
        df[col] = df[col].str.strip()
    if codebook is not None:
        coded = df["code"] != ""
        unknown = ~df["code"].isin(codebook.names) & coded
        if unknown.any():
            first = int(np.flatnonzero(unknown.to_numpy())[0])
            try:
                codebook.check(df.loc[unknown, "code"].unique())
            except Exception as exc:  # the message names the codes and suggestions
                raise InputError(path, str(exc), line=first + 2) from None
    if segments is not None:
        absent = ~df["segment_id"].isin(segments["segment_id"])
        if absent.any():
            first = int(np.flatnonzero(absent.to_numpy())[0])
            raise InputError(
                path,
                ngettext(
                    "{n} row points to segments absent from the corpus (first: {first})",
                    "{n} rows point to segments absent from the corpus (first: {first})",
                    int(absent.sum()),
                ).format(n=int(absent.sum()), first=repr(df["segment_id"].iloc[first])),
                line=first + 2,
                hint=_("re-run `transfo ingest` on the same sources, or remove those rows"),
            )
    for col in ("start", "end"):
        if col in df:
            df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("Int64")
    return df


def examined(codings: pd.DataFrame) -> pd.DataFrame:
    """(segment_id, coder) pairs each coder read: every row of a codings CSV, coded or not.

    Parameters
    ----------
    codings
        A codings CSV as read by :func:`read_codings_csv` (rows with an empty code included).

    Returns
    -------
    The distinct ``segment_id`` and ``coder`` pairs.
    """
    return codings[["segment_id", "coder"]].drop_duplicates().reset_index(drop=True)


def reference_coder(gold: pd.DataFrame) -> str:
    """The coder who read the most segments (the reference for precision and recall)."""
    return str(examined(gold)["coder"].value_counts().idxmax())


def _rollup(df: pd.DataFrame, codebook: Codebook | None) -> pd.DataFrame:
    if codebook is None:
        raise ValueError(_("rollup=True needs the codebook"))
    top = {n: ([n, *codebook.ancestors(n)])[-1] for n in codebook.names}
    return df.assign(code=df["code"].map(lambda c: top.get(c, c)))


def evaluate_suggestions(
    suggestions: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    coder: str | None = None,
    min_confidence: float | None = None,
    rollup: bool = False,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Precision, recall and F1 of suggestions against a human coding, per code and overall.

    Parameters
    ----------
    suggestions
        ``segment_id``, ``code`` (and ``confidence``): from :func:`suggest_rules`,
        :func:`suggest_semantic` or the store.
    gold
        The human coding (:func:`read_codings_csv`); only the segments the reference coder read
        are evaluated, and suggestions elsewhere are ignored.
    coder
        Reference coder (default: the one who read the most segments).
    min_confidence
        Ignore suggestions below this confidence.
    rollup
        Compare top-level codes only (a sub-code counts as its top-level parent).
    codebook
        Needed with ``rollup``.

    Returns
    -------
    One row per code (``tp``, ``fp``, ``fn``, ``support``, ``precision``, ``recall``, ``f1``)
    plus ``micro`` and ``macro`` rows; precision is NaN for a code never suggested.
    """
    coder = coder or reference_coder(gold)
    g = gold[gold["coder"] == coder]
    units = set(g["segment_id"])
    if not units:
        raise MissingSegmentsError(
            _("the gold coding has no segment read by {coder}").format(coder=repr(coder))
        )
    truth = g[g["code"] != ""][["segment_id", "code"]]
    pred = suggestions[suggestions["segment_id"].isin(units)]
    if min_confidence is not None and "confidence" in pred:
        pred = pred[pred["confidence"].fillna(0) >= min_confidence]
    pred = pred[["segment_id", "code"]]
    if rollup:
        truth, pred = _rollup(truth, codebook), _rollup(pred, codebook)
    truth, pred = truth.drop_duplicates(), pred.drop_duplicates()
    both = truth.merge(pred, on=["segment_id", "code"], how="outer", indicator=True)
    codes = sorted(
        set(both["code"]),
        key=lambda c: codebook.names.index(c) if codebook is not None and c in codebook else 10**6,
    )
    counts = pd.crosstab(both["code"], both["_merge"]).reindex(
        index=codes, columns=["both", "right_only", "left_only"], fill_value=0
    )
    out = pd.DataFrame(
        {"tp": counts["both"], "fp": counts["right_only"], "fn": counts["left_only"]}
    )
    out["support"] = out["tp"] + out["fn"]
    micro = out[["tp", "fp", "fn", "support"]].sum().to_frame("micro").T
    out = pd.concat([out, micro])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["precision"] = out["tp"] / (out["tp"] + out["fp"]).replace(0, np.nan)
        out["recall"] = out["tp"] / out["support"].replace(0, np.nan)
        out["f1"] = 2 * out["precision"] * out["recall"] / (out["precision"] + out["recall"])
    per_code = out.drop(index="micro")
    macro = per_code[["precision", "recall", "f1"]].mean().to_frame("macro").T
    out = pd.concat([out, macro])
    out.index.name = "code"
    out.attrs["provenance"] = record(
        "evaluate_suggestions",
        parameters={"coder": coder, "min_confidence": min_confidence, "rollup": rollup},
        n_units=len(units),
        n_gold=len(truth),
        n_suggested=len(pred),
    )
    return out


def threshold_sweep(
    suggestions: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    thresholds: Sequence[float],
    coder: str | None = None,
    rollup: bool = False,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Micro precision, recall and F1 at several confidence thresholds (a precision–recall curve).

    Parameters
    ----------
    suggestions
        ``segment_id``, ``code`` and ``confidence`` of the suggestions.
    gold
        The human coding (:func:`read_codings_csv`).
    thresholds
        The confidence thresholds tried.
    coder
        Reference coder (default: the one who read the most segments).
    rollup
        Compare top-level codes only.
    codebook
        Needed with ``rollup``.

    Returns
    -------
    One row per threshold: ``threshold``, ``n_suggested``, ``precision``, ``recall``, ``f1``.
    """
    rows = []
    for t in thresholds:
        ev = evaluate_suggestions(
            suggestions, gold, coder=coder, min_confidence=t, rollup=rollup, codebook=codebook
        )
        m = ev.loc["micro"]
        rows.append(
            {
                "threshold": t,
                "n_suggested": int(m["tp"] + m["fp"]),
                "precision": m["precision"],
                "recall": m["recall"],
                "f1": m["f1"],
            }
        )
    return pd.DataFrame(rows)
