"""Scale benchmark (issue 11): the parse on Dask at national-consultation sizes.

Run from the repository root (needs ../shared/corpora/grand-debat):

    .venv/bin/python benchmarks/scale_benchmark.py --ratios-at 40000 --repeat 3 --ceiling \
        --sizes 100000 500000 --e2e 1000000

(everything in one run, about 1 h 30 on 2 cores: the ratios at 40,000 answers, the parse alone
at 100,000 and 500,000 on 2 workers, then ``transfo run`` on 1,000,000, whose parse is the
1,000,000 point).

The answers are made in memory by ``benchmarks/_national.py`` (seeded recombination of the real
Grand Débat answers, every text unique so the parse cache cannot short-cut the work); caches
and projects go under a temporary folder, never into the repository. Prints, per size:

- parse throughput (words/s) on an embedded LocalCluster of 1 and of 2 workers (one thread
  each), their ratio (goal ≥ 1.8);
- bare ``nlp.pipe(n_process=2)`` on the same texts, and the distributed parse on 2 workers
  against it (goal ≥ 0.95); with ``--ceiling`` also ``n_process=1`` (spaCy's own 1 → 2 ratio)
  and two independent one-process parses at once against one alone: the machine's ceiling,
  what the 1 vs 2 workers ratio can reach at best;
- peak resident memory per worker (largest worker), and its ratio between the largest and the
  smallest size (goal ≤ 1.2: memory does not grow with the corpus);
- the task-overhead share on 2 workers: 1 − Σ task compute time / (workers × parse wall time);
- the partitions (respondent keys, sizes: largest / mean).

With ``--ratios-at N``, 1 vs 2 workers, bare spaCy and the ceiling are timed at N answers only
(``--repeat`` times, interleaved) and ``--sizes`` run on 2 workers only.

With ``--e2e N``: the end-to-end time of ``transfo run --scheduler local`` on N answers, the
memory of its client, workers and kernels, and its parse read back from the run's record
(words/s, the largest worker's peak by its end, against the smallest ``--sizes``).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from _national import recombined_answers, write_project  # noqa: E402

from transfo_analysis.config import NLPSettings  # noqa: E402
from transfo_analysis.corpus import Corpus, n_partitions, partition_keys, partitions  # noqa: E402
from transfo_analysis.nlp import PipelinePlugin, analysis_text, load_pipeline, parse  # noqa: E402
from transfo_analysis.scale import SchedulerChoice, open_execution  # noqa: E402


def _high_water(pid: int | str, rss: int) -> int:
    """A process's own peak resident bytes so far (``VmHWM``); ``rss`` where ``/proc`` lacks it.

    Not ``getrusage``: Linux carries a parent's resident size over ``fork``/``exec`` into the
    child's ``ru_maxrss``, so a Dask worker spawned by a client holding 1.3 GiB reported 1.3 GiB
    as its own peak before parsing anything (a process of 15 MiB spawned by one of 1,500 MiB:
    ``ru_maxrss`` 1,513 MiB). That made the workers' « peak » follow the client's size, hence
    the corpus'.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return rss


def _peak_rss_mib() -> float:
    """Peak resident memory of the calling process's own address space, in MiB."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the fallback
    return _high_water("self", maxrss) / 2**20


def survey_corpus(answers: pd.DataFrame) -> Corpus:
    """The answers as the tables reader makes them: one document, one speaker per respondent."""
    n = len(answers)
    documents = pd.DataFrame(
        {"doc_id": ["consultation"], "method": ["questionnaire"], "source_path": ["raw/"]}
    )
    segments = pd.DataFrame(
        {
            "segment_id": [f"consultation/{a}" for a in answers["answer_id"]],
            "doc_id": ["consultation"] * n,
            "speaker_id": [f"consultation/{a}" for a in answers["answer_id"]],
            "text": answers["text"].to_numpy(),
        }
    )
    return Corpus(documents=documents, segments=segments)


def distributed_parse(corpus: Corpus, n_workers: int, settings: NLPSettings, tmp: Path) -> dict:
    from distributed import get_task_stream

    size = {"n_workers": n_workers, "threads_per_worker": 1, "memory_limit": "3GiB"}
    with open_execution(
        SchedulerChoice("local"),
        local_size=size,
        model=settings.model,
        plugins=[PipelinePlugin(model=settings.model, exclude=tuple(settings.exclude))],
    ) as ex:
        with get_task_stream(ex.client) as stream:
            t0 = time.perf_counter()
            result = parse(
                corpus,
                settings=settings,
                cache_root=tmp / f"cache-{n_workers}-{len(corpus.segments)}-{time.time_ns()}",
                show_progress=False,
                execution=ex,
            )
            wall = time.perf_counter() - t0
        rss = ex.client.run(_peak_rss_mib)
    compute = sum(
        ss["stop"] - ss["start"]
        for task in stream.data
        for ss in task["startstops"]
        if ss["action"] == "compute"
    )
    parse_s = result.stats["parse_seconds"]
    return {
        "words": result.stats["words_parsed"],
        "parse_s": parse_s,
        "wall_s": wall,
        "words_per_s": result.stats["words_parsed"] / parse_s,
        "peak_rss_mib": max(rss.values()),
        "overhead": max(0.0, 1 - compute / (n_workers * parse_s)),
        "tasks": len(stream.data),
    }


def _median_run(runs: list[dict]) -> dict:
    """The run of median throughput among repeats (the upper median for an even count)."""
    return sorted(runs, key=lambda r: r["words_per_s"])[len(runs) // 2]


def bare_pipe(corpus: Corpus, settings: NLPSettings, *, n_process: int = 2) -> dict:
    """spaCy alone: ``nlp.pipe`` on the same texts, no cache, no cluster."""
    nlp = load_pipeline(settings.model, tuple(settings.exclude))
    texts = [analysis_text(t) for t in corpus.segments["text"]]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, n_process=n_process, batch_size=settings.batch_size):
        pass
    seconds = time.perf_counter() - t0
    return {"words": words, "seconds": seconds, "words_per_s": words / seconds}


def _timed_pipe(texts: list[str], settings: NLPSettings, barrier=None) -> float:
    """Seconds of ``nlp.pipe`` (one process) on ``texts``, the model loaded and warmed first."""
    nlp = load_pipeline(settings.model, tuple(settings.exclude))
    for _doc in nlp.pipe(texts[:200], batch_size=settings.batch_size):
        pass
    if barrier is not None:
        barrier.wait()  # both processes start parsing together
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    return time.perf_counter() - t0


def independent_pair(corpus: Corpus, settings: NLPSettings) -> dict:
    """The machine's own 1 → 2 ceiling: two independent spaCy processes against one.

    Each half of the texts is parsed by a process of its own (no cache, no cluster, nothing
    exchanged), first one half alone, then both halves at once: the ratio of throughputs is what
    two cores give a CPU-bound spaCy process on this machine, the ceiling of the 1 vs 2 workers
    ratio (``nlp.pipe(n_process=2)`` is not: its main process also pickles every document back).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    texts = [analysis_text(t) for t in corpus.segments["text"]]
    halves = [texts[0::2], texts[1::2]]
    words = [sum(len(t.split()) for t in h) for h in halves]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(2, mp_context=ctx) as pool:
        alone = pool.submit(_timed_pipe, halves[0], settings).result()
        barrier = manager.Barrier(2)
        both = [pool.submit(_timed_pipe, h, settings, barrier) for h in halves]
        seconds = [f.result() for f in both]
    one = words[0] / alone
    two = sum(words) / max(seconds)
    return {"one_w_s": one, "two_w_s": two, "ratio": two / one}


def _kind(process) -> str:
    """``worker`` (a Dask worker, spawned by its nanny), ``kernel`` (a report's) or ``other``."""
    try:
        line = " ".join(process.cmdline())
    except Exception:  # noqa: BLE001 - psutil.Error or a process gone meanwhile
        return "other"
    if "ipykernel" in line:
        return "kernel"
    return "worker" if "multiprocessing.spawn" in line else "other"


def _watch(proc: subprocess.Popen) -> tuple[dict[str, int], list[tuple[float, int, str, int]]]:
    """Memory of a process (the client) and of its children, sampled every 2 s.

    Returns the peaks (the client, the largest child, the sum) and every sample of a child:
    (time, pid, kind, its own peak so far), so that a stage's window can be read afterwards. A
    child's peak is its ``VmHWM`` (nothing between two samples is missed); the sum adds the
    resident sizes of the moment.
    """
    import psutil

    client = psutil.Process(proc.pid)
    peak = {"client": 0, "child": 0, "total": 0}
    samples: list[tuple[float, int, str, int]] = []
    kinds: dict[int, str] = {}
    while proc.poll() is None:
        now = time.time()
        try:
            children = client.children(recursive=True)
            rss = {c.pid: c.memory_info().rss for c in children}
            own = client.memory_info().rss
            for c in children:
                kinds.setdefault(c.pid, _kind(c))
        except psutil.Error:  # a child ended between the listing and the reading
            rss, own = {}, 0
        high = {pid: _high_water(pid, r) for pid, r in rss.items()}
        samples += [(now, pid, kinds.get(pid, "other"), h) for pid, h in high.items()]
        peak["client"] = max(peak["client"], _high_water(proc.pid, own))
        peak["child"] = max(peak["child"], *high.values(), 0)
        peak["total"] = max(peak["total"], own + sum(rss.values()))
        time.sleep(2)
    return peak, samples


def end_to_end(n: int, tmp: Path, *, log: Path | None = None) -> dict:
    """``transfo run --scheduler local`` on ``n`` recombined answers, from a fresh project.

    The memory of the client and of each worker (and kernel) is sampled every 2 s with psutil:
    the peaks say whether a run of this size fits the machine. The run's parse is read back from
    its record (``interim/nlp/parse.json``): words, seconds, and the largest worker's peak by
    the parse's end (ingest's tasks included). The run's output goes to ``log``.
    """
    import json

    project = write_project(recombined_answers(n, seed=7), tmp / f"e2e-{n}")
    out_file = log or tmp / f"e2e-{n}.log"
    t0 = time.perf_counter()
    with out_file.open("w", encoding="utf-8") as sink:  # a file: a full pipe would block the run
        proc = subprocess.Popen(
            [sys.executable, "-m", "transfo_analysis.cli", "run", "--project", str(project),
             "--scheduler", "local", "--quiet"],
            stdout=sink, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "TRANSFO_PROGRESS": "0"},
        )  # fmt: skip
        peak, samples = _watch(proc)
    out = out_file.read_text(encoding="utf-8")
    seconds = time.perf_counter() - t0
    summary = out[out.find("=====") :] if "=====" in out else out[-3000:]
    result = {
        "seconds": seconds,
        "returncode": proc.returncode,
        "summary": summary,
        **{f"peak {k} MiB": round(v / 2**20) for k, v in peak.items()},
        "peak worker MiB": round(
            max((r for *_, k, r in samples if k == "worker"), default=0) / 2**20
        ),
    }
    record = project / "interim" / "nlp" / "parse.json"
    if record.exists():
        stats = json.loads(record.read_text(encoding="utf-8")).get("stats", {})
        end = record.stat().st_mtime  # VmHWM is a peak so far: the samples before it hold it
        during = [r for t, _p, k, r in samples if k == "worker" and t <= end]
        result["parse"] = {
            "words": stats.get("words_parsed"),
            "parse_s": stats.get("parse_seconds"),
            "words_per_s": round(stats["words_parsed"] / stats["parse_seconds"])
            if stats.get("parse_seconds")
            else None,
            "peak_rss_mib": round(max(during, default=0) / 2**20),
        }
    return result


def measure(
    n: int,
    workers: list[int],
    args: argparse.Namespace,
    settings: NLPSettings,
    tmp: Path,
    *,
    ratios: bool,
) -> dict:
    """One size: the distributed parse (and with ``ratios``, 1 vs 2 workers and bare spaCy)."""
    corpus = survey_corpus(recombined_answers(n))
    segs = corpus.segments
    k = n_partitions(len(segs))
    sizes = [len(p) for _, p in partitions(segs, k, key=partition_keys(segs, corpus.documents))]
    repeat = args.repeat if ratios else 1
    # interleaved (1, 2, 1, 2…): this host's speed drifts by up to 28 % within an hour
    reps = [
        {w: distributed_parse(corpus, w, settings, tmp) for w in workers} for _ in range(repeat)
    ]
    runs = {w: _median_run([rep[w] for rep in reps]) for w in workers}
    last = runs[max(runs)]
    each = [rep[max(rep)]["words_per_s"] / rep[min(rep)]["words_per_s"] for rep in reps]
    bare = bare_pipe(corpus, settings) if ratios and not args.no_bare else None
    one = bare_pipe(corpus, settings, n_process=1) if args.ceiling and bare else None
    pair = independent_pair(corpus, settings) if ratios and args.ceiling else None
    two = len(runs) > 1
    return {
        "answers": n,
        "words": last["words"],
        "partitions": k,
        "largest/mean": round(max(sizes) / (len(segs) / k), 2),
        **{f"{w} worker(s) w/s": round(r["words_per_s"]) for w, r in runs.items()},
        "ratio": round(last["words_per_s"] / runs[min(runs)]["words_per_s"], 2) if two else None,
        "ratio per repeat": " ".join(f"{x:.2f}" for x in each) if two else None,
        "bare pipe(n_process=2) w/s": round(bare["words_per_s"]) if bare else None,
        f"{max(runs)} workers vs bare": round(last["words_per_s"] / bare["words_per_s"], 2)
        if bare
        else None,
        "bare pipe(n_process=1) w/s": round(one["words_per_s"]) if one else None,
        "spaCy n_process 1 → 2": round(bare["words_per_s"] / one["words_per_s"], 2)
        if one and bare
        else None,
        "machine ceiling: 2 processes vs 1": round(pair["ratio"], 2) if pair else None,
        "peak RSS/worker MiB": round(last["peak_rss_mib"]),
        "tasks": last["tasks"],
        f"task overhead ({max(runs)}w)": round(last["overhead"], 3),
        f"parse s ({max(runs)}w)": round(last["parse_s"], 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[100_000, 500_000, 1_000_000],
        help="answers per parse measurement (none: only --e2e)",
    )
    ap.add_argument("--e2e", type=int, default=0, help="answers for the end-to-end run (0: none)")
    ap.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="LocalCluster sizes to time (default 1 and 2; the ratio needs both)",
    )
    ap.add_argument(
        "--ratios-at",
        type=int,
        default=0,
        help="answers at which 1 vs 2 workers and bare spaCy are timed (repeated, interleaved); "
        "the --sizes then run on the largest --workers only (0: every size on every --workers)",
    )
    ap.add_argument(
        "--keep",
        type=Path,
        help="make the end-to-end project in this folder and keep it (its key, its reports)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="repeat the distributed parses, interleaved (1, 2, 1, 2…); medians are printed",
    )
    ap.add_argument("--no-bare", action="store_true", help="skip bare nlp.pipe(n_process=2)")
    ap.add_argument(
        "--ceiling",
        action="store_true",
        help="also time bare nlp.pipe(n_process=1), and two independent one-process parses at "
        "once against one alone: the machine's ceiling for the 1 vs 2 workers ratio",
    )
    args = ap.parse_args()
    settings = NLPSettings()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores · load: {os.getloadavg()} · "
        f"model {settings.model}, batch {settings.batch_size}",
        flush=True,
    )
    plan = [(args.ratios_at, args.workers, True)] if args.ratios_at else []
    for n in args.sizes:
        plan.append(
            (n, [max(args.workers)] if args.ratios_at else args.workers, not args.ratios_at)
        )
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="transfo-scale-") as tmp_name:
        tmp = Path(tmp_name)
        for n, workers, ratios in plan:
            row = measure(n, workers, args, settings, tmp, ratios=ratios)
            rows.append(row)
            shown = {k: v for k, v in row.items() if v is not None}
            print(pd.Series(shown).to_string(), flush=True)
        if rows:
            table = pd.DataFrame(rows).dropna(axis=1, how="all")
            print("\n" + table.to_string(index=False))
        sized = [r for r in rows if r["answers"] in args.sizes]
        if len(sized) > 1:
            ratio = sized[-1]["peak RSS/worker MiB"] / sized[0]["peak RSS/worker MiB"]
            print(
                f"peak RSS per worker, {sized[-1]['answers']:,} vs {sized[0]['answers']:,} "
                f"answers: {ratio:.2f}× (goal ≤ 1.2)"
            )
        if args.e2e:
            where = args.keep if args.keep else tmp
            e2e = end_to_end(args.e2e, where, log=where / f"e2e-{args.e2e}.log")
            print(e2e.pop("summary"))
            parse = e2e.pop("parse", None)
            print(
                f"transfo run --scheduler local, {args.e2e:,} answers: {e2e.pop('seconds'):.0f} s "
                f"(exit {e2e.pop('returncode')}); memory: {e2e}"
            )
            if parse:
                print(
                    f"its parse: {parse['words']:,} words in {parse['parse_s']:.0f} s "
                    f"({parse['words_per_s']:,} words/s), largest worker by the end of its parse "
                    f"{parse['peak_rss_mib']:,} MiB"
                )
                if sized:
                    ratio = parse["peak_rss_mib"] / sized[0]["peak RSS/worker MiB"]
                    print(
                        f"peak RSS per worker by the end of the parse, {args.e2e:,} answers "
                        f"(the run) vs {sized[0]['answers']:,} (parse alone): {ratio:.2f}× "
                        "(goal ≤ 1.2)"
                    )
    print(f"total {time.perf_counter() - started:.0f} s · load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
