"""The codebook: hierarchical codes with definitions, criteria, examples, colours and keywords.

It is a YAML file under version control (``codebook.yaml`` in the project). Codes nest through
``children:`` (or name their ``parent:``); names are unique (compared without case and after
Unicode NFC normalisation, so ``Accès`` written with a combining accent is the same code);
accents and spaces are fine. See ``docs/coding.md`` for the format.

This module holds the :class:`Code` and :class:`Codebook` classes; reading, validating and writing
the YAML are in :mod:`._codebook_io` (``load_codebook``, ``save_codebook``, ``codebook_from_dict``,
re-exported by :mod:`transfo_analysis.coding`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from transfo_analysis.coding._errors import CodebookError, UnknownCodeError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.viz import PALETTE


def normalise_name(name: str) -> str:
    """A code name as stored: NFC, trimmed, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def _key(name: str) -> str:
    return normalise_name(name).casefold()


@dataclass(frozen=True)
class Code:
    """One code of the codebook.

    Attributes
    ----------
    name
        Unique name (accents welcome).
    parent
        Name of the parent code, ``None`` for a top-level code.
    definition, include, exclude
        What the code means; when to apply it; when not to (and which code to use instead).
    examples
        Typical excerpts (also used by semantic suggestions).
    colour
        ``#RRGGBB``.
    keywords
        Words or phrases that suggest the code; matched on lemmas (see
        :func:`~transfo_analysis.coding.suggest_rules`).
    patterns
        spaCy ``Matcher`` token patterns (lists of dicts), for what keywords cannot say.
    guid
        REFI-QDA identifier, kept across exports and imports.
    codable
        ``False`` for a category that only groups sub-codes.
    """

    name: str
    parent: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    colour: str | None = None
    keywords: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    guid: str | None = None
    codable: bool = True

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["examples"], d["keywords"], d["patterns"] = (
            list(self.examples),
            list(self.keywords),
            list(self.patterns),
        )
        return d


@dataclass
class Codebook:
    """Codes in order (parents before children) and the derivational families of keywords."""

    codes: dict[str, Code] = field(default_factory=dict)
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name: str = "Codebook"
    version: str | None = None
    description: str = ""
    source: str = "<codebook>"

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalise_name(name) in self.codes

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes.values())

    @property
    def names(self) -> list[str]:
        return list(self.codes)

    def get(self, name: str) -> Code:
        """The code called ``name``.

        Raises
        ------
        UnknownCodeError
            Naming the closest known codes.
        """
        code = self.codes.get(normalise_name(name))
        if code is None:
            self.check([name])
        return code  # type: ignore[return-value]

    def check(self, names: Iterable[str], *, where: str = "") -> list[str]:
        """Normalised names, all known to the codebook.

        Raises
        ------
        UnknownCodeError
            Listing every unknown name with suggestions.
        """
        out, unknown = [], []
        for n in names:
            nn = normalise_name(n)
            if nn in self.codes:
                out.append(nn)
            else:
                folded = {_key(k): k for k in self.codes}
                if _key(nn) in folded:  # same name, other case
                    out.append(folded[_key(nn)])
                    continue
                unknown.append(nn)
        if unknown:
            parts = []
            for u in dict.fromkeys(unknown):
                near = (
                    difflib.get_close_matches(u, self.names, n=2, cutoff=0.6)
                    or [n for n in self.names if _key(u) in _key(n)][:2]
                )
                parts.append(
                    repr(u)
                    + (
                        _(" (did you mean {names}?)").format(names=_(" or ").join(map(repr, near)))
                        if near
                        else ""
                    )
                )
            raise UnknownCodeError(
                (f"{where}: " if where else "")
                + ngettext(
                    "unknown code {codes} in codebook {source}",
                    "unknown codes {codes} in codebook {source}",
                    len(parts),
                ).format(codes=", ".join(parts), source=self.source),
                hint=_("add the code to the codebook first, or fix the name"),
            )
        return out

    def children(self, name: str) -> list[str]:
        return [c.name for c in self.codes.values() if c.parent == name]

    def descendants(self, name: str) -> list[str]:
        out, todo = [], self.children(name)
        while todo:
            n = todo.pop(0)
            out.append(n)
            todo.extend(self.children(n))
        return out

    def ancestors(self, name: str) -> list[str]:
        out, parent = [], self.codes[name].parent
        while parent is not None:
            out.append(parent)
            parent = self.codes[parent].parent
        return out

    def path(self, name: str, *, sep: str = " / ") -> str:
        return sep.join([*reversed(self.ancestors(name)), name])

    def colour(self, name: str) -> str:
        return self.codes[name].colour or PALETTE[self.names.index(name) % len(PALETTE)]

    def to_frame(self) -> pd.DataFrame:
        """One row per code: name, parent, path, depth, definition, criteria, colour, keywords."""
        rows = [
            {
                "code": c.name,
                "parent": c.parent,
                "path": self.path(c.name),
                "depth": len(self.ancestors(c.name)),
                "definition": c.definition,
                "include": c.include,
                "exclude": c.exclude,
                "n_examples": len(c.examples),
                "keywords": ", ".join(c.keywords),
                "colour": self.colour(c.name),
                "codable": c.codable,
            }
            for c in self.codes.values()
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "code",
                "parent",
                "path",
                "depth",
                "definition",
                "include",
                "exclude",
                "n_examples",
                "keywords",
                "colour",
                "codable",
            ],
        )

    def add(self, code: Code) -> Codebook:
        """A new codebook with one more code (validated)."""
        return from_codes(
            [*self.codes.values(), code],
            families=self.families,
            name=self.name,
            version=self.version,
            description=self.description,
            source=self.source,
        )

    def to_dict(self) -> dict[str, Any]:
        """The nested YAML structure (``children:``), ready for :func:`save_codebook`."""

        def node(c: Code) -> dict[str, Any]:
            d: dict[str, Any] = {"name": c.name}
            for key in ("definition", "include", "exclude"):
                if getattr(c, key):
                    d[key] = getattr(c, key)
            for key in ("examples", "keywords", "patterns"):
                if getattr(c, key):
                    d[key] = list(getattr(c, key))
            if c.colour:
                d["colour"] = c.colour
            if c.guid:
                d["guid"] = c.guid
            if not c.codable:
                d["codable"] = False
            kids = [node(self.codes[k]) for k in self.children(c.name)]
            if kids:
                d["children"] = kids
            return d

        out: dict[str, Any] = {"name": self.name}
        if self.version is not None:
            out["version"] = self.version
        if self.description:
            out["description"] = self.description
        if self.families:
            out["families"] = {k: list(v) for k, v in self.families.items()}
        out["codes"] = [node(c) for c in self.codes.values() if c.parent is None]
        return out


def from_codes(
    codes: Iterable[Code],
    *,
    families: dict[str, tuple[str, ...]] | None = None,
    name: str = "Codebook",
    version: str | None = None,
    description: str = "",
    source: str = "<codebook>",
    problems: list[str] | None = None,
) -> Codebook:
    """Validate codes (unique names, known parents, no cycles) and order parents first."""
    problems = list(problems or [])
    by_name: dict[str, Code] = {}
    seen: dict[str, str] = {}
    for c in codes:
        if _key(c.name) in seen:
            problems.append(
                _("duplicate code name {name} (already defined as {other})").format(
                    name=repr(c.name), other=repr(seen[_key(c.name)])
                )
            )
            continue
        seen[_key(c.name)] = c.name
        by_name[c.name] = c
    for c in by_name.values():
        if c.parent is not None and c.parent not in by_name:
            near = difflib.get_close_matches(c.parent, list(by_name), n=1)
            problems.append(
                _("code {name}: unknown parent {parent}").format(
                    name=repr(c.name), parent=repr(c.parent)
                )
                + (_(" (did you mean {names}?)").format(names=repr(near[0])) if near else "")
            )
    for c in by_name.values():
        chain, parent = [c.name], c.parent
        while parent is not None and parent in by_name:
            if parent in chain:
                problems.append(
                    _("cycle in the code hierarchy: {chain}").format(
                        chain=" -> ".join([*chain[chain.index(parent) :], parent])
                    )
                )
                break
            chain.append(parent)
            parent = by_name[parent].parent
    if problems:
        raise CodebookError(
            _("{source}: invalid codebook: {problems}").format(
                source=source, problems="; ".join(dict.fromkeys(problems))
            ),
            hint=_("fix the entries named above (docs/coding.md describes the format)"),
        )
    ordered: dict[str, Code] = {}

    def visit(n: str) -> None:
        if n in ordered:
            return
        ordered[n] = by_name[n]
        for child in (k for k, v in by_name.items() if v.parent == n):
            visit(child)

    for n, c in by_name.items():
        if c.parent is None:
            visit(n)
    return Codebook(
        codes=ordered,
        families=dict(families or {}),
        name=name,
        version=version,
        description=description,
        source=source,
    )
