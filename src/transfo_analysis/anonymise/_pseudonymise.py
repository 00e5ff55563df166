"""Pseudonymise a project: interim corpus and parse in, processed corpus, tokens, key and audit out."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._apply import apply_all, field_text_fn, sanitise
from transfo_analysis.anonymise._audit import audit_frame, write_audit
from transfo_analysis.anonymise._capitals import CapitalStats, lowercase_style
from transfo_analysis.anonymise._detect import Detector, is_weak_detector, ner_votes, run_detection
from transfo_analysis.anonymise._key import passphrase, read_key, write_key
from transfo_analysis.anonymise._lexicon import french_words
from transfo_analysis.anonymise._names import Lexicon
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._readiness import check_parse, project_allow_words
from transfo_analysis.anonymise._tokens import derive_tokens
from transfo_analysis.config import Project, PseudonymisationSettings
from transfo_analysis.corpus import Corpus, load_corpus, save_corpus
from transfo_analysis.errors import NotReadyError
from transfo_analysis.nlp import load_entities, load_tokens, nlp_dir, stop_words
from transfo_analysis.provenance import atomic_path, record, write_json_atomic

REPORT_FILE = "pseudonymisation.json"


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """A few French lines for the terminal."""
        types = (
            ", ".join(f"{k} {v}" for k, v in sorted(self.by_type.items(), key=lambda kv: -kv[1]))
            or "aucun"
        )
        return "\n".join(
            [
                f"{self.replacements} remplacements dans {self.segments_touched} tours de parole "
                f"({self.documents_touched}/{self.n_documents} documents) ; par type : {types}",
                f"pseudonymes créés : {self.pseudonyms_created}, réutilisés : {self.pseudonyms_reused} ; "
                f"clé : {self.key_file}{' (chiffrée)' if self.key_encrypted else ''}",
                f"{self.n_words} mots en {self.timings.get('total', 0):.1f} s ({self.words_per_second:,.0f} mots/s)",
                *[f"attention : {w}" for w in self.warnings],
            ]
        )


def pseudonymise_project(project: Project, *, show_progress: bool = True) -> PseudonymisationReport:
    """Pseudonymise the project's corpus (see ``docs/pseudonymisation.md``).

    Parameters
    ----------
    project
        The project: reads ``interim/corpus`` and ``interim/nlp/{tokens,entities}.parquet``.
    show_progress
        Show progress bars.

    Returns
    -------
    The report, also written to ``processed/pseudonymisation.json``.

    Raises
    ------
    NotReadyError
        When the corpus or its parse is missing or older than the corpus (run ``transfo parse``).
    TransfoError
        When the key cannot be read (passphrase, corruption): nothing is written then.
    """
    t0 = time.perf_counter()
    settings = project.settings.pseudonymisation
    corpus = load_corpus(project, stage="interim")
    try:
        tokens = load_tokens(project, stage="interim")
        entities = load_entities(project, stage="interim")
    except NotReadyError:
        raise NotReadyError(
            f"the corpus of {project.root} has not been parsed: pseudonymisation reuses the NER of the parse",
            hint=f"run `transfo parse --project {project.root}` first",
        ) from None
    check_parse(corpus, tokens, project)
    key = read_key(project)  # fails early, before anything is written
    timings = {"load": time.perf_counter() - t0}

    t1 = time.perf_counter()
    detector = Detector(
        settings,
        AllowList(project_allow_words(project, corpus), places=settings.builtin_places),
        Lexicon(tokens),
        key,
        stop_words=frozenset(stop_words()),
        protect_fictional=bool(corpus.meta.get("pseudonymised")),
        words=french_words(project.settings.nlp.model),
    )
    detector.ner_votes = ner_votes(entities)
    detector.sentence_capitals = not lowercase_style(corpus.segments["text"])
    if settings.capitals in (True, "auto"):
        detector.capitals = CapitalStats(tokens)
    result = run_detection(
        corpus, detector, tokens=tokens, entities=entities, show_progress=show_progress
    )
    timings["detect"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    processed, audit_rows, replacements = apply_all(corpus, result, key, style=settings.style)
    dropped = key.drop_unused(result.used, weak=is_weak_detector) if settings.prune_key else []
    timings["apply"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    new_tokens = derive_tokens(tokens, replacements)
    timings["tokens"] = time.perf_counter() - t3

    # the ingest record names source files and manifest speakers: it goes through the detectors too
    clean = sanitise(dict(corpus.meta), field_text_fn(result, key, settings.style))
    processed.meta = {
        "pseudonymised": True,
        "territory_labels": clean.get("territory_labels", {}),
        "provenance": {
            "ingest": {k: v for k, v in clean.items() if k != "pseudonymised"},
            "pseudonymise": record(
                "pseudonymise",
                parameters=settings.model_dump(),
                stats={"replacements": len(audit_rows)},
            ),
        },
    }
    t4 = time.perf_counter()
    report = _report(corpus, audit_rows, key, settings, used=result.used)
    if dropped:
        report.warnings.append(
            f"{len(dropped)} entités devinées lors d'un passage précédent et remplacées nulle part retirées de la clé (prune_key)"
        )
    key_file = write_key(project, key)
    report.key_file = (
        str(key_file.relative_to(project.root))
        if key_file.is_relative_to(project.root)
        else str(key_file)
    )
    report.key_encrypted = passphrase(project) is not None
    save_corpus(processed, project, stage="processed")
    out = nlp_dir(project, "processed")
    out.mkdir(parents=True, exist_ok=True)
    with atomic_path(out / "tokens.parquet") as tmp:
        new_tokens.to_parquet(tmp, index=False)
    write_audit(project, audit_frame(audit_rows))
    timings["write"] = time.perf_counter() - t4
    timings["total"] = time.perf_counter() - t0
    report.timings = {k: round(v, 3) for k, v in timings.items()}
    work = timings["detect"] + timings["apply"] + timings["tokens"]
    report.words_per_second = round(report.n_words / work, 1) if work > 0 else 0.0
    write_json_atomic(
        project.pseudonymisation_report_file,
        {**report.to_dict(), "provenance": processed.meta["provenance"]["pseudonymise"]},
    )
    return report


def _report(
    corpus: Corpus,
    audit: list[dict],
    key: PseudonymKey,
    settings: PseudonymisationSettings,
    *,
    used: set[str],
) -> PseudonymisationReport:
    frame = pd.DataFrame(audit)
    seg_rows = frame[frame["table"] == "segments"] if len(frame) else frame
    warnings = []
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
