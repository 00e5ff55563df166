"""Co-design workshops and participation platforms: cards, near-duplicates, votes and stances.

The readers (``transfo_analysis.corpus.readers``: Decidim, CONSUL, Klaxoon, Miro, the workshop
sheet) load cards, proposals and comments as segments with optional columns (``kind``,
``card_id``, ``parent_id``, ``votes``, ``voters``, ``stance``, ``group``, ``category``,
``colour``…). This package turns them into analyses:

- :func:`cards`: the cards/proposals table (one row per card, its author, parent, votes), the
  one call other steps (the evidence trail) use to take ideas and proposals as candidates;
- :func:`near_duplicates`: cards saying the same thing, grouped by lemma-aware similarity;
- :func:`dot_votes`, :func:`rank_cards`: dots per participant normalised (a participant who had
  more dots does not weigh more), ranking with bootstrap or Bayesian intervals, by group or role;
- :func:`stance_balance`: supports against comments for, against and neutral, per proposal;
- :func:`card_themes`: themes of cards (Reinert with short-text settings), crossed with roles;
  :func:`card_topics`: the same with the topic machinery (k-means baseline or BERTopic);
- :func:`prioritisation`: each theme's votes against the interviews (by role) and the barometer;
  :func:`theme_evidence`: the interview codes and topics matching each theme, by role.
"""

from transfo_analysis.workshops._cards import cards
from transfo_analysis.workshops._duplicates import near_duplicates, normalised_words
from transfo_analysis.workshops._evidence import code_vocabulary, theme_evidence
from transfo_analysis.workshops._priorities import prioritisation
from transfo_analysis.workshops._stances import stance_balance
from transfo_analysis.workshops._themes import (
    SHORT_TEXT_SETTINGS,
    SHORT_TOPIC_SETTINGS,
    card_themes,
    card_topics,
)
from transfo_analysis.workshops._votes import dot_votes, rank_cards

__all__ = [
    "SHORT_TEXT_SETTINGS",
    "SHORT_TOPIC_SETTINGS",
    "card_themes",
    "card_topics",
    "cards",
    "code_vocabulary",
    "dot_votes",
    "near_duplicates",
    "normalised_words",
    "prioritisation",
    "rank_cards",
    "stance_balance",
    "theme_evidence",
]
