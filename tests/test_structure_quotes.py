"""Direct quotations and their speakers (`pipeline/structure/quotes.py`), every layout, and what is not a quote.

The unit tests pass no entities: speakers are found from capitalised names, as for a name the model misses.
One test runs the real pipeline (PER entities from the model).
"""

import pytest

import pipeline
from pipeline.structure.quotes import find_quotes, quote_spans
from pipeline.structure.sections import find_sections

ORGS = [{"canonical": "Coopérative Lémanix", "aliases": ["Lémanix", "Coopérative Lémanix"], "mentions": 2}]


def quotes(text, orgs=ORGS):
    return find_quotes(text, [], orgs, find_sections(text))


def pairs(text):
    return [(q["text"], q["speaker"]["name"] if q["speaker"] else None) for q in quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # verb after the quotation
            "« Nous ouvrons un atelier de réparation », déclare Léa Moreau, directrice de Lémanix.",
            [("Nous ouvrons un atelier de réparation", "Léa Moreau")],
        ),
        (  # inverted compound tense
            "« Le chantier a pris deux ans de retard », a déclaré Karim Ndiaye.",
            [("Le chantier a pris deux ans de retard", "Karim Ndiaye")],
        ),
        (  # verb and role before the quotation, with a colon
            "Léa Moreau, directrice de Lémanix, explique : « Nous recrutons douze techniciens cette année. »",
            [("Nous recrutons douze techniciens cette année.", "Léa Moreau")],
        ),
        (  # selon
            "Selon Karim Ndiaye, adjoint au maire, « la piscine rouvrira avant l'été prochain ».",
            [("la piscine rouvrira avant l'été prochain", "Karim Ndiaye")],
        ),
        (  # selon after
            "« Les loyers baissent enfin dans le quartier », selon Amina Diallo.",
            [("Les loyers baissent enfin dans le quartier", "Amina Diallo")],
        ),
        (  # pour X,
            "Pour Amina Diallo, « cette aide change la vie des familles ».",
            [("cette aide change la vie des familles", "Amina Diallo")],
        ),
        (  # X : « … »
            "Amina Diallo : « Nous attendions ce financement depuis trois ans. »",
            [("Nous attendions ce financement depuis trois ans.", "Amina Diallo")],
        ),
        (  # English-style marks
            "“Le public a répondu présent dès le premier soir”, se réjouit Paul Girard.",
            [("Le public a répondu présent dès le premier soir", "Paul Girard")],
        ),
        (  # straight marks
            '"Ce partenariat ouvre un nouveau marché", souligne Nadia Benali.',
            [("Ce partenariat ouvre un nouveau marché", "Nadia Benali")],
        ),
        (  # role before the name, after the verb
            "« La saison sera plus longue », précise la présidente du club, Sophie Marchand.",
            [("La saison sera plus longue", "Sophie Marchand")],
        ),
    ],
)
def test_attribution_layouts(text, expected):
    assert pairs(text) == expected


def test_pronoun_is_the_last_named_speaker():
    text = (
        "« Nous avons doublé la production », déclare Léa Moreau. "
        "« Et les commandes continuent d'arriver chaque semaine », ajoute-t-elle.\n\n"
        "Elle précise : « Trois nouvelles lignes ouvriront en septembre. »"
    )
    assert [n for _, n in pairs(text)] == ["Léa Moreau"] * 3


def test_name_and_role_on_the_line_above():
    text = (
        "Le programme.\n\n**Jules Mbaye**, chercheur à l'Université de Thiès\n\n"
        "« Le verre peut être réutilisé presque entièrement. »"
    )
    (q,) = quotes(text)
    assert q["speaker"]["name"] == "Jules Mbaye"
    assert q["speaker"]["role"] == "chercheur à l'Université de Thiès"
    assert q["rule"] == "line-above"


def test_role_and_organisation_of_the_speaker():
    (q,) = quotes("« Nous ouvrons un atelier de réparation », déclare Léa Moreau, directrice de Lémanix.")
    assert q["speaker"]["role"] == "directrice de Lémanix"
    assert q["speaker"]["organisation"] == "Coopérative Lémanix"


def test_fullest_name_is_used():
    text = (
        "Léa Moreau dirige la coopérative depuis 2019.\n\n"
        "« Nous visons la neutralité carbone en 2030 », déclare Mme Moreau."
    )
    (q,) = quotes(text)
    assert q["speaker"]["name"] == "Léa Moreau"


def test_quotation_across_paragraphs_is_one():
    text = (
        "Léa Moreau raconte : « Au début, nous étions trois dans un garage.\n\n"
        "« Aujourd'hui, nous sommes quarante et nous exportons en Belgique. »"
    )
    (q,) = quotes(text)
    assert q["text"].startswith("Au début") and q["text"].endswith("en Belgique.")
    assert q["speaker"]["name"] == "Léa Moreau"


def test_quote_inside_a_quote_is_part_of_it():
    text = "« Les clients nous disent « enfin une usine près de chez nous » chaque jour », déclare Paul Girard."
    (q,) = quotes(text)
    assert q["text"] == "Les clients nous disent « enfin une usine près de chez nous » chaque jour"


def test_quotation_interrupted_by_its_attribution_is_two():
    text = "« D'abord, nous formerons les jeunes, explique Amina Diallo, ensuite nous ouvrirons un second site. »"
    assert pairs(text) == [
        ("D'abord, nous formerons les jeunes", "Amina Diallo"),
        ("ensuite nous ouvrirons un second site.", "Amina Diallo"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Les produits porteront le « made in France » dès l'an prochain, selon le ministère.",
        "L'exposition « Lumières du Nord et d'ailleurs » ouvre samedi au musée.",
        "Le livre « Une saison au bord du lac » paraît chez un éditeur lyonnais.",
        "Sous le slogan « Ensemble pour nos rivières », la campagne démarre lundi.",
        "Le festival « Brume » revient pour sa dixième édition.",
        "Un dispositif dit « zéro reste à charge pour les familles » sera testé.",
        "Les habitants parlent d'un « vrai soulagement ».",
    ],
)
def test_titles_scare_quotes_and_slogans_are_not_quotes(text):
    assert quotes(text) == []


def test_unattributed_speech_has_no_speaker_and_short_unattributed_text_is_dropped():
    text = "Le projet avance.\n\n« Nous avons besoin de vous pour réussir cette transition dans nos quartiers. »"
    (q,) = quotes(text)
    assert q["speaker"] is None and q["rule"] == "unattributed"
    assert quotes("Le projet avance.\n\n« Une belle aventure humaine »") == []


def test_quotes_in_contact_and_footer_sections_are_left_out():
    text = "Le projet avance.\n\n## Contact presse\n\n« Réparer plutôt que jeter », dit Léa Moreau, 022 345 67 89"
    assert quotes(text) == []
    text = "Le projet avance.\n\nSuivez-nous : « Réparer plutôt que jeter, toujours », dit Léa Moreau."
    assert quotes(text) == []


def test_a_company_between_two_quotations_does_not_break_the_speaker():
    text = (
        "« Nous avons livré la version 4 à temps », a annoncé Paul Girard, membre du Orbis Development Group. "
        "« Des années de travail aboutissent enfin. »"
    )
    assert [n for _, n in pairs(text)] == ["Paul Girard", "Paul Girard"]


def test_offsets_point_at_the_words_inside_the_marks():
    text = "Intro.\n\n« Nous recrutons douze techniciens cette année », déclare Léa Moreau."
    (q,) = quotes(text)
    assert text[q["start"] : q["end"]] == q["text"]
    assert text[q["speaker"]["start"] : q["speaker"]["end"]] == "Léa Moreau"


def test_unbalanced_marks_do_not_swallow_the_text():
    text = "« Une phrase sans fin\n\nUn autre paragraphe. « Nous partons demain matin », dit Paul Girard."
    assert [s[2:] for s in quote_spans(text)] == [(text.index("Nous"), text.index(" », dit"))]


def test_real_pipeline_speakers_from_the_model():
    text = (
        "Namur, le 12 février 2026 – La coopérative Solvéo inaugure sa première usine de recyclage.\n\n"
        "« Nous voulons prouver qu'une filière locale est possible », déclare Margaux Delvaux, directrice "
        "générale de Solvéo. « Chaque panneau traité ici évite un long transport », ajoute-t-elle.\n"
    )
    record = pipeline.annotate_text(text)
    assert [(q["speaker"]["name"], q["rule"]) for q in record["quotes"]] == [
        ("Margaux Delvaux", "after"),
        ("Margaux Delvaux", "after"),
    ]
    assert record["quotes"][0]["speaker"]["role"] == "directrice générale de Solvéo"


def test_words_quoted_in_reported_speech_are_quotes_of_the_person_named_before():
    text = (
        "Le médiateur de la ville, Omar Sall, a écrit au conseil la semaine dernière. "
        "Il a déclaré que le chantier relevait d'une « gestion opaque » et que « rien ne justifie ce retard »."
    )
    assert pairs(text) == [("gestion opaque", "Omar Sall"), ("rien ne justifie ce retard", "Omar Sall")]


def test_second_quotation_after_the_attribution_is_the_same_speaker():
    text = (
        "« _Le fonds a financé vingt ateliers en deux ans_ », a déclaré Nadia Benali de Lémanix. "
        "« _Une réussite collective, portée par les bénévoles du quartier_ »."
    )
    assert [n for _, n in pairs(text)] == ["Nadia Benali", "Nadia Benali"]


def test_straight_quotes_nested_in_straight_quotes():
    text = (
        'Intro.\n\n"Créer, c\'est refuser un "déjà-vu". Non pas copier, mais porter le geste à sa "énième" forme" '
        "écrivait Hélène Vasseur en 1971."
    )
    (q,) = quotes(text)
    assert q["text"].startswith("Créer") and q["text"].endswith("forme")
    assert q["speaker"]["name"] == "Hélène Vasseur"
