"""Each theme of cards against the interviews' codes and topics, by role.

The prioritisation view (:func:`prioritisation`) counts the interview turns that use a theme's
words. This module goes through what the research team built from the interviews:

- **codes**: a code of the codebook matches a theme of cards when (a) its *vocabulary* — the
  words of its name, its keywords and their derivational families, the words the team chose to
  recognise the code — holds one of the theme's terms, or (b) its *coded passages* use the
  theme's terms: at least ``min_segments`` of them contain a term, and the share of coded
  passages containing one is at least ``lift`` times the share among all the respondents' turns
  of the scope (a frequent word everybody uses matches no code by itself). (a) follows the
  codebook's definition, (b) catches a code whose passages speak of the theme in words the
  codebook did not list;
- **topics**: a topic of the interviews matches a theme when their top terms share a lemma
  and some of the scope's turns are in it.

For each match, the coded passages (or the turns in the topic) and the distinct people behind
them, by role, over the respondents of the cards' territories (and service, when the cards have
one); counts under ``k`` people are blanked, with the cells that would give them back by
difference with the « ensemble » column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from transfo_analysis.anonymise.disclosure import suppress_cells
from transfo_analysis.corpus import Corpus, fold
from transfo_analysis.provenance import record
from transfo_analysis.workshops._labels import BY_PASSAGES, BY_TERMS, BY_VOCABULARY

if TYPE_CHECKING:
    from transfo_analysis.coding import Codebook

ROLES = ("usager", "agent", "encadrant", "elu")
#: the column of all roles together (a total: a lone blanked role cannot be recovered from it)
ALL = "ensemble"


def interview_scope(corpus: Corpus, themes: pd.DataFrame) -> pd.DataFrame:
    """Respondents' interview turns of the cards' territories (and service, when given).

    Parameters
    ----------
    corpus
        The corpus holding the cards and the interviews.
    themes
        Output of :func:`card_topics` (its ``segment_id`` are the cards).

    Returns
    -------
    pandas.DataFrame
        The segments (not cards) of the usager, agent, encadrant and élu roles in scope, with
        the speaker's ``person_id``.
    """
    segs = corpus.segments
    card_segs = segs[segs["segment_id"].isin(themes["segment_id"])]
    scope = segs["territory"].isin(card_segs["territory"].unique())
    if "service" in segs and card_segs["service"].notna().any():
        scope &= segs["service"].isin(card_segs["service"].dropna().unique())
    if "kind" in segs:
        scope &= segs["kind"].isna()
    talk = segs[scope & segs["role"].isin(ROLES)]
    persons = corpus.speakers.set_index("speaker_id")["person_id"]
    return talk.assign(person_id=talk["speaker_id"].map(persons).fillna(talk["speaker_id"]))


def theme_terms(themes: pd.DataFrame, *, n_terms: int = 5) -> dict[int, set[str]]:
    """Each theme's top terms, folded (accents and case), multi-word terms split.

    Parameters
    ----------
    themes
        Output of :func:`card_topics`.
    n_terms
        How many of a theme's top terms define it.

    Returns
    -------
    dict
        Theme number → folded words.
    """
    topics = themes.attrs.get("topics", pd.DataFrame(columns=["topic", "terms"]))
    return {
        int(t): {fold(p) for w in list(ws)[:n_terms] for p in str(w).split()}
        for t, ws in zip(topics["topic"], topics["terms"], strict=True)
        if int(t) >= 0
    }


def code_vocabulary(codebook: Codebook) -> dict[str, set[str]]:
    """Each code's folded words: its name's words, its keywords, and their families.

    Parameters
    ----------
    codebook
        The project's codebook.

    Returns
    -------
    dict
        Code name → folded words of three letters or more.
    """
    families: dict[str, set[str]] = {}
    for head, members in codebook.families.items():
        group = {fold(head), *(fold(m) for m in members)}
        for word in group:
            families.setdefault(word, set()).update(group)
    out = {}
    for code in codebook:
        words = {fold(w) for text in (code.name, *code.keywords) for w in str(text).split()}
        words |= {v for w in words for v in families.get(w, set())}
        out[code.name] = {w.strip(".,;:'()") for w in words if len(w) >= 3}
    return out


def theme_evidence(
    corpus: Corpus,
    tokens: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    codings: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    topics: Any = None,
    n_terms: int = 5,
    min_segments: int = 3,
    lift: float = 2.0,
    k: int = 5,
) -> pd.DataFrame:
    """The interview codes and topics matching each theme of cards, by role (k-suppressed).

    Parameters
    ----------
    corpus
        The corpus holding the cards and the interviews.
    tokens
        The parse stage's tokens (lemmas) of the interviews.
    themes
        Output of :func:`card_topics`.
    codings
        Accepted codings of the annotation store (``segment_id``, ``code``); none: no code rows.
    codebook
        The codebook (the vocabulary rule); none: codes match by their coded passages only.
    topics
        The project's topic model (:class:`transfo_analysis.topics.TopicResult`); none: no
        topic rows.
    n_terms
        How many of a theme's top terms define it.
    min_segments
        Coded passages using a theme term needed for a match by passages.
    lift
        How many times more often than in all turns the coded passages must use the terms.
    k
        Counts resting on fewer than ``k`` people are blanked.

    Returns
    -------
    pandas.DataFrame
        One row per theme, matching code or topic, and role (``ensemble`` and each role heard
        in the scope):
        ``theme``, ``theme_label``, ``source`` (``code`` or ``topic``), ``name``, ``match``
        (« grille », « passages codés », both, or « termes communs » for topics),
        ``shared_terms``, ``role``, ``n_segments``, ``n_people``, ``pct`` (codes: % of the
        role's respondents of the scope who said it; topics: % of the role's modelled turns),
        ``suppressed``.
    """
    terms = theme_terms(themes, n_terms=n_terms)
    labels = themes.drop_duplicates("theme").set_index("theme")["theme_label"]
    talk = interview_scope(corpus, themes)
    rows: list[dict[str, Any]] = []
    if codings is not None and len(codings):
        rows += _code_rows(talk, tokens, codings, codebook, terms, min_segments, lift)
    if topics is not None:
        rows += _topic_rows(talk, topics, terms, n_terms)
    columns = ["theme", "source", "name", "match", "shared_terms", "role"]
    measures = ["n_segments", "n_people", "pct"]
    if not rows:
        out = pd.DataFrame(columns=[*columns[:1], "theme_label", *columns[1:], *measures])
    else:
        out = _suppress(pd.DataFrame(rows), k)
        out.insert(1, "theme_label", out["theme"].map(labels))
    out.attrs["k"] = k
    out.attrs["provenance"] = record(
        "workshops.theme_evidence",
        parameters={"n_terms": n_terms, "min_segments": min_segments, "lift": lift, "k": k},
        codes=codings is not None,
        topics=topics is not None,
    )
    return out


def _code_rows(
    talk: pd.DataFrame,
    tokens: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook | None,
    terms: dict[int, set[str]],
    min_segments: int,
    lift: float,
) -> list[dict[str, Any]]:
    if "status" in codings:
        codings = codings[codings["status"] == "accepted"]
    coded = codings[codings["segment_id"].isin(talk["segment_id"])]
    coded = coded.drop_duplicates(["segment_id", "code"])[["segment_id", "code"]]
    coded = coded.merge(talk[["segment_id", "role", "person_id"]], on="segment_id")
    lemmas = tokens[tokens["segment_id"].isin(talk["segment_id"])]
    words = lemmas.assign(w=lemmas["lemma"].astype(str).map(fold)).groupby("segment_id")["w"]
    seg_words = words.agg(frozenset)
    vocab = code_vocabulary(codebook) if codebook is not None else {}
    # a profile nobody in scope belongs to gets no row: its zero is no count to protect
    people = talk.groupby("role")["person_id"].nunique().reindex(list(ROLES)).dropna()
    rows = []
    for theme, wanted in sorted(terms.items()):
        uses = seg_words.map(lambda ws, wanted=wanted: bool(ws & wanted))
        base = uses.reindex(talk["segment_id"]).fillna(False).mean() if len(talk) else 0.0
        for code, part in coded.groupby("code", sort=True):
            in_vocab = vocab.get(str(code), set()) & wanted
            using = part[part["segment_id"].map(uses).fillna(False).astype(bool)]
            share = len(using) / len(part)
            by_passages = len(using) >= min_segments and share >= lift * base
            if not (in_vocab or by_passages):
                continue
            shared = in_vocab | (
                set().union(*part["segment_id"].map(seg_words).dropna()) & wanted
                if by_passages
                else set()
            )
            how = [m for m, ok in ((BY_VOCABULARY, in_vocab), (BY_PASSAGES, by_passages)) if ok]
            for role in (ALL, *people.index):
                mine = part if role == ALL else part[part["role"] == role]
                total = people.sum() if role == ALL else people[role]
                n_people = mine["person_id"].nunique()
                rows.append(
                    {
                        "theme": theme,
                        "source": "code",
                        "name": str(code),
                        "match": " + ".join(how),
                        "shared_terms": ", ".join(sorted(shared)),
                        "role": role,
                        "n_segments": mine["segment_id"].nunique(),
                        "n_people": n_people,
                        "pct": 100 * n_people / total if total else float("nan"),
                    }
                )
    return rows


def _topic_rows(
    talk: pd.DataFrame, topics: Any, terms: dict[int, set[str]], n_terms: int
) -> list[dict[str, Any]]:
    a = topics.assignments
    a = a[a["segment_id"].isin(talk["segment_id"]) & a["modelled"].astype(bool)]
    a = a.drop_duplicates("segment_id").merge(talk[["segment_id", "person_id"]], on="segment_id")
    totals = a.groupby("role")["segment_id"].nunique().reindex(list(ROLES)).dropna()
    names = topics.display_labels()
    rows = []
    table = topics.topics[topics.topics["topic"] >= 0]
    for theme, wanted in sorted(terms.items()):
        for topic, ws in zip(table["topic"], table["terms"], strict=True):
            shared = {fold(p) for w in list(ws)[:n_terms] for p in str(w).split()} & wanted
            if not shared:
                continue
            part = a[a["topic"] == topic]
            if part.empty:  # a topic of other territories or services says nothing here
                continue
            for role in (ALL, *totals.index):
                mine = part if role == ALL else part[part["role"] == role]
                total = totals.sum() if role == ALL else totals[role]
                rows.append(
                    {
                        "theme": theme,
                        "source": "topic",
                        "name": str(names.get(topic, topic)),
                        "match": BY_TERMS,
                        "shared_terms": ", ".join(sorted(shared)),
                        "role": role,
                        "n_segments": len(mine),
                        "n_people": mine["person_id"].nunique(),
                        "pct": 100 * len(mine) / total if total else float("nan"),
                    }
                )
    return rows


def _suppress(long: pd.DataFrame, k: int) -> pd.DataFrame:
    """Blank counts under ``k`` people, and what would give them back from the « ensemble »."""
    keys = ["theme", "source", "name"]
    wide = long.pivot_table(index=keys, columns="role", values="n_people", aggfunc="first").reindex(
        columns=[ALL, *ROLES]
    )
    wide = wide.rename(columns={ALL: "Ensemble"})  # a total column for secondary suppression
    hidden = suppress_cells(wide, k=k)
    masked = hidden.isna() & wide.notna()
    masked = masked.rename(columns={"Ensemble": ALL}).stack().rename("suppressed").reset_index()
    out = long.merge(masked, on=[*keys, "role"], how="left")
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    for col in ("n_segments", "n_people", "pct"):
        out[col] = out[col].astype("float64").mask(out["suppressed"])
    return out
