"""Votes done properly: dots per participant normalised, rankings with intervals, by group or role.

With the participants who voted known (a ``votants`` column, Decidim-like vote exports), each
participant's dots in a session are normalised to sum to one: someone given (or taking) more dots
does not weigh more. The interval of each card's share comes from a bootstrap over participants
(resampling who voted). With only a count per card, the share's interval is Bayesian: a
Dirichlet posterior with a Jeffreys prior (counts + 0.5), sampled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from transfo_analysis.corpus import Corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record
from transfo_analysis.workshops._cards import cards as card_table
from transfo_analysis.workshops._labels import NO_CATEGORY, NOT_GIVEN

BY = ("voter_role", "group", "author_role")


def dot_votes(corpus: Corpus, *, normalise: bool = True) -> pd.DataFrame:
    """One row per card and voter (or per card, when only counts are known).

    Parameters
    ----------
    corpus
        A corpus with workshop cards or platform proposals.
    normalise
        Divide each participant's dots by their total in the session (weights sum to 1 per
        participant); counts-only cards keep their count as weight either way.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``segment_id``, ``group``, ``author_role``, ``voter_id`` (speaker id, empty for
        counts), ``voter_person``, ``voter_role``, ``dots``, ``weight``, ``per_voter`` (whether the
        voter is known).
    """
    table = card_table(corpus)
    spk = corpus.speakers.set_index("speaker_id")
    rows = []
    for card in table.itertuples(index=False):
        voters = [v for v in (card.voters if isinstance(card.voters, str) else "").split(";") if v]
        base = {
            "doc_id": card.doc_id,
            "segment_id": card.segment_id,
            "group": card.group,
            "author_role": card.role,
        }
        if voters:
            for voter, dots in pd.Series(voters).value_counts(sort=False).items():
                rows.append(
                    {
                        **base,
                        "voter_id": voter,
                        "voter_person": spk["person_id"].get(voter, voter),
                        "voter_role": spk["role"].get(voter),
                        "dots": int(dots),
                        "per_voter": True,
                    }
                )
        elif pd.notna(card.votes) and card.votes > 0:
            rows.append(
                {
                    **base,
                    "voter_id": None,
                    "voter_person": None,
                    "voter_role": None,
                    "dots": int(card.votes),
                    "per_voter": False,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "doc_id",
            "segment_id",
            "group",
            "author_role",
            "voter_id",
            "voter_person",
            "voter_role",
            "dots",
            "per_voter",
        ],
    )
    out["weight"] = out["dots"].astype(float)
    if normalise and out["per_voter"].any():
        known = out["per_voter"].astype(bool)
        total = out[known].groupby(["doc_id", "voter_id"])["dots"].transform("sum")
        out.loc[known, "weight"] = out.loc[known, "dots"] / total
    return out


def _intervals(matrix: np.ndarray, per_voter: bool, n_draws: int, rng) -> np.ndarray:
    """Replicated card scores: bootstrap over voters (rows), or Dirichlet draws on counts."""
    if per_voter:
        n = matrix.shape[0]
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_draws)
        return counts @ matrix
    totals = matrix.sum(axis=0)
    return rng.dirichlet(totals + 0.5, size=n_draws) * totals.sum()


def rank_cards(
    corpus: Corpus,
    *,
    by: str | None = None,
    unit: str = "card",
    normalise: bool = True,
    n_draws: int = 2000,
    level: float = 0.9,
    seed: int = 0,
    k: int | None = None,
) -> pd.DataFrame:
    """Cards ranked by votes within each session, with intervals, overall or per stratum.

    Parameters
    ----------
    corpus
        A corpus with workshop cards or platform proposals.
    by
        ``None`` (everyone), ``"voter_role"`` (what each role prioritised: needs the voters),
        ``"group"`` (the card's workshop group) or ``"author_role"``.
    unit
        ``"card"``, or ``"category"`` to rank the cards' categories (themes) by the votes their
        cards received (``segment_id`` and ``text`` then hold the category).
    normalise
        Normalise dots per participant (see :func:`dot_votes`).
    n_draws
        Bootstrap replicates (voters known) or posterior draws (counts only).
    level
        Coverage of the intervals.
    seed
        Seed of the random generator (results are reproducible).
    k
        When given, strata with fewer than ``k`` distinct voters are masked (``masked`` true,
        values empty): nothing rests on fewer than ``k`` people.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``stratum``, ``segment_id``, ``text``, ``score`` (weighted votes), ``share``,
        ``share_lo``/``share_hi``, ``rank``, ``rank_lo``/``rank_hi``, ``p_first`` (probability of
        being first), ``n_voters``, ``interval`` (``bootstrap`` or ``bayes``), ``masked``;
        ``attrs["provenance"]`` records the parameters and seed.
    """
    if by is not None and by not in BY:
        raise ConfigError(
            _("unknown grouping {by}").format(by=repr(by)),
            hint=_("choose one of: {choices}").format(choices=", ".join(BY)),
        )
    if unit not in ("card", "category"):
        raise ConfigError(
            _("unknown unit {unit}").format(unit=repr(unit)),
            hint=_("choose « card » or « category »"),
        )
    votes = dot_votes(corpus, normalise=normalise)
    table = card_table(corpus).set_index("segment_id")
    texts = table["text"]
    if unit == "category":
        votes["segment_id"] = votes["segment_id"].map(table["category"]).fillna(NO_CATEGORY)
        texts = pd.Series(votes["segment_id"].unique(), index=votes["segment_id"].unique())
    if by == "voter_role" and len(votes) and not votes["per_voter"].any():
        raise ConfigError(
            _("the voters are not known: cards cannot be ranked by the voters' role"),
            hint=_("add a `votants` column to the cards sheet, or rank by `group`"),
        )
    rng = np.random.default_rng(seed)
    alpha = (1 - level) / 2
    frames = []
    strata = votes.assign(stratum="ensemble" if by is None else votes[by] if by else None)
    strata["stratum"] = strata["stratum"].fillna(NOT_GIVEN)
    for (doc_id, stratum), part in strata.groupby(["doc_id", "stratum"], sort=True):
        per_voter = bool(part["per_voter"].all())
        cards_here = part["segment_id"].unique()
        if per_voter:
            matrix = (
                part.pivot_table(
                    index="voter_id", columns="segment_id", values="weight", aggfunc="sum"
                )
                .reindex(columns=cards_here)
                .fillna(0.0)
            )
            n_voters = len(matrix)
        else:
            matrix = part.groupby("segment_id")["weight"].sum().reindex(cards_here).to_frame().T
            n_voters = None
        values = matrix.to_numpy(dtype=float)
        score = values.sum(axis=0)
        draws = _intervals(values, per_voter, n_draws, rng)
        total = draws.sum(axis=1, keepdims=True)
        shares = np.divide(draws, total, out=np.zeros_like(draws), where=total > 0)
        ranks = stats.rankdata(-draws, axis=1, method="min")
        frame = pd.DataFrame(
            {
                "doc_id": doc_id,
                "stratum": stratum,
                "segment_id": matrix.columns,
                "score": score,
                "share": score / score.sum() if score.sum() else 0.0,
                "share_lo": np.quantile(shares, alpha, axis=0),
                "share_hi": np.quantile(shares, 1 - alpha, axis=0),
                "rank": stats.rankdata(-score, method="min").astype(int),
                "rank_lo": np.quantile(ranks, alpha, axis=0).astype(int),
                "rank_hi": np.quantile(ranks, 1 - alpha, axis=0).astype(int),
                "p_first": (ranks == 1).mean(axis=0),
                "n_voters": n_voters,
                "interval": "bootstrap" if per_voter else "bayes",
            }
        )
        frame["masked"] = bool(k is not None and (n_voters is None or n_voters < k) and by)
        frames.append(frame)
    columns = [
        "doc_id",
        "stratum",
        "segment_id",
        "text",
        "score",
        "share",
        "share_lo",
        "share_hi",
        "rank",
        "rank_lo",
        "rank_hi",
        "p_first",
        "n_voters",
        "interval",
        "masked",
    ]
    if not frames:
        out = pd.DataFrame(columns=columns)
    else:
        out = pd.concat(frames, ignore_index=True)
        out["text"] = out["segment_id"].map(texts)
        numeric = [
            "score",
            "share",
            "share_lo",
            "share_hi",
            "rank",
            "rank_lo",
            "rank_hi",
            "p_first",
        ]
        out[numeric] = out[numeric].astype(float)
        out.loc[out["masked"], numeric] = np.nan
        out = out.sort_values(["doc_id", "stratum", "rank", "segment_id"]).reset_index(drop=True)
        out = out[columns]
    out.attrs["provenance"] = record(
        "workshops.rank_cards",
        parameters={
            "by": by,
            "unit": unit,
            "normalise": normalise,
            "n_draws": n_draws,
            "level": level,
            "k": k,
        },
        seed=seed,
    )
    return out
