"""The coding stage of a project, as ``transfo run`` runs it.

:func:`coding_project` loads the codings listed in ``coding.imports`` into the store and stores
the suggestions of ``coding.suggest`` for review. Researchers then code in the panel
(:func:`~transfo_analysis.coding.coding_panel`) or with ``transfo code``.
"""

from __future__ import annotations

from transfo_analysis.coding._codebook_io import load_codebook, save_codebook
from transfo_analysis.coding.evaluate import read_codings_csv
from transfo_analysis.coding.refi import import_qdpx
from transfo_analysis.coding.session import CodingSession
from transfo_analysis.coding.store import open_store
from transfo_analysis.config import Project
from transfo_analysis.corpus import load_corpus


def coding_project(project: Project, *, show_progress: bool = True) -> dict[str, int]:
    """Prepare the codings the reports use, in the project's annotation store.

    Loads ``coding.imports`` into the store (CSV files, or a ``.qdpx`` whose selections are placed
    on the text as read, then carried to the pseudonymised segments) and stores the suggestions of
    ``coding.suggest`` for review (status "suggested", never accepted here): reports only count
    accepted codings; suggestions wait for a researcher in the coding panel.

    Parameters
    ----------
    project
        The project (after ``transfo pseudonymise``, with a codebook).
    show_progress
        Accepted for the stage interface; this step shows none.

    Returns
    -------
    dict
        Counts of ``imported`` codings, stored ``suggestions`` and ``accepted_codings``.
    """
    del show_progress
    corpus = load_corpus(project)
    codebook = load_codebook(project)
    added = suggested = 0
    with open_store(project) as store:
        for name in project.settings.coding.imports:
            if name.lower().endswith(".qdpx"):  # a project migrated from another tool
                codebook, report = import_qdpx(
                    project.path(name),
                    corpus=corpus,
                    codebook=codebook,
                    store=store,
                    original=load_corpus(project, stage="interim"),
                )
                if report["codes_added"]:
                    save_codebook(codebook, project.codebook_file)
                added += report["codings_imported"]
                continue
            rows = read_codings_csv(project.path(name), codebook=codebook, segments=corpus.segments)
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
