"""The context of a report: project, territory, pseudonymised tables, k, where artifacts go.

Report notebooks open one context in their first cell after the parameters, then call one
function per table or figure. Everything here reads the *processed* (pseudonymised) data only.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.config import Project, open_project
from transfo_analysis.corpus import Corpus, load_corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.numbers import fr_number
from transfo_analysis.provenance import record, write_json_atomic


@dataclass
class ReportContext:
    """What a report needs, loaded once.

    Attributes
    ----------
    project
        The project.
    territory
        The territory slug, or ``None`` for the cross-territory synthesis.
    output_dir
        Where artifacts are written (``None``: nothing is written, e.g. exploring in JupyterLab).
    seed
        Seed for anything random.
    """

    project: Project
    territory: str | None
    output_dir: Path | None
    seed: int
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def cached(self, key: Any, load: Callable[[], Any]) -> Any:
        """What ``load()`` gives, computed once per report (the loaders and views share it).

        Parameters
        ----------
        key
            What is cached (hashable).
        load
            Computes it the first time.

        Returns
        -------
        The cached value.
        """
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    @property
    def k(self) -> int:
        """Disclosure threshold (``disclosure.k``)."""
        return self.project.settings.disclosure.k

    @property
    def label(self) -> str:
        """French name of the territory (or of the synthesis)."""
        return (
            self.project.territory_label(self.territory)
            if self.territory
            else _("Cross-territory synthesis")
        )

    @functools.cached_property
    def corpus_all(self) -> Corpus:
        """The whole pseudonymised corpus (all territories)."""
        return load_corpus(self.project)

    @functools.cached_property
    def corpus(self) -> Corpus:
        """The pseudonymised corpus of this territory (all territories for the synthesis)."""
        if self.territory is None:
            return self.corpus_all
        if self.territory not in self.corpus_all.territories:
            raise ConfigError(
                _("no document for territory « {territory} » in the processed corpus").format(
                    territory=self.territory
                ),
                hint=_("known territories: {known}").format(
                    known=", ".join(self.corpus_all.territories) or _("none")
                ),
            )
        return self.corpus_all.subset(territory=self.territory)

    def artifact(self, relative: str) -> Path:
        """Path of a project-wide analysis artifact under ``processed/``."""
        return self.project.processed_dir / relative

    def save(self, name: str, obj: pd.DataFrame | dict[str, Any] | list[Any]) -> Path | None:
        """Write an artifact for the dashboards (Parquet for tables, JSON otherwise).

        Tables keep their ``attrs`` (suppression marks, provenance) in a sidecar JSON.
        """
        if self.output_dir is None:
            return None
        self.output_dir.mkdir(parents=True, exist_ok=True)
        if isinstance(obj, pd.DataFrame):
            path = self.output_dir / f"{name}.parquet"
            table = obj.reset_index(drop=not _has_named_index(obj))
            table.attrs = {}  # kept in the sidecar below, not in the Parquet metadata
            table.to_parquet(path, index=False)
            meta = {k: v for k, v in obj.attrs.items() if _jsonable(v)}
            write_json_atomic(self.output_dir / f"{name}.meta.json", meta)
            return path
        path = self.output_dir / f"{name}.json"
        write_json_atomic(path, obj)
        return path

    def publish(
        self,
        name: str,
        obj: Any,
        *,
        caption: str | None = None,
        columns: list[str] | None = None,
        rows: int | None = None,
    ) -> Any:
        """Save a table or figure as an artifact and return what the notebook should display.

        Tables are returned as French styled tables; figures as they are (their plotly JSON is
        also saved, so dashboards can show them without recomputing). With ``rows``, the whole
        table is saved and only its first ``rows`` rows are shown, the caption saying how many
        there are in all.
        """
        import plotly.graph_objects as go

        from transfo_analysis.reporting._display import french_table

        if isinstance(obj, go.Figure):
            if self.output_dir is not None:
                self.output_dir.mkdir(parents=True, exist_ok=True)
                (self.output_dir / f"{name}.plotly.json").write_text(
                    obj.to_json(), encoding="utf-8"
                )
            return obj
        self.save(name, obj)
        if isinstance(obj, pd.DataFrame):
            if obj.empty:
                from IPython.display import Markdown

                return Markdown("*{}*".format(_("Data not available for this territory.")))
            if rows is not None and len(obj) > rows:
                first = _("the first {rows} of {n}").format(rows=rows, n=fr_number(len(obj)))
                caption = f"{caption} ({first})" if caption else first
                obj = obj.head(rows)
            return french_table(obj, caption=caption, columns=columns)
        return obj

    def heading(self, title: str | None = None) -> Any:
        """A Markdown heading naming the territory (the notebook's first output)."""
        from IPython.display import Markdown

        title = title or _("Territory report")
        heading = f"{title} — {self.label}" if self.territory else self.label
        return Markdown(f"# {heading}\n\n*{self.project.settings.name}*")

    def provenance(self, step: str, **parameters: Any) -> dict[str, Any]:
        return record(
            step,
            parameters={"territory": self.territory, "seed": self.seed, "k": self.k, **parameters},
        )


def _has_named_index(df: pd.DataFrame) -> bool:
    return any(n is not None for n in df.index.names)


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def open_report(
    project_dir: str | Path,
    territory: str | None,
    *,
    settings_file: str | Path | None = None,
    seed: int | None = None,
    output_dir: str | Path | None = None,
) -> ReportContext:
    """Open the context of a territory report (or of the synthesis when ``territory`` is None).

    Parameters
    ----------
    project_dir
        The project directory.
    territory
        Territory slug; ``None`` or ``"synthese"`` for the cross-territory synthesis.
    settings_file
        Settings to use instead of the project's ``project.yaml``.
    seed
        Seed (default: the project's).
    output_dir
        Folder for the artifacts the dashboards read; ``None`` writes nothing.

    Returns
    -------
    The context every section of the report reads from.
    """
    project = open_project(project_dir, settings_file=settings_file)
    if territory in ("synthese", ""):
        territory = None
    ctx = ReportContext(
        project=project,
        territory=territory,
        output_dir=Path(output_dir) if output_dir else None,
        seed=project.settings.seed if seed is None else int(seed),
    )
    _ = ctx.corpus  # fail early, with a clear message, on an unknown territory
    return ctx
