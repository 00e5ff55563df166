"""Pattern detectors: e-mails, phones, NIR, IBAN, addresses, postcodes, URLs, licence plates.

Each detector is a regular expression (plus a check where the format has one: the NIR and IBAN
keys) over the original text. They are written for French usage and transcripts:

- e-mails, also spoken (``jean point dupont arobase gmail point com``);
- phones: ``06 12 34 56 78``, ``06.12.34.56.78``, ``06-12-34-56-78``, ``0612345678``,
  ``+33 6 12 34 56 78``, ``+33 (0)6…``, ``0033 6…``, other countries' ``+32 2 …``; also spoken
  digit by digit or in pairs (``zéro six douze trente-quatre…``);
- NIR (social security number), 13 digits or 15 with its key, with or without spaces, Corsica
  ``2A``/``2B``; the key is checked when present but a failing key still counts (typos happen);
- IBAN (any country) with or without spaces, checked with its mod-97 key (French ones always);
- street addresses with a number (``12 bis rue …``, ``avenue``, ``chemin``, ``allée``,
  ``impasse``, ``place``, ``boulevard``, ``lieu-dit``…) and capitalised street names without one;
- postcode + town (``38000 Grenoble``, ``75011 Paris``, with ``Cedex``; not a unit: ``20000 Km``);
- URLs (``https://…``, ``www.…``, bare ``domaine.fr/…``) except allowed public-service domains;
- licence plates, SIV ``AB-123-CD`` and old FNI ``1234 AB 56``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transfo_analysis.anonymise._spans import Span

_B = r"(?<![\w@.+-])"  # left boundary: not inside a word, an e-mail or a longer number
_E = r"(?![\w@]|[.\-]\w)"  # right boundary

EMAIL = re.compile(_B + r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-zA-Z]{2,}" + r"(?![\w@])")
_SPOKEN_DOT = r"\s+(?:point|\.)\s+"
EMAIL_SPOKEN = re.compile(
    r"(?i)(?<!\w)[\w\-]+(?:(?:" + _SPOKEN_DOT + r"|[.\-_]|\s+(?:tiret|underscore)\s+)[\w\-]+){0,3}"
    r"\s+(?:arobase|arobas|at)\s+[\w\-]+(?:"
    + _SPOKEN_DOT
    + r"[\w\-]+)*"
    + _SPOKEN_DOT
    + r"(?:com|fr|net|org|eu|be|ch|info)(?!\w)"
)
_SEP = r"[\s.\-]?"
PHONE_FR = re.compile(
    _B + r"(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9]|0[1-9])(?:" + _SEP + r"\d){8}" + _E
)
PHONE_INTL = re.compile(_B + r"(?:\+|00)\s?(?!33)[1-9]\d{0,2}(?:[\s.\-]?\(?\d{1,4}\)?){2,6}" + _E)
_DIGIT_WORDS = (
    r"z[ée]ro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|et|\d{1,2}"
)
PHONE_SPOKEN = re.compile(
    r"(?i)(?<!\w)z[ée]ro[\s,]+(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|[1-9])"
    r"(?:[\s,\-]+(?:" + _DIGIT_WORDS + r")){4,16}(?!\w)"
)
NIR = re.compile(
    _B + r"[1-478][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?"
    r"(?:\d{2}|2[ABab])[\s.]?\d{3}[\s.]?\d{3}"
    r"(?:[\s.]?\d{2})?" + _E
)
IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\w])")
_STREET_WORDS = (
    r"rue|ruelle|avenue|av\.|bd|boulevard|chemin|allée|allee|impasse|place|quai|route|cours|square|"
    r"passage|voie|sentier|sente|rond-point|lieu-dit|lieu dit|lotissement|résidence|residence|"
    r"hameau|cité|cite|villa|faubourg|chaussée|esplanade|promenade|parvis|montée|rampe|venelle|"
    r"traverse|mail|clos|domaine|carrefour"
)
#: street words that are also common nouns are left out when no house number precedes them
_STREET_WORDS_ALONE = (
    r"rue|ruelle|avenue|boulevard|chemin|allée|allee|impasse|place|quai|square|sentier|rond-point|"
    r"lieu-dit|lieu dit|lotissement|résidence|residence|hameau|cité|faubourg|esplanade|parvis|"
    r"venelle"
)
_LINK = (
    r"(?:de\s+la|de\s+l'|de\s+l’|du|des|de|d'|d’|la|le|les|l'|l’|aux|au|à|en|sur|sous|saint|"
    r"sainte|st|ste)"
)
_NAME_WORD = r"(?!Cedex|CEDEX)[A-ZÀ-Ý][\w'’\-]*"
_ANY_WORD = r"[\w'’\-]+"
ADDRESS_NUMBER = re.compile(
    r"(?<![\w])\d{1,4}(?:\s?(?:bis|ter|quater|[a-dA-D])(?!\w))?\s*,?\s+(?i:"
    + _STREET_WORDS
    + r")\s+"
    r"(?:(?i:"
    + _LINK
    + r")\s*)?(?!(?i:ou|où|et|ni|mais|donc|car|or|qui|que|quoi|pour|par|avec|sans|chez|dans)\b)"
    + _ANY_WORD
    + r"(?:\s+(?:(?i:"
    + _LINK
    + r")\s*)?"
    + _NAME_WORD
    + r"){0,4}"
)
STREET = re.compile(
    # the name has a lower-case letter (``place en IME``, ``mise en place de la DSN``: no streets);
    # nor is ``place`` after ``en`` (``mise en place La MSA``), nor a name that is only an article
    # before a lower-case word (``lieu de résidence  Le manque``; but ``rue La Fayette``)
    r"(?<![\w])(?<!\ben\s)(?i:"
    + _STREET_WORDS_ALONE
    + r")\s+(?:(?i:"
    + _LINK
    + r")\s*)?"
    + r"(?!(?:Le|La|Les|L['’]|Un|Une|Des|Du|De)(?:\s+[^\sA-ZÀ-Ý]|\s*$))"
    + r"[A-ZÀ-Ý](?=[\w'’\-]*[a-zà-ÿ])[\w'’\-]*"
    r"(?:\s+(?:(?i:" + _LINK + r")\s*)?[A-ZÀ-Ý][\w'’\-]*){0,4}"
)
_TOWN = (
    r"[A-ZÀ-Ý][\w'’]*(?:[\s\-]+(?:(?:sur|sous|en|lès|les|le|la|de|du|des|d'|"
    r"aux)[\s\-]+)?(?!Cedex|CEDEX)[A-ZÀ-Ý][\w'’]*){0,4}"
)
#: units typed with a capital after a number (``tous les 20000 Km``): no town after a postcode
_UNITS = r"(?i:kms?|euros?|eur|habitants|hab|heures|jours|mois|ans|mètres|metres|francs|frs?)\b"
POSTCODE = re.compile(
    r"(?<![\w])(?:0[1-9]|[1-8]\d|9[0-8])\s?\d{3}\s+(?!"
    + _UNITS
    + ")"
    + _TOWN
    + r"(?:\s+(?:Cedex|CEDEX)(?:\s?\d{1,2})?)?(?![\w])"
)
_TLD = r"(?:fr|com|org|net|eu|info|io|be|ch|ca|de|es|it|uk|gouv\.fr|re|app|site|biz)"
URL = re.compile(
    r"(?i)(?<![\w@.])(?:(?:https?|ftp)://[^\s<>\"'\]]+|www\.[^\s<>\"'\]]+|[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\."
    + _TLD
    + r"(?:/[^\s<>\"'\]]*)?)(?![\w@])"
)
_PLATE_L = r"[A-HJ-NP-TV-Z]"
PLATE = re.compile(
    # not an hour typed without spaces (``24H24``, ``16H30``): the old format's single letter
    # nor numbers joined by a word in capitals (``ENTRE 30 ET 45 MIN``)
    r"(?<![\w\-])(?!\d{1,2}[Hh]\d{2}(?![\w\-]))(?!\d{1,4}\s+(?:ET|OU|EN|AU|DE|DU|SUR|PAR|A|À)\s)(?:"
    + _PLATE_L
    + r"{2}[\s\-]?\d{3}[\s\-]?"
    + _PLATE_L
    + r"{2}"
    r"|\d{1,4}[\s\-]?[A-Z]{1,3}[\s\-]?(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6]))(?![\w\-])"
)

#: public-service domains whose URLs are kept
PUBLIC_DOMAINS = (
    "gouv.fr",
    "service-public.fr",
    "ameli.fr",
    "caf.fr",
    "msa.fr",
    "francetravail.fr",
    "pole-emploi.fr",
    "info-retraite.fr",
    "lassuranceretraite.fr",
    "urssaf.fr",
    "impots.gouv.fr",
    "france-services.gouv.fr",
    "mesdroitssociaux.gouv.fr",
    "franceconnect.gouv.fr",
    "laposte.fr",
    "sncf.com",
    "ratp.fr",
    "education.gouv.fr",
    "monparcourshandicap.gouv.fr",
    "defenseurdesdroits.fr",
)


def nir_key_ok(digits: str) -> bool:
    """Check a 15-character NIR (13 digits + 2-digit key; Corsica ``2A``→19, ``2B``→18)."""
    body, key = digits[:13].upper(), digits[13:]
    body = (
        body.replace("2A", "19", 1)
        if body[5:7] == "2A"
        else body.replace("2B", "18", 1)
        if body[5:7] == "2B"
        else body
    )
    return body.isdigit() and key.isdigit() and 97 - int(body) % 97 == int(key)


def iban_ok(iban: str) -> bool:
    """Mod-97 check of an IBAN (spaces removed)."""
    s = iban.replace(" ", "").upper()
    if len(s) < 15 or not s[:2].isalpha():
        return False
    moved = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in moved)
    return num.isdigit() and int(num) % 97 == 1


def _domain_allowed(url: str, allowed: Iterable[str]) -> bool:
    host = re.sub(r"(?i)^(?:https?|ftp)://", "", url).split("/")[0].lower()
    host = host.removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in allowed)


def find_patterns(
    text: str,
    *,
    detectors: Iterable[str] = (
        "email",
        "phone",
        "nir",
        "iban",
        "address",
        "postcode",
        "url",
        "plate",
    ),
    allow_domains: Iterable[str] = (),
) -> list[Span]:
    """Every pattern finding in a text (overlaps are resolved later).

    Parameters
    ----------
    text
        One segment's text.
    detectors
        The pattern detectors to run (``email``, ``phone``, ``nir``, ``iban``, ``address``,
        ``postcode``, ``url``, ``plate``).
    allow_domains
        Web domains whose URLs are kept (public services), subdomains included.

    Returns
    -------
    One span per finding, with its type and detector; spans may overlap.
    """
    enabled = set(detectors)
    spans: list[Span] = []

    def add(regex: re.Pattern[str], type_: str, name: str) -> None:
        for m in regex.finditer(text):
            spans.append(Span(m.start(), m.end(), type_, f"pattern:{name}", m.group()))

    has_digit = any(c.isdigit() for c in text)
    lowered = text.lower()
    if "email" in enabled:
        if "@" in text:
            add(EMAIL, "EMAIL", "email")
        if "arobas" in lowered or " at " in lowered:
            add(EMAIL_SPOKEN, "EMAIL", "email")
    if "phone" in enabled:
        if has_digit:
            add(PHONE_FR, "TELEPHONE", "phone")
            for m in PHONE_INTL.finditer(text):
                if 8 <= sum(c.isdigit() for c in m.group()) <= 15:
                    spans.append(Span(m.start(), m.end(), "TELEPHONE", "pattern:phone", m.group()))
        if "z" in lowered and ("zéro" in lowered or "zero" in lowered):
            add(PHONE_SPOKEN, "TELEPHONE", "phone")
    if has_digit and "nir" in enabled:
        for m in NIR.finditer(text):
            digits = re.sub(r"[\s.]", "", m.group())
            if len(digits) in (13, 15):
                spans.append(Span(m.start(), m.end(), "NIR", "pattern:nir", m.group()))
    if has_digit and "iban" in enabled:
        for m in IBAN.finditer(text):
            if iban_ok(m.group()) or m.group().startswith(("FR", "MC")):
                spans.append(Span(m.start(), m.end(), "IBAN", "pattern:iban", m.group()))
    if "address" in enabled:
        if has_digit:
            add(ADDRESS_NUMBER, "ADRESSE", "address")
        add(STREET, "LIEU", "street")
    if has_digit and "postcode" in enabled:
        add(POSTCODE, "ADRESSE", "postcode")
    if "url" in enabled and ("." in text or "/" in text):
        domains = (*PUBLIC_DOMAINS, *allow_domains)
        for m in URL.finditer(text):
            url = m.group().rstrip(".,;:!?)")
            if (
                "@" in url
                or _domain_allowed(url, domains)
                or not re.search(r"[a-zA-Z]", url.split(".")[-1])
                # territoire.De: a full stop typed without its space, not a domain
                or (
                    not re.match(r"(?i)(?:https?|ftp)://|www\.", url)
                    and "/" not in url
                    and not url.split(".")[-1].islower()
                )
            ):
                continue
            spans.append(Span(m.start(), m.start() + len(url), "URL", "pattern:url", url))
    if has_digit and "plate" in enabled:
        add(PLATE, "PLAQUE", "plate")
    return _merge_address_postcode(text, spans)


def _merge_address_postcode(text: str, spans: list[Span]) -> list[Span]:
    """``12 rue des Lilas, 38000 Grenoble`` is one address, not an address and a postcode."""
    addresses = [s for s in spans if s.detector == "pattern:address"]
    postcodes = [s for s in spans if s.detector == "pattern:postcode"]
    for a in addresses:
        for p in postcodes:
            gap = text[a.end : p.start]
            if 0 <= len(gap) <= 3 and gap.strip(" ,") == "":
                a.end, a.text = p.end, text[a.start : p.end]
                spans.remove(p)
                break
    return spans


def canonical_value(type_: str, text: str) -> str:
    """The form under which a pattern finding is stored in the key (one entity per value)."""
    if type_ == "TELEPHONE":
        digits = re.sub(r"\D", "", text)
        if digits.startswith("00"):
            digits = digits[2:]
        if digits.startswith("330") and len(digits) == 12:  # +33 (0)6…
            digits = "0" + digits[3:]
        elif digits.startswith("33") and len(digits) == 11:
            digits = "0" + digits[2:]
        return digits or re.sub(r"\s+", " ", text.lower()).strip()
    if type_ in ("NIR", "IBAN", "PLAQUE"):
        return re.sub(r"[\s.\-]", "", text).upper()
    if type_ == "EMAIL":
        return text.lower().strip()
    if type_ == "URL":
        return re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", text).rstrip("/").lower()
    return re.sub(r"\s+", " ", text).strip()
