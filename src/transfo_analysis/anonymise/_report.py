"""What a pseudonymisation run did: the report written to ``processed/pseudonymisation.json``."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.config import PseudonymisationSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.i18n import _, ngettext


@dataclass
class PseudonymisationReport:
    """What a pseudonymisation run did (written to ``processed/pseudonymisation.json``)."""

    n_documents: int = 0
    n_segments: int = 0
    n_words: int = 0
    documents_touched: int = 0
    segments_touched: int = 0
    replacements: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_detector: dict[str, int] = field(default_factory=dict)
    fields_replaced: dict[str, int] = field(default_factory=dict)
    pseudonyms_created: int = 0
    pseudonyms_reused: int = 0
    entities_in_key: int = 0
    style: str = "tags"
    key_file: str = ""
    key_encrypted: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    words_per_second: float = 0.0
    warnings: list[str] = field(default_factory=list)
    #: some documents capitalise sentences: the leak checker then reads capitals as the pipeline
    #: did (see :func:`~transfo_analysis.anonymise._lexicon.left_in_clear`)
    sentence_capitals: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """A few French lines for the terminal."""
        types = ", ".join(
            f"{k} {v}" for k, v in sorted(self.by_type.items(), key=lambda kv: -kv[1])
        ) or _("none")
        return "\n".join(
            [
                _(
                    "{replacements} in {turns} ({documents}/{n_documents} documents); "
                    "by type: {types}"
                ).format(
                    replacements=ngettext(
                        "{n} replacement", "{n} replacements", self.replacements
                    ).format(n=self.replacements),
                    turns=ngettext("{n} turn", "{n} turns", self.segments_touched).format(
                        n=self.segments_touched
                    ),
                    documents=self.documents_touched,
                    n_documents=self.n_documents,
                    types=types,
                ),
                _("pseudonyms created: {created}, reused: {reused}; key: {key}{encrypted}").format(
                    created=self.pseudonyms_created,
                    reused=self.pseudonyms_reused,
                    key=self.key_file,
                    encrypted=_(" (encrypted)") if self.key_encrypted else "",
                ),
                _("{words} words in {seconds} s ({rate} words/s)").format(
                    words=self.n_words,
                    seconds=f"{self.timings.get('total', 0):.1f}",
                    rate=f"{self.words_per_second:,.0f}",
                ),
                *[_("warning: {text}").format(text=w) for w in self.warnings],
            ]
        )


def make_report(
    corpus: Corpus,
    audit: list[dict],
    key: PseudonymKey,
    *,
    settings: PseudonymisationSettings,
    used: set[str],
) -> PseudonymisationReport:
    """The report of a run from its audit rows and key (timings and key file are set later)."""
    frame = pd.DataFrame(audit)
    seg_rows = frame[frame["table"] == "segments"] if len(frame) else frame
    warnings: list[str] = []
    report = PseudonymisationReport(
        n_documents=len(corpus.documents),
        n_segments=len(corpus.segments),
        n_words=int(corpus.segments["n_words"].sum()) if "n_words" in corpus.segments else 0,
        documents_touched=int(frame["doc_id"].nunique()) if len(frame) else 0,
        segments_touched=int(seg_rows["segment_id"].nunique()) if len(seg_rows) else 0,
        replacements=len(audit),
        by_type=dict(Counter(r["entity_type"] for r in audit)),
        by_detector=dict(Counter(r["detector"] for r in audit)),
        fields_replaced=dict(
            Counter(f"{r['table']}.{r['column']}" for r in audit if r["table"] != "segments")
        ),
        pseudonyms_created=len(key.new_entities),
        pseudonyms_reused=len(used - key.new_entities),
        entities_in_key=len(key.entities),
        style=settings.style,
        warnings=warnings,
    )
    return report
