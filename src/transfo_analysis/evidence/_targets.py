"""What evidence targets stand for in the project: check them, resolve them to segments.

A :class:`TargetIndex` reads the project's pseudonymised tables lazily (corpus, accepted codings,
topic assignments, Reinert segments, tokens, barometer indicators and gaps) or takes them as
frames (tests, notebooks). It answers three questions about a target: does it exist (else
:class:`UnknownTargetError` naming it), which segments stand behind it (for the strength), and
is a stored link still valid (else the link is *orphaned*, with the reason).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

import pandas as pd

from transfo_analysis.evidence._model import KIND_LABELS, Target, UnknownTargetError
from transfo_analysis.i18n import _, ngettext

_EMPTY = pd.Index([], dtype=object)


def excerpt_hash(text: str) -> str:
    """Short hash of a quoted passage: a later change of the text is seen, not ignored."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def run_id(table: pd.DataFrame | None, columns: list[str]) -> str:
    """Fingerprint of a model run (topics, Reinert classes) from its table of classes."""
    if table is None or table.empty:
        return ""
    rows = table[columns].astype(str).values.tolist()
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:12]


class TargetIndex:
    """The project's targets, loaded when first needed.

    Parameters
    ----------
    project
        A :class:`~transfo_analysis.config.Project` (``None`` with frames only).
    frames
        Tables given directly, by name: ``segments``, ``speakers``, ``codings`` (accepted),
        ``codes`` (codebook names), ``topics`` (assignments: segment_id, topic), ``topic_table``,
        ``reinert`` (segment_id, class), ``reinert_table``, ``tokens``, ``indicators``, ``gaps``.
    """

    def __init__(self, project: Any = None, **frames: Any) -> None:
        self.project = project
        self._frames = frames

    def _get(self, name: str, load) -> Any:  # noqa: ANN001
        if name not in self._frames:
            self._frames[name] = load() if self.project is not None else None
        return self._frames[name]

    # -- tables --------------------------------------------------------------------------
    @property
    def segments(self) -> pd.DataFrame:
        def load() -> pd.DataFrame:
            from transfo_analysis.corpus import load_corpus

            corpus = load_corpus(self.project)
            self._frames.setdefault("speakers", corpus.speakers)
            self._frames.setdefault("documents", corpus.documents)
            return corpus.segments

        segs = self._get("segments", load)
        return segs if segs is not None else pd.DataFrame(columns=["segment_id", "text"])

    @property
    def speakers(self) -> pd.DataFrame | None:
        _ = self.segments
        return self._frames.get("speakers")

    @functools.cached_property
    def _by_id(self) -> pd.DataFrame:
        return self.segments.drop_duplicates("segment_id").set_index("segment_id")

    def _processed(self, folder: str, name: str) -> pd.DataFrame | None:
        """A table of the project's pseudonymised artifacts (``None`` when not computed)."""
        p = self.project
        where = {
            "topics": lambda: p.topics_dir,
            "textometry": lambda: p.textometry_dir,
            "nlp": lambda: p.nlp_dir("processed"),
            "barometer": lambda: p.barometer_dir,
        }[folder]()
        path = where / name
        return pd.read_parquet(path) if path.exists() else None

    @property
    def codings(self) -> pd.DataFrame | None:
        def load() -> pd.DataFrame | None:
            from transfo_analysis.coding import open_store

            if not self.project.store_file.exists():
                return None
            with open_store(self.project, create=False) as store:
                return store.codings(status="accepted")

        return self._get("codings", load)

    @property
    def codes(self) -> set[str] | None:
        def load() -> set[str] | None:
            from transfo_analysis.coding import load_codebook

            if not self.project.codebook_file.exists():
                return None
            return set(load_codebook(self.project).names)

        return self._get("codes", load)

    @property
    def topics(self) -> pd.DataFrame | None:
        return self._get("topics", lambda: self._processed("topics", "assignments.parquet"))

    @property
    def topic_table(self) -> pd.DataFrame | None:
        return self._get("topic_table", lambda: self._processed("topics", "topics.parquet"))

    @property
    def reinert(self) -> pd.DataFrame | None:
        return self._get(
            "reinert", lambda: self._processed("textometry", "reinert_segments.parquet")
        )

    @property
    def reinert_table(self) -> pd.DataFrame | None:
        return self._get(
            "reinert_table", lambda: self._processed("textometry", "reinert_classes.parquet")
        )

    @property
    def tokens(self) -> pd.DataFrame | None:
        return self._get("tokens", lambda: self._processed("nlp", "tokens.parquet"))

    @property
    def indicators(self) -> pd.DataFrame | None:
        return self._get("indicators", lambda: self._processed("barometer", "indicators.parquet"))

    @property
    def gaps(self) -> pd.DataFrame | None:
        return self._get("gaps", lambda: self._processed("barometer", "gaps.parquet"))

    def run_of(self, kind: str) -> str:
        """Fingerprint of the current topic model or Reinert classification."""
        if kind == "topic":
            return run_id(self.topic_table, ["topic", "label", "size"])
        if kind == "reinert":
            return run_id(self.reinert_table, ["class", "label", "size"])
        return ""

    def segment(self, segment_id: str) -> pd.Series | None:
        """The segment's row (text, doc_id, speaker_id, role, territory…), ``None`` when gone."""
        return self._by_id.loc[segment_id] if segment_id in self._by_id.index else None

    # -- questions -----------------------------------------------------------------------
    def problem(self, target: Target, *, excerpt_sha: str = "") -> str:
        """Why a target does not (or no longer) stand for anything; ``""`` when it does."""
        kind, tid = target.kind, target.target
        if kind in ("segment", "idea"):
            if tid not in self._by_id.index:
                return _("segment {id} is no longer in the corpus").format(id=tid)
            text = str(self._by_id.at[tid, "text"])
            if target.start is not None and target.end is not None:
                if target.end > len(text):
                    return ngettext(
                        "excerpt [{start}:{end}] goes beyond the segment ({n} character)",
                        "excerpt [{start}:{end}] goes beyond the segment ({n} characters)",
                        len(text),
                    ).format(start=target.start, end=target.end, n=len(text))
                text = text[target.start : target.end]
            if excerpt_sha and excerpt_sha != excerpt_hash(text):
                return _("the quoted text has changed since the link was made")
            return ""
        if kind == "code":
            if self.codes is None:
                return _("the project has no codebook")
            if tid not in self.codes:
                return _("code « {code} » is not in the codebook").format(code=tid)
            return ""
        if kind in ("topic", "reinert"):
            table = self.topic_table if kind == "topic" else self.reinert_table
            col = "topic" if kind == "topic" else "class"
            if table is None:
                return _("no « {kind} » result in the project").format(kind=KIND_LABELS[kind])
            if tid not in set(table[col].astype(str)):
                return _("{kind} {id} is not in the latest computation").format(
                    kind=KIND_LABELS[kind], id=tid
                )
            if target.scope and target.scope != self.run_of(kind):
                return _("the computation ({kind}) was redone since the link was made").format(
                    kind=KIND_LABELS[kind]
                )
            return ""
        if kind == "word":
            if not len(self._segments_of_word(target)):
                return _("the word « {word} » does not occur in the sub-corpus « {scope} »").format(
                    word=tid, scope=target.scope or _("the whole corpus")
                )
            return ""
        if kind in ("indicator", "gap"):
            if self.figures(target):
                return ""
            return _("{kind} {id} not found").format(kind=KIND_LABELS[kind], id=tid)
        return _("unknown kind of target")

    def check(self, target: Target) -> None:
        """Refuse a target the project does not have.

        Raises
        ------
        UnknownTargetError
            Naming the target and why.
        """
        reason = self.problem(target)
        if reason:
            raise UnknownTargetError(
                _("unknown target {target}: {reason}").format(target=str(target), reason=reason),
                hint=_(
                    "check the identifier in the pseudonymised corpus, the codebook or the latest "
                    "computations"
                ),
            )

    def segment_ids(self, target: Target) -> pd.Index:
        """Segments behind a target (none for barometer figures)."""
        kind, tid = target.kind, target.target
        if kind in ("segment", "idea"):
            return pd.Index([tid]) if tid in self._by_id.index else _EMPTY
        if kind == "code":
            c = self.codings
            return _EMPTY if c is None else pd.Index(c.loc[c["code"] == tid, "segment_id"].unique())
        if kind in ("topic", "reinert"):
            table = self.topics if kind == "topic" else self.reinert
            col = "topic" if kind == "topic" else "class"
            if table is None:
                return _EMPTY
            return pd.Index(table.loc[table[col].astype(str) == tid, "segment_id"].unique())
        if kind == "word":
            return self._segments_of_word(target)
        return _EMPTY

    def _segments_of_word(self, target: Target) -> pd.Index:
        tokens = self.tokens
        if tokens is None:
            return _EMPTY
        word = target.target.lower()
        hits = tokens.loc[
            (tokens["lemma"].str.lower() == word) | (tokens["text"].str.lower() == word),
            "segment_id",
        ].unique()
        ids = pd.Index(hits)
        if target.scope:
            column, _, value = target.scope.partition("=")
            segs = self.segments
            if column not in segs:
                return _EMPTY
            ids = ids.intersection(segs.loc[segs[column].astype(str) == value, "segment_id"])
        return ids

    def figures(self, target: Target) -> dict[str, Any]:
        """The barometer figures an ``indicator`` or ``gap`` target cites (empty when absent)."""
        parts = target.target.split("/")
        if target.kind == "indicator" and len(parts) == 5 and self.indicators is not None:
            t = self.indicators
            keys = ["territory", "wave", "service", "dimension", "respondent_type"]
        elif target.kind == "gap" and len(parts) == 4 and self.gaps is not None:
            t = self.gaps
            keys = ["territory", "wave", "service", "dimension"]
        else:
            return {}
        mask = pd.Series(True, index=t.index)
        for key, value in zip(keys, parts, strict=True):
            mask &= t[key].astype(str) == value
        if not mask.any():
            return {}
        row = t[mask].iloc[0]
        cols = (
            ["n_respondents", "mean", "satisfied_rate", "suppressed"]
            if target.kind == "indicator"
            else ["n_users", "n_staff", "mean_users", "mean_staff", "gap", "suppressed"]
        )
        return {c: _plain(row[c]) for c in cols if c in row}


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    return value
