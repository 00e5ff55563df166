"""A project's interim tokens read from their file a batch at a time, never loaded whole.

Pseudonymising a project needs four things from the parse's tokens, none of which needs the whole
table in memory (23 M rows for a million answers):

1. what the detector learns from them and what the readiness check reads (form counts, the end
   of each segment's last token): one pass over the file, a batch at a time
   (:meth:`TokensFile.open`);
2. on a cluster, the tokens of each partition for its detection and replacement tasks: one file
   per partition, cut a batch at a time (:meth:`TokensFile.split`);
3. in one process, the offsets and parts of speech of every token for the detection
   (:meth:`TokensFile.read` of four columns);
4. the tokens of the pseudonymised texts, derived and written a batch at a time
   (:meth:`TokensFile.write_derived`): the rows, columns and types :func:`derive_tokens` gives
   on the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from transfo_analysis.anonymise._forms import TokenForms
from transfo_analysis.anonymise._readiness import segment_ends
from transfo_analysis.anonymise._tokens import derive_tokens
from transfo_analysis.nlp import iter_tokens
from transfo_analysis.scale import split_parquet

#: rows read at a time
BATCH_ROWS = 250_000
_SCAN_COLUMNS = ("segment_id", "end", "text", "is_alpha", "pos")


@dataclass
class TokensFile:
    """The interim tokens file of a project and what one pass over it found.

    Attributes
    ----------
    path
        The Parquet file (one row per token, in segment order, each segment's rows together).
    forms
        Its form counts (for :func:`~transfo_analysis.anonymise._build.build_detector`).
    ends
        Where the last token of each segment ends (for
        :func:`~transfo_analysis.anonymise._readiness.check_parse`).
    pos
        The parts of speech the table uses, sorted.
    batch_rows
        Rows read at a time.
    """

    path: Path
    forms: TokenForms
    ends: pd.Series
    pos: list[str]
    batch_rows: int = BATCH_ROWS

    @classmethod
    def open(cls, path: str | Path, *, batch_rows: int = BATCH_ROWS) -> TokensFile:
        """Read the file once, a batch at a time, for its form counts and segment ends.

        Parameters
        ----------
        path
            The interim tokens file.
        batch_rows
            Rows read at a time.

        Returns
        -------
        TokensFile
            The file and its counts.
        """
        import pyarrow.parquet as pq

        forms = TokenForms()
        ends: list[pd.Series] = []
        pos: set[str] = set()
        table = pq.ParquetFile(path)
        columns = [c for c in _SCAN_COLUMNS if c in table.schema_arrow.names]
        for batch in table.iter_batches(batch_size=batch_rows, columns=columns):
            frame = batch.to_pandas()
            forms.add(frame)
            ends.append(segment_ends(frame))
            if "pos" in frame:
                pos.update(frame["pos"].dropna().astype(str).unique().tolist())
        # a segment cut by a batch boundary appears in two batches: its larger end wins
        both = (
            pd.concat(ends).groupby(level=0, sort=False).max()
            if ends
            else segment_ends(pd.DataFrame())
        )
        return cls(Path(path), forms, both, sorted(pos), batch_rows)

    def read(self, columns: Sequence[str]) -> pd.DataFrame:
        """The given columns of the whole table (the offsets and tags of a detection)."""
        return pd.read_parquet(self.path, columns=list(columns))

    @contextmanager
    def split(self, partition_of: dict[str, int], *, n: int, folder: str | Path) -> Iterator[list]:
        """One file per partition, for the block (see :func:`transfo_analysis.scale.split_parquet`).

        Parameters
        ----------
        partition_of
            The partition of each segment id.
        n
            Number of partitions.
        folder
            A folder every worker sees, under which the parts are written (removed after).

        Yields
        ------
        list of Path
            The file of each partition.
        """
        with split_parquet(
            self.path,
            column="segment_id",
            partition_of=partition_of,
            n=n,
            folder=folder,
            batch_rows=self.batch_rows,
        ) as files:
            yield files

    def write_derived(
        self,
        target: str | Path,
        replacements: dict[str, list[tuple[int, int, str]]],
        *,
        rebuilt: list[pd.DataFrame] | None = None,
    ) -> int:
        """Write the tokens of the pseudonymised texts, derived a batch at a time.

        Each batch is given whole segments (a segment cut by the batch's end waits for the next
        batch) and goes through :func:`derive_tokens`; the parts of speech get one list of
        categories for the whole file (the table's, and ``PROPN`` when a pseudonym was written),
        sorted, as :func:`derive_tokens` gives on the whole table.

        Parameters
        ----------
        target
            The Parquet file to write.
        replacements
            Per segment, the ``(start, end, pseudonym)`` replacements in original offsets.
        rebuilt
            The tokens of the replaced segments, rebuilt on the workers (one frame per segment);
            rebuilt here when ``None``.

        Returns
        -------
        int
            Rows written.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        touched = {seg for seg, reps in replacements.items() if reps}
        by_segment = (
            {str(frame["segment_id"].iloc[0]): frame for frame in rebuilt if len(frame)}
            if rebuilt is not None
            else None
        )
        categories = pd.CategoricalDtype(sorted({*self.pos, *(["PROPN"] if touched else [])}))
        writer: pq.ParquetWriter | None = None
        written = 0

        def write(rows: pd.DataFrame) -> None:
            nonlocal writer, written
            here = [seg for seg in pd.unique(rows["segment_id"]).tolist() if seg in touched]
            out = derive_tokens(
                rows,
                {seg: replacements[seg] for seg in here},
                rebuilt=(
                    [by_segment[seg] for seg in here if seg in by_segment]
                    if by_segment is not None
                    else None
                ),
            )
            if "pos" in out:
                out["pos"] = out["pos"].astype(str).astype(categories)
            if writer is None:
                table = pa.Table.from_pandas(out, preserve_index=False)
                writer = pq.ParquetWriter(target, table.schema)
            else:
                table = pa.Table.from_pandas(out, schema=writer.schema, preserve_index=False)
            writer.write_table(table)
            written += len(out)

        try:
            for rows in iter_tokens(self.path, batch_rows=self.batch_rows):
                write(rows)  # whole segments; the empty table once when the file has no row
        finally:
            if writer is not None:
                writer.close()
            pa.default_memory_pool().release_unused()
        return written
