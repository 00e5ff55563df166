"""The three corpus tables, their columns and their checks (pandera)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from transfo_analysis.errors import SchemaError
from transfo_analysis.i18n import _, ngettext

#: bumped whenever a column is added, removed or changes meaning; older corpora are migrated
#: on load (see :func:`transfo_analysis.corpus.Corpus.load`).
SCHEMA_VERSION = 1

#: ``consultation``: a participation platform's export (proposals, comments, debates)
METHODS = ("entretien", "atelier", "questionnaire", "observation", "consultation")
ROLES = ("usager", "agent", "encadrant", "elu", "enqueteur", "autre")
#: roles of people interviewed (everyone but the interviewer)
RESPONDENT_ROLES = ("usager", "agent", "encadrant", "elu", "autre")

DOCUMENT_COLUMNS = {
    "doc_id": "str",
    "territory": "str",
    "service": "str",
    "method": "str",
    "date": "datetime64[ns]",
    "interviewer": "str",
    "title": "str",
    "source_path": "str",
    "format": "str",
    "sha256": "str",
    "n_speakers": "int64",
    "n_segments": "int64",
    "n_words": "int64",
    "attributes": "str",
}
SPEAKER_COLUMNS = {
    "speaker_id": "str",
    "doc_id": "str",
    "label": "str",
    "role": "str",
    "person_id": "str",
    "n_segments": "int64",
    "n_words": "int64",
    "attributes": "str",
}
SEGMENT_COLUMNS = {
    "segment_id": "str",
    "doc_id": "str",
    "speaker_id": "str",
    "role": "str",
    "territory": "str",
    "service": "str",
    "turn": "int64",
    "start": "float64",
    "end": "float64",
    "text": "str",
    "n_words": "int64",
    "overlap": "bool",
}


def _str(nullable: bool = False, **kw) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=True, **kw)


_DOCUMENTS = pa.DataFrameSchema(
    {
        "doc_id": _str(unique=True),
        "territory": _str(),
        "service": _str(nullable=True),
        "method": _str(checks=pa.Check.isin(METHODS)),
        "date": pa.Column("datetime64[ns]", nullable=True, coerce=True),
        "interviewer": _str(nullable=True),
        "title": _str(),
        "source_path": _str(),
        "format": _str(),
        "sha256": _str(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "n_speakers": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "n_segments": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "n_words": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "attributes": _str(),
    },
    strict=False,
    name="documents",
)
_SPEAKERS = pa.DataFrameSchema(
    {
        "speaker_id": _str(unique=True),
        "doc_id": _str(),
        "label": _str(),
        "role": _str(checks=pa.Check.isin(ROLES)),
        "person_id": _str(),
        "n_segments": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "n_words": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "attributes": _str(),
    },
    strict=False,
    name="speakers",
)
_SEGMENTS = pa.DataFrameSchema(
    {
        "segment_id": _str(unique=True),
        "doc_id": _str(),
        "speaker_id": _str(),
        "role": _str(checks=pa.Check.isin(ROLES)),
        "territory": _str(),
        "service": _str(nullable=True),
        "turn": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "start": pa.Column("float64", nullable=True, coerce=True),
        "end": pa.Column("float64", nullable=True, coerce=True),
        "text": _str(),
        "n_words": pa.Column("int64", pa.Check.ge(0), coerce=True),
        "overlap": pa.Column(bool, coerce=True),
    },
    strict=False,
    name="segments",
)
SCHEMAS = {"documents": _DOCUMENTS, "speakers": _SPEAKERS, "segments": _SEGMENTS}


def validate_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate and coerce one table; all problems are reported at once.

    Raises
    ------
    SchemaError
        Listing each failing column, check and a few offending values.
    """
    try:
        return SCHEMAS[name].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
            sample = ", ".join(repr(v) for v in group["failure_case"].head(3).tolist())
            lines.append(
                ngettext(
                    "column {column} fails {check} ({n} row, e.g. {sample})",
                    "column {column} fails {check} ({n} rows, e.g. {sample})",
                    len(group),
                ).format(column=repr(column), check=check, n=len(group), sample=sample)
            )
        raise SchemaError(
            _("{name} table is invalid: {problems}").format(name=name, problems="; ".join(lines)),
            hint=_(
                "re-run `transfo ingest` to rebuild the corpus, or fix the code that built this "
                "table"
            ),
        ) from None


def check_links(documents: pd.DataFrame, speakers: pd.DataFrame, segments: pd.DataFrame) -> None:
    """Check references between tables (every segment's document and speaker exist…).

    Raises
    ------
    SchemaError
        Naming the dangling identifiers.
    """
    problems = []
    doc_ids = set(documents["doc_id"])
    spk_ids = set(speakers["speaker_id"])
    for table, df, col, known in (
        ("speakers", speakers, "doc_id", doc_ids),
        ("segments", segments, "doc_id", doc_ids),
        ("segments", segments, "speaker_id", spk_ids),
    ):
        missing = sorted(set(df[col]) - known)
        if missing:
            problems.append(
                ngettext(
                    "{column} has {n} unknown id (e.g. {sample})",
                    "{column} has {n} unknown ids (e.g. {sample})",
                    len(missing),
                ).format(column=f"{table}.{col}", n=len(missing), sample=missing[:3])
            )
    if len(segments):
        spk_doc = speakers.set_index("speaker_id")["doc_id"]
        seg_doc = segments["speaker_id"].map(spk_doc)
        wrong = segments.loc[seg_doc.notna() & (seg_doc != segments["doc_id"]), "segment_id"]
        if len(wrong):
            problems.append(
                ngettext(
                    "{n} segment has a speaker of another document (e.g. {sample})",
                    "{n} segments have a speaker of another document (e.g. {sample})",
                    len(wrong),
                ).format(n=len(wrong), sample=wrong.iloc[0])
            )
    if problems:
        raise SchemaError(
            _("corpus tables are inconsistent: {problems}").format(problems="; ".join(problems))
        )
