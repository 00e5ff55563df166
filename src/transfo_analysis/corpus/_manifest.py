"""The metadata manifest: which file is which territory, service, method and date.

A manifest is a YAML file (``manifest.yaml`` in the project by default)::

    defaults:                      # applies to every file
      method: entretien
      respondent_role: usager      # role of speakers no rule matches
    ignore: ["**/README*", "**/*metadata*.csv"]
    territories:                   # display names
      valcourt: Métropole de Valcourt
    files:                         # later entries override earlier ones for the keys they set
      - match: "raw/valcourt/**"
        territory: valcourt
      - match: "raw/valcourt/entretiens/val-a*"
        respondent_role: agent
      - match: "raw/questionnaires/*.csv"
        method: questionnaire
        table: {text: reponse, respondent: id_repondant, territory: territoire,
                service: service, role: profil, date: date, attributes: [question]}
    roles:
      rules:                       # tried in order, before the built-in rules
        - {pattern: "(?i)animatrice", role: enqueteur}
      builtin_rules: true
      guess_interviewer: true      # the speaker asking most questions, when no marker says
    speakers:                      # exact labels
      "Sonia Belmont-Rives (ENQ)": {role: enqueteur, person: SBR}

File rules can also come from a spreadsheet kept by the ambassadors: a CSV file (UTF-8 or
cp1252, ``,`` or ``;``) whose columns are the keys of a file rule (``match``, ``territory``,
``service``, ``method``, ``date``, ``respondent_role``), referenced as ``file_table:
metadonnees.csv`` in the YAML manifest (its rows come after the YAML ``files``), or given
directly as the manifest (``--manifest metadonnees.csv``).

Globs (``match``) are matched against the file's path relative to the manifest's folder and
relative to the folder given on the command line, with ``**`` spanning folders. Files that match
no entry keep the defaults, take their territory from the folder directly under the source
folder (``raw/<territoire>/…``), and are listed in the load report.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from transfo_analysis.config import load_yaml, pydantic_messages
from transfo_analysis.corpus._schema import METHODS, ROLES
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TableMapping(_Strict):
    """Columns of a CSV/XLSX of open answers (one row per answer, or one column per question)."""

    #: column holding the answer text (one row per answer)
    text: str | None = None
    #: columns holding answers, one per question (wide files); the column name becomes ``question``
    text_columns: list[str] = Field(default_factory=list)
    respondent: str | None = None
    territory: str | None = None
    service: str | None = None
    role: str | None = None
    date: str | None = None
    question: str | None = None
    #: other columns kept as segment attributes
    attributes: list[str] = Field(default_factory=list)
    sheet: str | int | None = None
    delimiter: str | None = None


class FileRule(_Strict):
    """Metadata for the files a glob matches."""

    match: str | list[str]
    territory: str | None = None
    service: str | None = None
    method: str | None = None
    date: str | None = None
    respondent_role: str | None = None
    reader: str | None = None
    #: options passed to the reader (e.g. ``merge_gap`` or ``non_speaker_tiers`` for TextGrid)
    reader_options: dict[str, Any] = Field(default_factory=dict)
    table: TableMapping | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("method")
    @classmethod
    def _method(cls, v: str | None) -> str | None:
        if v is not None and v not in METHODS:
            raise ValueError(_("method must be one of {values}").format(values=", ".join(METHODS)))
        return v

    @field_validator("respondent_role")
    @classmethod
    def _role(cls, v: str | None) -> str | None:
        if v is not None and v not in ROLES:
            raise ValueError(_("role must be one of {values}").format(values=", ".join(ROLES)))
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> str | None:
        if isinstance(v, _dt.date):
            return v.isoformat()
        if v is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(v)):
            raise ValueError(_("date must be YYYY, YYYY-MM or YYYY-MM-DD"))
        return None if v is None else str(v)


class RoleRule(_Strict):
    pattern: str
    role: str

    @field_validator("role")
    @classmethod
    def _role(cls, v: str) -> str:
        if v not in ROLES:
            raise ValueError(_("role must be one of {values}").format(values=", ".join(ROLES)))
        return v

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(_("invalid regular expression: {error}").format(error=exc)) from None
        return v


class RoleSettings(_Strict):
    rules: list[RoleRule] = Field(default_factory=list)
    builtin_rules: bool = True
    guess_interviewer: bool = True


class SpeakerEntry(_Strict):
    role: str | None = None
    person: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class Defaults(_Strict):
    method: str = "entretien"
    respondent_role: str = "usager"
    territory: str | None = None
    service: str | None = None


class Manifest(_Strict):
    """A parsed manifest (see the module documentation for the file format)."""

    defaults: Defaults = Field(default_factory=Defaults)
    ignore: list[str] = Field(default_factory=lambda: ["**/README*", "**/.*"])
    territories: dict[str, str] = Field(default_factory=dict)
    files: list[FileRule] = Field(default_factory=list)
    roles: RoleSettings = Field(default_factory=RoleSettings)
    speakers: dict[str, SpeakerEntry] = Field(default_factory=dict)
    #: a CSV of file rules (one row per file or glob), relative to the manifest
    file_table: str | None = None
    #: folder the globs are relative to (the manifest's folder)
    base: Path | None = Field(default=None, exclude=True)

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        """Read and validate a manifest file (errors name the file and the key)."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            data: dict[str, Any] = {"files": _read_file_table(path)}
        else:
            data = load_yaml(path)
            if data.get("file_table"):
                table = path.parent / str(data["file_table"])
                data = {**data, "files": list(data.get("files") or []) + _read_file_table(table)}
        try:
            manifest = cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(
                _("{path}: invalid manifest: {problems}").format(
                    path=path, problems=pydantic_messages(exc)
                ),
                hint=_(
                    "see the manifest format in README.md (rows of a file_table count from 0 "
                    "after the YAML files)"
                ),
            ) from None
        manifest.base = path.resolve().parent
        return manifest

    # -- matching -------------------------------------------------------------------------
    def candidates(self, path: Path, source_root: Path | None) -> list[str]:
        """Relative spellings of a path that globs are matched against.

        The path as walked comes first (a file under a followed link matches ``raw/<link>/**``),
        then the path with links resolved.
        """
        out = []
        spellings = dict.fromkeys((path.absolute(), path.resolve()))
        for base in (self.base, source_root, source_root.parent if source_root else None):
            if base is None:
                continue
            for spelling in spellings:
                try:
                    out.append(spelling.relative_to(base.resolve()).as_posix())
                except ValueError:
                    continue
        out.append(path.name)
        return list(dict.fromkeys(out))

    def is_ignored(self, path: Path, source_root: Path | None) -> bool:
        return any(
            _glob_match(c, g) for c in self.candidates(path, source_root) for g in self.ignore
        )

    def rules_for(self, path: Path, source_root: Path | None) -> list[FileRule]:
        """File rules matching a path, in manifest order."""
        cands = self.candidates(path, source_root)
        out = []
        for rule in self.files:
            globs = [rule.match] if isinstance(rule.match, str) else rule.match
            if any(_glob_match(c, g) for c in cands for g in globs):
                out.append(rule)
        return out

    def metadata_for(self, path: Path, source_root: Path | None) -> tuple[dict[str, Any], bool]:
        """Merged metadata for a file, and whether any rule matched it."""
        meta: dict[str, Any] = {
            "method": self.defaults.method,
            "respondent_role": self.defaults.respondent_role,
            "territory": self.defaults.territory,
            "service": self.defaults.service,
            "attributes": {},
            "reader_options": {},
        }
        rules = self.rules_for(path, source_root)
        for rule in rules:
            meta["reader_options"] = {**meta["reader_options"], **rule.reader_options}
            for key in (
                "territory",
                "service",
                "method",
                "date",
                "respondent_role",
                "reader",
                "table",
            ):
                value = getattr(rule, key)
                if value is not None:
                    meta[key] = value
            meta["attributes"] = {**meta["attributes"], **rule.attributes}
        return meta, bool(rules)


_RULE_COLUMNS = ("match", "territory", "service", "method", "date", "respondent_role", "reader")


def _read_file_table(path: Path) -> list[dict[str, Any]]:
    """File rules from a CSV (one row per file or glob); empty cells mean "not set"."""
    import csv
    import io

    from transfo_analysis.corpus._text import decode

    try:
        text, _encoding = decode(path.read_bytes(), path)
    except FileNotFoundError:
        raise ConfigError(
            _("{path}: file_table not found").format(path=path),
            hint=_("check the path given in manifest.yaml"),
        ) from None
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "match" not in header:
        raise ConfigError(
            _("{path}: a file table needs a 'match' column (found: {columns})").format(
                path=path, columns=", ".join(header) or _("none")
            )
        )
    unknown = [h for h in header if h not in _RULE_COLUMNS]
    rows = []
    for row in reader:
        rule = {
            k.strip(): v.strip()
            for k, v in row.items()
            if k and k.strip() in _RULE_COLUMNS and v and v.strip()
        }
        attrs = {
            k.strip(): v.strip()
            for k, v in row.items()
            if k and k.strip() in unknown and v and v.strip()
        }
        if rule.get("match"):
            rows.append({**rule, "attributes": attrs} if attrs else rule)
    return rows


def _glob_match(path: str, pattern: str) -> bool:
    """Glob match where ``**`` spans folders and ``*`` does not."""
    return _glob_regex(pattern).fullmatch(path) is not None


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    if pattern not in _GLOB_CACHE:
        parts = []
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                parts.append("(?:.*/)?")
                i += 3
            elif pattern.startswith("**", i):
                parts.append(".*")
                i += 2
            elif pattern[i] == "*":
                parts.append("[^/]*")
                i += 1
            elif pattern[i] == "?":
                parts.append("[^/]")
                i += 1
            else:
                parts.append(re.escape(pattern[i]))
                i += 1
        _GLOB_CACHE[pattern] = re.compile("".join(parts), re.IGNORECASE)
    return _GLOB_CACHE[pattern]


def default_manifest() -> Manifest:
    """The manifest used when a project has none."""
    return Manifest()


__all__ = ["FileRule", "Manifest", "RoleRule", "TableMapping", "default_manifest"]
