"""A national-consultation-sized corpus made in memory from the real Grand Débat answers.

New, unique answers are made by seeded recombination of the sentences of real answers (as many
sentences as a real answer has, drawn from the real answers to the same question, one more
sentence whenever the text was already made), so that a corpus of a million answers reads like the
real one, in its spelling and length, while no text repeats: the per-segment parse cache cannot
short-cut the work. Nothing is written into the repository; callers write it under a temporary
folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def real_answers(shared: Path = SHARED) -> pd.DataFrame:
    """The shared Grand Débat answers: ``question``, ``text`` (non-empty)."""
    frame = pd.read_csv(shared / "grand-debat" / "answers.csv", dtype={"comment": "string"})
    frame = frame.dropna(subset=["comment"])
    frame = frame[frame["comment"].str.strip().str.len() > 0]
    return frame.rename(columns={"question_col": "question", "comment": "text"})[
        ["question", "text"]
    ]


def recombined_answers(n: int, *, seed: int = 42, shared: Path = SHARED) -> pd.DataFrame:
    """``n`` unique answers made from the real ones, reproducible for a given seed.

    Returns
    -------
    pandas.DataFrame
        ``answer_id``, ``question``, ``territory`` (ten fictional territory codes drawn by
        seed), ``text``.
    """
    rng = np.random.default_rng(seed)
    real = real_answers(shared)
    split = {
        q: [_SENTENCE_END.split(t.strip()) for t in g["text"]] for q, g in real.groupby("question")
    }
    pools = {
        q: [s for sentences in answers for s in sentences if s] for q, answers in split.items()
    }
    # sentences per answer as in the real answers, so lengths match theirs
    lengths = np.array([len(sentences) for answers in split.values() for sentences in answers])
    questions = np.array(sorted(pools))
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    for q, k in zip(rng.choice(questions, size=n), rng.choice(lengths, size=n), strict=True):
        pool = pools[q]
        parts = [pool[i] for i in rng.integers(0, len(pool), size=k)]
        text = " ".join(parts)
        while text in seen:  # a repeat would be served by the parse cache: one more sentence
            text = f"{text} {pool[rng.integers(0, len(pool))]}"
        seen.add(text)
        rows.append((str(q), text))
    territories = rng.integers(0, 10, size=n)
    return pd.DataFrame(
        {
            "answer_id": [f"A{i:07d}" for i in range(n)],
            "question": [q for q, _ in rows],
            "territory": [f"territoire-{t:02d}" for t in territories],
            "text": [t for _, t in rows],
        }
    )


def write_project(answers: pd.DataFrame, folder: Path, *, per_file: int = 20_000) -> Path:
    """A project folder holding the answers as CSV
    files (one per chunk), ready for ``transfo run``.
    """
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(answers), per_file):
        chunk = answers.iloc[start : start + per_file]
        chunk.rename(
            columns={"answer_id": "id_repondant", "text": "reponse", "territory": "territoire"}
        ).to_csv(raw / f"reponses-{start // per_file:04d}.csv", index=False)
    (folder / "project.yaml").write_text(
        "name: Consultation nationale (corpus recombiné pour le banc d'essai)\nseed: 42\nsources: "
        "[raw]\n",
        encoding="utf-8",
    )
    return folder
