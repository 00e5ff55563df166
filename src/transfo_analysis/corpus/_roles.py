"""Speaker roles from labels: configurable rules, built-in French defaults, interviewer guessing.

Roles: ``usager`` (service users, residents), ``agent`` (front-line staff), ``encadrant``
(managers), ``elu`` (elected officials), ``enqueteur`` (the interviewer or workshop facilitator)
and ``autre`` (collective or unidentified voices).

Order of decision for a speaker label:

1. an exact entry in the manifest's ``speakers`` section;
2. the manifest's ``roles.rules``, in order (regular expressions on the label);
3. a role fixed by the source itself (a ``profil`` column of a survey, mapped in the manifest);
4. the built-in rules below (unless ``roles.builtin_rules: false``), tried on the label with
   accents and case folded; generic respondent labels (``R``, ``R2``, ``Participant 3``) match
   no role: the document's respondent role applies to them;
5. for an interview whose interviewer no rule found, the speaker asking the most questions when
   the evidence is clear (``roles.guess_interviewer``), reported as a warning;
6. the document's ``respondent_role`` (manifest, default ``usager``), reported as information.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from transfo_analysis.corpus._manifest import Manifest

#: pseudo-role of generic respondent labels: the document's ``respondent_role`` decides
RESPONDENT = "(respondent)"

# (role, pattern on the folded label); the first match wins, so specific before general.
BUILTIN_RULES: list[tuple[str, str]] = [
    # interviewer markers: "(ENQ)", "enq.", "Enquêteur·rice", "E", "Q", "INT", ESLO's "ch_" prefix
    ("enqueteur", r"\(\s*enq\.?\s*\)|\benq\b\.?|enqu[e]t(eur|rice|eu)|interview(er|euse|eur)\b"),
    ("enqueteur", r"^(e|q|i|int|enq|interviewer|intervieweur|intervieweuse)\s*\d*$|^ch_"),
    ("enqueteur", r"animat(eur|rice)|facilitat(eur|rice)|ambassad(eur|rice)"),
    # collective or unidentifiable voices; ESLO codes unknown speakers "ENT_59INC", "403INC2"
    (
        "autre",
        r"^(tous|toutes|plusieurs|ensemble|public|salle|groupe|collectif|inconnu\w*|\?+|x+|spk\s*inc)$|(^|[\d_])inc\d*$",
    ),
    # elected officials before managers and agents ("conseillère municipale" is not an agent)
    (
        "elu",
        r"\b(elu|elue|elus|maire|maire[- ]adjoint\w*|adjoint\w* (au|du|a la|aux) \w+|"
        r"vice[- ]president\w*|conseill(er|ere)s? (municipal|communautaire|departemental|"
        r"regional)\w*|president\w* du conseil)\b",
    ),
    (
        "encadrant",
        r"\b(encadrant\w*|responsable|chef|cheffe|directeur|directrice|direction|manager|coordinat(eur|rice)|dgs|dga)\b",
    ),
    (
        "agent",
        r"\b(agent\w*|agente|conseill(er|ere)|assistant\w* social\w*|educat(eur|rice)\w*|ripeur|"
        r"guichet\w*|accueil|chauffeur|conductr(ice|eur)|aide a domicile|travailleu\w* social\w*|"
        r"fonctionnaire|technicien\w*|secretaire)\b",
    ),
    (
        "usager",
        r"\b(usag(er|ere)s?|habitant\w*|resident\w*|citoyen\w*|parent|beneficiaire\w*|client\w*)\b",
    ),
    # generic respondent labels ("R", "R2", "Participant 3", "Interviewé") say nobody's role:
    # the document's respondent_role applies
    (RESPONDENT, r"^r\s*\d*$|^(participant|repondant|interviewe)\w*\b"),
]
_BUILTIN = [(role, re.compile(p)) for role, p in BUILTIN_RULES]


def fold(text: str) -> str:
    """Lower case without accents, for matching labels (``Enquêtrice`` → ``enquetrice``).

    Parameters
    ----------
    text
        A label or a word.

    Returns
    -------
    str
        The text folded and stripped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@dataclass(frozen=True)
class RoleDecision:
    role: str
    #: how it was decided: speakers, rule, builtin, source, guessed, default
    source: str
    detail: str = ""


def role_from_label(label: str, manifest: Manifest) -> RoleDecision | None:
    """Role of a label from the manifest and the built-in rules, or ``None`` when none applies."""
    entry = manifest.speakers.get(label)
    if entry is not None and entry.role:
        return RoleDecision(entry.role, "speakers", label)
    for rule in manifest.roles.rules:
        if re.search(rule.pattern, label):
            return RoleDecision(rule.role, "rule", rule.pattern)
    if manifest.roles.builtin_rules:
        folded = fold(label)
        for role, pattern in _BUILTIN:
            if pattern.search(folded):
                return RoleDecision(role, "builtin", pattern.pattern)
    return None


# A turn asks something when it ends with "?" (CFPP writes "[?]"), holds a "?" and is short, or
# is short and has "est-ce que" or a question word addressed to someone ("comment vous…",
# "pensez-vous"). Long turns are left out: respondents' monologues are full of "quand vous…"
# and rhetorical "n'est-ce pas ?".
_EST_CE = re.compile(r"\best-ce qu|\bqu'est-ce\b", re.IGNORECASE)
_QUESTION_WORD = re.compile(
    r"\b(?:comment|pourquoi|combien|quand|quels?|quelles?|où)\b|\b(?!rendez)\w+-(?:t-)?(?:vous|tu|on)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"\b(?:vous|tu)\b|-(?:vous|tu|on)\b", re.IGNORECASE)
_TRAILING_MARKUP = re.compile(r"(?:\s*\[[^\]?]*\])+\s*$")
_WORD = re.compile(r"\w+")


def is_question(text: str) -> bool:
    """Whether a turn asks something (see the rules above)."""
    if _TRAILING_MARKUP.sub("", text).rstrip().endswith(("?", "?]")):
        return True
    n_words = len(_WORD.findall(text))
    if "?" in text and n_words <= 30:
        return True
    return n_words <= 40 and (
        _EST_CE.search(text) is not None
        or (_QUESTION_WORD.search(text) is not None and _ADDRESS.search(text) is not None)
    )


def question_share(texts: list[str]) -> float:
    """Share of a speaker's turns that ask something (:func:`is_question`)."""
    if not texts:
        return 0.0
    return sum(1 for t in texts if is_question(t)) / len(texts)


def guess_interviewer(turns_by_label: dict[str, list[str]]) -> tuple[str, float, float] | None:
    """The label that asks clearly more questions than everyone else.

    Only speakers with at least 5 turns and 10 % of the turns compete (a visitor's few questions
    prove nothing). Interviewers also say many "mm", "d'accord", so their share of question
    turns is often low (3–40 % on CFPP and ESLO): what counts is that it is at least twice the
    next speaker's, over at least 5 questions.

    Returns
    -------
    ``(label, its question share, the next highest share)``, or ``None`` when the evidence is weak.
    """
    total = sum(len(texts) for texts in turns_by_label.values())
    counts = {
        label: (sum(1 for t in texts if is_question(t)), len(texts))
        for label, texts in turns_by_label.items()
        if len(texts) >= 5 and len(texts) >= 0.1 * total
    }
    if len(counts) < 2:
        return None
    ranked = sorted(((q / n, q, label) for label, (q, n) in counts.items()), reverse=True)
    (s1, q1, best), (s2, _, _) = ranked[0], ranked[1]
    if q1 >= 5 and s1 >= 2 * s2:
        return best, s1, s2
    return None
