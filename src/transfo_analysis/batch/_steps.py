"""Project-level wrappers the batch calls for steps whose module API takes more than a project."""

from __future__ import annotations

from transfo_analysis.config import Project
from transfo_analysis.corpus import LoadReport, Manifest, ingest, save_corpus
from transfo_analysis.errors import InputError
from transfo_analysis.provenance import write_json_atomic


def ingest_project(project: Project, *, show_progress: bool = True) -> LoadReport:
    """Ingest the project's sources with its manifest into ``interim/corpus``.

    The load report is written to ``interim/load-report.json``. Nothing is replaced when no
    document could be loaded.

    Raises
    ------
    InputError
        When no document could be loaded (the report is still written).
    """
    manifest = Manifest.load(project.manifest_file) if project.manifest_file else None
    sources = [project.path(s) for s in project.settings.sources]
    corpus, report = ingest(
        sources,
        manifest=manifest,
        project_root=project.root,
        follow_links=project.settings.ingest.follow_links,
        show_progress=show_progress,
    )
    write_json_atomic(project.interim_dir / "load-report.json", report.to_dict())
    if not report.ok:
        raise InputError(
            ", ".join(str(s) for s in sources),
            "aucun document n'a pu être chargé",
            hint=(
                f"déposez les entretiens ou réponses ouvertes dans {project.raw_dir} (ou listez-les "
                "sous `sources:` dans project.yaml) ; la raison pour chaque fichier est dans "
                f"{project.interim_dir / 'load-report.json'}"
            ),
        )
    save_corpus(corpus, project, stage="interim")
    return report


def barometer_project(project: Project, *, show_progress: bool = True) -> dict:
    """Import the project's survey files and write the barometer tables (``processed/barometer``).

    Raises
    ------
    SurveyError
        Listing every invalid cell (file, row, column); nothing is written then.
    """
    from transfo_analysis.barometer import (
        barometer_dir,
        compute_tables,
        import_surveys,
    )
    from transfo_analysis.barometer._artifacts import run_record
    from transfo_analysis.provenance import write_tables

    del show_progress
    cfg = project.settings.barometer
    responses = import_surveys([project.path(f) for f in cfg.files], schema=cfg.schema_)
    tables = compute_tables(responses, settings=project.settings)
    provenance = run_record(responses, project.settings)
    write_tables(tables, barometer_dir(project), provenance=provenance)
    write_tables(
        {"responses": responses.drop(columns=["comment"], errors="ignore")},
        project.interim_dir / "barometer",
        provenance=provenance,
    )
    return {
        "respondents": int(responses.drop_duplicates(["territory", "wave", "respondent"]).shape[0]),
        "groups": int(len(tables["indicators"])),
    }


def coding_project(project: Project, *, show_progress: bool = True) -> dict:
    """Prepare the codings the reports use: load ``coding.imports`` into the store, store the
    suggestions of ``coding.suggest`` for review (status "suggested", never accepted here).

    Reports only count accepted codings; suggestions wait for a researcher in the coding panel.
    """
    from transfo_analysis import coding
    from transfo_analysis.coding.session import CodingSession
    from transfo_analysis.corpus import load_corpus

    del show_progress
    corpus = load_corpus(project)
    codebook = coding.load_codebook(project)
    added = suggested = 0
    with coding.open_store(project) as store:
        for name in project.settings.coding.imports:
            rows = coding.read_codings_csv(
                project.path(name), codebook=codebook, segments=corpus.segments
            )
            rows = rows[rows["code"] != ""]
            added += store.add_codings(
                rows.drop(columns=[c for c in ("excerpt", "memo") if c in rows]), origin="manual"
            )
        session = CodingSession(
            corpus=corpus,
            codebook=codebook,
            store=store,
            coder="transfo-suggestions",
            project=project,
            stage="processed",
        )
        for method in project.settings.coding.suggest:
            suggested += len(session.suggest(method, store=True))
        n_accepted = len(store.codings(status="accepted"))
    return {"imported": added, "suggestions": suggested, "accepted_codings": n_accepted}


def topics_project(project: Project, *, show_progress: bool = True) -> dict:
    """Fit the topic model on the pseudonymised corpus and write ``processed/topics``.

    A corpus too small for a topic model (a pilot of a few interviews) is no failure: the step
    records why in ``processed/topics/skipped.json`` (reports say it) and returns a French
    notice for the run summary.
    """
    from transfo_analysis.corpus import load_corpus
    from transfo_analysis.nlp import load_tokens
    from transfo_analysis.topics import (
        TooFewUnitsError,
        fit_topics,
        save_topics,
        save_topics_skipped,
    )
    from transfo_analysis.topics._cli import _codings

    corpus = load_corpus(project)
    try:
        result = fit_topics(
            corpus,
            load_tokens(project),
            settings=project.settings.topics,
            seed=project.settings.seed,
            cache_dir=project.interim_dir / "embeddings",
            codings=_codings(project),
            show_progress=show_progress,
        )
    except TooFewUnitsError as exc:
        save_topics_skipped(project, reason=exc.notice)
        return {"status": "not computed", "n_units": exc.n_units, "notices": [exc.notice]}
    save_topics(result, project)
    return result.summary()


def textometry_project(project: Project, *, show_progress: bool = True) -> dict:
    """Specificities, repeated segments and the Reinert classification (``processed/textometry``).

    A corpus too small for the classification still gets its specificities; the step then
    reports the classification as skipped instead of failing.
    """
    from transfo_analysis.textometry import run_project

    results = run_project(project, show_progress=show_progress)
    summary = getattr(results, "summary", None)
    summary = dict(summary() if callable(summary) else (summary or {}))
    reinert = summary.get("reinert") or {}
    if reinert.get("status") == "not computed":
        summary["notices"] = [
            f"Classification de Reinert non calculée : corpus trop petit pour elle "
            f"({summary.get('n_turns', 0)} prises de parole analysées) ; les mots spécifiques "
            "et segments répétés sont calculés."
        ]
    return summary
