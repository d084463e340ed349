"""Organisations on names nobody tuned the rules on (issue 22): each class with invented variants and negatives.

Fast tests call the rules directly (`pipeline.match.orgs`, `pipeline.language`); the slow ones run the whole
analysis (`annotate_text`) on `tests/fixtures/org_variants.json` and on the invented releases of
`tests/fixtures/org_releases/`, scored by `scripts/org_eval.py`'s rules. Every name here is invented, or a
well-known body from general knowledge.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.language import block_languages, without_names
from pipeline.match.base import Match
from pipeline.match.orgs import actor_candidates, acts, affiliations, demote_tools, signatures
from pipeline.match.orgs.matcher import find_organisations

FIXTURES = Path(__file__).parent / "fixtures"


def org_surfaces(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_organisations(text)]


# 1. Whole names from the structure of the name.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Le Ministère de la Pêche, de l'Économie maritime et des Ressources halieutiques publie son bilan.",
            "Ministère de la Pêche, de l'Économie maritime et des Ressources halieutiques",
        ),
        (
            "Le ministère des Mines, de l'Énergie solaire et de l'Eau potable a signé.",
            "ministère des Mines, de l'Énergie solaire et de l'Eau potable",
        ),
        (
            "L'Institut national pour la santé, l'alimentation et l'environnement recrute.",
            "Institut national pour la santé, l'alimentation et l'environnement",
        ),
        ("La Fondation Hélène et Marc Lambert finance trois bourses.", "Fondation Hélène et Marc Lambert"),
        ("Le Fonds Irène et Samuel Okafor récompense une enseignante.", "Fonds Irène et Samuel Okafor"),
        (
            "La Commission ad hoc chargée du recensement des terres agricoles rendra son rapport.",
            "Commission ad hoc chargée du recensement des terres agricoles",
        ),
        (
            "Le Comité technique chargé de la révision des normes sanitaires se réunira en mai.",
            "Comité technique chargé de la révision des normes sanitaires",
        ),
        (
            "Le Service public fédéral Mobilité et Transports et les conseillers régionaux se sont réunis.",
            "Service public fédéral Mobilité et Transports",
        ),
        (
            "La Société nationale des chemins de fer belges pour s'adapter renouvelle sa flotte.",
            "Société nationale des chemins de fer belges",
        ),
        ("Le Conseil fédéral d'agir vite, disent-ils.", "Conseil fédéral"),
        ("La Communauté urbaine de Garoua lance les travaux.", "Communauté urbaine de Garoua"),
        ("La Ville de Sherbrooke des voies cyclables, enfin.", "Ville de Sherbrooke"),
    ],
)
def test_whole_institutional_names(text, name):
    assert name in org_surfaces(text)


@pytest.mark.parametrize(
    ("text", "not_name"),
    [
        # a verb, an infinitive, a relative clause, `et les …`, a pronoun: the name ends before them
        ("L'Office fédéral de la statistique recommande la prudence.", "Office fédéral de la statistique recommande"),
        ("Les syndics demandent au Conseil fédéral d'intervenir.", "Conseil fédéral d'intervenir"),
        (
            "L'Agence nationale pour la gestion des déchets et les élus locaux ont débattu.",
            "Agence nationale pour la gestion des déchets et les élus locaux",
        ),
        ("La Commission spéciale pour s'informer a siégé.", "Commission spéciale pour s"),
        # a list of bodies is not one name
        (
            "Des chercheurs de l'Université de Parakou, du CNRS et de l'IRD ont publié l'étude.",
            "Université de Parakou, du CNRS et de l'IRD",
        ),
        # one given name after the head and another body after `et`: two names
        ("La Fondation Carasso et Inria signent un accord.", "Fondation Carasso et Inria"),
        # an address after a name on a short line
        ("Musée de la Dentelle\nPlace du Marché, Alençon", "Musée de la Dentelle Place du Marché"),
    ],
)
def test_names_end_where_their_structure_ends(text, not_name):
    found = org_surfaces(text)
    assert not any(" ".join(not_name.split()) in " ".join(f.split()) for f in found), found


# 2. The release's own actors.
@pytest.mark.parametrize(
    "text",
    [
        "Kivu Solaire lance une offre pour les écoles.",
        "Plixo (PLX) a lancé hier sa plateforme.",
        "Zorgane, la coopérative des pêcheurs de Mbour, organise une criée solidaire.",
        "Les Amis du Quai demandent un moratoire.",
        "Terres Communes publiera son rapport en juin.",
        "Bleu Cobalt s'associe à deux laboratoires.",
    ],
)
def test_acting_verbs(text):
    name = re.match(r"(?:Les )?([A-Z][\w ]+?)(?: \(| ,|,| a | s'| publiera| lance| organise| demandent)", text)
    start = text.index(name.group(1))
    assert acts(text, start, start + len(name.group(1)))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("La présidente de Kivu Solaire a pris la parole.", "Kivu Solaire"),  # a complement, not the subject
        ("Selon Plixo, le marché double.", "Plixo"),
        ("Zorgane et ses partenaires.", "Zorgane"),
        ("Le rapport de Terres Communes est paru.", "Terres Communes"),
        ("Bleu Cobalt, 12 rue des Lilas.", "Bleu Cobalt"),
    ],
)
def test_not_acting(text, name):
    start = text.index(name)
    assert not acts(text, start, start + len(name))


def test_actor_candidates_need_two_words_recurrence_or_signature():
    text = "Vert de Rage organise une marche. Elle annonce aussi un concert. Nakhla remporte le prix."
    found = [text[s:e] for s, e in actor_candidates(text)]
    assert "Vert de Rage" in found
    assert "Elle" not in found  # a pronoun
    assert "Nakhla" not in found  # one word, once, signing nothing: it may just open a sentence
    again = text + " Nakhla équipera 2 000 palmeraies."
    assert "Nakhla" in [again[s:e] for s, e in actor_candidates(again)]
    about = "À propos de Pistache\nPistache recense les lieux accessibles."
    assert "Pistache" in [about[s:e] for s, e in actor_candidates(about, signatures(about))]


def test_signatures():
    text = (
        "Lumen Nord présente sa lampe.\n\nÀ propos de Lumen Nord\nUne PME.\n\n"
        "Contact presse : Awa Diop – presse@lumen-nord.fr – 06 12 34 56 78\n"
        "Source : https://www.lemonde.fr/article"
    )
    sig = signatures(text)
    assert sig.signs("Lumen Nord", 0)
    assert sig.signs("LUMEN-NORD", 0)  # the e-mail domain, without case or dashes
    assert not sig.signs("Le Monde", 0)  # a link is not a signature
    contact = text.index("Awa Diop")
    assert not sig.signs("Awa Diop", contact)  # a person in the contact block is not evidence


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("Signataires : Paul DURAND - CSPB Enseignement, Marie LEROY - SEL-SETCa.", ["CSPB Enseignement", "SEL-SETCa"]),
        ("Pour l'intersyndicale : Ana DIAS – FAPEB", ["FAPEB"]),
        ("Contact : Julie Roy - Présidente, 06 12 34 56 78.", []),  # a role, not an organisation
        ("Luc Morel - 14 rue Haute, Namur", []),  # an address
    ],
)
def test_affiliations(text, orgs):
    people = [Match("PER", m.start(), m.end(), None, "ner") for m in re.finditer(r"[A-Z][a-z]+ [A-Z][A-Za-z]+", text)]
    people = [p for p in people if text[p.start : p.end].split()[0] in ("Paul", "Marie", "Ana", "Julie", "Luc")]
    assert [text[s:e] for s, e in affiliations(text, people)] == orgs


# 3. Tools are not actors.
def _tools(text: str, names: list[str]) -> list[str]:
    ents = sorted(
        (Match("ORG", m.start(), m.end(), None, "ner") for n in names for m in re.finditer(re.escape(n), text)),
        key=lambda m: m.start,
    )
    return sorted({text[m.start : m.end] for m in demote_tools(text, ents) if m.label == "MISC"})


@pytest.mark.parametrize(
    ("text", "names", "tools"),
    [
        ("Suivez-nous sur Facebook, Instagram et LinkedIn.", ["Facebook", "Instagram", "LinkedIn"], 3),
        ("Inscription via WhatsApp ou Signal.", ["WhatsApp", "Signal"], 2),
        ("Créez un compte par connexion avec Apple ou Google.", ["Apple", "Google"], 2),
        ("Le code est hébergé sur GitLab.", ["GitLab"], 1),
        ("Une enceinte compatible Bluetooth.", ["Bluetooth"], 1),
        ("Le replay est disponible sur YouTube et Vimeo.", ["YouTube", "Vimeo"], 2),
        ("- Mastodon : https://exemple.social/@zorg", ["Mastodon"], 1),
        ("Selon le Quotidien du Matin, la facture double.", ["Quotidien du Matin"], 1),
    ],
)
def test_tools(text, names, tools):
    assert len(_tools(text, names)) == tools


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Google annonce un centre de recherche ; l'appli est sur Google.", ["Google"]),  # acts elsewhere
        ("Un partenariat avec Microsoft et Orange.", ["Microsoft", "Orange"]),
        ("Selon la Banque mondiale, la croissance ralentit.", ["Banque mondiale"]),  # not a publication
        ("LinkedIn publie son classement.", ["LinkedIn"]),
        ("La plainte contre Uber a été déposée.", ["Uber"]),
    ],
)
def test_actors_stay(text, names):
    assert _tools(text, names) == []


# 4. Names in the other languages of francophone countries.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("La Liga voor Dierenrechten et la Ligue des familles dénoncent la loi.", "Liga voor Dierenrechten"),
        ("Le Bundesamt für Verkehr publie ses chiffres.", "Bundesamt für Verkehr"),
        ("La Vlaamse Waterweg publie ses mesures.", None),  # no head word: nothing from the shape alone
        ("La Vlaamse Landmaatschappij publie ses mesures.", "Vlaamse Landmaatschappij"),
        ("Le Schweizerischer Bauernverband appelle à manifester.", "Schweizerischer Bauernverband"),
        ("La Stiftung Bergwald Zukunft reboise.", "Stiftung Bergwald Zukunft"),
        ("Le Manitoba Arts Council salue la décision.", "Manitoba Arts Council"),
        ("Le Gezinsbond et la Vereniging voor Openbaar Groen signent.", "Vereniging voor Openbaar Groen"),
    ],
)
def test_foreign_body_names(text, name):
    found = org_surfaces(text)
    if name is None:
        assert found == []
    else:
        assert name in found


def test_languages_from_lower_case_words():
    rest = without_names("Le Bundesamt für Gesundheit et la Stiftung Kinderschutz lancent une campagne.").split()
    assert "Bundesamt" not in rest and "Kinderschutz" not in rest and "lancent" in rest
    assert without_names("Zürich Bern Basel") == "Zürich Bern Basel"  # too few letters left: unchanged
    text = (
        "Le Bundesamt für Gesundheit et la Stiftung Kinderschutz Schweiz lancent ensemble une campagne "
        "nationale de prévention pour les familles, avec le soutien des cantons."
    )
    assert {code for _, _, code in block_languages(text)} == {"fr"}


OPENING = "Le conseil communal adopte le plan climat pour la période à venir."


@pytest.mark.parametrize(
    "english",
    [
        "(The Municipal Council adopts the climate plan with the support of the region.)",
        "The foundation will fund ten scholarships this year.",
        "(Our members are proud of this new agreement with the province.)",
        "Women Farmers Welcome The Decision Of The Regional Council.",
        "(This partnership is a first for the French-speaking countries of Africa.)",
        "« This network brings the data back to the valleys » (Ce réseau ramène les données aux vallées), dit-elle.",
        "« We are proud to join the Sahel coalition today », a déclaré la présidente.",
        "“Our members voted for the merger with a large majority” (Nos membres ont voté la fusion), selon le syndicat.",
    ],
)
def test_english_sentence_inside_a_french_paragraph(english):
    text = f"{OPENING} {english} Il entrera en vigueur en janvier."
    spans = block_languages(text)
    start = text.index(english.strip("()«“ ").split(" »")[0].split("”")[0])
    foreign = [(s, e) for s, e, code in spans if code != "fr"]
    assert any(s <= start < e for s, e in foreign), spans
    french = text.index("Le conseil")
    assert any(s <= french < e and code == "fr" for s, e, code in spans)


@pytest.mark.parametrize(
    "french",
    [
        "Le conseil adopte le plan (avec le soutien de la région et des communes voisines).",
        "La fondation financera dix bourses cette année pour les étudiantes du Nord.",
        "Le Canadian Council for Refugees et la Ligue des droits humains dénoncent la loi votée hier.",
        "Nos membres sont fiers de cet accord (une première pour la province et ses habitants).",
        "Le festival Jazz for All revient à Liège pour une troisième édition avec vingt concerts.",
    ],
)
def test_french_sentences_stay_french(french):
    text = f"{OPENING} {french} Il entrera en vigueur en janvier."
    assert {code for _, _, code in block_languages(text)} == {"fr"}


# The whole analysis, on the invented variants and releases.
VARIANTS = json.loads((FIXTURES / "org_variants.json").read_text(encoding="utf-8"))
# Variants the rules still get wrong (listed so that a fix shows: strict xfail).
KNOWN_MISSES = {
    "Le Service public fédéral Santé publique, Sécurité",  # portfolios enumerated with commas, no `de`
    "La Fondation Élise et Jean-Baptiste N'Guessan",  # the model splits the surname
    "À propos de Pistache\nPistache est une",  # the model reads the name as part of a longer one
    "Fait à Antananarivo",  # a signature `Pour X, le président, Y`
    "Les Amis des Haies remettent",  # the leading article belongs to this name
    "Uber a été condamné",  # a passive subject
    "Microsoft et la Région wallonne",  # `Région` + a lower-case adjective
    "Le Bond Beter Leefmilieu et Inter-Environnement",  # a name with neither head word nor action of its own
    "L'Agentschap Natuur en Bos",
    "La SODEC salue la décision. Quebec Publishers",  # a short title-case English sentence
    "La méthode a été validée par Qualitest Benelux",  # the model's person, made of names only
}
CASES = [(cls, item) for cls, items in VARIANTS.items() for item in items]


def _occurrences(text: str, s: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(s), text)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("cls", "item"),
    [
        pytest.param(
            cls,
            item,
            id=f"{cls}-{i}",
            marks=[pytest.mark.xfail(strict=True)] if any(item["text"].startswith(k) for k in KNOWN_MISSES) else [],
        )
        for i, (cls, item) in enumerate(CASES)
    ],
)
def test_variants(cls, item):
    import pipeline

    text = item["text"]
    orgs = {(e["start"], e["end"]) for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"}
    for name in item.get("orgs", []):
        assert any(span in orgs for span in _occurrences(text, name)), (name, orgs)
    for name in item.get("not_orgs", []):
        assert not any(s < ne and ns < e for ns, ne in _occurrences(text, name) for s, e in orgs), (name, orgs)


@pytest.mark.slow
def test_invented_releases_document_level():
    """The 40 invented releases, scored as the press-dev scorer scores organisations (scripts/org_eval.py).
    On 01–24: 0.660 precision and 0.744 recall before issue 22, 0.902 and 0.925 now; on 25–40 (another writer):
    0.800 and 0.738 when they arrived, 0.859 and 0.922 now."""
    import subprocess
    import sys

    script = Path(__file__).parent.parent / "scripts" / "org_eval.py"
    out = subprocess.run([sys.executable, str(script), "--json"], capture_output=True, text=True, check=True).stdout
    scores = json.loads(out)["summary"]
    assert scores["precision"] >= 0.86 and scores["recall"] >= 0.90, scores


# A person's organisation after `de` (`Awa Diop de Plixo`, `cofondateur de Zorgane`).
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "orgs", "not_orgs"),
    [
        ("Avec Adèle Martin de La Ruche Numérique et Omar Sy de Kivu Solaire.", ["La Ruche Numérique"], []),
        ("Interviendront Tristan Morel de Zorgane et Ana Dias de Plixo.", ["Zorgane", "Plixo"], []),
        ("Laurent Chemin, cofondateur de Zorgane, ouvrira la journée.", ["Zorgane"], []),
        ("Paule Rivet, directrice générale de Bleu Cobalt, prendra la parole.", ["Bleu Cobalt"], []),
        ("Les chercheurs Luc Roy et Aya Koné de l'Ifremer ont mesuré la houle.", [], ["Luc Roy"]),
        ("Jean de La Fontaine a écrit des fables.", [], ["La Fontaine"]),  # a particle
        ("Marie Dupont de Montréal a gagné.", [], ["Montréal"]),  # a place
        ("Anne de Bretagne était reine.", [], ["Bretagne"]),
    ],
)
def test_person_of_organisation(text, orgs, not_orgs):
    import pipeline

    found = {e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"}
    assert set(orgs) <= found, found
    assert not any(n in f for n in not_orgs for f in found), found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Zorgsoft 10 apporte la réplication logique.", "Zorgsoft 10"),
        ("La mise à jour Plixo 5.1 corrige deux failles.", "Plixo 5.1"),
        ("Le texte est publié sous licence cc-by-4.0.", "cc-by-4.0"),
        ("Le protocole suit la RFC9999 depuis mars.", "RFC9999"),
        ("Le site est certifié ISO14001 par Qualiplix.", "ISO14001"),
    ],
)
def test_products_and_identifiers_are_not_organisations(text, product):
    import pipeline

    found = {e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"}
    assert product not in found, found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("L'Université Paris 8 accueille le colloque.", "Université Paris 8"),
        ("Des étudiants de l'Université Lyon 2 manifestent.", "Université Lyon 2"),
    ],
)
def test_numbers_in_names_of_bodies(text, org):
    import pipeline

    assert org in {e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lieu : École nationale de Zorgville\n26 rue des Lilas", "École nationale de Zorgville"),
        ("Le Musée départemental d'art de Plixy\nPlace du Château, 87000 Plixy", "Musée départemental d'art de Plixy"),
        ("Des étudiants de l'Université Paris 8, venus en nombre.", "Université Paris 8"),
        ("Contact : Centre culturel de Zorg\nAvenue des Tilleuls 12", "Centre culturel de Zorg"),
        ("L'Institut national de la mer de Mbour\nRoute de Joal", "Institut national de la mer de Mbour"),
    ],
)
def test_names_end_before_an_address_line(text, name):
    assert name in org_surfaces(text)


@pytest.mark.parametrize(
    "text",
    [
        "Photo : Guillaume Marin – CC-BY-4.0",
        "Anne Roy - ancienne directrice de la SNZ au Bénin",
        "Luc Morel - 06 12 34 56 78",
    ],
)
def test_no_affiliation_from_credits_roles_or_numbers(text):
    people = [Match("PER", m.start(), m.end(), None, "ner") for m in re.finditer(r"[A-Z][a-z]+ [A-Z][a-z]+", text)]
    assert affiliations(text, people) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lieu : Institut polytechnique de Zorgville 26, rue des Lilas", "Institut polytechnique de Zorgville"),
        ("www.zorg.fr Musée des Arts de Plixy Place du Château 87000 Plixy", "Musée des Arts de Plixy"),
    ],
)
def test_names_end_before_an_address_on_their_line(text, name):
    assert name in org_surfaces(text)


@pytest.mark.slow
def test_compound_given_names_keep_their_particle():
    import pipeline

    text = "Pour Jean Pierre de Vallon, cofondateur de l'association, « le bilan est bon »."
    found = {e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"}
    assert "Vallon" not in found, found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("Initié par Zorgmedia et Plixo, le projet réunit vingt rédactions.", ["Zorgmedia", "Plixo"]),
        ("Le festival, porté par Kalao et Baobab Son, ouvre vendredi.", ["Kalao", "Baobab Son"]),
        ("Une enquête menée par Radio Zorg et Le Plixien.", ["Radio Zorg"]),
        (
            "La Plateforme de protection des lanceurs d'alerte au Sahel publie un rapport.",
            ["Plateforme de protection des lanceurs d'alerte au Sahel"],
        ),
        (
            "La Coalition pour la santé mentale des adolescents publie un guide.",
            ["Coalition pour la santé mentale des adolescents"],
        ),
    ],
)
def test_initiators_and_more_heads(text, orgs):
    import pipeline

    found = {e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"}
    assert set(orgs) <= found, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Orange Côte d'Ivoire lance une offre.", "Orange Côte d'Ivoire"),
        ("Greenpeace Suisse demande un moratoire.", "Greenpeace Suisse"),
        ("Un accord avec Oxfam Belgique et Inria.", "Oxfam Belgique"),
        ("Airbus Canada recrute.", "Airbus Canada"),
        ("Le bureau de Google Paris ouvre.", "Google Paris"),
    ],
)
def test_national_branches(text, name):
    assert name in org_surfaces(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Google annonce à Paris un centre.", "Google"),  # a place after a preposition is not a branch
        ("Orange, Côte d'Ivoire : les tarifs baissent.", "Orange"),
        ("Signé par Inria\nParis, le 3 mai 2026", "Inria"),  # a dateline on the next line
    ],
)
def test_no_branch_without_the_place_right_after(text, name):
    found = org_surfaces(text)
    assert name in found, found


# 2b. What someone works for, founded or writes for, and bodies that approve: `related` (roles.json).
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a déclaré Léa Fontaine, ingénieure logicielle chez Brique Verte.", "Brique Verte"),
        ("Avant cela, il a travaillé pour Datanaut Africa pendant six ans.", "Datanaut Africa"),
        ("Inès Morel a cofondé Kelpie en 2014.", "Kelpie"),
        ("Les journalistes du Soir ont eu accès aux documents.", "Soir"),
        ("Pierre Lalonde, chroniqueur à La Vigie, signe la préface.", "La Vigie"),
        ("Anne Roy, reporter au Courrier du Fleuve, a enquêté.", "Courrier du Fleuve"),
        ("Cette norme, certifiée par l'OMCV, est adoptée partout.", "OMCV"),
        ("Le centre est agréé par la Caisse nationale d'assurance maladie.", "Caisse nationale"),
        ("L'étude, commandée par Familles du Littoral, paraîtra.", "Familles du Littoral"),
    ],
)
def test_relations_introduce_organisations(text, name):
    from pipeline.match.orgs import related

    assert related(text, text.index(name))
    bare = name.removeprefix("La ")
    assert any(text[s:e] in (name, bare) or name.startswith(text[s:e]) for s, e in actor_candidates(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Les journalistes du monde entier ont suivi le procès depuis Genève.", "Genève"),
        ("Il est journaliste de formation et vit à Bruxelles.", "Bruxelles"),
        ("Le texte a été validé par le comité, puis par Marie Dupont.", "Marie Dupont"),  # `par` after a comma
        ("Il a publié chez lui un livre sur Kelpie.", "Kelpie"),  # `chez lui`, not before the name
        ("Le projet lancé par la ville a séduit Kelpie.", "Kelpie"),
    ],
)
def test_no_relation_without_its_words_right_before(text, name):
    from pipeline.match.orgs import related

    assert not related(text, text.index(name))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ngozi Adeyemi, secrétaire générale du Conseil, a lancé la consultation.", "Ngozi Adeyemi"),
        ("Aiyana Redcloud, porte-parole de la coalition, dénonce la décision.", "Aiyana Redcloud"),
        ("Tenzin Dorje, directeur de l'Office du tourisme, annonce son départ.", "Tenzin Dorje"),
        ("Kwame Asante, le fondateur de Solaria, lance un appel.", "Kwame Asante"),
        ("Siv Haugland, nouvelle présidente de la Fondation, présente le rapport.", "Siv Haugland"),
    ],
)
def test_a_function_in_apposition_makes_a_person(text, person):
    from pipeline.ner.consistency import _PERSON_ROLE_AFTER

    assert _PERSON_ROLE_AFTER.match(text, text.index(person) + len(person))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Plixo Labs, leader du marché des capteurs, annonce une levée de fonds.", "Plixo Labs"),
        ("Kivu Solaire, partenaire de la coopérative, lance une offre.", "Kivu Solaire"),
        ("Kivu Solaire, membre du réseau, lance une offre.", "Kivu Solaire"),
        ("Zorgane, la coopérative des pêcheurs, organise la fête.", "Zorgane"),
        ("Plixo Labs, directement concerné, annonce une levée de fonds.", "Plixo Labs"),  # `directement`
    ],
)
def test_other_appositions_make_no_person(text, name):
    from pipeline.ner.consistency import _PERSON_ROLE_AFTER

    assert not _PERSON_ROLE_AFTER.match(text, text.index(name) + len(name))


# 5b. Not organisations by what the text says they are: venues, language menus, plans defined by an acronym.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Horaires : 10 h - 18 h\nLieu : Maison des Associations de Liège, rue Féronstrée", "Maison des Associations"),
        ("• Adresse : Centre culturel Les Abattoirs, avenue du Port, Bamako", "Centre culturel Les Abattoirs"),
        ("Où : Université de Sherbrooke, pavillon A", "Université de Sherbrooke"),
        ("**Lieu de l'événement** : Institut Zorgane, salle 3", "Institut Zorgane"),
        ("Salle : Auditorium de la Fondation Plixo", "Auditorium de la Fondation Plixo"),
    ],
)
def test_names_on_a_venue_line_are_places(text, name):
    from pipeline.match.orgs import demote_venues_and_works

    start = text.index(name)
    [e] = demote_venues_and_works(text, [Match("ORG", start, start + len(name), None, "test")])
    assert e.label == "LOC"


@pytest.mark.parametrize(
    "text",
    [
        "Lieu : Maison des Associations. Zorgane organise la soirée avec Maison des Associations.",  # not acting
        "Lieu : Salle Zorgane\nZorgane organise la soirée.",  # acts elsewhere: stays an organisation
        "Le lieu est choisi par Zorgane.",  # no venue line
        "Adresse e-mail de Zorgane : presse@zorgane.example",  # the label is not the line's start
        "Zorgane lance sa campagne ; lieu : à définir.",
    ],
)
def test_venue_lines_leave_other_organisations(text):
    from pipeline.match.orgs import demote_venues_and_works

    start = text.rindex("Zorgane")
    [e] = demote_venues_and_works(text, [Match("ORG", start, start + len("Zorgane"), None, "test")])
    assert e.label == "ORG"


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("Le Plan triennal d'équipement (PTE) 2025-2027 prévoit 40 millions.", "PTE"),
        ("Le Schéma directeur des mobilités actives (SDMA) sera voté.", "SDMA"),
        ("Le Programme décennal de rénovation (PDR) a été adopté.", "PDR"),
        ("la programmation régionale de l'eau (PRE) fixe les règles.", "PRE"),
        ("La Stratégie nationale bas-carbone (SNBC) est révisée.", "SNBC"),
    ],
)
def test_plans_defined_by_their_acronym(text, acronym):
    from pipeline.match.orgs import concept_acronyms

    assert acronym in concept_acronyms(text)


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("Le Programme des Nations unies pour le développement (PNUD) finance le chantier.", "PNUD"),
        ("Le Plan International Belgique (PIB) ouvre un bureau.", "PIB"),  # capitalised words: a body
        ("L'Agence régionale de santé (ARS) publie ses chiffres.", "ARS"),
        ("Le Comité de pilotage du plan (CPP) se réunit.", "CPP"),
        ("La Société de projet du canal (SPC) recrute.", "SPC"),
    ],
)
def test_bodies_defined_by_their_acronym_are_not_plans(text, acronym):
    from pipeline.match.orgs import concept_acronyms

    assert acronym not in concept_acronyms(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Le vote du parlement européen est attendu.", "parlement européen"),
        ("Un prêt de la banque mondiale financera les travaux.", "banque mondiale"),
        ("Le texte sera examiné par l'assemblée nationale.", "assemblée nationale"),
        ("Selon l'organisation mondiale de la santé, le risque reste faible.", "organisation mondiale de la santé"),
        ("Le fonds monétaire international a relevé sa prévision.", "fonds monétaire international"),
    ],
)
def test_known_bodies_of_wide_scope_in_lower_case(text, name):
    assert name in org_surfaces(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Le colis a été envoyé par la poste.", "poste"),
        ("Le patrimoine canadien est riche.", "patrimoine canadien"),
        ("Un crédit agricole de 2 millions a été accordé.", "crédit agricole"),
        ("Il est défenseur des droits humains.", "défenseur des droits"),
        ("Le secours populaire de la commune distribue des repas.", "secours populaire"),
    ],
)
def test_known_names_of_common_words_stay_common_in_lower_case(text, words):
    assert not any(words in s for s in org_surfaces(text))


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("Suivez Jasmin Vert sur Facebook et Instagram.", "Facebook"),
        ("Retrouvez toute l'actualité de Plixo sur LinkedIn.", "LinkedIn"),
        ("Rejoignez la communauté Zorgane sur Discord.", "Discord"),
        ("Écoutez l'épisode de Kivu Solaire sur Spotify.", "Spotify"),
        ("Abonnez-vous à la lettre de Plixo sur Substack.", "Substack"),
    ],
)
def test_follow_us_with_a_name_in_between(text, tool):
    from pipeline.match.orgs.roles import _FOLLOW_ON

    assert _FOLLOW_ON.search(text, 0, text.index(tool))
    assert _tools(text, [tool]) == [tool]


@pytest.mark.parametrize(
    "text",
    [
        "Suivez le guide : Zorgane annonce sa saison sur scène.",  # `sur` after a sentence of its own
        "Suivez-nous. Google annonce sur son blog un centre.",
        "Retrouvez Plixo au salon, sur le stand 12.",
        "Nous suivons de près le travail de Kivu Solaire sur le terrain.",
        "Suivez Plixo. Sur Mastodon, Zorgane publie ses chiffres.",
    ],
)
def test_no_follow_us_across_sentences_or_without_its_verb(text):
    from pipeline.match.orgs.roles import _FOLLOW_ON

    names = [m.start() for m in re.finditer(r"Google|Mastodon|Zorgane", text)]
    assert not any(_FOLLOW_ON.search(text, max(0, s - 80), s) for s in names)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (
            "Les ateliers ont lieu à la Maison des Familles de la Croix-Rousse.",
            "Maison des Familles de la Croix-Rousse",
            "LOC",
        ),
        ("Le prix a été remis au SwissTech Convention Center.", "SwissTech Convention Center", "LOC"),
        ("Le concert se tiendra dans la Salle Pleyel Nord.", "Salle Pleyel Nord", "LOC"),
        ("L'assemblée se tiendra au Palais des congrès de Yaoundé.", "Palais des congrès de Yaoundé", "LOC"),
        ("Rendez-vous à l'Espace Zorgane de Namur.", "Espace Zorgane de Namur", "LOC"),
        (
            "Le Centre culturel de Chenini organise. Rendez-vous au Centre culturel de Chenini.",
            "Centre culturel de Chenini",
            "ORG",
        ),
        (
            "Elle est chercheuse au Centre national de la recherche scientifique.",
            "Centre national de la recherche scientifique",
            "ORG",
        ),
        ("La Salle Pleyel Nord recrute deux techniciens.", "Salle Pleyel Nord", "ORG"),  # no `à la`/`au` before
    ],
)
def test_halls_named_where_something_happens(text, name, label):
    from pipeline.match.orgs import demote_venues_and_works

    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    out = demote_venues_and_works(text, [Match("ORG", s, e, None, "test") for s, e in spans])
    assert out[-1].label == label


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        (
            "Signataires : Paul MARTIN - CGT Métallurgie, Ana SILVA - SNEP-Enseignement",
            ["CGT Métallurgie", "SNEP-Enseignement"],
        ),
        ("Contacts : Chloé PETIT - UNEF Lyon ; Hugo LEROY - FAGE Rhône", ["UNEF Lyon", "FAGE Rhône"]),
        ("Moussa KONÉ – SYNES Bamako, Aïcha DIALLO – UNTM Santé", ["SYNES Bamako", "UNTM Santé"]),
        ("Jean-Luc DE WIT - ACV-Puls, Marie CLAES - ABVV Metaal", ["ACV-Puls", "ABVV Metaal"]),
        ("Pour le front commun : Lina NOVAK - CEJ", ["CEJ"]),
    ],
)
def test_signatories_the_model_did_not_see(text, orgs):
    """No entity from the model at all: the signatory's shape (`Prénom NOM -`) is enough."""
    assert [text[s:e] for s, e in affiliations(text, [])] == orgs


@pytest.mark.parametrize(
    "text",
    [
        "Contact : Julie ROY - Présidente, Marc DUBOIS - Trésorier",
        "Photo : Léa MOREAU - CC-BY-4.0",
        "Avec Paul GIRARD - 12, rue des Lilas",
        "La Ville de Namur - Service Communication",  # not a person first
        "Il l'a dit à Marc Petit - OK pour la CGT",  # a surname not in capitals: not a signatory list
    ],
)
def test_no_signatory_affiliation_without_its_shape(text):
    assert affiliations(text, []) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Le Ministère de la Santé, de l'Hygiène publique et de la Couverture maladie universelle a lancé.",
            "Ministère de la Santé, de l'Hygiène publique et de la Couverture maladie universelle",
        ),
        (
            "La Direction de la Protection civile et de la Gestion des risques naturels a alerté.",
            "Direction de la Protection civile et de la Gestion des risques naturels",
        ),
        (
            "L'Office de la Sécurité des systèmes informatiques a alerté.",
            "Office de la Sécurité des systèmes informatiques",
        ),
        (
            "Le Ministère de la Pêche et de l'Aquaculture continentale publie.",
            "Ministère de la Pêche et de l'Aquaculture continentale",
        ),
        ("Office fédéral de l'environnement OFEV, Service de presse", "Office fédéral de l'environnement"),
        (
            "L'École polytechnique fédérale de Lausanne EPFL ouvre un centre.",
            "École polytechnique fédérale de Lausanne",
        ),
    ],
)
def test_portfolios_with_lower_case_words_and_a_trailing_acronym(text, name):
    assert name in org_surfaces(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Le Ministère de l'Économie du pays a publié ses chiffres.", "Ministère de l'Économie"),
        ("La Ville de Montréal des voies réservées aux bus.", "Ville de Montréal"),
        ("Le Ministère de la Santé mène campagne active.", "Ministère de la Santé"),
        (
            "Le Syndicat national des enseignants SNES-FSU appelle à la grève.",
            "Syndicat national des enseignants SNES-FSU",
        ),
        ("Le Ministère de la Santé publie ses chiffres annuels.", "Ministère de la Santé"),
    ],
)
def test_names_stop_where_the_sentence_goes_on(text, name):
    assert org_surfaces(text)[0] == name


@pytest.mark.parametrize(
    ("text", "acronym", "is_thing"),
    [
        ("Le Simple Mail Transfer Protocol (SMTP) achemine le courrier.", "SMTP", True),
        ("Le chiffrement Advanced Encryption Standard (AES) est imposé.", "AES", True),
        ("Le Structured Query Language (SQL) reste la norme.", "SQL", True),
        ("Les fichiers sont au format Open Document Format (ODF).", "ODF", True),
        ("Le Frugal Data Challenge (FDC) récompense trois équipes.", "FDC", True),
        ("La licence est approuvée par l'Open Source Initiative (OSI).", "OSI", False),  # bodies end so too
        ("L'European Research Council (ERC) finance le projet.", "ERC", False),
        ("Le Global Climate Network (GCN) publie un rapport.", "GCN", False),
    ],
)
def test_standards_and_events_defined_by_their_acronym(text, acronym, is_thing):
    from pipeline.match.orgs import concept_acronyms

    assert (acronym in concept_acronyms(text)) == is_thing
    assert (acronym in org_surfaces(text)) != is_thing


def test_every_introducer_passes_the_quick_test():
    """`related` first looks for the last word of an introducing phrase: each must pass that test."""
    from pipeline.match.orgs import related
    from pipeline.match.orgs.roles import _after, _data
    from pipeline.ruledata import load

    for phrase in _data()["relation_before"]:
        text = f"Il est {phrase} Zorgane."
        assert related(text, text.index("Zorgane")), phrase
    for phrase in load("organisations/context.json")["before"]:
        text = f"Il est {phrase} Zorgane."
        assert _after(text, text.index("Zorgane"), with_context=True), phrase


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Partenaires officiels :\nZorgtel Bénin – Brasserie du Golfe – Groupe Adjovi\n",
            ["Zorgtel Bénin", "Brasserie du Golfe", "Groupe Adjovi"],
        ),
        ("**Partenaires médias :** Radio Kalahari FM – Plixo.net", ["Radio Kalahari FM", "Plixo.net"]),
        (
            "Partenaires :\n- Kolektif Dlo Klè\n- la Pharmacie Centrale de Jacmel\n\nSuite",
            ["Kolektif Dlo Klè", "Pharmacie Centrale de Jacmel"],
        ),
        (
            "Elle est soutenue par :\n- le Ministère de la Culture, des Arts et du Tourisme ;\n"
            "- Kulturbrücke, l'ONG suisse ;\n",
            ["Ministère de la Culture, des Arts et du Tourisme", "Kulturbrücke"],
        ),
        (
            "Membres du consortium : Université de Namur, Zorgsoft SA, eZorg et l'Institut Plixo.",
            ["Université de Namur", "Zorgsoft SA", "eZorg", "Institut Plixo"],
        ),
        (
            "Avec le soutien de : la Région Wallonie, la Ville de Liège et 18F.",
            ["Région Wallonie", "Ville de Liège", "18F"],
        ),
    ],
)
def test_lists_of_partners(text, names):
    from pipeline.match.orgs import listed_bodies

    assert [text[s:e] for s, e in listed_bodies(text)] == names


def test_list_headings_are_looked_for_on_lines_with_a_colon_and_found_as_in_the_whole_text():
    from pipeline.match.orgs.roles import _list_heading, _list_headings

    texts = [
        "Ouagadougou, le 2 mai 2025 à 10:30.\n\n**Partenaires officiels :** Zorgtel – Plixo\nMerci : à tous.",
        "Le festival est coorganisé par :\n- la Ville de Sion ;\n- Plixo SA\nContact : presse@zorg.ch",
        "Texte sans deux-points.\nMembres du consortium\u00a0: Université de Liège, Zorgsoft",  # no final newline
        "Il a été financé par : la Région. Et : rien.\r\nPARTENAIRES MÉDIAS : Radio Zorg FM\r\n",
        "Avec le soutien de\u00a0:",  # the text's last line
        ":\n::\nSponsors : : Zorg\n" + "x" * 300 + " soutenu par :",
    ]
    found = 0
    for text in texts:
        whole = [(m.start(), m.end()) for m in _list_heading().finditer(text)]
        assert [(m.start(), m.end()) for m in _list_headings(text)] == whole
        found += len(whole)
    assert found >= 7


@pytest.mark.parametrize(
    "text",
    [
        "Les partenaires seront annoncés en mai.\n- un repas\n- une visite\n",  # no colon: not a heading
        "Partenaires : à confirmer.",  # lower case
        "Le partenaire principal de Zorgane :\n\nLe texte reprend ici.",  # no item after the heading
        "Programme :\n- Zorgane présente son bilan\n- Plixo répond\n",  # not a heading of bodies
        "Contact : Marie Keller – Chargée de communication",
    ],
)
def test_no_list_of_partners_without_its_heading(text):
    from pipeline.match.orgs import listed_bodies

    assert listed_bodies(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "selon les chiffres du Conseil national de l'Ordre des médecins. Dans les régions",
            "Conseil national de l'Ordre des médecins",
        ),
        ("le rapport de la Cour des comptes sur les achats d'équipements médicaux ;", "Cour des comptes"),
        ("La Cour des comptes sur ce point a tranché.", "Cour des comptes"),
        (
            "Le Ministère de l'Enseignement supérieur et de la Recherche scientifique publie.",
            "Ministère de l'Enseignement supérieur et de la Recherche scientifique",
        ),
        (
            "La Chambre nationale de l'Ordre des architectes publie son rapport.",
            "Chambre nationale de l'Ordre des architectes",
        ),
        ("La Ville de Montréal des voies réservées aux bus.", "Ville de Montréal"),
    ],
)
def test_complements_after_known_and_proper_names(text, name):
    assert org_surfaces(text)[0] == name


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        (
            "Signataires :\n- Néjiba Trabelsi - Forum tunisien pour les droits économiques et sociaux\n",
            ["Forum tunisien pour les droits économiques et sociaux"],
        ),
        (
            "- Amel Zouari - Association tunisienne de lutte contre le cancer\n",
            ["Association tunisienne de lutte contre le cancer"],
        ),
        ("- Marc DUBOIS - Collectif des habitants du quartier Nord\n", ["Collectif des habitants du quartier Nord"]),
        ("Contact : Julie ROY - Présidente du comité de quartier", []),
        ("Contact : Hatem MEJRI - Chargé de communication et presse", []),
    ],
)
def test_long_names_after_a_signatory(text, orgs):
    from pipeline.match.base import Match as M

    people = [M("PER", m.start(), m.end(), None, "t") for m in re.finditer(r"Néjiba Trabelsi|Amel Zouari", text)]
    assert [text[s:e] for s, e in affiliations(text, people)] == orgs


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("# KALDERA LÈVE 9 MILLIONS D'EUROS ET OBTIENT SA LICENCE D'ÉTABLISSEMENT", []),
        ("ZORGANE LANCE SA NOUVELLE OFFRE", []),
        ("PLIXO PRÉSENTE SA STRATÉGIE 2030", []),
        ("ZORGANE SA ANNONCE SES RÉSULTATS", ["ZORGANE SA"]),
        ("PLIXO SA LANCE SA MARQUE", ["PLIXO SA"]),
        ("Zorgane SA annonce ses résultats.", ["Zorgane SA"]),
    ],
)
def test_sa_in_a_title_in_capitals(text, names):
    assert org_surfaces(text) == names


@pytest.mark.parametrize(
    ("text", "not_org"),
    [
        ("# KALDERA LÈVE 9 MILLIONS D'EUROS ET OBTIENT SA LICENCE D'ÉTABLISSEMENT DE PAIEMENT", "LICENCE"),
        ("ZORGANE INAUGURE SON NOUVEL ENTREPÔT DE STOCKAGE À THIÈS", "ENTREPÔT"),
        ("PLIXO REMPORTE LE GRAND PRIX DE L'INNOVATION SOCIALE", "INNOVATION"),
        ("LA COOPÉRATIVE OUVRE UNE NOUVELLE BOUTIQUE EN LIGNE", "BOUTIQUE"),
        ("COMMUNIQUÉ DE PRESSE - NOUVELLE ÉTAPE POUR LA FILIÈRE LAITIÈRE", "FILIÈRE"),
    ],
)
def test_titles_in_capitals_are_not_names(text, not_org):
    import pipeline

    orgs = [e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"]
    assert not any(not_org in o for o in orgs), orgs


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "financé par la Direction du développement et de la coopération (DDC), l'agence",
            "Direction du développement et de la coopération",
        ),
        ("Le Service de la nature et du paysage (SNP) publie ses chiffres.", "Service de la nature et du paysage"),
        ("L'Office de la formation et de l'emploi (OFE) recrute.", "Office de la formation et de l'emploi"),
        ("La Direction des affaires culturelles (DAC) finance le festival.", "Direction des affaires culturelles"),
        (
            "Le Département de la santé et de l'action sociale (DSAS) publie.",
            "Département de la santé et de l'action sociale",
        ),
    ],
)
def test_acronym_letters_that_skip_the_head(text, name):
    from pipeline.match.orgs import concept_acronyms

    assert name in org_surfaces(text)
    assert not concept_acronyms(text)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("La compagnie emmène sa création « La Maison de Tanga » en tournée.", "Maison de Tanga", "MISC"),
        ("Le film « Les Enfants du Fleuve » sort en mai.", "Enfants du Fleuve", "MISC"),
        ("Le livre « Institut du Silence » paraît chez Plixo.", "Institut du Silence", "MISC"),
        ("« Fondation Zorg » annonce une levée de fonds.", "Fondation Zorg", "ORG"),  # acts after its quote
        ("La Maison de Tanga ouvre ses portes.", "Maison de Tanga", "ORG"),  # not quoted
    ],
)
def test_quoted_names_are_titles_of_works(text, name, label):
    from pipeline.match.orgs import demote_venues_and_works

    start = text.index(name)
    [e] = demote_venues_and_works(text, [Match("ORG", start, start + len(name), None, "test")])
    assert e.label == label


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("MTN Bénin et Moov Africa Bénin ont supprimé les frais.", ["MTN Bénin"]),
        ("L'opérateur ZTL Côte d'Ivoire annonce une offre.", ["ZTL Côte d'Ivoire"]),
        ("ZTL Sénégal lance une offre.", ["ZTL Sénégal"]),
        ("devenue APF France handicap, a participé", []),  # the name goes on in lower case
        ("Une PME Lyon recrute.", []),
        ("Selon la RDC Congo, rien ne change.", []),
        ("L'Institut de recherche sur l'hydrogène publie.", ["Institut de recherche sur l'hydrogène"]),
        ("La start-up et le Laboratoire de génie des procédés signent.", ["Laboratoire de génie des procédés"]),
        ("Un Institut de recherche sur l'eau sera créé.", []),
        ("Le Comité de suivi des travaux se réunit.", []),
        ("Le Centre de tri des déchets ouvre.", []),
    ],
)
def test_branches_of_acronyms_and_research_bodies(text, names):
    assert org_surfaces(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("La Croix-Rouge haïtienne assure la sensibilisation.", ["Croix-Rouge haïtienne"]),
        ("Caritas suisse et le Croissant-Rouge marocain signent.", ["Caritas suisse", "Croissant-Rouge marocain"]),
        ("L'Ambassade du Canada en Haïti finance le projet.", ["Ambassade du Canada en Haïti"]),
        (
            "La Délégation Wallonie-Bruxelles en Tunisie organise un atelier.",
            ["Délégation Wallonie-Bruxelles en Tunisie"],
        ),
        ("Le Ministère de la Santé en France publie ses chiffres.", ["Ministère de la Santé"]),
        ("la communauté PHP française se réunit", []),  # an acronym with an adjective of country is no branch
    ],
)
def test_national_branches_and_missions_abroad(text, names):
    assert org_surfaces(text) == names


def test_no_branch_cut_out_of_a_longer_name():
    """`CCI Lyon` is the start of `CCI Lyon Métropole Saint-Étienne Roanne`, not a branch of its own."""
    assert "CCI Lyon" not in org_surfaces("par la CCI Lyon Métropole Saint-Étienne Roanne. Les cours")


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (
            "Le réseau sera présenté lors de la Conférence des Nations unies sur l'eau.",
            "Conférence des Nations unies sur l'eau",
            "MISC",
        ),
        ("En marge du Sommet Afrique Énergie, Zorgane signe.", "Sommet Afrique Énergie", "MISC"),
        ("L'accord a été signé à l'occasion du Forum Zorg Invest.", "Forum Zorg Invest", "MISC"),
        ("Le rapport a été présenté lors de l'Assemblée nationale du 3 mai.", "Assemblée nationale", "ORG"),  # known
        ("Le texte est présenté lors de la Journée Plixo. Plixo annonce aussi un prix.", "Plixo", "ORG"),
    ],
)
def test_names_right_after_lors_de_are_events(text, name, label):
    from pipeline.match.orgs import demote_venues_and_works

    start = text.rindex(name)
    [e] = demote_venues_and_works(text, [Match("ORG", start, start + len(name), None, "test")])
    assert e.label == label


@pytest.mark.parametrize(
    "text",
    [
        "Le Conseil proposera à l'Assemblée générale ordinaire du 28 mai un dividende.",
        "Le Conseil municipal a voté le budget.",
        "Le Comité de direction se réunit lundi.",
        "Le Conseil d'école a rendu son avis.",
        "L'Assemblée plénière a adopté le texte.",
    ],
)
def test_kinds_of_bodies_alone_are_no_names(text):
    import pipeline

    assert [e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nous remercions Gandalf, mais aussi Serveurix qui nous fournit de l'espace disque.", "Serveurix"),
        ("Le serveur est prêté par Zorgsoft Hosting, qui nous héberge depuis 2019.", "Zorgsoft Hosting"),
        ("Aaron a cofondé 18F, l'équipe numérique du gouvernement.", "18F"),
        ("Le projet a été approuvé par le Fonds vert et le conseil.", "Fonds vert"),
        ("Le prêt a été accordé par la Banque sahélienne, puis validé.", "Banque sahélienne"),
    ],
)
def test_providers_numbered_names_and_heads_with_an_adjective(text, name):
    import pipeline

    assert name in [e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"]


@pytest.mark.parametrize(
    "text",
    [
        "Le texte a été validé par la Fondation et publié.",  # a head alone
        "Le 2e rang est occupé par une équipe de Namur.",
        "Il a été reçu par le Directeur général, qui nous a parlé.",
        "Le site qui nous fournit la carte est gratuit.",
        "Un Institut technologique sera créé à Dakar.",
    ],
)
def test_no_body_from_a_bare_head_or_a_rank(text):
    import pipeline

    assert [e["text"] for e in pipeline.annotate_text(text)["entities"] if e["label"] == "ORG"] == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Le programme est financé par le ministère de l'Éducation, la Fondation Anne-et-Paul-Roy et le Club Zorg.",
            ["ministère de l'Éducation", "Fondation Anne-et-Paul-Roy"],
        ),
        (
            "Un accord entre la Ville de Wavre, l'intercommunale Zorgeau et l'UCLouvain pour trois zones.",
            ["Ville de Wavre", "Zorgeau", "UCLouvain"],
        ),
        (
            "Le Ministère de la Santé, l'Alimentation et l'Environnement publie.",
            ["Ministère de la Santé, l'Alimentation et l'Environnement"],
        ),
        (
            "Le Ministère de l'Agriculture, de l'Élevage et de la Pêche a annoncé.",
            ["Ministère de l'Agriculture, de l'Élevage et de la Pêche"],
        ),
        (
            "Le ministère des Mines, la Société Plixo et le Groupe Zorg signent.",
            ["ministère des Mines", "Société Plixo", "Groupe Zorg"],
        ),
    ],
)
def test_enumerated_items_are_not_other_bodies(text, names):
    assert org_surfaces(text) == names


@pytest.mark.parametrize(
    "quote",
    [
        "« Studeren mag geen luxe worden » (étudier ne peut pas devenir un luxe)",
        "« Wir wissen nicht, wie viele Familien das betrifft » (nous ne savons pas combien de familles)",
        "« Wij zijn er klaar voor en het werk begint nu » (nous sommes prêts)",
        "« Das ist auch für die Gemeinde ein wichtiger Schritt », dit-il",
        "« Het is een eerste stap voor de hele regio », ajoute-t-elle",
    ],
)
def test_german_and_dutch_quotations_inside_a_french_paragraph(quote):
    text = f"{OPENING} {quote}. Il entrera en vigueur en janvier."
    spans = block_languages(text)
    start = text.index(quote[:12])
    assert any(s <= start < e and code in ("de", "nl") for s, e, code in spans), spans


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Le salon ouvre lundi.\n\nEXPOSANTS :\n- Farmlink CI\n- Yéyé Drones\n- CacaoTrace Labs\n",
            ["Farmlink CI", "Yéyé Drones", "CacaoTrace Labs"],
        ),
        ("Lauréats : Solarix Bénin, Plixo Agro et Kivu Drones.", ["Solarix Bénin", "Plixo Agro", "Kivu Drones"]),
        (
            "Un accord entre la Ville de Wavre, l'intercommunale Zorgeau et l'UCLouvain.",
            ["Ville de Wavre", "Zorgeau", "UCLouvain"],
        ),
        ("L'asbl Vivre Ensemble et la régie Eaux du Nord signent.", ["Vivre Ensemble", "Eaux du Nord"]),
        (
            "Associations signataires :\n- Les Amis de la Terre Gabon\n- Brainforest\n",
            ["Les Amis de la Terre Gabon", "Brainforest"],
        ),
    ],
)
def test_exhibitors_winners_and_described_bodies(text, names):
    import pipeline

    found = [o["canonical"] for o in pipeline.annotate_text(text)["organisations"]]
    assert all(n in found or n.removeprefix("Les ") in found for n in names), found
