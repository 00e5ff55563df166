"""Rule-based code suggestions: codebook keywords matched on lemmas with spaCy's matchers.

Nothing is parsed again: each segment becomes a ``spacy.tokens.Doc`` built from the cached
tokens table (words, spaces, lemmas), and ``PhraseMatcher(attr="LEMMA")`` / ``Matcher`` run on it.

**How matching is lemma-aware.** A keyword of the codebook (``attente``, ``prendre rendez-vous``)
is lemmatised with the same spaCy pipeline as the corpus (when given) so that *délais* → *délai*;
each of its lemmas is then widened with the codebook's ``families`` — small derivational
families a lemmatiser cannot know (``attendre: [attente, attendu]``), so that *j'attends*,
*l'attente* and *c'était attendu* all match ``attendre``. Lemmas are compared in lower case
without accents (``delai`` = ``délai``). ``patterns:`` entries are spaCy ``Matcher`` patterns
whose ``LEMMA`` values are folded the same way.

Suggestions are returned as a frame (status "suggested" once stored, never accepted here):
one row per (segment, code) with the matched words and a confidence ``1 - 0.5 ** n`` for ``n``
distinct keywords matched (0.5, 0.75, 0.88…).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.corpus import RESPONDENT_ROLES
from transfo_analysis.provenance import record

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab

SUGGESTION_COLUMNS = ["segment_id", "code", "origin", "confidence", "matched", "start", "end"]
_MAX_VARIANTS = 64


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: how lemmas are compared."""
    text = unicodedata.normalize("NFKD", str(text).lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _family_index(families: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for head, members in families.items():
        group = {fold(head), *(fold(m) for m in members)}
        for word in group:
            index.setdefault(word, set()).update(group)
    return index


def keyword_variants(
    keyword: str,
    *,
    families: Mapping[str, Sequence[str]],
    lemmatise: Callable[[list[str]], list[list[str]]] | None = None,
) -> list[tuple[str, ...]]:
    """Every folded lemma sequence a keyword stands for (its lemmas × their families).

    >>> keyword_variants("attente", families={"attendre": ["attente", "attendu"]})
    [('attendre',), ('attendu',), ('attente',)]
    """
    words = keyword.split()
    lemmas = lemmatise([keyword])[0] if lemmatise is not None else words
    index = _family_index(families)
    alternatives = []
    # a surface word and its lemma both open their families (the lemmatiser may disagree with us)
    surface = [fold(w) for w in words] if len(words) == len(lemmas) else [None] * len(lemmas)
    for lem, word in zip(lemmas, surface, strict=True):
        alt = {fold(lem)} | index.get(fold(lem), set())
        if word is not None:
            alt |= {word} | index.get(word, set())
        alternatives.append(sorted(alt))
    return list(itertools.islice(itertools.product(*alternatives), _MAX_VARIANTS))


def _fold_pattern(pattern: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for token in pattern:
        t = dict(token)
        for key in list(t):
            if key.upper() == "LEMMA":
                v = t[key]
                if isinstance(v, str):
                    t[key] = fold(v)
                elif isinstance(v, dict):
                    t[key] = {
                        op: ([fold(x) for x in vals] if isinstance(vals, list) else vals)
                        for op, vals in v.items()
                    }
        out.append(t)
    return out


def spacy_lemmatiser(nlp: Language) -> Callable[[list[str]], list[list[str]]]:
    """Lemmatise keywords (a few words each) with the corpus' pipeline."""

    def lemmatise(texts: list[str]) -> list[list[str]]:
        return [[t.lemma_ or t.text for t in doc if not t.is_space] for doc in nlp.pipe(texts)]

    return lemmatise


def segment_docs(
    tokens: pd.DataFrame, segment_ids: Iterable[str], *, vocab: Vocab
) -> dict[str, Any]:
    """``Doc`` objects rebuilt from the tokens table (no parsing), lemmas folded."""
    from spacy.tokens import Doc

    wanted = set(segment_ids)
    t = tokens[tokens["segment_id"].isin(wanted)].sort_values(["segment_id", "i"], kind="stable")
    docs = {}
    for sid, g in t.groupby("segment_id", sort=False):
        starts, ends = g["start"].to_numpy(), g["end"].to_numpy()
        words = [w if w else "_" for w in g["text"].astype(str)]
        spaces = [bool(ends[j] < starts[j + 1]) for j in range(len(g) - 1)] + [False]
        lemmas = [fold(x) or "_" for x in g["lemma"].astype(str)]
        doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas)
        doc.user_data["offsets"] = (starts, ends)
        docs[sid] = doc
    return docs


def suggest_rules(
    segments: pd.DataFrame,
    codebook: Codebook,
    *,
    tokens: pd.DataFrame,
    nlp: Language | None = None,
    vocab: Vocab | None = None,
    roles: Sequence[str] | None = RESPONDENT_ROLES,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Suggest codes from codebook keywords and patterns, matched on lemmas.

    Parameters
    ----------
    segments
        Segments to code (the pseudonymised corpus' segments table).
    codebook
        The codebook (its ``keywords``, ``patterns`` and ``families``).
    tokens
        The NLP tokens table of those segments (:func:`transfo_analysis.nlp.load_tokens`).
    nlp
        The corpus' spaCy pipeline, used only to lemmatise the keywords (a few words); without
        it keywords are taken as lemmas already.
    vocab
        Vocabulary for the rebuilt docs (default: ``nlp.vocab`` or ``spacy.blank("fr").vocab``).
    roles
        Speaker roles considered (default: everyone but the interviewer; ``None`` for all).
    codes
        Restrict to these codes.

    Returns
    -------
    :data:`SUGGESTION_COLUMNS`: ``origin`` is ``"rule"``, ``matched`` the matched words,
    ``start``/``end`` the first match in the segment text.
    """
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    if vocab is None:
        vocab = nlp.vocab if nlp is not None else spacy.blank("fr").vocab
    lemmatise = spacy_lemmatiser(nlp) if nlp is not None else None
    wanted = codebook.check(codes) if codes is not None else codebook.names
    phrase = PhraseMatcher(vocab, attr="LEMMA")
    matcher = Matcher(vocab)
    from spacy.tokens import Doc

    n_rules = 0
    for name in wanted:
        code = codebook.codes[name]
        if not code.codable:
            continue
        variants = {
            v
            for kw in code.keywords
            for v in keyword_variants(kw, families=codebook.families, lemmatise=lemmatise)
        }
        if variants:
            phrase.add(name, [Doc(vocab, words=list(v), lemmas=list(v)) for v in sorted(variants)])
            n_rules += len(variants)
        if code.patterns:
            matcher.add(name, [_fold_pattern(p) for p in code.patterns])
            n_rules += len(code.patterns)
    segs = segments if roles is None else segments[segments["role"].isin(list(roles))]
    docs = segment_docs(tokens, segs["segment_id"], vocab=vocab)
    matchers = [m for m in (phrase, matcher) if len(m)]  # an empty matcher warns on every doc
    rows = []
    for sid, doc in docs.items():
        found: dict[str, dict[str, Any]] = {}
        starts, ends = doc.user_data["offsets"]
        for match_id, s, e in [hit for m in matchers for hit in m(doc)]:
            label = vocab.strings[match_id]
            entry = found.setdefault(
                label, {"words": {}, "start": int(starts[s]), "end": int(ends[e - 1])}
            )
            entry["words"].setdefault(fold(doc[s:e].text), doc[s:e].text)
        for label, entry in found.items():
            n = len(entry["words"])
            rows.append(
                {
                    "segment_id": sid,
                    "code": label,
                    "origin": "rule",
                    "confidence": round(1 - 0.5**n, 4),
                    "matched": ", ".join(entry["words"].values()),
                    "start": entry["start"],
                    "end": entry["end"],
                }
            )
    out = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    order = {c: i for i, c in enumerate(codebook.names)}
    out = out.sort_values(
        ["segment_id", "code"], key=lambda s: s.map(order) if s.name == "code" else s
    ).reset_index(drop=True)
    out.attrs["provenance"] = record(
        "suggest_rules",
        parameters={
            "roles": list(roles) if roles else None,
            "codes": wanted,
            "lemmatised_keywords": nlp is not None,
        },
        n_rules=n_rules,
        n_segments=len(docs),
        n_suggestions=len(out),
    )
    return out


def store_suggestions(store: Any, suggestions: pd.DataFrame, *, coder: str) -> int:
    """Store suggestions with status "suggested" for ``coder`` to review (never accepted here).

    Pairs the coder already accepted or rejected are left as they are. Suggestions are
    segment-level (the matched words are in the frame, not in the store).

    Parameters
    ----------
    store
        The annotation store.
    suggestions
        ``segment_id``, ``code``, ``confidence`` and ``origin`` of each suggestion.
    coder
        Whose review list receives them.

    Returns
    -------
    The number of suggestions stored.
    """
    if suggestions.empty:
        return 0
    rows = suggestions[["segment_id", "code", "origin", "confidence"]].assign(status="suggested")
    return store.add_codings(rows, coder=coder)
