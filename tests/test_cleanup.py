"""NER cleanup: what the statistical model returns on press releases, made fit for a record."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.match.base import Match
from pipeline.ner.cleanup import clean_entities

NER = "ner:fr_core_news_md"


def ent(text: str, surface: str, label: str, nth: int = 0) -> Match:
    """The NER entity `label` on the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Match(label, start, start + len(surface), None, NER)


def cleaned(text: str, *ents: Match) -> list[tuple[str, str]]:
    return [(m.label, text[m.start : m.end]) for m in clean_entities(text, list(ents))]


# --- what is not an entity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Écrire à contact@acme.fr pour tout.", "contact@acme.fr", "MISC"),
        ("Voir https://www.acme.fr/presse pour tout.", "https://www.acme.fr/presse", "ORG"),
        ("Communiqué de presse\n\nNovembre 2025\n\n# Dialogue", "Communiqué de presse\n\nNovembre 2025", "ORG"),
        ("Sommaire\n\nLe sommet", "Sommaire", "MISC"),
        ("Contact presse : Inria", "Contact presse", "ORG"),
        ("Renforcer la souveraineté numérique européenne", "Renforcer", "LOC"),
        ("Serrage de main entre le président et lui", "Serrage", "PER"),
        ("Déployer l'IA générative pour tous", "Déployer", "PER"),
        ("Rappelant que la France a", "Rappelant", "LOC"),
        ("les usages de l'IA dans les entreprises", "IA", "ORG"),
        ("le président de la République a dit", "président de la République", "PER"),
        ("dans l'Enseignement supérieur public", "Enseignement supérieur", "ORG"),
        ("Cette Académie a un triple objectif", "Cette Académie", "ORG"),
        ("Institut technologique, Inria soutient", "Institut technologique", "ORG"),
        ("partenaires⁸ et amis", "partenaires⁸", "ORG"),
        ("Liberté\nÉgalité\nFraternité\n\nSommet", "Liberté\nÉgalité\nFraternité", "ORG"),
        ("la 5G et la 6G", "G", "MISC"),
        ("Ministre déléguée chargée du numérique", "Ministre déléguée", "ORG"),
        ("les transformations majeures du XXIe siècle", "XXIe", "ORG"),
        ("sous la IIIe République", "IIIe", "MISC"),
    ],
)
def test_not_entities_are_dropped(text, surface, label):
    assert cleaned(text, ent(text, surface, label)) == []


# --- trimming and splitting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Elle vit en la France profonde", "la France", "LOC", ("LOC", "France")),
        ("L'Europe avance. Puis", "L'Europe", "LOC", ("LOC", "Europe")),
        ("La France accueille le monde", "La France", "LOC", ("LOC", "France")),
        ("un centre au Le Bosquel en Picardie", "Le Bosquel", "LOC", ("LOC", "Le Bosquel")),
        ("un accord avec La Poste hier", "La Poste", "ORG", ("ORG", "La Poste")),
        ("le sommet **Inria** a", "**Inria**", "ORG", ("ORG", "Inria")),
        ("« Osez l’IA » et", "« Osez l’IA »", "MISC", ("MISC", "Osez l’IA")),
        (
            "Contact : Mandy Bartel - presse@zv.fraunhofer.de",
            "Mandy Bartel - presse@zv.fraunhofer.de",
            "PER",
            ("PER", "Mandy Bartel"),
        ),
        (
            "Contact : Mandy Bartel -                        \n\n  ",
            "Mandy Bartel -                        \n\n ",
            "PER",
            ("PER", "Mandy Bartel"),
        ),
        (
            "©Durand Thibault - Présidence de la République",
            "Durand Thibault - Présidence de la République",
            "PER",
            ("PER", "Durand Thibault"),
        ),
        ("Contact presse Zorglab\n\nZorglab est", "Zorglab\n\nZorglab", "ORG", ("ORG", "Zorglab")),
        ("Le DGE\n\nLa France est", "DGE\n\nLa France", "ORG", ("ORG", "DGE")),
        ("du sommet Adopt AI\n- À la suite de l'échange", "Adopt AI\n- À la suite", "MISC", ("MISC", "Adopt AI")),
        (
            "l'Académie franco-\nallemande pour l'Industrie du Futur créée",
            "Académie franco-\nallemande pour l'Industrie du",
            "ORG",
            ("ORG", "Académie franco-\nallemande pour l'Industrie du"),
        ),
        ("sur l'IA**. L'INESIA a", "IA**. L'INESIA", "ORG", ("ORG", "INESIA")),
        ("projet AIDE2\tCEA\tSanté", "AIDE2\tCEA\tSanté", "ORG", ("ORG", "CEA")),
    ],
)
def test_spans_are_trimmed_and_split(text, surface, label, expected):
    assert cleaned(text, ent(text, surface, label)) == [expected]


def test_offsets_stay_exact():
    text = "Selon « la Fraunhofer-Gesellschaft », c'est fait."
    (m,) = clean_entities(text, [ent(text, "« la Fraunhofer-Gesellschaft »", "PER")])
    assert text[m.start : m.end] == "Fraunhofer-Gesellschaft" and m.source == NER


# --- labels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("aux côtés d'Inria et du CNRS", "Inria", "LOC", "ORG"),  # the gazetteer knows better
        ("avec Fraunhofer et Inria", "Fraunhofer", "PER", "ORG"),
        ("la TUM et l'IMT", "TUM", "MISC", "ORG"),
        ("l'Aix-Marseille Université et", "Aix-Marseille Université", "LOC", "ORG"),  # a rule organisation
        ("rassembler l'Europe et", "Europe", "ORG", "LOC"),  # a place
        ("selon Paul Durand, directeur", "Paul Durand", "ORG", "PER"),  # a person is not an organisation
        ("selon Emmanuel Macron hier", "Emmanuel Macron", "PER", "PER"),
        ("à Paris et à Lyon", "Paris", "LOC", "LOC"),
        ("au Grand Palais à Paris", "Grand Palais", "LOC", "LOC"),
        ("avec Orange et SFR", "Orange", "ORG", "ORG"),
    ],
)
def test_labels_follow_what_the_rules_know(text, surface, label, expected):
    assert cleaned(text, ent(text, surface, label)) == [(expected, surface)]


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("la Chancelière Angela Merkel a dit", "Chancelière Angela Merkel", "PER", ("PER", "Angela Merkel")),
        ("Odile Gauthier, Directrice générale de l'IMT, a", "Directrice générale de l'IMT", "ORG", ("ORG", "IMT")),
        (
            "Bruno, Président-directeur général d'Inria : ",
            "Président-directeur général d'Inria",
            "ORG",
            ("ORG", "Inria"),
        ),
    ],
)
def test_titles_are_not_part_of_names(text, surface, label, expected):
    assert cleaned(text, ent(text, surface, label)) == [expected]


def test_two_rule_organisations_joined_by_a_dash_are_left_to_the_rules():
    text = "Photo de la signature Inria - IMT"
    assert cleaned(text, ent(text, "Inria - IMT", "ORG")) == []


# --- events, programmes, products -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("l'IMT a participé au sommet Adopt AI, au cœur", "Adopt AI", "ORG"),
        ("ambassadeur du plan national « Osez l’IA » l'IMT", "Osez l’IA", "ORG"),
        ("le supercalculateur Jean Zay a été", "Jean Zay", "PER"),
        ("grâce à sa plateforme technologique TeraLab reconnue", "TeraLab", "ORG"),
        ("financé par France 2030 et", "France 2030", "ORG"),
        ("lors du AI Impact Summit de New Delhi", "AI Impact Summit", "ORG"),
        ("le Plan Convergence IA est", "Plan Convergence IA", "ORG"),
        ("au salon VivaTech 2025 à Paris", "VivaTech 2025", "ORG"),
    ],
)
def test_events_programmes_and_products_are_misc(text, surface, label):
    assert cleaned(text, ent(text, surface, label)) == [("MISC", surface)]


def test_every_mention_of_a_product_follows_its_context():
    text = "Le supercalculateur Jean Zay est à Orsay. Jean Zay a doublé sa puissance."
    got = cleaned(text, ent(text, "Jean Zay", "PER"), ent(text, "Jean Zay", "PER", 1))
    assert got == [("MISC", "Jean Zay"), ("MISC", "Jean Zay")]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("les conclusions de la mission Villani. Villani a", "Villani", "PER"),  # a person, whatever the context
        ("le projet de l'Inria est", "Inria", "ORG"),  # a known organisation stays one
        ("Le plan sera porté. Sébastien Fricker, responsable", "Sébastien Fricker", "PER"),  # another sentence
        ("le salon de Paris et la France", "France", "LOC"),  # places never become events
    ],
)
def test_context_words_do_not_overreach(text, surface, label):
    assert cleaned(text, ent(text, surface, label)) == [(label, surface)]


def test_other_labels_pass_through():
    text = "Il a levé 2 M€."
    money = Match("MONEY", 9, 13, {"amount": 2e6}, "rule:money")
    assert clean_entities(text, [money]) == [money]


# --- the common-word list -------------------------------------------------------------------------


def _common_words_script():
    path = Path(__file__).resolve().parent.parent / "scripts" / "common_words.py"
    spec = importlib.util.spec_from_file_location("common_words", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_common_words_come_from_the_frequency_order_of_the_vectors():
    common_words_from_vectors = _common_words_script().common_words_from_vectors
    words = ["de", "Paris", "renforcer", "paris", "Renforcer", "serrage", "Inria", "inria", "Serrage", "glioblastome"]
    strings = {i: w for i, w in enumerate(words)}
    vocab = SimpleNamespace(strings=strings, vectors=SimpleNamespace(key2row={i: 0 for i in range(len(words))}))
    common = common_words_from_vectors(vocab, top=5, rare=10, ratio=1.5)
    assert "renforcer" in common and "serrage" not in common  # `serrage` is not among the top 5
    assert "paris" not in common and "inria" not in common  # names: the capitalised form is more frequent
    assert "glioblastome" in common  # never capitalised, frequent enough
    assert common_words_from_vectors(vocab, top=10, rare=10, ratio=1.5).count("serrage") == 1


# --- with the real model --------------------------------------------------------------------------


@pytest.mark.slow
def test_real_model_output_is_cleaned():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"])
    text = (
        "Communiqué de presse\n\nRenforcer la souveraineté numérique européenne\n\n"
        "L'Institut Mines-Télécom (IMT) et Inria ont signé un accord à Paris. Odile Gauthier, Directrice générale "
        "de l'IMT, et Bruno Sportisse, Président-directeur général d'Inria, étaient présents.\n\n"
        "Contact presse : Laurence Goussu - presse@inria.fr"
    )
    ents = [Match(e.label_, e.start_char, e.end_char, None, NER) for e in nlp(text).ents]
    got = clean_entities(text, ents)
    surfaces = {(m.label, text[m.start : m.end]) for m in got}
    for m in got:
        span = text[m.start : m.end]
        assert span == span.strip() and "@" not in span and "\n\n" not in span
        assert m.label in ("PER", "ORG", "LOC", "MISC")
    assert not {s for _, s in surfaces} & {"Renforcer", "Communiqué de presse", "Contact presse"}
    assert ("ORG", "Inria") in surfaces or all(s != "Inria" for _, s in surfaces)
    assert all(label != "ORG" for label, s in surfaces if s in ("Odile Gauthier", "Bruno Sportisse"))


def test_country_names_that_look_like_ordinals_are_kept():
    text = "L'entreprise s'installe en Inde, puis au Japon."
    assert cleaned(text, ent(text, "Inde", "LOC"), ent(text, "Japon", "LOC")) == [("LOC", "Inde"), ("LOC", "Japon")]


# --- what is not an organisation (issue classes) ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("ATTENTION\n\nLe dossier est prêt.", "ATTENTION", "ORG"),  # a heading in capitals
        ("Ce champ est OBLIGATOIRE pour tous.", "OBLIGATOIRE", "ORG"),
        ("(À VÉRIFIER PAR LE SERVICE)", "SERVICE", "ORG"),
        ("les chercheur.e.s du laboratoire", "chercheur.e.s", "ORG"),
        ("merci aux salarié·es de la coopérative", "salarié·es", "ORG"),
        ("Plus d'informations sur zorglab.beta.gouv.fr demain", "zorglab.beta.gouv.fr", "ORG"),
        ("Réinventons la mobilité douce !", "Réinventons", "ORG"),
        ("des trajets plus sûrs, Choisissez le vélo", "Choisissez", "PER"),
        ("La Ministre de la Culture a inauguré", "Ministre de la Culture", "ORG"),  # a role's portfolio
        ("la moitié des sociétés du SBF 120 l'ont adopté", "SBF 120", "ORG"),  # stock indices
        ("le CAC40 a reculé hier", "CAC40", "ORG"),
        ("la séance du Nasdaq a été agitée", "Nasdaq", "ORG"),
        ("un recul de l'Euro Stoxx 50 en mai", "Euro Stoxx 50", "ORG"),
        ("DOI: 10.1234/zorg", "DOI", "ORG"),
        ("l'annonce faite par l'État hier", "État", "LOC"),  # a generic institution noun
        ("L'Union européenne et les Etats-membres, comme", "Etats-membres", "LOC"),
    ],
)
def test_not_organisations(text, surface, label):
    assert [m for m in cleaned(text, ent(text, surface, label)) if m[0] == "ORG"] == []


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("« RELOGEMENT » : la mairie répond", "RELOGEMENT", "ORG", []),  # a quoted common noun
        ("une tribune parue dans « Le Monde » et ailleurs", "Le Monde", "ORG", [("MISC", "Le Monde")]),  # a journal
        ("cité dans « The Daily Zorg » hier", "The Daily Zorg", "ORG", [("MISC", "The Daily Zorg")]),
        ("selon Le Monde, le marché recule", "Le Monde", "ORG", [("ORG", "Le Monde")]),  # not quoted: the company
        ("des ami·es de l'association", "ami·es", "LOC", []),
    ],
)
def test_quoted_names_and_inclusive_forms(text, surface, label, expected):
    assert cleaned(text, ent(text, surface, label)) == expected


def test_a_capitals_word_is_an_organisation_when_the_text_says_so():
    text = "une étude menée avec le concours de BOUSSOLE, sous l'égide de la région."
    assert cleaned(text, ent(text, "BOUSSOLE", "MISC")) == [("ORG", "BOUSSOLE")]
    alone = "une carte et une BOUSSOLE pour la randonnée."
    assert cleaned(alone, ent(alone, "BOUSSOLE", "MISC")) == []


def test_a_capitalised_name_with_a_domain_is_kept():
    text = "Réservations sur Zorglab.com pour tous."
    assert cleaned(text, ent(text, "Zorglab.com", "ORG")) == [("ORG", "Zorglab.com")]


# --- one name, one label --------------------------------------------------------------------------


def test_one_label_per_name_from_the_majority():
    text = "Le ZQF publie. Le ZQF finance. Selon le ZQF, tout va bien. Le ZQF recrute."
    ents = [ent(text, "ZQF", label, i) for i, label in enumerate(["ORG", "LOC", "ORG", "MISC"])]
    assert cleaned(text, *ents) == [("ORG", "ZQF")] * 4


def test_a_rule_organisation_fixes_every_mention():
    text = "Le Bureau zonal de la qualité (BZQ) publie. Le BZQ finance. Selon le BZQ, rien."
    ents = [ent(text, "BZQ", "LOC", 1), ent(text, "BZQ", "LOC", 2)]
    assert cleaned(text, *ents) == [("ORG", "BZQ"), ("ORG", "BZQ")]


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        # Context: sponsors, partners, sources.
        (
            "Sponsorisé par Zorgsoft, Plixo et Fantoune, le tournoi de robots revient",
            [("Zorgsoft", "MISC"), ("Plixo et Fantoune", "MISC")],
            [("ORG", "Zorgsoft"), ("ORG", "Plixo"), ("ORG", "Fantoune")],
        ),
        ("un record de fréquentation des parcs (source : OBZQ).", [("OBZQ", "LOC")], [("ORG", "OBZQ")]),
        # A list with an organisation in it.
        ("des experts de ZALF et d'Inria se sont réunis", [("ZALF", "MISC"), ("Inria", "ORG")], [("ORG", "ZALF")]),
        # What a name is, in brackets after it.
        (
            "nos clients, de Vent Marin (transporteur) à la mairie voisine, en parlent",
            [("Vent Marin", "ORG")],
            [("ORG", "Vent Marin")],
        ),
    ],
)
def test_evidence_makes_organisations(text, mentions, expected):
    ents = [ent(text, s, label) for s, label in mentions]
    assert [m for m in cleaned(text, *ents) if m[1] != "Inria"] == expected


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        # The model's people stay people, whatever introduces them.
        ("un film réalisé par Bille Zorgman en 2005", [("Bille Zorgman", "PER")], [("PER", "Bille Zorgman")]),
        # Places stay places in a list of organisations.
        ("financé par la France et par Inria", [("France", "LOC"), ("Inria", "ORG")], [("LOC", "France")]),
        # A nickname among nicknames is not an organisation because the model said so once.
        (
            "Merci à Zorbu, Plicko, Fantouse et Krokmou pour leur aide.",
            [("Zorbu", "PER"), ("Plicko", "LOC"), ("Fantouse", "ORG"), ("Krokmou", "PER")],
            [("PER", "Zorbu"), ("LOC", "Plicko"), ("PER", "Fantouse"), ("PER", "Krokmou")],
        ),
        # A phrase of common words in a list is not promoted.
        (
            "L'Union européenne et les Grands Voisins, comme",
            [("Grands Voisins", "LOC")],
            [("LOC", "Grands Voisins")],
        ),
        # Towns listed with a body stay towns.
        (
            "Les villes de Zorgval et Plixeville, ainsi que l'Union des Villes de Zorgonie (UVZ), participent",
            [("Plixeville", "LOC"), ("UVZ", "ORG")],
            [("LOC", "Plixeville"), ("ORG", "UVZ")],
        ),
        # Weak candidates without evidence are dropped.
        ("Air Zorglub et Terre Bleue", [("Terre Bleue", "ORG")], []),
    ],
)
def test_evidence_does_not_overreach(text, mentions, expected):
    ents = [ent(text, s, label) for s, label in mentions]
    assert [m for m in cleaned(text, *ents) if m[1] != "Inria"] == expected


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        # The model cut a brand built on a country's name in two.
        (
            "Sur son site, France Vélo Zorg recense les pistes cyclables.",
            [("France", "LOC"), ("Vélo Zorg", "PER")],
            [("ORG", "France Vélo Zorg")],
        ),
        # A name glued to capitals and an apostrophe.
        ("BK’Q Conseil - Paul Martin", [("Q Conseil", "ORG")], [("ORG", "BK’Q Conseil")]),
        # A surname in capitals after a person in capitals is not an organisation.
        (
            "Relations médias : Lucie MARTEL de VERNAY, fondatrice",
            [("Lucie MARTEL", "PER"), ("VERNAY", "ORG")],
            [("PER", "Lucie MARTEL")],
        ),
        # Not joined: a person after a place, or a place that is not known.
        (
            "à Paris Marie Durand a dit",
            [("Paris", "LOC"), ("Marie Durand", "PER")],
            [("LOC", "Paris"), ("PER", "Marie Durand")],
        ),
    ],
)
def test_names_the_model_split_or_extended(text, mentions, expected):
    ents = [ent(text, s, label) for s, label in mentions]
    assert cleaned(text, *ents) == expected


def test_an_acronym_the_text_defines_as_a_plan_is_misc_everywhere():
    text = "D'après le schéma directeur des pistes cyclables (SDPC), le réseau s'étend. Le SDPC vise 90 km."
    got = cleaned(text, ent(text, "SDPC", "ORG"), ent(text, "SDPC", "ORG", 1))
    assert got == [("MISC", "SDPC"), ("MISC", "SDPC")]


@pytest.mark.parametrize(
    ("text", "surface", "kept"),
    [
        ("Les syndics demandent au Conseil fédéral d'agir vite.", "Conseil fédéral d'agir", "Conseil fédéral"),
        ("Le Laboratoire Zorg qui a été créé en 1970 déménage.", "Laboratoire Zorg qui a été", "Laboratoire Zorg"),
        ("Le Collectif Plix pour améliorer les quais organise.", "Collectif Plix pour améliorer", "Collectif Plix"),
        ("La Maison Zorg dont le siège est à Liège ouvre.", "Maison Zorg dont le siège", "Maison Zorg"),
    ],
)
def test_a_model_span_ends_where_a_clause_starts(text, surface, kept):
    assert ("ORG", kept) in cleaned(text, ent(text, surface, "ORG"))


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Signé : Masako TANAKA, pour l'association.", "Masako TANAKA", "PER"),  # given name + surname in capitals
        ("Contact : Ibrahima NDIAYE-SOW au bureau.", "Ibrahima NDIAYE-SOW", "PER"),
        ("La Banque BGFI ouvre une agence.", "Banque BGFI", "ORG"),  # a head word: an organisation
        ("Le Groupe SEBZ recrute.", "Groupe SEBZ", "ORG"),
    ],
)
def test_given_name_and_capitalised_surname_is_a_person(text, surface, label):
    assert (label, surface) in cleaned(text, ent(text, surface, "ORG"))
