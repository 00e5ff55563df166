"""Checks before pseudonymising: a parse that
matches the corpus, and the project's allowed words.
"""

from __future__ import annotations

import pandas as pd

from transfo_analysis.config import Project
from transfo_analysis.corpus import Corpus, in_ids
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.nlp import analysis_text


def segment_ends(tokens: pd.DataFrame) -> pd.Series:
    """Where the last token of each parsed segment ends (``segment_id`` → character offset)."""
    if not len(tokens):
        return pd.Series([], dtype="int64", index=pd.Index([], dtype="str", name="segment_id"))
    return tokens.groupby("segment_id", sort=False)["end"].max()


def check_parse(corpus: Corpus, ends: pd.Series, project: Project) -> None:
    """Refuse a parse older than the corpus (its offsets would point at other words).

    Parameters
    ----------
    corpus
        The corpus as read.
    ends
        Where the last token of each parsed segment ends (:func:`segment_ends`, or
        :func:`~transfo_analysis.anonymise._token_file.scan_tokens` on the project's file).
    project
        The project (named in the hint).

    Raises
    ------
    NotReadyError
        When segments with words have no tokens, tokens belong to unknown segments, or token
        offsets fall outside their segment's text.
    """
    segs = corpus.segments
    hint = _(
        "run `transfo parse --project {project}` again: the corpus changed since it was parsed"
    ).format(project=project.root)
    tok_ids = pd.Index(ends.index)
    unknown = tok_ids.difference(pd.Index(segs["segment_id"]))
    if len(unknown):
        raise NotReadyError(
            ngettext(
                "the parse holds {n} segment that is not in the corpus",
                "the parse holds {n} segments that are not in the corpus",
                len(unknown),
            ).format(n=len(unknown)),
            hint=hint,
        )
    missing = segs[~in_ids(segs["segment_id"], tok_ids)]
    wordy = [t for t in missing["text"].astype(str) if any(c.isalnum() for c in analysis_text(t))]
    if wordy:
        raise NotReadyError(
            ngettext(
                "{n} segment of the corpus has not been parsed",
                "{n} segments of the corpus have not been parsed",
                len(wordy),
            ).format(n=len(wordy)),
            hint=hint,
        )
    if len(ends):
        lengths = segs.set_index("segment_id")["text"].astype(str).str.len()
        if (ends > lengths.reindex(ends.index)).any():
            raise NotReadyError(_("token offsets fall outside the segments' texts"), hint=hint)


def project_allow_words(project: Project, corpus: Corpus | None) -> list[str]:
    """Words the project allows: settings ``allow``, territory slugs and names, services, and the
    names of the readers of its sources (``eslo``, ``textgrid``: a corpus, not a person).
    """
    words = list(project.settings.pseudonymisation.allow)
    for slug, label in project.settings.territories.items():
        words += [slug, label]
    manifest = project.manifest_file
    if manifest is not None:
        try:
            from transfo_analysis.corpus import Manifest

            for slug, label in Manifest.load(manifest).territories.items():
                words += [slug, label]
        except Exception:  # a broken manifest is reported by ingest, not here
            pass
    for col in ("territory", "service", "format"):
        if corpus is not None and col in corpus.documents:
            words += [str(v) for v in corpus.documents[col].dropna().unique()]
    return words
