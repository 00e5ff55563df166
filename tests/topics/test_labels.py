"""Automatic labels are written phrases from the members' own text, marked as automatic."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.topics import display_label, phrase_labels


@pytest.mark.slow
def test_labels_are_phrases_as_written_in_the_members(fitted, synthetic):
    corpus = synthetic[0]
    topics = fitted.topics[fitted.topics["topic"] >= 0]
    a = fitted.assignments.merge(corpus.segments[["segment_id", "text"]], on="segment_id")
    for row in topics.itertuples():
        texts = " ".join(a.loc[a["topic"] == row.topic, "text"])
        for phrase in row.label.split(" · "):
            assert phrase in texts, (row.topic, row.label)  # case and accents as written
    assert (topics["label_source"] == "auto").all()
    assert topics["label"].str.split().str.len().ge(2).mean() >= 0.5  # mostly bigrams/trigrams


@pytest.mark.slow
def test_display_labels_mark_automatic_ones_only(fitted):
    shown = fitted.display_labels()
    for row in fitted.topics.itertuples():
        if row.topic >= 0:
            assert shown[row.topic] == f"{row.label} (libellé automatique)"
        else:
            assert shown[row.topic] == row.label  # « Hors thème » is no automatic label
    assert display_label("Horaires d'ouverture", "team") == "Horaires d'ouverture"


def _tokens(texts, lemmas):
    """Tokens of written texts: each word found in order in its text, with its lemma."""
    out = []
    for seg, text in texts.items():
        pos = 0
        for i, (w, lemma) in enumerate(lemmas[seg]):
            start = text.index(w, pos)
            pos = start + len(w)
            out.append(
                {
                    "segment_id": seg,
                    "i": i,
                    "start": start,
                    "end": pos,
                    "text": w,
                    "lemma": lemma,
                    "is_punct": False,
                    "like_num": False,
                    "is_stop": False,
                }
            )
    return pd.DataFrame(out)


def _labels(texts, lemmas, terms, stops=frozenset({"de", "le", "trop"})):
    segments = pd.DataFrame({"segment_id": list(texts), "text": list(texts.values())})
    members = pd.DataFrame(
        {"segment_id": list(texts), "unit": [f"u{i}" for i in range(len(texts))], "topic": 0}
    )
    return phrase_labels(segments, _tokens(texts, lemmas), members, terms={0: terms}, stops=stops)


def test_the_most_representative_phrase_wins_in_its_most_frequent_form():
    texts = {
        "s1": "Temps d'attente trop long",
        "s2": "le temps d'attente",
        "s3": "temps d'attente",
        "s4": "guichet fermé",
    }
    lemmas = {
        "s1": [
            ("Temps", "temps"),
            ("d'", "de"),
            ("attente", "attente"),
            ("trop", "trop"),
            ("long", "long"),
        ],
        "s2": [("le", "le"), ("temps", "temps"), ("d'", "de"), ("attente", "attente")],
        "s3": [("temps", "temps"), ("d'", "de"), ("attente", "attente")],
        "s4": [("guichet", "guichet"), ("fermé", "fermer")],
    }
    labels = _labels(texts, lemmas, [("attente", 0.5), ("temps", 0.4), ("guichet", 0.1)])
    assert labels == {0: "temps d'attente"}  # as written: apostrophe kept, no space added


def test_without_a_shared_phrase_the_top_terms_are_shown_as_written():
    texts = {"s1": "Hôpital", "s2": "médecins"}
    lemmas = {"s1": [("Hôpital", "hôpital")], "s2": [("médecins", "médecin")]}
    labels = _labels(texts, lemmas, [("médecin", 0.5), ("hôpital", 0.4)])
    assert labels == {0: "médecins · Hôpital"}  # written forms, not the lemma « médecin »


def test_topics_sharing_a_phrase_are_told_apart_by_another_written_term():
    texts = {
        "s1": "services publics fermés",
        "s2": "services publics",
        "s3": "services publics en ligne",
        "s4": "services publics",
    }
    lemmas = {
        "s1": [("services", "service"), ("publics", "public"), ("fermés", "fermer")],
        "s2": [("services", "service"), ("publics", "public")],
        "s3": [("services", "service"), ("publics", "public"), ("ligne", "ligne")],
        "s4": [("services", "service"), ("publics", "public")],
    }
    segments = pd.DataFrame({"segment_id": list(texts), "text": list(texts.values())})
    members = pd.DataFrame(
        {"segment_id": list(texts), "unit": ["u1", "u2", "u3", "u4"], "topic": [0, 0, 1, 1]}
    )
    labels = phrase_labels(
        segments,
        _tokens(texts, lemmas),
        members,
        terms={
            0: [("service", 0.5), ("public", 0.4), ("fermer", 0.1)],
            1: [("service", 0.5), ("public", 0.4), ("ligne", 0.1)],
        },
        stops=frozenset({"en"}),
    )
    assert labels == {0: "services publics · fermés", 1: "services publics · ligne"}


def test_a_phrase_of_top_terms_beats_a_more_frequent_one_with_an_outside_word():
    # seen on the real Grand Débat answers: a topic on MDPH files was labelled « demande de
    # permis », frequent in its members, though « permis » is none of its top terms
    texts = {f"p{i}": "ma demande de permis" for i in range(5)}
    texts |= {"m1": "le dossier MDPH", "m2": "dossier MDPH en attente"}
    lemmas = {
        f"p{i}": [("ma", "mon"), ("demande", "demande"), ("de", "de"), ("permis", "permis")]
        for i in range(5)
    }
    lemmas["m1"] = [("le", "le"), ("dossier", "dossier"), ("MDPH", "mdph")]
    lemmas["m2"] = [("dossier", "dossier"), ("MDPH", "mdph"), ("attente", "attente")]
    terms = [("mdph", 0.43), ("dossier", 0.40), ("demande", 0.35)]
    # five units × 0.35 would beat two units × (0.43 + 0.40) on use alone
    assert _labels(texts, lemmas, terms, stops=frozenset({"de", "le", "mon", "en"})) == {
        0: "dossier MDPH"
    }


def test_a_big_topic_is_read_evenly_not_from_its_first_units(monkeypatch):
    # seen on the real corpora: the first 1,000 units of a topic came from its first files, and
    # « état civil » labelled a topic on collectivités territoriales
    from transfo_analysis.topics import _labels as labels_module

    monkeypatch.setattr(labels_module, "MAX_UNITS", 4)
    texts = {f"g{i}": "guichet fermé" for i in range(6)}  # the topic's first documents
    texts |= {f"t{i}": "temps d'attente" for i in range(6)}  # its last ones
    lemmas = {f"g{i}": [("guichet", "guichet"), ("fermé", "fermer")] for i in range(6)}
    lemmas |= {
        f"t{i}": [("temps", "temps"), ("d'", "de"), ("attente", "attente")] for i in range(6)
    }
    terms = [("attente", 0.5), ("temps", 0.4), ("guichet", 0.3), ("fermer", 0.2)]
    # four units read, spread over the twelve: two of each phrase, and the better one wins
    assert _labels(texts, lemmas, terms) == {0: "temps d'attente"}
