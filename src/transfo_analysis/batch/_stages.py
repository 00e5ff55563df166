"""Incremental runs: fingerprints of inputs, and the run manifest that remembers them.

A step (ingest, parse, a territory's report…) is skipped when the fingerprint of its inputs —
file contents, parameters and code version — equals the one recorded after its last successful
run and its outputs are still there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from transfo_analysis.provenance import source_hash, stable_hash, write_json_atomic


def files_fingerprint(paths: Iterable[Path], *, root: Path | None = None) -> str:
    """Hash of the names and bytes of files (folders are walked; missing paths count as absent).

    Folders are walked as ingest walks them (links to folders followed, once each), so editing a
    file in a linked folder reruns the steps that read it. JSON files are skipped inside
    folders: they carry provenance (timestamps) rather than data.
    """
    from transfo_analysis.corpus import walk_folder

    h = hashlib.sha256()
    for path in sorted({Path(p) for p in paths}):
        files = (
            sorted(
                p
                for p in walk_folder(path).files
                if p.suffix != ".json" and not p.name.startswith(".")
            )
            if path.is_dir()
            else [path]
        )
        for f in files:
            name = (
                f.relative_to(root).as_posix() if root and f.is_relative_to(root) else f.as_posix()
            )
            h.update(name.encode())
            if f.exists():
                with open(f, "rb") as fh:
                    while block := fh.read(1 << 20):
                        h.update(block)
            else:
                h.update(b"<absent>")
    return h.hexdigest()


def fingerprint(
    *, files: Iterable[Path] = (), parameters: Any = None, root: Path | None = None, extra: str = ""
) -> str:
    """Fingerprint of a step: input files, parameters, the code version, and anything extra.

    Parameters
    ----------
    files
        The step's input files and folders (their names and bytes count; folders are walked).
    parameters
        The settings that decide the step's results (any JSON-serialisable value).
    root
        Folder the file paths are taken relative to, so that moving the project keeps fingerprints.
    extra
        Anything else the results depend on.

    Returns
    -------
    A hex digest: when it is unchanged the step's outputs can be reused.
    """
    return stable_hash(
        {
            "files": files_fingerprint(files, root=root),
            "parameters": parameters,
            "code": source_hash(),
            "extra": extra,
        }
    )


class RunManifest:
    """What the last runs did, per step: fingerprint,
    status, time (a JSON file, written atomically).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            self.data = {}

    def is_current(self, step: str, fp: str, outputs: Iterable[Path] = ()) -> bool:
        entry = self.data.get(step)
        return bool(
            entry
            and entry.get("fingerprint") == fp
            and entry.get("status") == "ok"
            and all(Path(o).exists() for o in outputs)
        )

    def record(self, step: str, *, fingerprint: str | None, status: str, **info: Any) -> None:
        self.data[step] = {"fingerprint": fingerprint, "status": status, **info}
        write_json_atomic(self.path, self.data)

    def forget(self, step: str) -> None:
        if self.data.pop(step, None) is not None:
            write_json_atomic(self.path, self.data)
