"""The run summary of a report the leak checker blocked: which file, which passage, what to do."""

from __future__ import annotations

from pathlib import Path

from transfo_analysis.batch._reports import leak_message
from transfo_analysis.batch._summary import format_summary


def test_a_blocked_report_says_where_and_what_to_do(tmp_path: Path):
    quarantine = tmp_path / "processed" / "quarantine" / "valcourt"
    leaks = [
        {
            "path": f"fichier-{i}.html",
            "type": "PERSONNE",
            "identifier": "Re******",
            "count": 2,
            "context": "… la Re****** des agents …",
        }
        for i in range(10)
    ]
    summary = {
        "steps": [{"name": "pseudonymise", "status": "ok", "seconds": 1.0}],
        "reports": [
            {
                "name": "valcourt",
                "status": "leak",
                "seconds": 3.0,
                "error": leak_message(10, folder=quarantine, project=tmp_path),
                "leaks": leaks,
                "path": str(quarantine),
            }
        ],
        "seconds": 4.0,
        "status": "failed",
    }
    text = format_summary(summary, reports_dir=tmp_path / "reports")
    assert "FUITE fichier-0.html : PERSONNE Re****** ×2 — « … la Re****** des agents … »" in text
    assert f"transfo check-leaks {quarantine} --project {tmp_path} --show" in text
    assert "`allow`" in text and "project.yaml" in text and "known_names" in text
    assert "… et 2 autres" in text  # a long list is cut, the count said
    assert "sortie conservée (non publiée)" in text
