"""The « Des voix aux décisions » section for one profile: the findings that profile supports.

The published section (``voices_to_decisions.json``) is already k-suppressed: a profile's count
behind a finding is a number, 0, or ``None`` when fewer than ``k`` people stand behind it. With
a profile chosen, a finding is kept when that profile stands behind it (a number above 0, or a
masked count: the unfiltered view already says « moins de k »), a proposal when one of its
findings is kept, and a finding's quotes only when that profile said them. Nothing is shown that
the unfiltered section does not show.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from transfo_analysis.corpus import fold
from transfo_analysis.labels import role_label


def decisions_for_role(section: dict[str, Any] | None, role: str | None) -> dict[str, Any] | None:
    """The section cut to the findings a profile supports, with that profile's quotes.

    Parameters
    ----------
    section
        The published ``voices_to_decisions`` document (``None``: not published).
    role
        The chosen profile (``usager``, ``agent``, ``encadrant``, ``elu``); ``None``: all.

    Returns
    -------
    dict or None
        A filtered copy (the published document is not changed); ``proposals`` is empty when
        that profile supports no published finding.
    """
    if section is None or role is None:
        return section
    key = fold(role_label(role))
    out = deepcopy(section)
    proposals = []
    for proposal in out.get("proposals") or []:
        findings = []
        for finding in proposal.get("findings") or []:
            counts = {fold(k): v for k, v in (finding["strength"].get("by_role") or {}).items()}
            if key not in counts or counts[key] == 0:
                continue
            finding["quotes"] = [
                q for q in finding.get("quotes") or [] if fold(q.get("role_label", "")) == role
            ]
            findings.append(finding)
        if findings:
            proposal["findings"] = findings
            proposals.append(proposal)
    out["proposals"] = proposals
    return out
