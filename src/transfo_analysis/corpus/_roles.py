"""Speaker roles from labels: configurable rules, built-in French defaults, interviewer guessing.

Roles: ``usager`` (service users, residents), ``agent`` (front-line staff), ``encadrant``
(managers), ``elu`` (elected officials), ``enqueteur`` (the interviewer or workshop facilitator)
and ``autre`` (collective or unidentified voices).

Order of decision for a speaker label:

1. an exact entry in the manifest's ``speakers`` section;
2. the manifest's ``roles.rules``, in order (regular expressions on the label);
3. a role fixed by the source itself (a ``profil`` column of a survey, mapped in the manifest);
4. the built-in rules below (unless ``roles.builtin_rules: false``), tried on the label with
   accents and case folded;
5. for an interview whose interviewer no rule found, the speaker asking the most questions when
   the evidence is clear (``roles.guess_interviewer``), reported as a warning;
6. the document's ``respondent_role`` (manifest, default ``usager``), reported as information.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from transfo_analysis.corpus._manifest import Manifest

# (role, pattern on the folded label); the first match wins, so specific before general.
BUILTIN_RULES: list[tuple[str, str]] = [
    # interviewer markers: "(ENQ)", "enq.", "Enquêteur·rice", "E", "Q", "INT", ESLO's "ch_" prefix
    ("enqueteur", r"\(\s*enq\.?\s*\)|\benq\b\.?|enqu[e]t(eur|rice|eu)|interview(er|euse|eur)\b"),
    ("enqueteur", r"^(e|q|i|int|enq|interviewer|intervieweur|intervieweuse)\s*\d*$|^ch_"),
    ("enqueteur", r"animat(eur|rice)|facilitat(eur|rice)|ambassad(eur|rice)"),
    # collective or unidentifiable voices
    ("autre", r"^(tous|toutes|plusieurs|ensemble|public|salle|groupe|collectif|inconnu\w*|\?+|x+|spk\s*inc)$|inc$"),
    # elected officials before managers and agents ("conseillère municipale" is not an agent)
    ("elu", r"\b(elu|elue|elus|maire|maire[- ]adjoint\w*|adjoint\w* (au|du|a la|aux) \w+|vice[- ]president\w*|conseill(er|ere)s? (municipal|communautaire|departemental|regional)\w*|president\w* du conseil)\b"),
    ("encadrant", r"\b(encadrant\w*|responsable|chef|cheffe|directeur|directrice|direction|manager|coordinat(eur|rice)|dgs|dga)\b"),
    ("agent", r"\b(agent\w*|agente|conseill(er|ere)|assistant\w* social\w*|educat(eur|rice)\w*|ripeur|guichet\w*|accueil|chauffeur|conductr(ice|eur)|aide a domicile|travailleu\w* social\w*|fonctionnaire|technicien\w*|secretaire)\b"),
    ("usager", r"\b(usag(er|ere)s?|habitant\w*|resident\w*|citoyen\w*|participant\w*|repondant\w*|interviewe\w*|parent|beneficiaire\w*|client\w*)\b|^r\s*\d*$"),
]
_BUILTIN = [(role, re.compile(p)) for role, p in BUILTIN_RULES]


def fold(text: str) -> str:
    """Lower case without accents, for matching labels (``Enquêtrice`` → ``enquetrice``)."""
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


_QUESTION_WORDS = re.compile(
    r"\b(est-ce que|qu'est-ce|comment|pourquoi|combien|quand|quel|quelle|quels|quelles|vous)\b", re.IGNORECASE
)


def question_share(texts: list[str]) -> float:
    """Share of a speaker's turns that ask something (``?`` or a question word with ``vous``)."""
    if not texts:
        return 0.0
    n = sum(1 for t in texts if "?" in t or len(_QUESTION_WORDS.findall(t)) >= 2)
    return n / len(texts)


def guess_interviewer(turns_by_label: dict[str, list[str]]) -> tuple[str, float, float] | None:
    """The label that asks clearly more questions than everyone else.

    Returns
    -------
    ``(label, its question share, the next highest share)``, or ``None`` when the evidence is weak
    (fewer than 5 turns, a share under 0.3, or not twice the next speaker's).
    """
    scores = {
        label: question_share(texts) for label, texts in turns_by_label.items() if len(texts) >= 5
    }
    if len(scores) < 2:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, s1), (_, s2) = ranked[0], ranked[1]
    if s1 >= 0.3 and s1 >= 2 * s2:
        return best, s1, s2
    return None
