"""Declaration of a satisfaction survey: columns, layout (long or wide), scales, vocabularies.

A survey is declared under ``barometer.schema`` in ``project.yaml``; every key is optional and the
columns are found by their usual French or English names when not declared::

    barometer:
      files: [raw/barometre/barometre-satisfaction.csv]
      schema:
        format: auto              # auto | long | wide
        columns: {wave: vague, respondent_type: profil}
        scale: 1-5                # every dimension's default: 1-4 | 1-5 | 0-10 | {min, max, labels}
        scales: {recommandation: 0-10}
        services: {sarne: [dechets, eau-assainissement]}   # or one list for every territory
        constants: {wave: "2024"}  # for files without a column for it
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from transfo_analysis.barometer._labels import (
    IMPORTANCE_LABELS,
    NO_ANSWER_VALUES,
    SATISFACTION_LABELS,
)
from transfo_analysis.config import pydantic_messages
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _

#: respondent types, in display order
RESPONDENT_TYPES = ("usager", "gestionnaire", "agent", "elu")
RespondentType = Literal["usager", "gestionnaire", "agent", "elu"]
#: spellings accepted for each respondent type (compared lower-case, without accents)
RESPONDENT_TYPE_ALIASES: dict[RespondentType, list[str]] = {
    "usager": [
        "usager",
        "usagere",
        "usagers",
        "habitant",
        "habitante",
        "citoyen",
        "citoyenne",
        "utilisateur",
        "utilisatrice",
        "public",
    ],
    "gestionnaire": [
        "gestionnaire",
        "gestionnaires",
        "gestionnaire technique",
        "responsable",
        "responsable de service",
        "responsable technique",
        "encadrant",
        "encadrante",
        "chef de service",
        "cheffe de service",
        "manager",
    ],
    "agent": ["agent", "agente", "agents", "personnel"],
    "elu": ["elu", "elue", "elus", "elues", "elu(e)"],
}
#: usual names of each column (compared lower-case, without accents, spaces as underscores)
COLUMN_ALIASES = {
    "territory": ["territoire", "territory", "collectivite", "epci"],
    "wave": ["vague", "wave", "annee", "year", "edition", "millesime"],
    "service": ["service", "service_public"],
    "respondent": ["id_repondant", "repondant", "respondent", "respondent_id", "identifiant", "id"],
    "respondent_type": [
        "profil",
        "type_repondant",
        "respondent_type",
        "type",
        "categorie",
        "public_type",
    ],
    "weight": ["poids", "weight", "ponderation", "coef_ponderation"],
    "comment": ["commentaire", "commentaires", "comment", "verbatim", "remarque", "remarques"],
    "dimension": ["dimension", "critere", "item", "question"],
    "score": ["note", "score", "satisfaction", "reponse", "valeur"],
    "importance": ["importance"],
    "scale": ["echelle", "scale"],
}


def fold(text: str) -> str:
    """Lower case without accents, spaces and dashes as underscores (``Délais`` → ``delais``)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()
    return re.sub(r"[\s\-’']+", "_", plain)


@dataclass(frozen=True)
class Scale:
    """A Likert scale: integer points from ``low`` to ``high`` with their French labels.

    ``top-2-box`` (the two highest points) counts as satisfied; the bottom box counts as
    dissatisfied: the two lowest points, or 0–4 on an eleven-point scale.
    """

    low: int
    high: int
    labels: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.low}-{self.high}"

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(range(self.low, self.high + 1))

    @property
    def satisfied_from(self) -> int:
        return self.high - 1

    @property
    def dissatisfied_to(self) -> int:
        n = len(self.levels)
        return self.low + (1 if n <= 7 else n // 2 - 1)

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2

    @property
    def is_nps(self) -> bool:
        return (self.low, self.high) == (0, 10)

    def label(self, level: int) -> str:
        return self.labels[level - self.low] if self.labels else str(level)


def make_scale(spec: Any, *, kind: Literal["satisfaction", "importance"] = "satisfaction") -> Scale:
    """A :class:`Scale` from ``"1-5"`` (``1–5``, ``1..5``), a ``{min, max, labels}`` or a Scale.

    Parameters
    ----------
    spec
        ``"1-5"`` (also ``1–5``, ``1..5``), a mapping ``{min, max, labels}`` or a :class:`Scale`.
    kind
        ``"satisfaction"`` or ``"importance"``: which default labels apply.

    Returns
    -------
    The scale, with its bounds and answer labels.
    """
    if isinstance(spec, Scale):
        return spec
    if isinstance(spec, dict):
        low, high, labels = int(spec["min"]), int(spec["max"]), tuple(spec.get("labels") or ())
    else:
        m = re.fullmatch(r"\s*(\d+)\s*(?:-|–|\.\.|à)\s*(\d+)\s*", str(spec))
        if not m:
            raise ConfigError(
                _("unknown scale {spec!r}").format(spec=spec),
                hint=_("write it as 1-4, 1-5, 0-10 or {min: 1, max: 7, labels: [...]}"),
            )
        low, high, labels = int(m[1]), int(m[2]), ()
    if high - low < 1:
        raise ConfigError(_("scale {spec!r} needs at least two points").format(spec=spec))
    if not labels:
        table = IMPORTANCE_LABELS if kind == "importance" else SATISFACTION_LABELS
        labels = table.get((low, high), ())
    if labels and len(labels) != high - low + 1:
        raise ConfigError(
            _("scale {spec!r} has {n_points} points but {n_labels} labels").format(
                spec=spec, n_points=high - low + 1, n_labels=len(labels)
            )
        )
    return Scale(low, high, tuple(labels))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ColumnMap(_Strict):
    """Column names in the file; ``None`` means found by its usual names."""

    territory: str | None = None
    wave: str | None = None
    service: str | None = None
    respondent: str | None = None
    respondent_type: str | None = None
    weight: str | None = None
    comment: str | None = None
    #: long format: the dimension, score, importance and (optional) scale columns
    dimension: str | None = None
    score: str | None = None
    importance: str | None = None
    scale: str | None = None


class SurveySchema(_Strict):
    """How survey files are laid out and what their values may be (see the module docstring)."""

    format: Literal["auto", "long", "wide"] = "auto"
    columns: ColumnMap = Field(default_factory=ColumnMap)
    #: wide format: prefixes of score and importance columns (``note_accueil``,
    #: ``importance_accueil``)
    score_prefixes: list[str] = Field(default_factory=lambda: ["note_", "satisfaction_", "score_"])
    importance_prefixes: list[str] = Field(default_factory=lambda: ["importance_"])
    scale: str | dict[str, Any] = "1-5"
    scales: dict[str, str | dict[str, Any]] = Field(default_factory=dict)
    importance_scale: str | dict[str, Any] = "1-5"
    #: French labels of dimension slugs (added to the built-in ones)
    dimensions: dict[str, str] = Field(default_factory=dict)
    #: allowed services: one list, or one list per territory (empty: any)
    services: list[str] | dict[str, list[str]] = Field(default_factory=list)
    territories: list[str] = Field(default_factory=list)
    #: extra spellings of respondent types
    respondent_types: dict[RespondentType, list[str]] = Field(default_factory=dict)
    #: answers meaning "no answer" (compared lower-case, without accents)
    missing_values: list[str] = Field(default_factory=lambda: list(NO_ANSWER_VALUES))
    #: values of fields the files have no column for (territory, wave, service, respondent_type)
    constants: dict[Literal["territory", "wave", "service", "respondent_type"], str] = Field(
        default_factory=dict
    )

    @classmethod
    def from_settings(cls, data: dict[str, Any] | SurveySchema | None) -> SurveySchema:
        """Validate the ``barometer.schema`` mapping, with errors naming the key."""
        if isinstance(data, SurveySchema):
            return data
        try:
            schema = cls.model_validate(data or {})
        except ValidationError as exc:
            where = pydantic_messages(exc, prefix="barometer.schema")
            raise ConfigError(
                _("invalid survey declaration: {where}").format(where=where),
                hint=_("see docs/barometer.md"),
            ) from None
        for spec in [schema.scale, schema.importance_scale, *schema.scales.values()]:
            make_scale(spec)
        return schema

    def scale_for(self, dimension: str) -> Scale:
        """The declared satisfaction scale of a dimension."""
        folded = {fold(k): v for k, v in self.scales.items()}
        return make_scale(folded.get(dimension, self.scale))

    def type_lookup(self) -> dict[str, str]:
        """Folded spelling → canonical respondent type."""
        out: dict[str, str] = {}
        for canon, spellings in RESPONDENT_TYPE_ALIASES.items():
            for s in [*spellings, *self.respondent_types.get(canon, [])]:
                out[fold(s)] = canon
        return out

    def allowed_services(self, territory: str) -> set[str] | None:
        """Services accepted for a territory, or ``None`` when any is."""
        if isinstance(self.services, dict):
            return set(self.services[territory]) if territory in self.services else None
        return set(self.services) or None
