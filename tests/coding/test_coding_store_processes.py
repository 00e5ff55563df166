"""Two processes writing at once lose nothing; a writer killed mid-batch loses nothing committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from transfo_analysis.coding import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from transfo_analysis.coding import open_store
    path, coder, n_batches, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open_store(path, timeout=60) as store:
        for b in range(n_batches):
            rows = [{"segment_id": f"{coder}-{b}-{i}", "code": f"C{i % 7}"} for i in range(size)]
            store.add_codings(rows, coder=coder)
            print(b, flush=True)
    """
)


def _writer(path, coder, n_batches, size):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), coder, str(n_batches), str(size)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "annotations.sqlite"
    open_store(path).close()
    procs = [_writer(path, coder, 40, 50) for coder in ("ana", "bob")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with open_store(path) as s:
        c = s.codings()
        assert s.check() == []
    assert len(c) == 2 * 40 * 50
    assert c.groupby("coder").size().to_dict() == {"ana": 2000, "bob": 2000}


def test_killed_writer_loses_nothing_committed(tmp_path):
    path = tmp_path / "annotations.sqlite"
    open_store(path).close()
    size = 500
    committed = -1
    with _writer(path, "ana", 10_000, size) as proc:  # closes its pipes once it has ended
        deadline = time.monotonic() + 60
        while committed < 5 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.strip():
                committed = int(line)
        os.kill(proc.pid, signal.SIGKILL)  # kill -9, most likely inside a transaction
        proc.wait(timeout=30)
    with open_store(path) as s:
        assert s.check() == []
        c = s.codings()
    batches = c["segment_id"].str.split("-").str[1].astype(int)
    # every batch reported as committed is there in full, and no batch is there in part
    assert set(range(committed + 1)) <= set(batches)
    assert (batches.value_counts() == size).all()
