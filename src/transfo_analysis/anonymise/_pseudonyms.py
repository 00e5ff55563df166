"""The re-identification key in memory: one entity → one pseudonym, stable across runs.

Every original form met (its *variant*, under a canonical form: folded name, phone digits,
upper-case IBAN…) points to an *entity*; an entity has a type and a number, hence its tag
(``[PERSONNE_12]``). Persons are resolved where possible: a first name or a surname said alone
joins the one person of the corpus who has it (``Léna`` → ``Léna Tessandier``), and stays an entity
of its own when several persons share it. Existing variants are never re-pointed, so a pseudonym
once published stays the same in later runs; new entities get the next numbers.

With ``style="names"`` persons get fictional names instead of tags: each real first name maps to
one fictional first name of the same gender when known (from an honorific, the speaker metadata or
the shipped list of first names; otherwise an epicene name), each real surname to one fictional
surname (so relatives keep a shared surname). Fictional names that are also originals of the key
are never used. Other types keep tags.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._names import PARTICLES, first_names, is_guarded_detector
from transfo_analysis.anonymise._patterns import canonical_value
from transfo_analysis.anonymise._spans import TYPES
from transfo_analysis.i18n import _

KEY_FORMAT = "transfo-pseudonymisation-key"
KEY_VERSION = 1


def words(text: str) -> list[str]:
    """The words of a space-separated list (a lexicon written as one string)."""
    return text.split()


#: fictional first names (pseudonyms of style "names"), by gender; X = epicene
FICTIONAL_FIRST = {
    "F": words(
        "Agathe Albane Alix Amandine Anaëlle Anouk Apolline Ariane Armelle Astrid Aurélia "
        "Bérangère "
        "Capucine Cerise Clélia Clothilde Coline Daphné Delia Diane Eléa Elina Eloane Elsa Emeline "
        "Faustine Flavie Gaëlle Garance Hermine Honorine Iliana Ilona Inaya Irina Isaure Jasmine "
        "Joséphine Judith Lila Lilwenn Loane Lorène Louane Lucile Lyna Maëva Maïa Malia Margaux "
        "Marjorie Mathilde Mélina Milena Mona Nadège Naëlle Naomi Nella Nolwenn Ombeline Orane "
        "Pervenche Romane Rosine Salomé Séraphine Sidonie Soline Sonia Suzon Tiphaine Ulrike Wendy "
        "Yelena Zélie Zina Aïna Anissa Djena Farida Ilham Kahina Lamia Leyla Malak Nahia Nour "
        "Selma "
        "Soraya Yousra Awa Binta Dalia Fanta Kadi Mariam Nafi Rokia Yacine Bich Linh My Thu"
    ),
    "M": words(
        "Achille Adrien Alban Albin Ambroise Anatole Armel Aurèle Barnabé Basile Bastien Benoît "
        "Bertrand Brice Côme Cyprien Damien Edgar Elouan Émeric Évariste Fabien Firmin Florian "
        "Gaspard Gauthier Gildas Gontran Hector Hilaire Ignace Jocelyn Josselin Jules Lambert "
        "Léandre Léopold Loïs Lucien Marceau Marius Martial Maxence Médéric Nestor Octave Odilon "
        "Olivier Pacôme Philémon Quentin Rodolphe Romaric Sacha Séverin Sylvère Tancrède Thibaut "
        "Timothée Tristan Ulysse Valère Virgile Wilfried Yvon Amir Anis Aymen Bilel Elyes Hedi "
        "Ilian Ismaïl Karim Lyes Marwan Nassim Rayane Sami Sofiane Wassim Yanis Zinedine Bakary "
        "Cheick Issa Lassana Moussa Sekou Tidiane Duc Hai Khanh Long Quang"
    ),
    "X": words(
        "Alix Ange Camille Charlie Claude Dominique Eden Gwen Lou Maxime Morgan Noa Sacha Stéphane "
        "Yael Andrea Ariel Lior Mika Sasha Swann Tal Timy Yuna Kim Lee Ali Eli Jo"
    ),
}
#: fictional surnames (style "names")
FICTIONAL_LAST = words(
    "Aubert Barbier Baudin Benard Berthier Blanchard Bonnet Bouvier Brunet Carpentier Carre "
    "Charpentier Chauvin Collet Cordier Cousin Dumont Dupuis Durand Duval "
    "Fabre Faure Fleury Fournier Gaillard Garcia Gauthier Girard Guerin Guillot "
    "Hamon Jacquet Joly Klein Lacroix Lambert Leclerc Lecomte Lefebvre "
    "Legrand Lemaire Leroux Leroy Maillard Marchal Martinez Masson Menard "
    "Meyer Michaud Moreau Muller Perrin Picard Poirier Prevost Renard Renaud Riviere "
    "Roche Rolland Roussel Roy Schmitt Tessier Vasseur Vidal Weber Amrani Belkacem Bensaid "
    "Bouaziz Cherif Hamidi Kaci Mansouri Saidi Toure Kone Sow Diop Fofana Keita Sissoko Tall "
    "Almeida Carvalho Costa Lopes Moreira Rodrigues Santos Silva Teixeira Nowak Kaya Demir Pham "
    "Vo Dang Bui Hoang"
)


@dataclass
class Variant:
    type: str
    canonical: str
    original: str
    entity: str
    part: str | None = None
    detector: str = ""
    first_seen: str = ""
    #: also an everyday word of the corpus: the leak checker only counts it capitalised
    common: bool = False


@dataclass
class PseudonymKey:
    """Originals → entities → pseudonyms (see the module docstring)."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    variants: dict[tuple[str, str], Variant] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    first: dict[str, str] = field(default_factory=dict)
    last: dict[str, str] = field(default_factory=dict)
    created: str = ""
    new_entities: set[str] = field(default_factory=set)

    # -- identity ---------------------------------------------------------------------------
    @staticmethod
    def canonical(type_: str, text: str) -> str:
        if type_ in ("EMAIL", "TELEPHONE", "NIR", "IBAN", "PLAQUE", "URL"):
            return canonical_value(type_, text)
        return canonical(text)

    def entity_of(
        self,
        type_: str,
        text: str,
        *,
        part: str | None = None,
        gender: str | None = None,
        detector: str = "",
        common: bool = False,
    ) -> str:
        """The entity of an original, registering it (and a new entity) when unseen."""
        key = (type_, self.canonical(type_, text))
        found = self.variants.get(key)
        if found is not None:
            return found.entity
        if type_ == "PERSONNE" and part is None and " " in key[1]:
            part = "last" if key[1].split()[0] in PARTICLES else "full"
        entity = self._resolve_person(key[1], part) if type_ == "PERSONNE" else None
        if entity is None:
            entity = self._new_entity(type_, gender)
        elif gender and not self.entities[entity].get("gender"):
            self.entities[entity]["gender"] = gender
        now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        self.variants[key] = Variant(
            type_, key[1], " ".join(text.split()), entity, part, detector, now, common
        )
        return entity

    def _new_entity(self, type_: str, gender: str | None) -> str:
        n = self.counters.get(type_, 0) + 1
        self.counters[type_] = n
        entity = f"{type_}_{n}"
        self.entities[entity] = {"type": type_, "number": n, "gender": gender}
        self.new_entities.add(entity)
        return entity

    def _resolve_person(self, key: str, part: str | None) -> str | None:
        if " " in key and not (part == "last" or key.split()[0] in PARTICLES):
            return None
        owners = set()
        for (t, c), v in self.variants.items():
            if t != "PERSONNE" or v.part != "full" or " " not in c:
                continue
            first, _, last = c.partition(" ")
            if first in PARTICLES:
                continue
            if (part in (None, "first") and first == key) or (
                part in (None, "last") and (last == key or last.split()[-1] == key)
            ):
                owners.add(v.entity)
        return owners.pop() if len(owners) == 1 else None

    # -- pseudonyms -------------------------------------------------------------------------
    def pseudonym(self, type_: str, text: str, *, style: str = "tags") -> str:
        """The pseudonym of a registered original."""
        var = self.variants[(type_, self.canonical(type_, text))]
        if style != "names" or type_ != "PERSONNE":
            return f"[{var.entity}]"
        gender = self.entities[var.entity].get("gender")
        words = var.canonical.split()
        if var.part == "full" or (var.part is None and len(words) > 1):
            first = self._fictional_first(words[0], gender)
            return f"{first} {self._fictional_last(' '.join(words[1:]))}"
        if var.part == "last" or (
            var.part is None
            and var.canonical not in first_names()
            and var.canonical not in self.first
        ):
            return self._fictional_last(var.canonical)
        return self._fictional_first(var.canonical, gender)

    def _originals(self) -> set[str]:
        return {w for (t, c) in self.variants if t == "PERSONNE" for w in c.split()}

    def _fictional_first(self, key: str, gender: str | None) -> str:
        if key in self.first:
            return self.first[key]
        gender = gender or first_names().get(key)
        pool = FICTIONAL_FIRST[gender if gender in ("F", "M") else "X"]
        self.first[key] = _pick(key, pool, used=set(self.first.values()), banned=self._originals())
        return self.first[key]

    def _fictional_last(self, key: str) -> str:
        if key not in self.last:
            self.last[key] = _pick(
                key, FICTIONAL_LAST, used=set(self.last.values()), banned=self._originals()
            )
        return self.last[key]

    def fictional_names(self) -> set[str]:
        """Folded words of the fictional names in use (style names)."""
        return {
            w for v in (*self.first.values(), *self.last.values()) for w in canonical(v).split()
        }

    def drop_unused(self, used: set[str], *, weak) -> list[str]:
        """Remove the name entities not in ``used`` whose every variant came from a weak layer.

        ``weak`` tells whether a detector guesses (NER, capitals…). Entities named by a strong
        source (label, markup, honorific, pattern, settings) are never dropped, nor are contact
        details. Counters are kept, so a dropped number is never given again. Returns the dropped
        entities.
        """
        variants: dict[str, list[Variant]] = {}
        for v in self.variants.values():
            variants.setdefault(v.entity, []).append(v)
        dropped = [
            e
            for e, vs in variants.items()
            if e not in used
            and self.entities.get(e, {}).get("type")
            in ("PERSONNE", "LIEU", "ORGANISATION", "DIVERS")
            and all(weak(v.detector) for v in vs)
        ]
        gone = set(dropped)
        self.variants = {k: v for k, v in self.variants.items() if v.entity not in gone}
        for e in dropped:
            self.entities.pop(e, None)
        words = self._originals()
        self.first = {k: v for k, v in self.first.items() if k in words}
        self.last = {k: v for k, v in self.last.items() if all(w in words for w in k.split())}
        self.new_entities -= gone
        return dropped

    # -- persistence --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": KEY_FORMAT,
            "version": KEY_VERSION,
            "created": self.created or _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "updated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "counters": dict(self.counters),
            "entities": self.entities,
            "variants": [v.__dict__ for v in self.variants.values()],
            "names": {"first": self.first, "last": self.last},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PseudonymKey:
        """Rebuild a key; raises ``KeyError``/``TypeError``/``ValueError`` on a malformed one."""
        if data.get("format") != KEY_FORMAT or int(data.get("version", 0)) > KEY_VERSION:
            raise ValueError(_("not a pseudonymisation key of a version this code reads"))
        variants = {}
        for row in data["variants"]:
            v = Variant(**row)
            if v.type not in TYPES:
                raise ValueError(_("unknown entity type {type!r}").format(type=v.type))
            variants[(v.type, v.canonical)] = v
        names = data.get("names", {})
        return cls(
            entities={k: dict(v) for k, v in data["entities"].items()},
            variants=variants,
            counters={k: int(v) for k, v in data["counters"].items()},
            first=dict(names.get("first", {})),
            last=dict(names.get("last", {})),
            created=str(data.get("created", "")),
        )

    def originals(self) -> list[tuple[str, str, str]]:
        """(type, canonical, original) of every variant (for the leak checker)."""
        return [(v.type, v.canonical, v.original) for v in self.variants.values()]

    def guessed(self) -> set[str]:
        """Canonical originals that only a guessing layer found (NER, capitals, first names,
        propagation): the leak checker judges each occurrence by the pipeline's context rule.
        """
        return {
            v.canonical
            for v in self.variants.values()
            if v.detector.startswith(("ner:", "capitals", "first-names", "propagation"))
        }

    def guarded(self) -> set[str]:
        """Canonical names a context expression gave (an honorific, a naming verb): the pipeline
        searches them again with the guards of propagation
        (:func:`~transfo_analysis.anonymise._lexicon.propagation_reason`), and the leak checker
        judges each occurrence by the same guards.
        """
        return {
            v.canonical
            for v in self.variants.values()
            if v.type in ("PERSONNE", "LIEU", "ORGANISATION", "DIVERS")
            and is_guarded_detector(v.detector)
        }

    def common_words(self) -> set[str]:
        """Canonical originals that are also everyday words.

        The leak checker counts them only when capitalised.
        """
        return {v.canonical for v in self.variants.values() if v.common}


def _pick(key: str, pool: list[str], *, used: set[str], banned: set[str]) -> str:
    """A fictional name for ``key``: deterministic, unused, never an original of the key."""
    start = int(hashlib.blake2b(key.encode(), digest_size=4).hexdigest(), 16) % len(pool)
    for round_ in range(1, 1000):
        for i in range(len(pool)):
            name = pool[(start + i) % len(pool)]
            candidate = name if round_ == 1 else f"{name}-{round_}"
            if candidate not in used and canonical(name) not in banned:
                return candidate
    raise RuntimeError(_("no fictional name left"))  # pragma: no cover
