"""Pseudonymisation on Dask: detection per partition on workers, the same output as one process.

The demo is ingested and parsed once; then it is pseudonymised in this process and with its
detection on a LocalCluster of 1 and of 2 workers, each time with a new key: the processed
tables, derived tokens, audit rows and key entries must be identical (after sorting by id).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import dask
import pandas as pd
import pytest
from distributed import get_task_stream

from transfo_analysis.anonymise import load_audit, pseudonymise, pseudonymise_project, read_key
from transfo_analysis.anonymise._readiness import project_allow_words
from transfo_analysis.anonymise._token_file import TokensFile
from transfo_analysis.config import open_project
from transfo_analysis.corpus import ingest_project, load_corpus
from transfo_analysis.nlp import ParseResult, load_entities, load_tokens, parse_project
from transfo_analysis.scale import SchedulerChoice, open_execution

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def parsed_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-parsed") / "projet"
    shutil.copytree(REPO / "data", root, ignore=shutil.ignore_patterns("interim", "processed"))
    project = open_project(root)
    ingest_project(project, show_progress=False)
    parse_project(project, show_progress=False)
    return root


#: Dask warns (an error under pytest) about any graph over this: the partitions' texts, tokens
#: and entities must reach the workers another way (files in the project, or scattered)
SMALL_GRAPH = {"distributed.admin.large-graph-warning-threshold": "100kB"}


def _pseudonymised(root: Path, execution=None, work_dir=None) -> dict[str, pd.DataFrame]:
    project = open_project(root)
    corpus = load_corpus(project, stage="interim")
    nlp = ParseResult(
        load_tokens(project, stage="interim"), load_entities(project, stage="interim")
    )
    processed, findings = pseudonymise(
        corpus,
        nlp,
        settings=project.settings.pseudonymisation,
        allow=project_allow_words(project, corpus),
        model=project.settings.nlp.model,
        execution=execution,
        work_dir=work_dir,
    )
    audit = findings.audit.drop(columns=[c for c in ("run",) if c in findings.audit])
    return {
        "segments": processed.segments.sort_values("segment_id").reset_index(drop=True),
        "speakers": processed.speakers.sort_values("speaker_id").reset_index(drop=True),
        "documents": processed.documents.sort_values("doc_id").reset_index(drop=True),
        "tokens": findings.tokens.sort_values(["segment_id", "i"]).reset_index(drop=True),
        "audit": audit.reset_index(drop=True),
        "report": {k: v for k, v in findings.report.to_dict().items() if k != "timings"},
    }


def test_pseudonymise_on_one_and_two_workers_equals_one_process(parsed_demo: Path):
    here = _pseudonymised(parsed_demo)
    assert len(here["audit"]) > 100  # the demo's names really were replaced
    for n_workers in (1, 2):
        size = {"n_workers": n_workers, "threads_per_worker": 1, "memory_limit": "2GiB"}
        # inputs written to the project folder for the workers, or scattered without one
        work_dir = parsed_demo / "interim" if n_workers == 2 else None
        with (
            dask.config.set(SMALL_GRAPH),
            open_execution(
                SchedulerChoice("local"), local_size=size, project_root=parsed_demo
            ) as ex,
            get_task_stream(ex.client) as stream,
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")  # an imported library may have disabled "error"
            there = _pseudonymised(parsed_demo, execution=ex, work_dir=work_dir)
        assert not [w for w in caught if "large graph" in str(w.message)]
        assert not list((parsed_demo / "interim").glob(".task-inputs-*"))  # removed after
        ran = [str(t["key"]).rsplit("-", 2)[0] for t in stream.data]
        # both detection passes and the replacement ran on the workers, per partition
        assert ran.count("first_pass_task") == ran.count("second_pass_task") >= 1
        assert ran.count("replace_partition_task") >= 1
        assert there.pop("report") == here["report"]
        for name, frame in here.items():
            if name != "report":
                pd.testing.assert_frame_equal(there[name], frame, obj=f"{name} on {n_workers}")


def _key_entries(root: Path) -> tuple:
    key = read_key(open_project(root))
    variants = sorted(
        (v.type, v.canonical, v.original, v.entity, v.part, v.detector, v.common)
        for v in key.variants.values()
    )
    return key.entities, key.counters, key.first, key.last, variants


def test_pseudonymise_project_on_two_workers_writes_the_same_files(
    parsed_demo, tmp_path, monkeypatch
):
    """The project's outputs, written in-process and with LocalCluster(2): the same bytes.

    On the cluster, the tokens table is never read whole here: each task reads its partition's
    file, and the derived tokens are written a batch at a time.
    """
    here, there = tmp_path / "here", tmp_path / "there"
    for root in (here, there):
        shutil.copytree(parsed_demo, root)
    pseudonymise_project(open_project(here), show_progress=False)

    def whole(*args, **kwargs):
        raise AssertionError("the whole tokens table was read in the client")

    monkeypatch.setattr(TokensFile, "read", whole)
    monkeypatch.setattr("transfo_analysis.anonymise._pseudonymise.derive_tokens", whole)
    size = {"n_workers": 2, "threads_per_worker": 1, "memory_limit": "2GiB"}
    with (
        open_execution(SchedulerChoice("local"), local_size=size, project_root=there) as ex,
        get_task_stream(ex.client) as stream,
    ):
        pseudonymise_project(open_project(there), show_progress=False, execution=ex)
    ran = [str(t["key"]).rsplit("-", 2)[0] for t in stream.data]
    assert ran.count("replace_partition_task") >= 1
    written = sorted(p.relative_to(here) for p in (here / "processed").rglob("*.parquet"))
    assert Path("processed/corpus/segments.parquet") in written
    assert Path("processed/nlp/tokens.parquet") in written
    for rel in written:
        assert (there / rel).read_bytes() == (here / rel).read_bytes(), rel
    audit_here, audit_there = load_audit(open_project(here)), load_audit(open_project(there))
    assert len(audit_here) > 100
    pd.testing.assert_frame_equal(audit_there.drop(columns="run"), audit_here.drop(columns="run"))
    assert _key_entries(there) == _key_entries(here)
    assert not list((there / "interim").glob(".task-inputs-*"))
