"""French word tables of the junk rules: idioms and characters, derivational endings, nouns.

They are data, not messages (the French forms writers type), read by
:mod:`transfo_analysis.anonymise._wordforms`. Every entry was chosen because a capitalised word
of it is no person of the corpus, whoever writes it; entries are not tuned to one corpus.
"""

from __future__ import annotations

#: idioms naming a figure of myth, legend or the Bible: the name in them is no person of the
#: corpus (« l'épée de Damoclès », « le talon d'Achille »); written as the idiom is typed (folded:
#: lower case, no accents), the name last
NAMED_IDIOMS = (
    "epee de damocles",
    "talon d'achille",
    "boite de pandore",
    "tonneau des danaides",
    "supplice de tantale",
    "rocher de sisyphe",
    "travail de sisyphe",
    "mythe de sisyphe",
    "victoire a la pyrrhus",
    "tour de babel",
    "vieux comme mathusalem",
    "fil d'ariane",
    "oeuf de colomb",
    "jugement de salomon",
    "travaux d'hercule",
    "travail d'hercule",
    "chant des sirenes",
    "lit de procuste",
    "cheval de troie",
    "david contre goliath",
    "david face a goliath",
    "david contre un goliath",
    "david face a un goliath",
    "comite theodule",
    "comites theodule",
)

#: Latin locutions of French prose (folded): typed with capitals (« le Numérus Clausus »), the
#: NER takes them for names; read like :data:`NAMED_IDIOMS`
LATIN_PHRASES = (
    "numerus clausus",
    "statu quo",
    "a priori",
    "a posteriori",
    "de facto",
    "de jure",
    "ad hoc",
    "in fine",
    "in situ",
    "in extremis",
    "sine die",
    "sine qua non",
    "mea culpa",
    "vice versa",
    "modus operandi",
    "persona non grata",
    "manu militari",
    "ex nihilo",
    "ex aequo",
    "grosso modo",
    "nec plus ultra",
    "curriculum vitae",
    "honoris causa",
    "intra muros",
    "extra muros",
)

#: first names of the proverbial « anybody » (« déshabiller Pierre pour habiller Paul »,
#: « faire profiter Pierre plutôt que Jacques », « Pierre, Paul ou Jacques »)
PROVERBIAL_NAMES = ("pierre", "paul", "jacques")

#: what joins two proverbial names in the idioms above (folded); each pattern has the
#: placeholders ``{a}`` and ``{b}`` for two different proverbial names
PROVERBIAL_JOINS = (
    r"{a}\W{{0,3}}\s*pour\s+(?:re)?habiller\s+\W{{0,2}}{b}",
    r"{a}\W{{0,3}}\s*plutot\s+qu(?:e\s+|['’]\s*)\W{{0,2}}{b}",
    r"{a}\W{{0,3}}\s*au\s+lieu\s+de\s+\W{{0,2}}{b}",
    r"{a}\W{{0,3}}\s*{b}\W{{0,3}}\s*(?:ou|et)\s+\W{{0,2}}(?!{a}|{b})(?:pierre|paul|jacques)",
)

#: fictional characters of books, comics and cartoons, never used as a person's first name
#: (folded): « se conférer à Astérix », « un monde à la Big Brother »
FICTIONAL_CHARACTERS = frozenset(
    (
        "asterix",
        "obelix",
        "panoramix",
        "tintin",
        "shadoks",
        "shadok",
        "gargantua",
        "pantagruel",
        "harpagon",
        "tartuffe",
        "pinocchio",
        "cendrillon",
        "picsou",
        "mickey",
        "don quichotte",
        "big brother",
        "pere ubu",
        "ubu",
        "pere noel",
        "gaston lagaffe",
        "lagaffe",
        "kafkaien",
        "kafkaienne",
        "ubuesque",
        "courtelinesque",
    )
)

#: endings of French derived common words (nouns of action or quality, verbs in -iser, adverbs):
#: a single capitalised word ending so, off every list of names, is a word typed with a capital
#: (``Transversaliser``, ``Sidérance``, ``Inégibilité``, ``Revitalisation``); endings of first
#: names and surnames (``-ique`` of Monique, ``-ier`` of Didier, ``-ien`` of Julien, ``-eur`` of
#: Vasseur) are not in the table
DERIVED_ENDINGS = (
    "tion",
    "tions",
    "sion",
    "sions",
    "ment",
    "ments",
    "iser",
    "isé",
    "isée",
    "isés",
    "isées",
    "ité",
    "ités",
    "eté",
    "etés",
    "ance",
    "ances",
    "ence",
    "ences",
    "isme",
    "ismes",
    "able",
    "ables",
    "ible",
    "ibles",
    "euse",
    "euses",
    "ifier",
)

#: nouns of products and software whose brands follow in brackets
#: (:func:`~transfo_analysis.anonymise._phrases.product_list`)
PRODUCT_NOUNS = frozenset(
    str.split(
        "tablette tablettes ordinateur ordinateurs téléphone téléphones smartphone smartphones "
        "logiciel logiciels application applications appli applis site sites plateforme "
        "plateformes marque marques produit produits outil outils appareil appareils"
    )
)
#: nouns before ``de`` whose complement may be a place or a name (besides
#: :data:`~transfo_analysis.anonymise._lexicon.NAMING_NOUNS`), read by
#: :func:`~transfo_analysis.anonymise._phrases.noun_complement`
PLACE_NOUNS = frozenset(
    str.split(
        "mairie région département préfecture sous-préfecture tribunal agglomération communauté "
        "canton secteur académie diocèse pays habitants habitant maire environs périphérie "
        "banlieue sortie proximité près loin côté région caf cpam chu antenne services service "
        "direction sud nord est ouest centre-ville agence bassin territoire département "
        "arrondissement communes ville villes poste"
    )
)
#: articles before an item of a list (``ou le Bon Coin``)
LIST_ARTICLES = frozenset(str.split("le la les l' l’ un une des du"))

#: what a transcription tool or a platform writes where a person's name is expected (Transcriber's
#: ``scribe="Administrateur"`` in ESLO): a role, not a person, left as written so that the word
#: never enters the key (folded: lower case, no accents)
GENERIC_AUTHORS = frozenset(
    str.split(
        "administrateur administratrice admin administrator anonyme anonymous inconnu inconnue"
        " unknown transcripteur transcriptrice transcriber equipe team systeme system"
        " automatique auto utilisateur user"
    )
)

#: the months, folded (``Mai`` and ``Avril`` are on the first-name list too): a month in a date
#: (``Mai 68``, ``1er Mai``) is no first name
MONTHS = frozenset(
    str.split(
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
    )
)

#: verbs and adjectives of illness whose complement after ``de`` is an illness (``atteint de
#: Myopathie``), read by :mod:`~transfo_analysis.anonymise._complements`
ILLNESS_HEADS = frozenset(
    str.split(
        "atteint atteinte atteints atteintes souffre souffrent souffrait souffraient souffrant "
        "souffrante souffrants souffrantes"
    )
)
#: capitalised heads of bodies' names that take a place after ``de`` (``Chambre de``, ``Centre
#: Hospitalier de``), besides the nouns that introduce places or names
BODY_PLACE_HEADS = frozenset(
    str.split(
        "chambre conseil centre centres caisse caisses hospitalier hospitalière universitaire "
        "maladie primaire départemental départementale régional régionale municipal municipale "
        "communal communale intercommunal intercommunale diocésain maison tribunal cour"
    )
)
#: short words allowed inside a glued word (``retraites-de-l-etat``), read by
#: :mod:`~transfo_analysis.anonymise._slips`
GLUE_LINKS = frozenset(str.split("de d l la le du en et a au"))
#: first pieces that begin surnames glued from words (``Desbois``, ``Lefranc``, ``Monfils``)
SURNAME_STARTS = frozenset(str.split("le la les de des du mon ma mes ton ta son sa ses aux une"))
