"""Reading the published reports (``reports/``): the only data a dashboard ever sees.

Dashboards find the reports through ``TRANSFO_REPORTS_DIR``, which ``transfo serve`` sets; they
never receive a path to raw, interim or processed data. Every name is checked (a territory must be
listed in ``index.json``, an artifact name is a plain word) so that nothing outside
``reports/<slug>/artifacts/`` can be read, whatever a page sends back. A missing or unreadable
artifact gives ``None``: the dashboard then says « Donnée non disponible ».
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.i18n import _

#: environment variable naming the published reports folder (set by ``transfo serve``)
ENV_VAR = "TRANSFO_REPORTS_DIR"
SYNTHESIS = "synthese"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
log = logging.getLogger(__name__)


class ReportsUnavailable(Exception):
    """The published reports cannot be found or read (the message is French, for the page)."""


@dataclass
class Reports:
    """The published reports of one project, read lazily and cached.

    Attributes
    ----------
    root
        The ``reports/`` folder (holding ``index.json``).
    """

    root: Path
    _cache: dict[tuple[str, str, str], Any] = field(default_factory=dict, repr=False)
    _index: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def index(self) -> dict[str, Any]:
        """``index.json``: the published territories (``slug``, ``label``), ``k``, ``updated``."""
        if self._index is None:
            path = self.root / "index.json"
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning(_("cannot read {path}: {error}").format(path=path, error=exc))
                raise ReportsUnavailable(
                    _(
                        "No published report was found for this project. Reports are made by the"
                        " command « transfo run »."
                    )
                ) from None
            territories = [
                t
                for t in data.get("territories", [])
                if isinstance(t, dict)
                and _SLUG.match(str(t.get("slug", "")))
                and t.get("slug") != SYNTHESIS
            ]
            data["territories"] = [
                {"slug": str(t["slug"]), "label": str(t.get("label") or t["slug"])}
                for t in territories
            ]
            self._index = data
        return self._index

    @property
    def territories(self) -> list[tuple[str, str]]:
        """``(label, slug)`` pairs, in the order of the index (ready for a Dropdown)."""
        return [(t["label"], t["slug"]) for t in self.index["territories"]]

    @property
    def k(self) -> int | None:
        """The disclosure threshold the reports were published with."""
        k = self.index.get("k")
        return int(k) if isinstance(k, int | float) else None

    def label(self, slug: str) -> str:
        """French name of a published territory."""
        return dict((s, lab) for lab, s in self.territories).get(slug, slug)

    def _path(self, slug: str, name: str, suffix: str) -> Path | None:
        known = {s for _, s in self.territories} | (
            {SYNTHESIS} if self.index.get("synthesis") else set()
        )
        if slug not in known or not _NAME.match(name):
            return None
        return self.root / slug / "artifacts" / f"{name}{suffix}"

    def table(self, slug: str, name: str) -> pd.DataFrame | None:
        """A published table, with its sidecar (``k``,
        ``n_suppressed``…) in ``attrs``; ``None`` if absent.
        """
        key = (slug, name, "table")
        if key not in self._cache:
            self._cache[key] = self._read_table(slug, name)
        table = self._cache[key]
        return None if table is None else table.copy()

    def _read_table(self, slug: str, name: str) -> pd.DataFrame | None:
        path = self._path(slug, name, ".parquet")
        if path is None or not path.is_file():
            return None
        try:
            table = pd.read_parquet(path)
        except Exception as exc:  # a damaged file must not break the page
            log.warning(_("cannot read {path}: {error}").format(path=path, error=exc))
            return None
        meta = self._path(slug, name, ".meta.json")
        if meta is not None and meta.is_file():
            with contextlib.suppress(OSError, ValueError):
                table.attrs = {
                    k: v
                    for k, v in json.loads(meta.read_text(encoding="utf-8")).items()
                    if k != "provenance"
                }
        return table

    def document(self, slug: str, name: str) -> dict[str, Any] | None:
        """A published JSON artifact (a mapping, e.g.
        ``voices_to_decisions``); ``None`` if absent.
        """
        key = (slug, name, "document")
        if key not in self._cache:
            path = self._path(slug, name, ".json")
            doc = None
            if path is not None and path.is_file():
                try:
                    doc = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    log.warning(_("cannot read {path}: {error}").format(path=path, error=exc))
            self._cache[key] = doc if isinstance(doc, dict) else None
        return self._cache[key]

    def figure(self, slug: str, name: str) -> dict[str, Any] | None:
        """A published figure as plotly JSON (a dict,
        shown without rebuilding it); ``None`` if absent.
        """
        key = (slug, name, "figure")
        if key not in self._cache:
            path = self._path(slug, name, ".plotly.json")
            fig = None
            if path is not None and path.is_file():
                try:
                    fig = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    log.warning(_("cannot read {path}: {error}").format(path=path, error=exc))
                if not (isinstance(fig, dict) and "data" in fig):
                    fig = None
            self._cache[key] = fig
        return self._cache[key]


def open_reports(root: str | os.PathLike[str] | None = None) -> Reports:
    """The published reports, from ``root`` or else from ``TRANSFO_REPORTS_DIR``.

    Parameters
    ----------
    root
        The published reports folder (``reports/`` of a project).

    Returns
    -------
    The reports: index, territories and the tables the dashboards read.

    Raises
    ------
    ReportsUnavailable
        When neither is set, or the folder has no ``index.json``.
    """
    value = root if root is not None else os.environ.get(ENV_VAR)
    if not value:
        raise ReportsUnavailable(
            _(
                "The folder of published reports is not given. Start the dashboards with"
                " « transfo serve --project FOLDER »."
            )
        )
    reports = Reports(Path(value))
    _checked = reports.index  # fail now, with the French message
    return reports
