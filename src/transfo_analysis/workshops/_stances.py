"""Supports against comments for and against, per proposal or card."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from transfo_analysis.corpus import Corpus
from transfo_analysis.provenance import record
from transfo_analysis.workshops._cards import cards as card_table


def stance_balance(corpus: Corpus, *, level: float = 0.9) -> pd.DataFrame:
    """Per top-level proposal or card: supports, comments by stance, share of comments for.

    Replies count for the proposal at the top of their thread.

    Parameters
    ----------
    corpus
        A corpus with platform or workshop documents.
    level
        Coverage of the interval on the share for (Jeffreys Beta interval).

    Returns
    -------
    pandas.DataFrame
        One row per top-level card with comments or votes: ``segment_id``, ``kind``, ``text``,
        ``votes`` (supports), ``pour``, ``contre``, ``neutre``, ``n_comments``, ``n_authors``
        (distinct commenters), ``share_for`` (for / (for + against)), ``share_for_lo``,
        ``share_for_hi``; ``attrs["provenance"]`` records the parameters.
    """
    table = card_table(corpus)
    top = table[table["parent_id"].isna() & table["kind"].isin(["proposition", "carte", "debat"])]
    replies = table[table["parent_id"].notna() & table["root_segment_id"].isin(top["segment_id"])]
    counts = (
        replies.groupby(["root_segment_id", "stance"]).size().unstack(fill_value=0)
        if len(replies)
        else pd.DataFrame()
    )
    out = top[["segment_id", "doc_id", "kind", "text", "votes"]].set_index("segment_id")
    for stance in ("pour", "contre", "neutre"):
        out[stance] = counts.get(stance, 0)
    out[["pour", "contre", "neutre"]] = out[["pour", "contre", "neutre"]].fillna(0).astype(int)
    out["n_comments"] = replies.groupby("root_segment_id").size().reindex(out.index).fillna(0)
    out["n_comments"] = out["n_comments"].astype(int)
    out["n_authors"] = replies.groupby("root_segment_id")["person_id"].nunique()
    out["n_authors"] = out["n_authors"].reindex(out.index).fillna(0).astype(int)
    n = out["pour"] + out["contre"]
    alpha = (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_for"] = out["pour"] / n.where(n > 0)
    out["share_for_lo"] = stats.beta.ppf(alpha, out["pour"] + 0.5, out["contre"] + 0.5)
    out["share_for_hi"] = stats.beta.ppf(1 - alpha, out["pour"] + 0.5, out["contre"] + 0.5)
    out.loc[n == 0, ["share_for_lo", "share_for_hi"]] = np.nan
    out = out.reset_index().sort_values(
        ["votes", "n_comments"], ascending=False, na_position="last"
    )
    out = out.reset_index(drop=True)
    out.attrs["provenance"] = record("workshops.stance_balance", parameters={"level": level})
    return out
