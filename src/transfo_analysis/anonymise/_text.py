"""Pseudonymise loose texts (no project, no NER): patterns, markup, context and known names.

For quick use and for the detector tables of the tests; projects use
:func:`~transfo_analysis.anonymise.pseudonymise_project`, which adds the NER of the parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._apply import apply_spans, register_spans
from transfo_analysis.anonymise._detect import Detector
from transfo_analysis.anonymise._names import Lexicon
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.config import PseudonymisationSettings


def pseudonymise_texts(
    texts: Sequence[str],
    *,
    settings: PseudonymisationSettings | None = None,
    key: PseudonymKey | None = None,
    names: Iterable[str] = (),
    allow: Iterable[str] = (),
) -> list[str]:
    """Pseudonymise texts consistently (one entity, one pseudonym across all of them).

    Parameters
    ----------
    texts
        The texts.
    settings
        Detection settings (defaults when ``None``); ``style`` chooses tags or fictional names.
    key
        A key to use and extend (a new one when ``None``).
    names
        Names known to be persons (as speaker labels would give).
    allow
        Words never replaced.

    Returns
    -------
    The pseudonymised texts, in order.
    """
    settings = settings or PseudonymisationSettings()
    key = key if key is not None else PseudonymKey()
    detector = Detector(settings, AllowList(allow, places=settings.builtin_places), Lexicon(), key)
    for name in names:
        detector.add_label_name(name)
    firsts = []
    for text in texts:
        spans = detector.first_pass(text or "")
        detector.learn(spans)
        firsts.append(spans)
    finals = [detector.detect(text or "", first) for text, first in zip(texts, firsts, strict=True)]
    register_spans(key, [sp for spans in finals for sp in spans])
    return [
        apply_spans(
            text or "",
            spans,
            [key.pseudonym(sp.type, sp.text, style=settings.style) for sp in spans],
        )[0]
        for text, spans in zip(texts, finals, strict=True)
    ]


def pseudonymise_text(text: str, **options) -> str:
    """Pseudonymise one text (see :func:`pseudonymise_texts` for the options).

    Parameters
    ----------
    text
        The text to pseudonymise.
    **options
        ``settings``, ``key``, ``names``, ``allow``: as in :func:`pseudonymise_texts`.

    Returns
    -------
    The text with identifying spans replaced by pseudonyms or tags.
    """
    return pseudonymise_texts([text], **options)[0]
