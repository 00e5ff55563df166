"""From voices to decisions: findings, their evidence, proposals and the decisions taken on them.

- Open: :func:`open_trail` (the project's annotation store plus the targets evidence can point to).
- Write: :func:`add_finding`, :func:`link_evidence`, :func:`propose`, :func:`decide`;
  :func:`import_trail` loads a YAML file of them (``evidence.imports`` in ``project.yaml``).
- Read: :func:`findings`, :func:`evidence_links`, :func:`proposals`, :func:`decisions`,
  :func:`audit`, :func:`orphaned_evidence`, :func:`strength` (computed, never typed),
  :func:`evidence_table` (the traceability matrix, research or stakeholder variant) and
  :func:`trail` (the whole trail, nested), :func:`web_annotations` (W3C Web Annotation JSON).
- JupyterLab: :func:`evidence_panel`, beside the coding panel (a finding from the segments read).
- Exchange: :func:`add_trail_to_qdpx`, :func:`read_trail_qdpx`, :func:`import_trail_qdpx` (REFI-QDA
  Notes, Sets and Links).

See ``docs/evidence.md``.
"""

from transfo_analysis.evidence._decide import decide
from transfo_analysis.evidence._io import evidence_project, find_quote, import_trail, load_trail
from transfo_analysis.evidence._model import (
    ALLOWED_TRANSITIONS,
    EVIDENCE_KINDS,
    KIND_LABELS,
    PROPOSAL_STATUSES,
    STANCES,
    DecisionError,
    EvidenceError,
    Target,
    TransitionError,
    UnknownTargetError,
    normalise_status,
    parse_target,
)
from transfo_analysis.evidence._panel import EvidencePanelState, evidence_panel
from transfo_analysis.evidence._refi import add_trail_to_qdpx, import_trail_qdpx, read_trail_qdpx
from transfo_analysis.evidence._strength import (
    STRENGTH_ROLES,
    audit,
    decisions,
    evidence_links,
    findings,
    orphaned_evidence,
    proposals,
    strength,
)
from transfo_analysis.evidence._tables import (
    MATRIX_COLUMNS,
    describe,
    evidence_table,
    withheld_note,
)
from transfo_analysis.evidence._tables import trail_dict as trail
from transfo_analysis.evidence._targets import TargetIndex
from transfo_analysis.evidence._trail import (
    Trail,
    add_finding,
    link_evidence,
    open_trail,
    propose,
)
from transfo_analysis.evidence._webanno import web_annotations

__all__ = [
    "ALLOWED_TRANSITIONS",
    "EVIDENCE_KINDS",
    "KIND_LABELS",
    "MATRIX_COLUMNS",
    "PROPOSAL_STATUSES",
    "STANCES",
    "STRENGTH_ROLES",
    "DecisionError",
    "EvidencePanelState",
    "EvidenceError",
    "Target",
    "TargetIndex",
    "Trail",
    "TransitionError",
    "UnknownTargetError",
    "add_finding",
    "add_trail_to_qdpx",
    "audit",
    "decide",
    "decisions",
    "describe",
    "evidence_links",
    "evidence_panel",
    "evidence_project",
    "evidence_table",
    "find_quote",
    "findings",
    "import_trail",
    "import_trail_qdpx",
    "link_evidence",
    "load_trail",
    "normalise_status",
    "open_trail",
    "orphaned_evidence",
    "parse_target",
    "propose",
    "proposals",
    "read_trail_qdpx",
    "strength",
    "trail",
    "web_annotations",
    "withheld_note",
]
