"""The vocabulary of the evidence trail: target kinds, stances, the proposal status machine.

A *finding* (constat) rests on evidence links; each link points to a typed target and says
whether it supports (*appuie*), qualifies (*nuance*) or contradicts (*contredit*) the finding.
A *proposal* (piste) rests on findings and moves through a status lifecycle, one decision record
per transition.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from transfo_analysis.coding.store import EVIDENCE_KINDS, PROPOSAL_STATUSES, STANCES
from transfo_analysis.errors import TransfoError
from transfo_analysis.evidence._labels import ALLOWED_TRANSITIONS, KIND_LABELS, STATUS_ALIASES
from transfo_analysis.i18n import _

__all__ = [
    "ALLOWED_TRANSITIONS",
    "EVIDENCE_KINDS",
    "KIND_LABELS",
    "PROPOSAL_STATUSES",
    "STANCES",
    "DecisionError",
    "EvidenceError",
    "Target",
    "TransitionError",
    "UnknownTargetError",
    "normalise_stance",
    "normalise_status",
    "parse_target",
]


class EvidenceError(TransfoError):
    """An invalid finding, evidence link, proposal or decision."""


class UnknownTargetError(EvidenceError):
    """An evidence link to a segment, code, topic… that the project does not have."""


class DecisionError(EvidenceError):
    """A decision record missing its instance or date, or with an invalid one."""


class TransitionError(EvidenceError):
    """A status change that the lifecycle does not allow."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).strip().lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ")


_STATUS_BY_FOLD = {_fold(s): s for s in PROPOSAL_STATUSES} | STATUS_ALIASES
_STANCE_BY_FOLD = {_fold(s): s for s in STANCES}


def normalise_status(value: str) -> str:
    """The canonical status (``"a l'etude"`` → ``"à l'étude"``); unknown values are refused.

    Parameters
    ----------
    value
        A status, accents and case optional.

    Returns
    -------
    str
        One of :data:`PROPOSAL_STATUSES`.
    """
    status = _STATUS_BY_FOLD.get(_fold(value))
    if status is None:
        raise EvidenceError(
            _("unknown status « {value} » (possible statuses: {allowed})").format(
                value=value, allowed=", ".join(PROPOSAL_STATUSES)
            )
        )
    return status


def normalise_stance(value: str) -> str:
    """The canonical stance (appuie, nuance, contredit); unknown values are refused."""
    stance = _STANCE_BY_FOLD.get(_fold(value))
    if stance is None:
        raise EvidenceError(
            _("unknown stance « {value} » (use {allowed})").format(
                value=value, allowed=", ".join(STANCES)
            )
        )
    return stance


@dataclass(frozen=True)
class Target:
    """What an evidence link points to.

    Attributes
    ----------
    kind
        One of :data:`EVIDENCE_KINDS`.
    target
        Segment id (``segment``, ``idea``), code name, topic or Reinert class number, word,
        or ``territory/wave/service/dimension[/respondent_type]`` for barometer figures.
    scope
        Sub-corpus of a ``word`` (``territory=valcourt``, ``role=usager``; empty: the whole
        corpus).
    start, end
        Character span of a quote in the segment's pseudonymised text (end exclusive).
    """

    kind: str
    target: str
    scope: str = ""
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        span = f"[{self.start}:{self.end}]" if self.start is not None else ""
        scope = f"@{self.scope}" if self.scope else ""
        return f"{self.kind}:{self.target}{span}{scope}"


_SPAN = re.compile(r"^(?P<id>.*?)\[(?P<start>\d+):(?P<end>\d+)\]$")


def parse_target(value: str | Target) -> Target:
    """Read ``kind:target[start:end]@scope``
    (``segment:D12-ab[10:52]``, ``word:attente@role=usager``).

    Parameters
    ----------
    value
        The text, or a target (returned as it is).

    Returns
    -------
    Target
        The target.

    Raises
    ------
    EvidenceError
        When the kind is unknown or the text has no ``kind:`` prefix.
    """
    if isinstance(value, Target):
        return value
    text = str(value).strip()
    kind, sep, rest = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in EVIDENCE_KINDS:
        raise EvidenceError(
            _(
                "unreadable evidence target « {value} »: write kind:identifier, kind among {kinds}"
            ).format(value=text, kinds=", ".join(EVIDENCE_KINDS))
        )
    scope = ""
    if kind == "word" and "@" in rest:
        rest, scope = rest.rsplit("@", 1)
    start = end = None
    m = _SPAN.match(rest.strip())
    if m and kind in ("segment", "idea"):
        rest, start, end = m["id"], int(m["start"]), int(m["end"])
    return Target(kind, rest.strip(), scope.strip(), start, end)
