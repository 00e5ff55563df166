"""Replacement: the merge of a run's findings into the key, then pseudonyms written in place.

:func:`segments_plan` is the one global step (every finding registered in the key in a fixed
order, each span given its pseudonym); :func:`replace_segments` writes the pseudonyms into the
segments' texts and makes their audit rows, a pure function of a plan that runs on the whole
corpus here or per partition on Dask workers (``anonymise._partitioned``); :func:`apply_fields`
pseudonymises the documents' and speakers' fields, on the client (a platform account's
label whole, :mod:`~transfo_analysis.anonymise._accounts`).
"""

from __future__ import annotations

import time
from typing import Any

from transfo_analysis.anonymise._accounts import (
    account_span,
    is_account_label,
    left_in_clear,
    platform_documents,
)
from transfo_analysis.anonymise._apply import (
    _row,
    apply_spans,
    field_text_fn,
    new_offsets,
    pseudonymise_attributes,
    register_spans,
)
from transfo_analysis.anonymise._card_fields import apply_card_fields
from transfo_analysis.anonymise._detect import Detection
from transfo_analysis.anonymise._names import FIRM_DETECTORS
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._spans import Span
from transfo_analysis.corpus import Corpus


def apply_all(
    corpus: Corpus, result: Detection, key: PseudonymKey, *, style: str
) -> tuple[Corpus, list[dict], dict[str, list]]:
    """Register every finding in the key, then write the pseudonyms into a new corpus."""
    run = time.strftime("%Y-%m-%dT%H:%M:%S")
    plan = segments_plan(corpus, result, key, style=style)
    texts, audit, replacements = replace_segments(plan, run=run)
    processed, field_rows = apply_fields(corpus, result, key, style=style, texts=texts, run=run)
    return processed, audit + field_rows, replacements


def segments_plan(
    corpus: Corpus, result: Detection, key: PseudonymKey, *, style: str
) -> dict[str, list]:
    """The merge into the key, then the pseudonym of every span of the segments' texts.

    Every finding is registered in the key (the one deterministic merge of the run), then the
    pseudonyms are taken in the corpus' segment order (with ``style="names"`` a fictional name
    is chosen when first asked for: the order makes them the same on every run).

    Parameters
    ----------
    corpus
        The corpus as read.
    result
        The detection; ``result.used`` gains the entities replaced in the segments.
    key
        The key, extended in place.
    style
        ``tags`` or ``names``.

    Returns
    -------
    dict
        The segments that have spans, in corpus order: ``ids``, ``docs``, ``texts``, ``spans``,
        their ``names`` (pseudonyms) and ``new`` (whether each entity is new in this run), one
        list entry per segment: what :func:`replace_segments` needs, whole or per partition.
    """
    common = result.detector.is_everyday if result.detector is not None else None
    register_spans(
        key,
        [sp for spans in (*result.segments.values(), *result.fields.values()) for sp in spans],
        common=common,
    )
    if common is not None:
        # the flag follows this run's reading of everyday words (keys of earlier versions lack it),
        # so the leak checker judges each original as the pipeline just did
        for var in key.variants.values():
            if var.type in ("PERSONNE", "LIEU", "ORGANISATION", "DIVERS") and var.original:
                # a name of several words from a firm source (a label) is searched even in lower
                # case; one a context gave (``une émission qui s'appelle Masse Critique``) is
                # left in lower case when every word is an everyday word, as propagation does
                multi = " " in var.canonical and var.type == "PERSONNE"
                var.common = (not multi or var.detector not in FIRM_DETECTORS) and common(
                    var.original
                )
    pseudo, new_entity = _lookups(result, key, style)
    plan: dict[str, list] = {k: [] for k in ("ids", "docs", "texts", "spans", "names", "new")}
    segs = corpus.segments
    for seg_id, doc_id, text in zip(
        segs["segment_id"], segs["doc_id"], segs["text"].astype(str), strict=True
    ):
        spans = result.segments.get(seg_id, [])
        if not spans:
            continue
        for name, value in (
            ("ids", seg_id),
            ("docs", doc_id),
            ("texts", text),
            ("spans", spans),
            ("names", [pseudo(sp) for sp in spans]),
            ("new", [new_entity(sp) for sp in spans]),
        ):
            plan[name].append(value)
    return plan


def replace_segments(
    plan: dict[str, list], *, run: str
) -> tuple[dict[str, str], list[dict], dict[str, list]]:
    """Write the pseudonyms into segments' texts: the whole corpus, or one partition's segments.

    A pure function of the plan (no key, no detector): it runs the same in this process and on
    a Dask worker.

    Parameters
    ----------
    plan
        From :func:`segments_plan`, or the part of it of one partition.
    run
        The run's timestamp, written in each audit row.

    Returns
    -------
    texts, audit, replacements
        The new text of each segment that has spans, the audit rows (in the plan's order) and
        the ``(start, end, pseudonym)`` replacements per segment, in original offsets.
    """
    texts: dict[str, str] = {}
    audit: list[dict] = []
    replacements: dict[str, list] = {}
    for seg_id, doc_id, text, spans, names, new in zip(
        plan["ids"],
        plan["docs"],
        plan["texts"],
        plan["spans"],
        plan["names"],
        plan["new"],
        strict=True,
    ):
        texts[seg_id], reps = apply_spans(text, spans, names)
        replacements[seg_id] = reps
        for sp, name, is_new, (ns, ne) in zip(spans, names, new, new_offsets(reps), strict=True):
            audit.append(
                _row(run, "segments", "text", seg_id, doc_id, seg_id, sp, ns, ne, name, is_new)
            )
    return texts, audit, replacements


def apply_fields(
    corpus: Corpus,
    result: Detection,
    key: PseudonymKey,
    *,
    style: str,
    texts: dict[str, str],
    run: str,
) -> tuple[Corpus, list[dict]]:
    """The new corpus: segments' new texts, then the identifying fields pseudonymised here.

    Parameters
    ----------
    corpus
        The corpus as read.
    result, key, style
        The detection, the key (after :func:`segments_plan`) and the pseudonym style.
    texts
        New text of each segment that had spans (:func:`replace_segments`).
    run
        The run's timestamp, written in each audit row.

    Returns
    -------
    Corpus, list
        The pseudonymised corpus and the audit rows of the fields.
    """
    pseudo, new_entity = _lookups(result, key, style)
    audit: list[dict] = []
    segs = corpus.segments.copy()
    segs["text"] = [
        texts.get(s, t) for s, t in zip(segs["segment_id"], segs["text"].astype(str), strict=True)
    ]

    def field_value(table: str, col: str, row_id: str, doc_id: str, value: Any) -> Any:
        spans = result.fields.get((table, col, row_id), [])
        if not isinstance(value, str) or not spans:
            return value
        names = [pseudo(sp) for sp in spans]
        new, reps = apply_spans(value, spans, names)
        for sp, name, (ns, ne) in zip(spans, names, new_offsets(reps), strict=True):
            audit.append(
                _row(run, table, col, row_id, doc_id, None, sp, ns, ne, name, new_entity(sp))
            )
        return new

    def whole(value: str, type_: str) -> str:
        result.used.add(key.entity_of(type_, value, detector="attribute"))
        return key.pseudonym(type_, value, style=style)

    docs = corpus.documents.copy()
    for col in ("title", "source_path", "interviewer"):
        docs[col] = [
            field_value("documents", col, d, d, v)
            for d, v in zip(docs["doc_id"], docs[col], strict=True)
        ]
    platform = platform_documents(corpus.documents)

    def speaker_label(speaker_id: str, doc_id: str, value: Any) -> Any:
        spans = result.fields.get(("speakers", "label", speaker_id), [])
        if doc_id not in platform or not is_account_label(value) or not left_in_clear(value, spans):
            return field_value("speakers", "label", speaker_id, doc_id, value)
        # a platform account's label the layers did not replace whole: the whole label is
        # replaced (see anonymise._accounts)
        span = account_span(value)
        result.used.add(key.entity_of(span.type, value, detector=span.detector))
        name = key.pseudonym(span.type, value, style=style)
        audit.append(
            _row(
                run,
                "speakers",
                "label",
                speaker_id,
                doc_id,
                None,
                span,
                0,
                len(name),
                name,
                new_entity(span),
            )
        )
        return name

    spk = corpus.speakers.copy()
    spk["label"] = [
        speaker_label(s, d, v)
        for s, d, v in zip(spk["speaker_id"], spk["doc_id"], spk["label"], strict=True)
    ]
    segs = apply_card_fields(segs, field_value)
    detector_text = field_text_fn(result, key, style)
    for frame in (docs, spk):
        frame["attributes"] = [
            pseudonymise_attributes(a, text_fn=detector_text, whole_fn=whole)
            for a in frame["attributes"].astype(str)
        ]
    return Corpus(documents=docs, speakers=spk, segments=segs, meta=dict(corpus.meta)), audit


def _lookups(result: Detection, key: PseudonymKey, style: str):
    """``pseudo(span)`` (marking its entity used) and ``new_entity(span)`` over a merged key."""

    def pseudo(sp: Span) -> str:
        result.used.add(key.variants[(sp.type, key.canonical(sp.type, sp.text))].entity)
        return key.pseudonym(sp.type, sp.text, style=style)

    def new_entity(sp: Span) -> bool:
        return key.variants[(sp.type, key.canonical(sp.type, sp.text))].entity in key.new_entities

    return pseudo, new_entity
