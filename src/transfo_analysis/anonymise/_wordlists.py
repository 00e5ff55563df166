"""Words without their sentences (lemmas, terms), judged where they come from.

A frequency table, the terms of a topic or the lemmas of a tokens table list words without the
sentences they were read in (:class:`~transfo_analysis.anonymise._extract.WordList`): the context
rules of the leak checker have nothing to read there. Those words come from the texts of the
processed corpus, where the checker judges each occurrence in its sentence by the pipeline's own
rules. So an original of the key in a word list is a leak exactly when the checker finds it
left in the processed segments: ``michel`` from ``Saint-Michel``, ``cler`` that the lemmatiser made
of ``clé`` or ``ivryen`` of ``Ivryens`` are no leak (the segments hold no such name left in clear),
while the lemma of a name left where it should have been replaced is one, in the segments and in
every table of its lemmas. Without processed segments to read, every such word counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from transfo_analysis.anonymise._extract import CELL_BREAK


class CorpusVerdicts:
    """The originals the checker finds in the processed segments, read once when first needed.

    Parameters
    ----------
    segments_file
        The processed segments table (``processed/corpus/segments.parquet``).
    find
        The checker's search of one text (occurrences per original, context rules applied).
    """

    def __init__(self, segments_file: Path, find: Callable[[str], Counter]) -> None:
        self.segments_file = segments_file
        self._find = find
        self._leaking: set[str] | None = None
        self._read = False

    def leaking(self) -> set[str] | None:
        """Originals left in the processed segments (``None`` when they cannot be read)."""
        if not self._read:
            self._read = True
            try:
                import pyarrow.parquet as pq

                texts = pq.read_table(self.segments_file, columns=["text"]).column("text")
                text = CELL_BREAK.join(str(t) for t in texts.to_pylist() if t)
            except (OSError, KeyError, ValueError):
                return None
            self._leaking = set(self._find(text))
        return self._leaking

    def judge(self, found: Counter) -> Counter:
        """Keep, of what a word list holds, the originals left in the processed segments.

        Parameters
        ----------
        found
            Occurrences per original in a word list.

        Returns
        -------
        The occurrences that are leaks (all of them when the segments cannot be read).
        """
        if not found:
            return found
        leaking = self.leaking()
        if leaking is None:
            return found
        return Counter({k: n for k, n in found.items() if k in leaking})
