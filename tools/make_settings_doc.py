"""Write docs/settings.md, the reference of every project.yaml key, from the settings classes.

Each key's documentation is the ``#:`` comment above its field in src/transfo_analysis/config.py
and its default is the model's. Run after changing the settings (a test checks it is current):

    .venv/bin/python tools/make_settings_doc.py
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from transfo_analysis.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "transfo_analysis" / "config.py"
OUT = ROOT / "docs" / "settings.md"


def _comments() -> dict[tuple[str, str], str]:
    """``(class, field) -> comment`` from the ``#:`` lines above each annotated field."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    out: dict[tuple[str, str], str] = {}
    for node in ast.walk(ast.parse(SOURCE.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                i, doc = item.lineno - 2, []
                while i >= 0 and lines[i].strip().startswith("#:"):
                    doc.insert(0, lines[i].strip()[2:].strip())
                    i -= 1
                out[(node.name, item.target.id)] = " ".join(doc)
    return out


def _value(v: object) -> str:
    return "`" + json.dumps(v, ensure_ascii=False) + "`"


def render() -> str:
    comments = _comments()
    defaults = Settings().model_dump(mode="json", by_alias=True)
    parts = [
        "# Settings reference (`project.yaml`)",
        "",
        "Every key is optional: an empty `project.yaml` (or none) gives a working project. Values "
        "are",
        "validated when the project is opened; an error names the file and the key. Generated from",
        "`src/transfo_analysis/config.py` by `tools/make_settings_doc.py`.",
        "",
        "| key | default | meaning |",
        "|---|---|---|",
    ]
    sections = []
    for name, field in Settings.model_fields.items():
        model = field.annotation
        if isinstance(model, type) and hasattr(model, "model_fields"):
            sections.append((name, model))
            continue
        parts.append(
            f"| `{name}` | {_value(defaults[name])} | {comments.get(('Settings', name), '')} |"
        )
    for name, model in sections:
        parts += [
            "",
            f"## `{name}:`",
            "",
            " ".join((model.__doc__ or "").strip().split("\n\n")[0].split()),
            "",
            "| key | default | meaning |",
            "|---|---|---|",
        ]
        for fname, f in model.model_fields.items():
            key = f.alias or fname
            parts.append(
                f"| `{name}.{key}` | {_value(defaults[name][key])} | "
                f"{comments.get((model.__name__, fname), '')} |"
            )
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
