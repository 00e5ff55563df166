"""Topics: BERTopic with French defaults, offline embeddings, stability across seeds.

- :func:`fit_topics` fits topics on a corpus's respondent turns (short turns merged) and returns
  a :class:`TopicResult` (topic table with French labels, segment → topic assignments, quotes,
  hierarchy, stability, provenance); :func:`fit_kmeans_baseline` is the simpler TF-IDF + k-means
  method for small corpora.
- :func:`topics_by`, :func:`topics_over_time`, :func:`topic_code_table` cross topics with roles,
  territories, periods and codes; figures are in :mod:`transfo_analysis.viz.topics`.
- :func:`save_topics` / :func:`load_topics` write and read ``<project>/processed/topics/``;
  :func:`topics_project` is the project stage (``transfo topics`` and the batch runner).
- :func:`name_topic` stores a team's name for a topic (``topic-names.json``);
  :func:`carry_names` matches stored names to a new model's topics.
- Non-answers (:func:`non_answers`) are set apart before the fit; automatic labels are written
  phrases (:func:`phrase_labels`), shown with « (libellé automatique) » (:func:`display_label`).
- :mod:`transfo_analysis.topics.embeddings` holds the offline embedding backends
  (:func:`~transfo_analysis.topics.embeddings.get_backend`,
  :func:`~transfo_analysis.topics.embeddings.embed`), also used by the coding suggestions.
- :func:`make_topic_model` is the BERTopic builder, for those who drive BERTopic themselves.
"""

from transfo_analysis.topics._fit import (
    TooFewUnitsError,
    check_size,
    fit_kmeans_baseline,
    fit_topics,
    seed_lemmas,
)
from transfo_analysis.topics._io import (
    load_topics,
    save_topics,
    save_topics_skipped,
    topics_dir,
    topics_skip_reason,
)
from transfo_analysis.topics._labels import AUTO_MARK, display_label, phrase_labels
from transfo_analysis.topics._model import (
    MIN_UNITS,
    auto_min_cluster_size,
    make_topic_model,
    topic_vocabulary,
)
from transfo_analysis.topics._names import (
    MATCH_THRESHOLD,
    apply_names,
    carry_names,
    load_names,
    name_topic,
    names_file,
    names_frame,
)
from transfo_analysis.topics._non_answers import (
    NON_ANSWER_LABEL,
    NON_ANSWER_TOPIC,
    is_non_answer,
    non_answers,
)
from transfo_analysis.topics._result import OUTLIER_LABEL, TopicResult, topic_label
from transfo_analysis.topics._sample import stratified_sample
from transfo_analysis.topics._stability import match_topics, stability_summary
from transfo_analysis.topics._stage import topics_project
from transfo_analysis.topics._tables import topic_code_table, topics_by, topics_over_time
from transfo_analysis.topics._units import build_units, content_lemmas
from transfo_analysis.topics._widget import naming_widget
from transfo_analysis.topics.embeddings import EmbeddingBackend, embed, get_backend

__all__ = [
    "AUTO_MARK",
    "MATCH_THRESHOLD",
    "MIN_UNITS",
    "NON_ANSWER_LABEL",
    "NON_ANSWER_TOPIC",
    "OUTLIER_LABEL",
    "EmbeddingBackend",
    "TooFewUnitsError",
    "TopicResult",
    "apply_names",
    "auto_min_cluster_size",
    "build_units",
    "carry_names",
    "check_size",
    "display_label",
    "content_lemmas",
    "embed",
    "fit_kmeans_baseline",
    "fit_topics",
    "get_backend",
    "is_non_answer",
    "load_names",
    "load_topics",
    "make_topic_model",
    "match_topics",
    "name_topic",
    "names_file",
    "names_frame",
    "naming_widget",
    "non_answers",
    "phrase_labels",
    "save_topics",
    "save_topics_skipped",
    "seed_lemmas",
    "stability_summary",
    "stratified_sample",
    "topics_skip_reason",
    "topic_code_table",
    "topic_label",
    "topic_vocabulary",
    "topics_by",
    "topics_dir",
    "topics_over_time",
    "topics_project",
]
