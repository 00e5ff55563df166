"""Putting pseudonyms in place: texts, and the identifying fields of the documents and speakers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from transfo_analysis.anonymise._detect import Detection
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._names import gender_of, is_weak_detector
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._spans import Span
from transfo_analysis.anonymise._vocabulary import GENERIC_AUTHORS

#: attribute keys whose whole value is a name or a contact detail
NAME_KEYS = frozenset(
    canonical(k)
    for k in (
        "name",
        "nom",
        "prenom",
        "prénom",
        "firstname",
        "first_name",
        "lastname",
        "last_name",
        "surname",
        "fullname",
        "full_name",
        "nom_complet",
        "interviewer",
        "enqueteur",
        "enquêteur",
        "speaker",
        "locuteur",
        "participant",
        "email",
        "mail",
        "courriel",
        "e-mail",
        "telephone",
        "téléphone",
        "tel",
        "tél",
        "phone",
        "mobile",
        "portable",
        "adresse",
        "address",
        "domicile",
        # the people who made the file: Transcriber's ``scribe``, authors, annotators, facilitators
        "scribe",
        "transcriber",
        "transcripteur",
        "transcriptrice",
        "author",
        "auteur",
        "autrice",
        "annotator",
        "annotateur",
        "annotatrice",
        "animateur",
        "animatrice",
    )
)
_CONTACT_KEYS = {
    "email": "EMAIL",
    "mail": "EMAIL",
    "courriel": "EMAIL",
    "e mail": "EMAIL",
    "telephone": "TELEPHONE",
    "tel": "TELEPHONE",
    "phone": "TELEPHONE",
    "mobile": "TELEPHONE",
    "portable": "TELEPHONE",
    "adresse": "ADRESSE",
    "address": "ADRESSE",
    "domicile": "ADRESSE",
}


def apply_spans(
    text: str, spans: list[Span], pseudonyms: list[str]
) -> tuple[str, list[tuple[int, int, str]]]:
    """Replace sorted, non-overlapping spans by their pseudonyms.

    Returns
    -------
    new_text, replacements
        The pseudonymised text and the ``(start, end, pseudonym)`` list in original offsets.
    """
    parts = []
    reps = []
    pos = 0
    for span, new in zip(spans, pseudonyms, strict=True):
        parts.append(text[pos : span.start])
        parts.append(new)
        reps.append((span.start, span.end, new))
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts), reps


def new_offsets(reps: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Offsets of each pseudonym in the pseudonymised text."""
    out = []
    delta = 0
    for start, end, new in reps:
        out.append((start + delta, start + delta + len(new)))
        delta += len(new) - (end - start)
    return out


def pseudonymise_attributes(
    attributes: str,
    *,
    text_fn: Callable[[str], str],
    whole_fn: Callable[[str, str], str],
) -> str:
    """Pseudonymise the JSON attributes of a document or speaker.

    Values under name or contact keys (``name``, ``email``, ``adresse``…) are replaced whole;
    other string values go through the text detectors.
    """
    try:
        data = json.loads(attributes) if attributes else {}
    except (TypeError, ValueError):
        return text_fn(str(attributes))
    if not isinstance(data, dict):
        return text_fn(str(attributes))

    def walk(key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: walk(str(k), v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(key, v) for v in value]
        if isinstance(value, str) and value.strip():
            folded = canonical(key)
            if folded in NAME_KEYS and canonical(value) in GENERIC_AUTHORS:
                return value  # « Administrateur »: a role, not a name to put in the key
            if folded in NAME_KEYS:
                return whole_fn(value, _CONTACT_KEYS.get(folded, "PERSONNE"))
            return text_fn(value)
        return value

    return json.dumps(
        {k: walk(str(k), v) for k, v in data.items()}, ensure_ascii=False, default=str
    )


def register_spans(key: PseudonymKey, spans: list[Span], *, common=None) -> None:
    """Register persons' full names before names said alone, so those can join them.

    ``common`` tells whether an original (its text) is made of everyday words: the leak checker
    then counts it only capitalised (a person's name only when it is one word).
    """
    # strong sources first: an original's variant records the strongest layer that found it,
    # which the leak checker reads (a weak layer's guesses follow the context rule there)
    order = sorted(
        spans,
        key=lambda s: (
            s.type != "PERSONNE",
            len(canonical(s.text).split()) < 2,
            is_weak_detector(s.detector),
        ),
    )
    for sp in order:
        folded = canonical(sp.text)
        key.entity_of(
            sp.type,
            sp.text,
            part=sp.part,
            detector=sp.detector,
            gender=sp.gender or (gender_of(sp.text) if sp.part in ("first", "full") else None),
            common=bool(
                common is not None
                and (" " not in folded or sp.type != "PERSONNE" or is_weak_detector(sp.detector))
                and common(sp.text)
            ),
        )


def field_text_fn(result: Detection, key: PseudonymKey, style: str):
    detector = result.detector

    def fn(value: str) -> str:
        if detector is None:
            return value
        spans = detector.detect_field(value)
        register_spans(key, spans, common=detector.is_everyday)
        result.used.update(
            key.variants[(sp.type, key.canonical(sp.type, sp.text))].entity for sp in spans
        )
        return apply_spans(
            value, spans, [key.pseudonym(sp.type, sp.text, style=style) for sp in spans]
        )[0]

    return fn


def sanitise(value: Any, fn) -> Any:
    """Pseudonymise every string (keys included) of a JSON-like value."""
    if isinstance(value, dict):
        return {(fn(k) if isinstance(k, str) else k): sanitise(v, fn) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitise(v, fn) for v in value]
    return fn(value) if isinstance(value, str) and value else value


def _row(run, table, column, row_id, doc_id, segment_id, sp: Span, ns, ne, name, new) -> dict:
    return {
        "run": run,
        "table": table,
        "column": column,
        "row_id": row_id,
        "doc_id": doc_id,
        "segment_id": segment_id,
        "start": sp.start,
        "end": sp.end,
        "new_start": ns,
        "new_end": ne,
        "detector": sp.detector,
        "entity_type": sp.type,
        "pseudonym": name,
        "new_entity": bool(new),
    }
