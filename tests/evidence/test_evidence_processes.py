"""Two processes adding evidence to the same store at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from transfo_analysis.evidence import add_finding, audit, evidence_links, open_trail

WRITER = textwrap.dedent(
    """
    import sys
    import pandas as pd
    from transfo_analysis.evidence import link_evidence, open_trail
    path, who, finding, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    segs = pd.DataFrame({"segment_id": [f"{w}{i}" for w in ("ana", "bob") for i in range(n)],
                         "text": "un texte"})
    with open_trail(path, author=who, segments=segs, speakers=None) as t:
        t.store.timeout = 60
        for i in range(n):
            link_evidence(t, finding, f"segment:{who}{i}", comment=str(i))
    """
)


def test_two_writers_adding_evidence_at_once_lose_nothing(tmp_path):
    path = tmp_path / "annotations.sqlite"
    with open_trail(path, author="ana", segments=None) as t:
        finding = add_finding(t, "Un constat partagé")
    n = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), who, str(finding), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("ana", "bob")
    ]
    for p in procs:
        _, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
    with open_trail(path, author="ana", segments=None) as t:
        links = evidence_links(t)
        assert t.store.check() == []
        assert len(links) == 2 * n
        assert links.groupby("author").size().to_dict() == {"ana": n, "bob": n}
        assert (audit(t)["action"] == "link").sum() == 2 * n
