"""The :class:`Corpus`: documents, speakers and segments tables, saved as Parquet."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.corpus._schema import (
    DOCUMENT_COLUMNS,
    SCHEMA_VERSION,
    SEGMENT_COLUMNS,
    SPEAKER_COLUMNS,
    check_links,
    validate_table,
)
from transfo_analysis.errors import NotReadyError, SchemaError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import replaced_folder, write_json_atomic

_TABLES = ("documents", "speakers", "segments")
_META_FILE = "corpus.json"


def empty_table(columns: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the given column dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


@dataclass
class Corpus:
    """A corpus as three tidy tables.

    Attributes
    ----------
    documents
        One row per document: ``doc_id``, ``territory``, ``service``, ``method``, ``date``,
        ``interviewer``, ``title``, ``source_path``, ``format``, ``sha256``, counts, ``attributes``
        (JSON).
    speakers
        One row per speaker of a document: ``speaker_id``, ``doc_id``, ``label`` (as in the
        source), ``role``, ``person_id`` (links one person across documents), counts,
        ``attributes`` (JSON).
    segments
        One row per speaker turn, the unit of analysis: ``segment_id`` (stable across reruns),
        ``doc_id``, ``speaker_id``, ``role``, ``territory``, ``service``, ``turn`` (index in the
        document), ``start``/``end`` seconds when known, ``text``, ``n_words``, ``overlap``.
        Extra columns (e.g. ``question`` for survey answers) are kept.
    meta
        Schema version, whether the text is pseudonymised, provenance of the tables.
    """

    documents: pd.DataFrame = field(default_factory=lambda: empty_table(DOCUMENT_COLUMNS))
    speakers: pd.DataFrame = field(default_factory=lambda: empty_table(SPEAKER_COLUMNS))
    segments: pd.DataFrame = field(default_factory=lambda: empty_table(SEGMENT_COLUMNS))
    meta: dict[str, Any] = field(default_factory=dict)

    # -- checks ---------------------------------------------------------------------------
    def validate(self) -> Corpus:
        """Check columns, types, allowed values and links between tables; coerce dtypes.

        Returns
        -------
        The corpus itself, with coerced dtypes.

        Raises
        ------
        SchemaError
            Describing every problem found.
        """
        self.documents = validate_table("documents", self.documents)
        self.speakers = validate_table("speakers", self.speakers)
        self.segments = validate_table("segments", self.segments)
        check_links(self.documents, self.speakers, self.segments)
        return self

    # -- persistence ----------------------------------------------------------------------
    def save(self, directory: str | Path) -> Path:
        """Validate, then write the tables as Parquet and ``corpus.json``.

        The tables are first written to a sibling folder which then replaces the old one, so a
        crash midway leaves the previous corpus intact.
        """
        self.validate()
        directory = Path(directory)
        with replaced_folder(directory) as tmp:
            for name in _TABLES:
                getattr(self, name).to_parquet(tmp / f"{name}.parquet", index=False)
            write_json_atomic(tmp / _META_FILE, {**self.meta, "schema_version": SCHEMA_VERSION})
        return directory

    @classmethod
    def load(cls, directory: str | Path, *, validate: bool = True) -> Corpus:
        """Read a corpus written by :meth:`save`.

        Raises
        ------
        NotReadyError
            When the folder holds no corpus.
        SchemaError
            When it was written by an incompatible version.
        """
        directory = Path(directory)
        meta_path = directory / _META_FILE
        if not meta_path.exists():
            raise NotReadyError(
                _("no corpus in {directory}").format(directory=directory),
                hint=_(
                    "run `transfo run --project DIR` first, which runs every step, "
                    "or `transfo ingest SOURCE... --project DIR` then `transfo parse` and "
                    "`transfo pseudonymise` for the pseudonymised corpus"
                ),
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        version = meta.get("schema_version")
        if version != SCHEMA_VERSION:
            raise SchemaError(
                _(
                    "{directory}: corpus schema version {version}, this code reads version "
                    "{expected}"
                ).format(directory=directory, version=version, expected=SCHEMA_VERSION),
                hint=_("re-run `transfo ingest` to rebuild the corpus with this version"),
            )
        tables = {name: pd.read_parquet(directory / f"{name}.parquet") for name in _TABLES}
        corpus = cls(**tables, meta=meta)
        return corpus.validate() if validate else corpus

    # -- views ----------------------------------------------------------------------------
    @property
    def pseudonymised(self) -> bool:
        return bool(self.meta.get("pseudonymised", False))

    @property
    def territories(self) -> list[str]:
        return sorted(self.documents["territory"].dropna().unique().tolist())

    def subset(
        self,
        *,
        territory: str | list[str] | None = None,
        role: str | list[str] | None = None,
        doc_ids: list[str] | None = None,
        method: str | list[str] | None = None,
    ) -> Corpus:
        """A new corpus restricted to some territories, roles, documents or methods.

        Documents and speakers left without segments are dropped with them.
        """

        def _as_list(v: str | list[str]) -> list[str]:
            return [v] if isinstance(v, str) else list(v)

        docs = self.documents
        if territory is not None:
            docs = docs[docs["territory"].isin(_as_list(territory))]
        if method is not None:
            docs = docs[docs["method"].isin(_as_list(method))]
        if doc_ids is not None:
            docs = docs[docs["doc_id"].isin(doc_ids)]
        segs = self.segments[self.segments["doc_id"].isin(docs["doc_id"])]
        spks = self.speakers[self.speakers["doc_id"].isin(docs["doc_id"])]
        if role is not None:
            segs = segs[segs["role"].isin(_as_list(role))]
            spks = spks[spks["speaker_id"].isin(segs["speaker_id"])]
            docs = docs[docs["doc_id"].isin(segs["doc_id"])]
        return Corpus(
            documents=docs.reset_index(drop=True),
            speakers=spks.reset_index(drop=True),
            segments=segs.reset_index(drop=True),
            meta={**self.meta, "subset": {"territory": territory, "role": role, "method": method}},
        )

    def respondent_segments(self) -> pd.DataFrame:
        """Segments of everyone but the interviewer."""
        return self.segments[self.segments["role"] != "enqueteur"]

    def summary(self) -> pd.DataFrame:
        """Documents, speakers, segments and words per territory (one row each, plus a total)."""
        seg = self.segments
        spk = self.speakers
        by = (
            self.documents.groupby("territory", dropna=False)
            .agg(documents=("doc_id", "size"))
            .join(
                seg.groupby("territory").agg(
                    segments=("segment_id", "size"), words=("n_words", "sum")
                )
            )
        )
        roles = (
            spk.merge(self.documents[["doc_id", "territory"]], on="doc_id")
            .groupby(["territory", "role"])["person_id"]
            .nunique()
            .unstack(fill_value=0)
        )
        by = by.join(roles).fillna(0)
        total = by.sum(numeric_only=True).to_frame("Total").T
        out = pd.concat([by, total])
        out.index.name = "territory"
        return out.astype("int64")
