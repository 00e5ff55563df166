"""Test corpora for textometry, built without spaCy (fast and exact).

:func:`planted_corpus`: a synthetic corpus with planted themes.

Each respondent turn is written about one of four themes: about 45 % of its words come from the
theme's own vocabulary, the rest from a vocabulary shared by every theme, with stop words and
punctuation in between. Users speak mostly about the first two themes, agents about the last
two, so classes must also cross with roles.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

THEMES = {
    "accueil": [
        "guichet",
        "accueil",
        "attente",
        "file",
        "horaire",
        "ouverture",
        "matin",
        "samedi",
        "agent",
        "sourire",
        "patience",
        "rendez-vous",
    ],
    "numerique": [
        "internet",
        "site",
        "formulaire",
        "connexion",
        "mot_de_passe",
        "ordinateur",
        "écran",
        "courriel",
        "application",
        "compte",
        "scanner",
        "imprimante",
    ],
    "transport": [
        "bus",
        "car",
        "ligne",
        "arrêt",
        "horaire_bus",
        "conducteur",
        "trajet",
        "gare",
        "correspondance",
        "abonnement",
        "navette",
        "retard",
    ],
    "social": [
        "allocation",
        "dossier",
        "aide",
        "logement",
        "loyer",
        "caf",
        "assistante",
        "prestation",
        "droit",
        "ressource",
        "barème",
        "versement",
    ],
}
COMMON = [
    "question",
    "chose",
    "temps",
    "personne",
    "jour",
    "service",
    "mairie",
    "commune",
    "fois",
    "année",
    "semaine",
    "problème",
    "moment",
    "place",
    "façon",
    "besoin",
]
STOPS = ["le", "de", "et", "un", "la", "que", "pour"]
ROLE_OF_THEME = {
    "accueil": "usager",
    "numerique": "usager",
    "transport": "agent",
    "social": "agent",
}


def _turn_tokens(
    rng: np.random.Generator, theme: str | None, n_words: int
) -> list[tuple[str, str, bool, bool]]:
    """(text, pos, is_punct, is_stop) of a turn."""
    out = []
    for k in range(n_words):
        r = rng.random()
        if r < 0.25:
            out.append((STOPS[rng.integers(len(STOPS))], "DET", False, True))
        elif theme is not None and r < 0.25 + 0.75 * 0.45:
            words = THEMES[theme]
            out.append((words[rng.integers(len(words))], "NOUN", False, False))
        else:
            out.append((COMMON[rng.integers(len(COMMON))], "NOUN", False, False))
        if k % 11 == 10:
            out.append((".", "PUNCT", True, False))
    out.append((".", "PUNCT", True, False))
    return out


def planted_corpus(
    n_docs: int = 24, turns_per_doc: int = 8, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """``(segments, tokens, theme_of_turn)``."""
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    seg_rows, tok_rows, truth = [], [], {}
    for d in range(n_docs):
        doc = f"D{d:02d}"
        territory = "nord" if d % 2 else "sud"
        for t in range(turns_per_doc):
            for who in ("enqueteur", "respondent"):
                sid = f"{doc}-{t}-{who[0]}"
                if who == "enqueteur":
                    theme, role, n = None, "enqueteur", 8
                else:
                    theme = names[rng.integers(len(names))]
                    role = (
                        ROLE_OF_THEME[theme]
                        if rng.random() < 0.85
                        else ("agent" if ROLE_OF_THEME[theme] == "usager" else "usager")
                    )
                    n = int(rng.integers(30, 110))
                    truth[sid] = theme
                toks = _turn_tokens(rng, theme, n)
                text = ""
                for i, (w, p, punct, stop) in enumerate(toks):
                    start = len(text) + (0 if not text or punct else 1)
                    text = text + ("" if not text or punct else " ") + w
                    tok_rows.append(
                        {
                            "segment_id": sid,
                            "i": i,
                            "start": start,
                            "end": start + len(w),
                            "text": w,
                            "lemma": w,
                            "pos": p,
                            "is_alpha": not punct,
                            "is_punct": punct,
                            "like_num": False,
                            "is_stop": stop,
                        }
                    )
                seg_rows.append(
                    {
                        "segment_id": sid,
                        "doc_id": doc,
                        "speaker_id": f"{doc}-{who}",
                        "role": role,
                        "territory": territory,
                        "service": "mairie",
                        "turn": 2 * t + (who != "enqueteur"),
                        "start": np.nan,
                        "end": np.nan,
                        "text": text,
                        "n_words": n,
                        "overlap": False,
                    }
                )
    segments = pd.DataFrame(seg_rows)
    tokens = pd.DataFrame(tok_rows)
    tokens["pos"] = tokens["pos"].astype("category")
    return segments, tokens, truth


_TOKEN = re.compile(r"\[?[A-Z]+_\d+\]?|\w[\w'-]*|[.,;:!?…]")
SMALL_STOPS = {
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "et",
    "à",
    "un",
    "une",
    "il",
    "y",
    "a",
    "est",
    "en",
    "on",
    "pour",
}


def make_tables(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segments and tokens from rows of segment fields with a ``text`` (a regex tokeniser).

    Words are NOUN lemmatised as their lower case, stop words (``SMALL_STOPS``) DET,
    ``PERSONNE_1``-style tags flagged ``is_pseudonym``, digits ``like_num``.
    """
    segs, toks = [], []
    for n, row in enumerate(rows):
        sid = row.get("segment_id", f"S{n:03d}")
        seg = {
            "segment_id": sid,
            "doc_id": "D0",
            "speaker_id": "D0-a",
            "role": "usager",
            "territory": "nord",
            "service": "mairie",
            "turn": n,
            "start": np.nan,
            "end": np.nan,
            "n_words": 0,
            "overlap": False,
            **row,
        }
        seg["segment_id"] = sid
        segs.append(seg)
        for i, m in enumerate(_TOKEN.finditer(row["text"])):
            w = m.group()
            punct = not (w[0].isalnum() or w[0] == "[")
            pseudo = bool(re.fullmatch(r"\[?[A-Z]+_\d+\]?", w))
            toks.append(
                {
                    "segment_id": sid,
                    "i": i,
                    "start": m.start(),
                    "end": m.end(),
                    "text": w,
                    "lemma": w.lower(),
                    "pos": "PUNCT"
                    if punct
                    else ("PROPN" if pseudo else ("DET" if w.lower() in SMALL_STOPS else "NOUN")),
                    "is_alpha": w.isalpha(),
                    "is_punct": punct,
                    "like_num": w.isdigit(),
                    "is_stop": w.lower() in SMALL_STOPS,
                    "is_pseudonym": pseudo,
                }
            )
    tokens = pd.DataFrame(toks)
    tokens["pos"] = tokens["pos"].astype("category")
    return pd.DataFrame(segs), tokens


def planted_tables(
    segments: pd.DataFrame, *, method: str | Sequence[str] = "entretien"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(documents, speakers)`` of the planted corpus's segments, as a project's corpus has them.

    ``method`` is every document's, or one per document in ``doc_id`` order. The segments'
    ``role`` is set to their speaker's.
    """
    docs = segments.groupby("doc_id", as_index=False).agg(
        territory=("territory", "first"),
        n_segments=("segment_id", "size"),
        n_words=("n_words", "sum"),
    )
    documents = docs.assign(
        service="mairie",
        method=method if isinstance(method, str) else list(method),
        date=pd.NaT,
        interviewer="E",
        title=docs["doc_id"],
        source_path=docs["doc_id"] + ".txt",
        format="txt",
        sha256=[hashlib.sha256(d.encode()).hexdigest() for d in docs["doc_id"]],
        n_speakers=2,
        attributes="{}",
    )
    speakers = segments.groupby("speaker_id", as_index=False).agg(
        doc_id=("doc_id", "first"),
        role=("role", "first"),
        n_segments=("segment_id", "size"),
        n_words=("n_words", "sum"),
    )
    speakers = speakers.assign(
        label=speakers["speaker_id"], person_id=speakers["speaker_id"], attributes="{}"
    )
    # a speaker's role is the role of its turns in this corpus
    segments["role"] = segments["speaker_id"].map(speakers.set_index("speaker_id")["role"])
    return documents, speakers
