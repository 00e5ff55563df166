"""Write the demo's interview metadata table (data/metadonnees-entretiens.csv) from the sources.

Ambassadors keep such a spreadsheet: one row per interview file with its territory, service
(a slug; French names are in data/project.yaml), method, date and the role of the people
interviewed. The manifest (data/manifest.yaml) includes
it with ``file_table``. Run from the repository root after build.py:

    .venv/bin/python tools/demo_corpus/make_metadata.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "tools" / "demo_corpus" / "sources"
OUT = ROOT / "data" / "metadonnees-entretiens.csv"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    _, head, _ = text.split("---", 2)
    return yaml.safe_load(head)


def main() -> None:
    rows = []
    for src in sorted(SOURCES.glob("*/*.md")):
        meta = front_matter(src)
        name = meta.get("filename") or meta["id"]
        folder = "ateliers" if meta.get("method") == "atelier" else "entretiens"
        rows.append(
            {
                "match": f"raw/{meta['territory']}/{folder}/{name}.*",
                "territory": meta["territory"],
                "service": meta["service"],
                "method": meta.get("method", "entretien"),
                "date": str(meta["date"]),
                "respondent_role": meta.get("respondent_role", "usager"),
                "identifiant": meta["id"],
            }
        )
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
