"""Account labels of participation platforms, replaced whole in the speakers' table.

A speaker label read from a platform export (a Decidim author's name or nickname, ``participant
4182`` from an account id, a Miro user, a workshop card's author or voter) names an account, and
an account identifies its holder: the platform's operator can look it up, and a nickname is often
the one its holder uses elsewhere. The detection layers only replace what they take for a name,
so ``guerin``, ``Jpdchti59`` or ``Le cheveulu`` would stay in clear. Such a label is therefore
replaced whole by an ``[AUTEUR_n]`` tag of the key (one per distinct label, stable across runs),
unless the layers already replaced every word of it (``Manon Leclerc`` → ``[PERSONNE_4]``, the
same pseudonym as in the texts). Labels the suite writes itself (``organisation``, the unknown
speaker) are kept.

An account label is replaced in the speakers' table only: it is not searched in the texts, and
the leak checker does not search it either (nicknames are often everyday words: ``plume``,
``espoir``). The names the layers find in a label are searched everywhere, as before.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from transfo_analysis.anonymise._spans import Span
from transfo_analysis.corpus import UNKNOWN_SPEAKER

#: the key's entity type of account labels
ACCOUNT_TYPE = "AUTEUR"
#: the detector name written in the audit
ACCOUNT_DETECTOR = "account"
#: labels written by the suite's readers, not by a participant
_SUITE_LABELS = frozenset(("organisation", UNKNOWN_SPEAKER))
_CLEAR = re.compile(r"[^\W_]")


def platform_documents(documents: pd.DataFrame) -> set[str]:
    """Ids of the documents read from a participation platform or a workshop's cards."""
    out = set()
    for doc_id, attrs in zip(documents["doc_id"], documents["attributes"], strict=True):
        try:
            values = json.loads(attrs) if isinstance(attrs, str) and attrs else {}
        except ValueError:
            continue
        if isinstance(values, dict) and values.get("platform"):
            out.add(str(doc_id))
    return out


def is_account_label(label: object) -> bool:
    """Whether a platform speaker's label is a participant's (not one the suite writes)."""
    return isinstance(label, str) and bool(label.strip()) and label not in _SUITE_LABELS


def left_in_clear(label: str, spans: list[Span]) -> bool:
    """Whether a letter or a digit of ``label`` is outside every span the layers found."""
    rest, pos = [], 0
    for sp in sorted(spans, key=lambda s: s.start):
        rest.append(label[pos : sp.start])
        pos = max(pos, sp.end)
    rest.append(label[pos:])
    return bool(_CLEAR.search("".join(rest)))


def account_span(label: str) -> Span:
    """The whole label as one finding (for the key and the audit)."""
    return Span(0, len(label), ACCOUNT_TYPE, ACCOUNT_DETECTOR, label)
