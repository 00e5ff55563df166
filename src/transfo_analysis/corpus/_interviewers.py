"""Finding interviewers across the corpus, where one document alone does not say.

Each file is read on its own first (:mod:`._roles`: markers, rules, question share). Some
corpora name interviewers by initials only (``PB``, ``OU``) and respondents by codes (``401PERS``,
``BA725``), with no marker, and an interviewer who asks few questions in one document goes unseen
there although the same initials interview in many others. This pass looks at the whole corpus,
once every file is read, and combines four signals for each speaker of an interview or workshop
whose role nothing fixed (no marker, rule, manifest or source role):

``enquêteur ailleurs``
    the label was found as the interviewer in other documents (first pass);
``récurrent``
    the label speaks in at least :data:`MIN_DOCUMENTS` documents (respondents rarely recur);
``initiales parmi des codes``
    the label is initials only (2 to 4 capitals) while other speakers of the document carry
    codes with digits, *and* the corpus follows that convention: in at least
    :data:`MIN_CONVENTION` documents the interviewer found in the first pass is such an initials
    label among coded respondents;
``pose le plus de questions``
    the speaker's share of question turns (:func:`question_share`) is strictly the highest of
    the document's undecided speakers with 5 turns or more.

A document without interviewer gets as interviewer(s) every speaker with the convention signal,
else every speaker with at least two signals; a document that has one gets as co-interviewer
a speaker with the convention signal and one more. At least one speaker with 5 turns or more
always stays a respondent. Every interview's decision (who, how, which signals) is returned for
the load report.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

from transfo_analysis.corpus._container import Corpus
from transfo_analysis.corpus._manifest import Manifest
from transfo_analysis.corpus._roles import RESPONDENT, question_share, role_from_label
from transfo_analysis.i18n import N_, _, ngettext
from transfo_analysis.numbers import fr_share

#: documents a label must speak in to count as recurring
MIN_DOCUMENTS = 3
#: first-pass documents that must show the "initials interview coded respondents" convention
MIN_CONVENTION = 3
_INITIALS = re.compile(r"[A-Z]{2,4}")
_CODE = re.compile(r"\d")
INTERVIEWS = ("entretien", "atelier")
#: the signal of the initials convention (tested by :func:`_choose`, translated when recorded)
SPLIT = N_("initials among codes")


def _how(label: str, manifest: Manifest) -> str:
    decision = role_from_label(label, manifest)
    if decision is None or decision.role == RESPONDENT:
        return "questions"
    return {"speakers": "manifeste", "rule": "règle"}.get(decision.source, "marqueur")


def _is_split(labels: list[str], label: str) -> bool:
    """Initials-only label while another speaker of the document carries a code with digits."""
    return bool(_INITIALS.fullmatch(label)) and any(_CODE.search(o) for o in labels if o != label)


def find_interviewers(corpus: Corpus, manifest: Manifest) -> tuple[Corpus, list[dict[str, Any]]]:
    """Interviewers decided across the corpus (see the module documentation).

    Parameters
    ----------
    corpus
        The corpus as read file by file.
    manifest
        Its manifest (for the markers, rules and ``roles.guess_interviewer``).

    Returns
    -------
    corpus, decisions
        A new corpus (roles of speakers and segments, documents' ``interviewer`` updated), and one
        decision per interview or workshop: ``doc_id``, ``source_path``, ``interviewers``, ``how``
        (``marqueur``, ``règle``, ``manifeste``, ``questions``, ``corpus`` or ``aucun``) and
        ``signals`` (label → signals found).
    """
    docs, spk = corpus.documents, corpus.speakers.copy()
    interviews = docs[docs["method"].isin(INTERVIEWS)]
    spk_i = spk[spk["doc_id"].isin(interviews["doc_id"])]
    first = spk_i[spk_i["role"] == "enqueteur"]
    known = Counter(first["label"])
    n_docs = spk_i.groupby("label")["doc_id"].nunique()
    labels_of = spk_i.groupby("doc_id")["label"].apply(list).to_dict()
    convention = sum(
        1
        for doc_id, g in first.groupby("doc_id")
        if any(_is_split(labels_of[doc_id], lab) for lab in g["label"])
    )
    texts = (
        corpus.segments.groupby("speaker_id")["text"].apply(list).to_dict()
        if len(corpus.segments)
        else {}
    )
    enabled = manifest.roles.guess_interviewer
    decisions, promote = [], []
    for doc in interviews.itertuples():
        g = spk_i[spk_i["doc_id"] == doc.doc_id]
        found = list(g.loc[g["role"] == "enqueteur", "label"])
        free = g[
            (g["role"] != "enqueteur")
            & g["label"].map(lambda lab: _how(lab, manifest) == "questions")
        ]
        signals = _signals(free, labels_of[doc.doc_id], texts, known, n_docs, convention)
        chosen = _choose(free, signals, texts, has_interviewer=bool(found)) if enabled else []
        promote += [(doc.doc_id, lab) for lab in chosen]
        how = _how(found[0], manifest) if found else ("corpus" if chosen else "aucun")
        decisions.append(
            {
                "doc_id": doc.doc_id,
                "source_path": doc.source_path,
                "interviewers": found + chosen,
                "how": how,
                "added_by_corpus": chosen,
                "signals": {k: v for k, v in signals.items() if v},
            }
        )
    if not promote:
        return corpus, decisions
    keys = pd.MultiIndex.from_tuples(promote)
    hit = pd.MultiIndex.from_frame(spk[["doc_id", "label"]]).isin(keys)
    spk.loc[hit, "role"] = "enqueteur"
    segs = corpus.segments.copy()
    segs.loc[segs["speaker_id"].isin(spk.loc[hit, "speaker_id"]), "role"] = "enqueteur"
    docs = docs.copy()
    by_doc = {d["doc_id"]: "; ".join(d["interviewers"]) or None for d in decisions}
    docs["interviewer"] = [
        by_doc.get(d, i) for d, i in zip(docs["doc_id"], docs["interviewer"], strict=True)
    ]
    return Corpus(documents=docs, speakers=spk, segments=segs, meta=corpus.meta), decisions


def _documents(n: int) -> str:
    return ngettext("{n} document", "{n} documents", n).format(n=n)


def _signals(
    free: pd.DataFrame,
    labels: list[str],
    texts: dict[str, list[str]],
    known: Counter,
    n_docs: pd.Series,
    convention: int,
) -> dict[str, list[str]]:
    shares = {
        r.label: question_share(texts.get(r.speaker_id, []))
        for r in free.itertuples()
        if len(texts.get(r.speaker_id, [])) >= 5
    }
    ranked = sorted(shares.values(), reverse=True)
    top = [lab for lab, s in shares.items() if s > 0 and s == ranked[0]]
    out: dict[str, list[str]] = {}
    for lab in free["label"]:
        sig = []
        if known[lab]:
            sig.append(
                _("interviewer elsewhere ({documents})").format(documents=_documents(known[lab]))
            )
        if n_docs.get(lab, 0) >= MIN_DOCUMENTS:
            sig.append(_("recurring ({documents})").format(documents=_documents(int(n_docs[lab]))))
        if convention >= MIN_CONVENTION and _is_split(labels, lab):
            sig.append(_(SPLIT))
        if len(top) == 1 and lab == top[0] and (len(ranked) < 2 or ranked[0] > ranked[1]):
            sig.append(
                _("asks the most questions ({share} of turns)").format(share=fr_share(shares[lab]))
            )
        out[lab] = sig
    return out


def _choose(
    free: pd.DataFrame,
    signals: dict[str, list[str]],
    texts: dict[str, list[str]],
    *,
    has_interviewer: bool,
) -> list[str]:
    def convention(lab: str) -> bool:
        return _(SPLIT) in signals[lab]

    if has_interviewer:
        chosen = [lab for lab in free["label"] if convention(lab) and len(signals[lab]) >= 2]
    elif any(convention(lab) for lab in free["label"]):
        chosen = [lab for lab in free["label"] if convention(lab)]
    else:
        chosen = [lab for lab in free["label"] if len(signals[lab]) >= 2]
    # someone must stay a respondent
    talking = [r.label for r in free.itertuples() if len(texts.get(r.speaker_id, [])) >= 5]
    if talking and set(talking) <= set(chosen):
        return []
    return chosen
