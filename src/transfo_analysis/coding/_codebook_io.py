"""Reading, validating and writing the codebook
YAML (see :mod:`transfo_analysis.coding.codebook`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from transfo_analysis.coding._errors import CodebookError
from transfo_analysis.coding.codebook import Code, Codebook, from_codes, normalise_name
from transfo_analysis.i18n import _

_COLOUR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_CODE_KEYS = {
    "name",
    "parent",
    "definition",
    "include",
    "exclude",
    "examples",
    "colour",
    "color",
    "keywords",
    "patterns",
    "guid",
    "codable",
    "children",
}
_TOP_KEYS = {"name", "version", "description", "language", "families", "codes"}


def _as_tuple(value: Any, where: str, problems: list[str]) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(value)
    problems.append(
        _("{where}: expected a list, got {kind}").format(where=where, kind=type(value).__name__)
    )
    return ()


def _flatten(
    items: Any, parent: str | None, where: str, problems: list[str]
) -> list[tuple[str, dict[str, Any], str | None]]:
    """Nested ``children`` → (where, mapping, implied parent) triples."""
    out: list[tuple[str, dict[str, Any], str | None]] = []
    if not isinstance(items, list):
        problems.append(
            _("{where}: expected a list of codes, got {kind}").format(
                where=where, kind=type(items).__name__
            )
        )
        return out
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            problems.append(
                _("{where}: expected a mapping with at least `name`, got {kind}").format(
                    where=here, kind=type(item).__name__
                )
            )
            continue
        name = item.get("name")
        label = f"{here} ({name!r})" if name else here
        out.append((label, item, parent))
        if "children" in item and item["children"] is not None:
            out.extend(
                _flatten(
                    item["children"],
                    normalise_name(name) if name else None,
                    f"{label}.children",
                    problems,
                )
            )
    return out


def codebook_from_dict(data: dict[str, Any], *, source: str = "<dict>") -> Codebook:
    """Build and validate a codebook from its YAML structure.

    Parameters
    ----------
    data
        The codebook as read from YAML (``codes``, ``families``…).
    source
        Where it came from, named in error messages.

    Returns
    -------
    The validated codebook.

    Raises
    ------
    CodebookError
        Listing every problem (unknown keys, empty or duplicate names, unknown parents, cycles,
        bad colours, invalid patterns), each located by its position and name.
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CodebookError(
            _("{source}: expected a mapping with a `codes:` list, got {kind}").format(
                source=source, kind=type(data).__name__
            )
        )
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(
            _("unknown top-level key {key} (known: {known})").format(
                key=repr(key), known=", ".join(sorted(_TOP_KEYS))
            )
        )
    families: dict[str, tuple[str, ...]] = {}
    fam = data.get("families") or {}
    if not isinstance(fam, dict):
        problems.append(_("families: expected a mapping lemma -> list of related words"))
    else:
        for head, words in fam.items():
            families[normalise_name(head).lower()] = tuple(
                normalise_name(w).lower() for w in _as_tuple(words, f"families.{head}", problems)
            )
    codes: list[Code] = []
    for where, item, implied in _flatten(data.get("codes") or [], None, "codes", problems):
        for key in sorted(set(item) - _CODE_KEYS):
            problems.append(
                _("{where}: unknown key {key} (known: {known})").format(
                    where=where, key=repr(key), known=", ".join(sorted(_CODE_KEYS - {"color"}))
                )
            )
        name = item.get("name")
        if not isinstance(name, str | int | float) or not normalise_name(str(name)):
            problems.append(_("{where}: missing or empty `name`").format(where=where))
            continue
        parent = item.get("parent")
        if parent is not None and implied is not None and normalise_name(parent) != implied:
            problems.append(
                _("{where}: `parent: {parent}` contradicts its place under {implied}").format(
                    where=where, parent=parent, implied=repr(implied)
                )
            )
        colour = item.get("colour", item.get("color"))
        if colour is not None and not _COLOUR.match(str(colour)):
            problems.append(
                _("{where}: colour {colour} is not #RRGGBB").format(
                    where=where, colour=repr(colour)
                )
            )
        patterns = _as_tuple(item.get("patterns"), f"{where}.patterns", problems)
        for j, pat in enumerate(patterns):
            if not (isinstance(pat, list) and pat and all(isinstance(t, dict) for t in pat)):
                problems.append(
                    _(
                        "{where}.patterns[{j}]: a spaCy pattern is a non-empty list of token "
                        "mappings"
                    ).format(where=where, j=j)
                )
        codes.append(
            Code(
                name=normalise_name(str(name)),
                parent=normalise_name(parent) if parent is not None else implied,
                definition=str(item.get("definition") or "").strip(),
                include=str(item.get("include") or "").strip(),
                exclude=str(item.get("exclude") or "").strip(),
                examples=tuple(
                    str(e).strip()
                    for e in _as_tuple(item.get("examples"), f"{where}.examples", problems)
                ),
                colour=str(colour).upper() if colour is not None else None,
                keywords=tuple(
                    normalise_name(k)
                    for k in _as_tuple(item.get("keywords"), f"{where}.keywords", problems)
                    if normalise_name(str(k))
                ),
                patterns=patterns,
                guid=str(item["guid"]) if item.get("guid") else None,
                codable=bool(item.get("codable", True)),
            )
        )
    version = data.get("version")
    return from_codes(
        codes,
        families=families,
        name=str(data.get("name") or "Codebook"),
        version=None if version is None else str(version),
        description=str(data.get("description") or ""),
        source=source,
        problems=problems,
    )


def load_codebook(source: Any) -> Codebook:
    """Read and validate a codebook YAML file.

    Parameters
    ----------
    source
        A path, or a :class:`~transfo_analysis.config.Project` (its ``codebook_file``).

    Returns
    -------
    The validated codebook.

    Raises
    ------
    ConfigError
        Invalid YAML (with the line).
    CodebookError
        An invalid codebook.
    """
    from transfo_analysis.config import load_yaml

    path = Path(getattr(source, "codebook_file", source))
    return codebook_from_dict(load_yaml(path), source=str(path))


def save_codebook(codebook: Codebook, path: str | Path) -> Path:
    """Write a codebook as nested YAML (atomically: a crash never leaves half a file).

    Parameters
    ----------
    codebook
        The codebook to write.
    path
        The YAML file.

    Returns
    -------
    The path written.
    """
    import yaml

    from transfo_analysis.provenance import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        yaml.safe_dump(codebook.to_dict(), fh, allow_unicode=True, sort_keys=False, width=100)
    return path


def rename(codebook: Codebook, old: str, new: str) -> Codebook:
    """A codebook with a code renamed (children
    follow). Codings must be renamed in the store too.
    """
    old = codebook.check([old])[0]
    new = normalise_name(new)
    codes = [
        replace(
            c, name=new if c.name == old else c.name, parent=new if c.parent == old else c.parent
        )
        for c in codebook
    ]
    return from_codes(
        codes,
        families=codebook.families,
        name=codebook.name,
        version=codebook.version,
        description=codebook.description,
        source=codebook.source,
    )
