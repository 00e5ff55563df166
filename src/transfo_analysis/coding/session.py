"""A coding session: the project's corpus, codebook, store and coder, opened once in a notebook.

>>> s = open_session("data")                         # doctest: +SKIP
>>> s.code(["D1-ab12"], "Attente et délais")         # doctest: +SKIP
>>> s.code_query("rendez-vous", "Prise de rendez-vous en ligne", dry_run=True)  # doctest: +SKIP
>>> s.suggest("rule"); s.accept(code="Accueil et relation", min_confidence=0.75)  # doctest: +SKIP

Each method is a thin call to the functions of :mod:`transfo_analysis.coding` with the session's
tables filled in, so anything done here can be done (and tested) with the functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from transfo_analysis.coding import api
from transfo_analysis.coding._codebook_io import load_codebook, save_codebook
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.coding.store import AnnotationStore, open_store
from transfo_analysis.config import Stage
from transfo_analysis.corpus import RESPONDENT_ROLES
from transfo_analysis.i18n import _


@dataclass
class CodingSession:
    """What coding needs, together. Build it with :func:`open_session`."""

    corpus: Any
    codebook: Codebook
    store: AnnotationStore
    coder: str
    project: Any = None
    stage: Stage = "processed"
    _tokens: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def segments(self) -> pd.DataFrame:
        return self.corpus.segments

    @property
    def tokens(self) -> pd.DataFrame:
        """The NLP tokens table (loaded on first use)."""
        if self._tokens is None:
            from transfo_analysis.nlp import load_tokens

            self._tokens = load_tokens(self.project, stage=self.stage)
        return self._tokens

    # -- coding -----------------------------------------------------------------------------
    def code(
        self,
        segment_ids: Any,
        code: str,
        *,
        start: int | None = None,
        end: int | None = None,
        memo: str | None = None,
    ) -> int:
        """Apply a code (see :func:`~transfo_analysis.coding.code_segments`)."""
        ids = [segment_ids] if isinstance(segment_ids, str) else segment_ids
        return api.code_segments(
            self.store,
            ids,
            code,
            coder=self.coder,
            codebook=self.codebook,
            segments=self.segments,
            start=start,
            end=end,
            memo=memo,
        )

    def uncode(self, segment_ids: Any, code: str) -> int:
        """Remove this coder's codings of a code on segments."""
        ids = [segment_ids] if isinstance(segment_ids, str) else segment_ids
        return api.uncode_segments(self.store, ids, code, coder=self.coder, codebook=self.codebook)

    def code_query(self, query: str, code: str, **options: Any) -> pd.DataFrame:
        """Code the segments matching a KWIC query (``dry_run=True`` to look first)."""
        if options.get("lemma"):
            options.setdefault("tokens", self.tokens)
        return api.code_query(
            self.store,
            self.segments,
            query,
            code=code,
            coder=self.coder,
            codebook=self.codebook,
            **options,
        )

    def memo(self, text: str, *, on: str = "project", target: str = "", title: str = "") -> int:
        """Write a memo on the project, a code, a segment, a document or a coding."""
        if on == "code":
            target = self.codebook.check([target])[0]
        elif on == "segment":
            api.check_segment_ids([target], self.segments)
        return self.store.add_memo(
            text, coder=self.coder, target_type=on, target=target, title=title
        )

    def accept(self, **filters: Any) -> int:
        """Accept suggestions (see :func:`~transfo_analysis.coding.accept_suggestions`)."""
        return api.accept_suggestions(self.store, reviewer=self.coder, **filters)

    def reject(self, **filters: Any) -> int:
        """Reject suggestions (see :func:`~transfo_analysis.coding.reject_suggestions`)."""
        return api.reject_suggestions(self.store, reviewer=self.coder, **filters)

    # -- reading ----------------------------------------------------------------------------
    def codings(self, **filters: Any) -> pd.DataFrame:
        return self.store.codings(**filters)

    def coded_segments(self, **options: Any) -> pd.DataFrame:
        return api.coded_segments(
            self.store.codings(), self.segments, speakers=self.corpus.speakers, **options
        )

    # -- suggestions ------------------------------------------------------------------------
    def suggest(self, method: str = "rule", *, store: bool = True, **options: Any) -> pd.DataFrame:
        """Compute suggestions (``"rule"`` or ``"semantic"``) and store them as "suggested"."""
        settings = self.project.settings if self.project is not None else None
        roles = (
            None
            if settings is not None and settings.coding.include_interviewer
            else RESPONDENT_ROLES
        )
        options.setdefault("roles", roles)
        if method == "rule":
            from transfo_analysis.coding.suggest import suggest_rules

            if settings is not None and "nlp" not in options:
                from transfo_analysis.nlp import load_pipeline

                options["nlp"] = load_pipeline(settings.nlp.model, tuple(settings.nlp.exclude))
            found = suggest_rules(self.segments, self.codebook, tokens=self.tokens, **options)
        elif method == "semantic":
            from transfo_analysis.coding.semantic import suggest_semantic

            if settings is not None:
                options.setdefault("threshold", settings.coding.semantic_threshold)
                options.setdefault("top_k", settings.coding.semantic_top_k)
                options.setdefault("cache_dir", self.project.embeddings_cache_dir)
                if "backend" not in options:
                    from transfo_analysis.topics.embeddings import get_backend

                    name = settings.coding.semantic_backend or settings.topics.embedding
                    options["backend"] = get_backend(
                        name, settings=settings.topics, seed=settings.seed
                    )
            found = suggest_semantic(self.segments, self.codebook, tokens=self.tokens, **options)
        else:
            raise ValueError(
                _("method must be « rule » or « semantic », not {value}").format(value=repr(method))
            )
        if store:
            from transfo_analysis.coding.suggest import store_suggestions

            store_suggestions(self.store, found, coder=self.coder)
        return found

    # -- codebook ---------------------------------------------------------------------------
    def reload_codebook(self) -> Codebook:
        self.codebook = load_codebook(self.project)
        return self.codebook

    def save_codebook(self, codebook: Codebook | None = None) -> None:
        if codebook is not None:
            self.codebook = codebook
        save_codebook(self.codebook, self.project.codebook_file)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> CodingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_session(
    project: Any, *, stage: Stage = "processed", coder: str | None = None
) -> CodingSession:
    """Open the corpus (pseudonymised by default), codebook and store of a project.

    Parameters
    ----------
    project
        A :class:`~transfo_analysis.config.Project` or a project directory.
    stage
        ``"processed"`` (pseudonymised; offsets of spans refer to this text) or ``"interim"``.
    coder
        Who codes (default: ``project.coder``: ``TRANSFO_CODER``, settings, login).
    """
    from transfo_analysis.config import open_project
    from transfo_analysis.corpus import load_corpus

    if not hasattr(project, "settings"):
        project = open_project(project)
    corpus = load_corpus(project, stage=stage)
    return CodingSession(
        corpus=corpus,
        codebook=load_codebook(project),
        store=open_store(project),
        coder=coder or project.coder,
        project=project,
        stage=stage,
    )
