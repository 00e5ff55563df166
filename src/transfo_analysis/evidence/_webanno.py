"""The trail as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

One annotation per evidence link: the *target* is what was heard (a segment, with a
``TextPositionSelector`` for a quote's span in the pseudonymised text, or a code, topic, class,
word or barometer figure as a ``urn:transfo:`` resource); the *body* is the finding it bears on
(purpose ``describing``), the stance (purpose ``assessing``: appuie, nuance, contredit) and the
comment (purpose ``commenting``). Segment ids are kept: this export is for the research team.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pandas as pd

from transfo_analysis.evidence._strength import evidence_links, findings
from transfo_analysis.evidence._trail import Trail
from transfo_analysis.i18n import _

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _urn(kind: str, *parts: str) -> str:
    return "urn:transfo:" + ":".join([kind, *(quote(str(p), safe="") for p in parts)])


def _target(link: Any) -> dict[str, Any]:
    if link.kind in ("segment", "idea"):
        target: dict[str, Any] = {"source": _urn("segment", link.target)}
        if not pd.isna(link.start):
            target["selector"] = {
                "type": "TextPositionSelector",
                "start": int(link.start),
                "end": int(link.end),
            }
        if link.kind == "idea":
            target["type"] = "SpecificResource"
            target["purpose"] = "identifying"
        return target
    parts = [link.scope, link.target] if link.scope else [link.target]
    return {"source": _urn(link.kind, *parts)}


def web_annotations(trail: Trail) -> dict[str, Any]:
    """An ``AnnotationCollection`` holding one ``Annotation`` per evidence link (JSON-ready).

    Parameters
    ----------
    trail
        The open trail.

    Returns
    -------
    dict
        The collection, ready for ``json.dump``.
    """
    found = findings(trail).set_index("finding_id")
    items = []
    for link in evidence_links(trail).itertuples():
        f = found.loc[link.finding_id]
        body = [
            {
                "type": "TextualBody",
                "id": _urn("finding", f["guid"]),
                "value": f["statement"],
                "purpose": "describing",
                "language": "fr",
            },
            {"type": "TextualBody", "value": link.stance, "purpose": "assessing", "language": "fr"},
        ]
        if link.comment:
            body.append(
                {
                    "type": "TextualBody",
                    "value": link.comment,
                    "purpose": "commenting",
                    "language": "fr",
                }
            )
        item = {
            "id": f"urn:uuid:{link.guid.lower()}",
            "type": "Annotation",
            "motivation": "linking",
            "creator": {"type": "Person", "name": link.author},
            "created": link.created,
            "body": body,
            "target": _target(link),
        }
        if link.orphaned:
            item["transfo:orphaned"] = link.problem
        items.append(item)
    return {
        "@context": [CONTEXT, {"transfo": "urn:transfo:"}],
        "type": "AnnotationCollection",
        "label": _("From voices to decisions: the evidence of the findings"),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
