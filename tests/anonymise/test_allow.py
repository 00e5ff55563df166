"""The allow list: the words the suite writes itself."""

from __future__ import annotations


def test_the_suite_s_own_words_are_allowed_but_names_stay_names():
    """« Aucune » and « Services », persons by weak guesses among 1,000,000 answers, are words
    the reports print themselves: allowed, so that they neither stay replaced in the corpus nor
    block every report; first names and surnames of the name lists are not."""
    from transfo_analysis.anonymise._allow import AllowList, suite_words

    words = suite_words()
    assert {"aucune", "services", "proposition"} <= words
    assert not words & {"martin", "petit", "camille", "rose"}
    allow = AllowList()
    assert "Aucune" in allow and allow.covers("Services")
    # like a product: after an honorific (a strong source) it is a name again
    assert not allow.covers("Aucune", places=False)
    assert "Petit" not in allow
