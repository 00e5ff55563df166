"""What is never replaced: the territory, public institutions, role words, widely known places.

A span is kept when its folded text (see :func:`~transfo_analysis.anonymise._fold.canonical`) is
on the allow list, or when every capitalised word in it is (``Mairie de Valcourt`` with
``valcourt`` the territory). Masks already put by transcribers (``NPERS``, ``NANON``) are allowed
too: they are not identifiers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._name_lists import shipped_list

#: public institutions and services named in interviews about local public services
INSTITUTIONS = (
    "mairie",
    "hôtel de ville",
    "CAF",
    "caisse d'allocations familiales",
    "CPAM",
    "CNAM",
    "assurance maladie",
    "ameli",
    "Pôle emploi",
    "France Travail",
    "France services",
    "maison France services",
    "CCAS",
    "CIAS",
    "MDPH",
    "ANTS",
    "préfecture",
    "sous-préfecture",
    "conseil départemental",
    "conseil général",
    "conseil régional",
    "département",
    "région",
    "MSA",
    "CARSAT",
    "URSSAF",
    "CNAV",
    "assurance retraite",
    "impôts",
    "centre des impôts",
    "finances publiques",
    "DGFiP",
    "trésor public",
    "La Poste",
    "Poste",
    "sécurité sociale",
    "Sécu",
    "SNCF",
    "RATP",
    "Éducation nationale",
    "rectorat",
    # national schools named in every account of a schooling: a body, never a person or a home
    "Polytechnique",
    "École polytechnique",
    "Sciences Po",
    "ENA",
    "HEC",
    "Normale Sup",
    "École normale supérieure",
    "PMI",
    "ASE",
    "CROUS",
    "APL",
    "RSA",
    "AAH",
    "UDAF",
    "CMU",
    "CSS",
    "EHPAD",
    "EPCI",
    "communauté de communes",
    "communauté d'agglomération",
    "agglomération",
    "agglo",
    "métropole",
    "intercommunalité",
    "gendarmerie",
    "police",
    "police municipale",
    "commissariat",
    "tribunal",
    "hôpital",
    "CHU",
    "SAMU",
    "pompiers",
    "SDIS",
    "mission locale",
    "Cap emploi",
    "APEC",
    "AFPA",
    "Unédic",
    "défenseur des droits",
    "CNIL",
    "État",
    "République",
    "gouvernement",
    "ministère",
    "Élysée",
    "Assemblée nationale",
    "Sénat",
    "Matignon",
    "Bercy",
    "Beauvau",
    "Quai d'Orsay",
    # social insurance, pensions, schooling and disability bodies and schemes
    "AGIRC",
    "ARRCO",
    "AGIRC-ARRCO",
    "Agirc Arrco",
    "Ircantec",
    "CNRACL",
    "RSI",
    "CICAS",
    "Humanis",
    "Cipav",
    "Erasmus",
    "Malakoff Humanis",
    "Malakoff Médéric",
    "Klesia",
    # public bodies and schemes often named in consultations (acronyms written as words too)
    "SAFER",
    "RASED",
    # schooling, early childhood and disability schemes (acronyms typed as words: « en Zep »)
    "ZEP",
    "REP",
    "ALAE",
    "ALSH",
    "ATSEM",
    "EGPA",
    "SESSAD",
    "CAMSP",
    "SAVS",
    "SAMSAH",
    "ESAT",
    "CP",
    "CE1",
    "CE2",
    "CM1",
    "CM2",
    "SIREN",
    "SIRET",
    "Prud'hommes",
    "Prudhommes",
    "CMPP",
    "CAMPS",
    "CLIC",
    "CDAPH",
    "DDT",
    "DDTM",
    "DREAL",
    "DIRECCTE",
    "DREETS",
    "ADEME",
    "Marine nationale",
    "Armée de terre",
    "Police nationale",
    "Gendarmerie nationale",
    "MGEN",
    "ANPE",
    "CRAM",
    "CNED",
    "ULIS",
    "IME",
    "SEGPA",
    "ITEP",
    "AESH",
    "AVS",
    "Cotorep",
    "ADAPEI",
    "Agefiph",
    "ARS",
    "DSN",
    "CESU",
    "Organic",
    "Défenseur des droits",
    "Restos du cœur",
    "Union européenne",
    "INSEE",
    "ANAH",
    "ADIL",
    "CIO",
    "GRETA",
    "FranceConnect",
    "France Connect",
    "Aidants Connect",
    "service public",
    "service-public.fr",
    "Internet",
    "Google",
    "Facebook",
    "WhatsApp",
    "Doctolib",
    "Monoprix",
    "Carrefour",
    "Leclerc",
    "Auchan",
    "Lidl",
    "Intermarché",
    "Franprix",
    "Casino",
    "Covid",
    "Noël",
    "Pâques",
    "Ramadan",
    "Toussaint",
    "Dieu",
    "Bon Dieu",
    # the programme and this suite: their name is in every provenance record
    "Transfo",
    "La Transfo",
    "transfo-analysis",
)
#: products, platforms, brands, chains, media, charities and eponymous diseases said in interviews:
#: they identify nobody. Only the weak layers (NER, capitals, propagation) skip them, as they do
#: known places: after an honorific or in a speaker label the same word is a person's name.
PRODUCTS = (
    # software, platforms, networks, devices
    "Google",
    "Excel",
    "Word",
    "PowerPoint",
    "Outlook",
    "Gmail",
    "Hotmail",
    "Yahoo",
    "Windows",
    "Android",
    "iPhone",
    "iPad",
    "Mac",
    "Apple",
    "Samsung",
    "Huawei",
    "Xiaomi",
    "Instagram",
    "TikTok",
    "Snapchat",
    "YouTube",
    "Twitter",
    "LinkedIn",
    "Discord",
    "Telegram",
    "Messenger",
    "Skype",
    "Zoom",
    "Teams",
    "Teams de Microsoft",
    "Microsoft",
    "Pinterest",
    "Twitch",
    "Wikipédia",
    "ChatGPT",
    "Chrome",
    "Firefox",
    "LibreOffice",
    "OpenOffice",
    "Canva",
    "Amazon",
    "Netflix",
    "Uber",
    "Leboncoin",
    "Le Bon Coin",
    "Indeed",
    "Vinci",
    "Francis Lefebvre",
    "Monster",
    "Vinted",
    "Deliveroo",
    "Airbnb",
    "BlaBlaCar",
    "Qwant",
    "Waze",
    "Pronote",
    "Parcoursup",
    "Télépac",
    "Pajemploi",
    "Cesu",
    "Légifrance",
    "Mon espace santé",
    "Ameli",
    "Impots.gouv",
    "Info Retraite",
    "Mes Aides",
    "Chorus",
    "Navigo",
    "Vélib",
    "Velib",
    "Izly",
    "Vitale",
    "carte Vitale",
    # chains, banks, operators, carmakers and models
    "McDo",
    "McDonald's",
    "Mac Do",
    "Burger King",
    "Quick",
    "KFC",
    "Subway",
    "Starbucks",
    "Ikea",
    "Decathlon",
    "Fnac",
    "Castorama",
    "Leroy Merlin",
    "Conforama",
    "Kiabi",
    "Primark",
    "Zara",
    "Aldi",
    "Netto",
    "Super U",
    "Hyper U",
    "Système U",
    "Cora",
    "Géant",
    "Prisunic",
    "Shopi",
    "Leader Price",
    "Biocoop",
    "Naturalia",
    "Sephora",
    "Norauto",
    # cinema chains (« le Pathé », « au Gaumont »): a venue of a chain, not a person
    "Pathé",
    "Gaumont",
    "UGC",
    "MK2",
    "CGR",
    "Kinepolis",
    "Mégarama",
    "Crédit agricole",
    "Société générale",
    "BNP",
    "BNP Paribas",
    "LCL",
    "Caisse d'épargne",
    "Banque postale",
    "Crédit mutuel",
    "CIC",
    "Boursorama",
    "SFR",
    "Bouygues Telecom",
    "Orange",
    "EDF",
    "GDF",
    "Engie",
    "Veolia",
    "Suez",
    "Renault",
    "Peugeot",
    "Citroën",
    "Twingo",
    "Kangoo",
    "Berlingo",
    "Sandero",
    # media
    "Arte",
    "TF1",
    "France 2",
    "France 3",
    "France Inter",
    "France Info",
    "Franceinfo",
    "France Culture",
    "France Bleu",
    "BFM",
    "BFMTV",
    "Canal+",
    "Libération",
    "Le Monde",
    "Le Figaro",
    "Ouest-France",
    "Le Parisien",
    "L'Humanité",
    "Humanité",
    # charities
    "Restos du cœur",
    "Restos du coeur",
    "Restos",
    "Emmaüs",
    "Secours populaire",
    "Secours catholique",
    "Croix-Rouge",
    "Armée du salut",
    "ATD Quart Monde",
    "Unicef",
    "Médecins sans frontières",
    "Fondation Abbé Pierre",
    "Banque alimentaire",
    "Cimade",
    # diseases and syndromes named after people
    "Alzheimer",
    "Parkinson",
    "Crohn",
    "Asperger",
    "Hodgkin",
    "Huntington",
    "Creutzfeldt-Jakob",
    "Lyme",
    "Ebola",
    "Zika",
    # compass points
    "Nord",
    "Sud",
    "Est",
    "Ouest",
    "Nord-Est",
    "Nord-Ouest",
    "Sud-Est",
    "Sud-Ouest",
)
#: honorifics and roles said alone (the name after them is replaced, not they)
ROLE_WORDS = (
    "Madame",
    "Monsieur",
    "Mademoiselle",
    "Mesdames",
    "Messieurs",
    "Mme",
    "Mlle",
    "M",
    "Mr",
    "MM",
    "Docteur",
    "Dr",
    "Maître",
    "Me",
    "Professeur",
    "Pr",
    "maire",
    "le maire",
    "madame le maire",
    "adjoint",
    "adjointe",
    "secrétaire",
    "directeur",
    "directrice",
    "agent",
    "conseiller",
    "conseillère",
    "assistante sociale",
    "élu",
    "élue",
    "président",
    "présidente",
    "préfet",
    "préfets",
    "ministre",
    "ministres",
    "député",
    "députée",
    "sénateur",
    "sénatrice",
    "enquêteur",
    "enquêtrice",
    "intervieweur",
    "ENQ",
    "Enq",
    "INT",
    "LOC",
    "locuteur",
    "locutrice",
    "interviewé",
    "interviewée",
    "animateur",
    "animatrice",
    "Bonjour",
    "Merci",
    "Oui",
    "Non",
    "Voilà",
    "Ben",
    "Bah",
    "Euh",
    "Hein",
    "Ouais",
    "OK",
    "Ah",
    "Oh",
)
#: words naming groups of people (nationalities, origins, religions): never a person's name
GROUP_WORDS = frozenset(
    str.split(
        "arabe arabes juif juifs juive juives noirs noires blancs blanches beur beurs rebeu rebeus "
        "maghrebin maghrebins maghrebine maghrebines asiatique asiatiques occidental occidentaux "
        "occidentale occidentales oriental orientaux orientale orientales latino latinos latine "
        "latines gitan gitans gitane gitanes manouche manouches rom roms kabyle kabyles berbere "
        "berberes turc turcs turque turques kurde kurdes musulman musulmans musulmane musulmanes "
        "chretien chretiens catholique catholiques protestant protestants bouddhiste bouddhistes "
        "francais francaise francaises parisien parisiens parisienne parisiennes provinciaux "
        "provincial banlieusard banlieusards europeen europeens africain africains americain "
        "americains anglais allemand allemands italien italiens espagnol espagnols portugais russe "
        "russes chinois japonais vietnamien vietnamiens polonais grec grecs belge belges suisse "
        "suisses antillais antillaise antillaises"
    )
)
#: masks transcribers already put in place of names
MASKS = (
    "NPERS",
    "NANON",
    "NCIS",
    "NPRENOM",
    "NNOM",
    "NLIEU",
    "NVILLE",
    "NRUE",
    "XXX",
    "ANONYME",
    "ANON",
)


@functools.lru_cache(maxsize=4)
def builtin_places() -> frozenset[str]:
    """Folded names of the places shipped in ``resources/lieux.txt``."""
    return shipped_list("lieux.txt")


@functools.lru_cache(maxsize=1)
def products() -> frozenset[str]:
    """Folded :data:`PRODUCTS`."""
    return frozenset(canonical(w) for w in PRODUCTS)


_WORD = re.compile(r"[\w'’]+")


@functools.lru_cache(maxsize=1)
def suite_words() -> frozenset[str]:
    """Folded words the suite itself writes in lower case in its French messages.

    Reports and dashboards print these words themselves (« Aucune carte d'atelier écrite
    par ce profil », « Services concernés »). Among 1,000,000 recombined Grand Débat answers, weak
    layers made « Aucune » and « Services » persons (session 22): replaced in the corpus, they
    were then found in the suite's own text of every report, and the leak check blocked all
    of them. First names and frequent surnames of the name lists are left out: they stay names.
    Like products, these words are allowed unless a strong source gives them (an honorific).
    """
    from transfo_analysis.anonymise._name_lists import first_names, surnames
    from transfo_analysis.i18n import translations

    # the standard library's parsed catalogue (msgid → French); "" is the header
    catalogue = getattr(translations("fr"), "_catalog", {})
    names = set(first_names()) | surnames()
    words = set()
    for msgid, text in catalogue.items():
        if msgid == "" or not isinstance(text, str):
            continue
        for word in _WORD.findall(text):
            if len(word) >= 4 and word.isalpha() and word.islower():
                key = canonical(word)
                if key not in names:
                    words.add(key)
    return frozenset(words)


class AllowList:
    """Folded words and phrases never replaced.

    Parameters
    ----------
    words
        User additions (settings ``allow``), territory slugs and labels, services…
    places
        Include the shipped list of widely known places.

    Places are kept apart from the other terms: a name given by a strong source (a speaker
    label, the settings) is replaced even when it is also a place (``Aude``, ``Lorraine``).
    """

    def __init__(self, words: Iterable[str] = (), *, places: bool = True) -> None:
        base = {canonical(w) for w in (*INSTITUTIONS, *ROLE_WORDS, *MASKS)}
        user = {canonical(w) for w in words if w and str(w).strip()}
        # territory slugs come as "val-de-sarne": also allow their words alone
        parts = {p for w in user for p in re.split(r"[\s\-_/]+", w) if len(p) >= 4}
        self.terms = frozenset(base | user | parts)
        self.places = builtin_places() if places else frozenset()
        self.products = products() | suite_words()
        #: institutions and products without spaces or hyphens (``capemploi``, ``linkedin``):
        #: their glued or misspelt writings are no names either
        self.glued = frozenset(
            re.sub(r"[\s\-'’]", "", t) for t in (*self.terms, *self.products) if len(t) >= 3
        )

    def __contains__(self, text: str) -> bool:
        key = canonical(text)
        return key in self.terms or key in self.places or key in self.products

    def covers(self, text: str, *, places: bool = True, products: bool | None = None) -> bool:
        """True when the whole text, or each of its capitalised words, is allowed.

        Parameters
        ----------
        text
            The original text of a span.
        places
            Count the known places as allowed (false for names from strong sources).
        products
            Count the products, brands and media (:data:`PRODUCTS`) as allowed; by default as
            ``places`` (false after an honorific: ``Madame Renault`` is a person).
        """
        sets = [self.terms]
        if places:
            sets.append(self.places)
        if places if products is None else products:
            sets.append(self.products)

        def allowed(k: str) -> bool:
            return any(k in s for s in sets)

        key = canonical(text)
        if not key or allowed(key) or allowed(_strip_article(key)):
            return True
        words = [w for w in _WORD.findall(text) if w[:1].isupper()]
        return bool(words) and all(allowed(canonical(w)) for w in words)


def _strip_article(key: str) -> str:
    for prefix in ("la ", "le ", "les ", "l'", "de ", "du ", "des ", "a ", "au ", "aux ", "en "):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key
