"""Cases and variables of a ``.qdpx``: who speaks in which source, and what the tool knew of them.

REFI-QDA keeps attributes as ``Variables`` (name, type) whose values hang on ``Case`` elements
(a respondent, a site, a group; linked to sources by ``SourceRef``) or on the ``TextSource``
itself. This module reads them into two tables without deciding what they mean; the migration
(:mod:`._migrate`) maps them onto territories, services, methods and roles.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from lxml import etree

from transfo_analysis.coding.refi._xml import child, children, local, norm_guid

CASE_COLUMNS = ["guid", "name", "variables", "sources"]
VALUE_COLUMNS = ["source_guid", "variable", "value"]


def variable_names(root: etree._Element) -> dict[str, str]:
    """GUID → name of the project's variables."""
    el = child(root, "Variables")
    if el is None:
        return {}
    return {
        norm_guid(v.get("guid")) or "": (v.get("name") or "").strip()
        for v in children(el, "Variable")
    }


def values_of(el: etree._Element, names: dict[str, str]) -> dict[str, Any]:
    """The ``VariableValue`` children of an element as ``{variable name: value}``."""
    out: dict[str, Any] = {}
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        name = names.get(norm_guid(ref.get("targetGUID")) or "") if ref is not None else None
        if not name:
            continue
        for c in vv:
            if isinstance(c.tag, str) and local(c).endswith("Value") and local(c) != "VariableRef":
                out[name] = (c.text or "").strip()
                break
    return out


def read_cases(root: etree._Element) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cases (with their variable values and linked
    sources) and the sources' own variable values.
    """
    names = variable_names(root)
    cases_el = child(root, "Cases")
    cases = [
        {
            "guid": norm_guid(c.get("guid")) or "",
            "name": (c.get("name") or "").strip(),
            "variables": values_of(c, names),
            "sources": [norm_guid(s.get("targetGUID")) or "" for s in children(c, "SourceRef")],
        }
        for c in (children(cases_el, "Case") if cases_el is not None else [])
    ]
    sources_el = child(root, "Sources")
    values = [
        {"source_guid": norm_guid(src.get("guid")) or "", "variable": k, "value": v}
        for src in (children(sources_el, "TextSource") if sources_el is not None else [])
        for k, v in values_of(src, names).items()
    ]
    return pd.DataFrame(cases, columns=CASE_COLUMNS), pd.DataFrame(values, columns=VALUE_COLUMNS)
