"""Organisations: gazetteer, head-word patterns, legal forms, acronyms, canonical names."""

from __future__ import annotations

import pytest

from pipeline.match.base import Match
from pipeline.match.orgs.matcher import canonicalise, find_organisations
from pipeline.match.orgs.names import display, key
from pipeline.ruledata import load


def found(text: str) -> list[tuple[str, str]]:
    """(surface, canonical) of every organisation found."""
    return [(text[m.start : m.end], m.value["canonical"]) for m in find_organisations(text)]


def sources(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in find_organisations(text):
        out.setdefault(text[m.start : m.end], set()).add(m.source)
    return out


# --- gazetteer -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("Le CNRS a signé.", "CNRS", "Centre national de la recherche scientifique"),
        ("Avec l'INRIA et d'autres.", "INRIA", "Inria"),
        ("Avec Inria et d'autres.", "Inria", "Inria"),
        ("Selon l’Institut Mines–Télécom, tout va bien.", "Institut Mines–Télécom", "Institut Mines-Télécom"),
        ("L'INSTITUT PASTEUR annonce", "INSTITUT PASTEUR", "Institut Pasteur"),
        ("diplômé de l'Ecole polytechnique en 2001", "Ecole polytechnique", "École polytechnique"),
        ("selon le ministère de l'Intérieur hier", "ministère de l'Intérieur", "Ministère de l'Intérieur"),
        ("la Fraunhofer-Gesellschaft et", "Fraunhofer-Gesellschaft", "Fraunhofer-Gesellschaft"),
        ("financé par la Commission européenne.", "Commission européenne", "Commission européenne"),
        ("un accord avec L’Oréal et", "L’Oréal", "L'Oréal"),
        (
            "l'Académie franco-allemande et la\nTechnical University of Munich",
            "Technical University of Munich",
            "Technische Universität München",
        ),
    ],
)
def test_gazetteer_names_whatever_their_spelling(text, surface, canonical):
    assert (surface, canonical) in found(text)


def test_elided_article_is_outside_the_span():
    text = "Les travaux de l’ANSSI et d'Inria."
    spans = [text[m.start : m.end] for m in find_organisations(text)]
    assert spans == ["ANSSI", "Inria"]


@pytest.mark.parametrize(
    "text",
    [
        "Une orange pressée et un café.",  # a fruit, not the company
        "Il travaille à la poste du village.",  # lower case: not La Poste
        "le cea et le cnrs en minuscules",  # acronyms must be written as acronyms
        "Martin Bouygues a pris la parole.",  # a person whose surname is a company
    ],
)
def test_gazetteer_needs_a_name_written_as_a_name(text):
    assert [(s, c) for s, c in found(text) if c in ("Orange", "La Poste", "Bouygues")] == []
    assert "CNRS" not in [s for s, _ in found(text)]


# --- head-word patterns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("L'Agence régionale de santé d'Occitanie a annoncé", "Agence régionale de santé d'Occitanie"),
        ("l'Institut européen d'innovation sociale a publié", "Institut européen d'innovation sociale"),
        ("selon l'Université de Haute-Bretagne, les", "Université de Haute-Bretagne"),
        ("l’École nationale supérieure de chimie de Rennes propose", "École nationale supérieure de chimie de Rennes"),
        ("la Fondation pour la mémoire de la Shoah soutient", "Fondation pour la mémoire de la Shoah"),
        ("le Groupe Rocher rachète", "Groupe Rocher"),
        ("la Chambre de commerce et d'industrie de Lyon accueille", "Chambre de commerce et d'industrie de Lyon"),
        ("la Direction générale de la cohésion sociale a", "Direction générale de la cohésion sociale"),
        ("le ministère des Sports et de la Jeunesse finance", "ministère des Sports et de la Jeunesse"),
        (
            "l'Institut national pour l'évaluation et la sécurité de l'IA a",
            "Institut national pour l'évaluation et la sécurité de l'IA",
        ),
        (
            "la Chambre franco-\nallemande de commerce et d’industrie a",
            "Chambre franco-\nallemande de commerce et d’industrie",
        ),
        ("with the Technical University of Denmark and", "Technical University of Denmark"),
        (
            "la German-French Academy for the Industry of the Future fête",
            "German-French Academy for the Industry of the Future",
        ),
        ("étudiants de Brest Business School et", "Brest Business School"),
        ("à l'Ambassade de France à Berlin, le", "Ambassade de France à Berlin"),
        ("La Région Auvergne-Rhône-Alpes finance", "Région Auvergne-Rhône-Alpes"),
        ("le Parc national des Cévennes et", "Parc national des Cévennes"),
        ("la Ville de Lyon et", "Ville de Lyon"),
    ],
)
def test_head_word_patterns(text, surface):
    assert sources(text).get(surface) == {"rule:org:pattern"}


def test_pattern_canonical_is_the_name_on_one_line_with_a_capital():
    text = "selon le ministère des Sports et de la Jeunesse et la Chambre franco-\nallemande de commerce."
    canonicals = [c for _, c in found(text)]
    assert "Ministère des Sports et de la Jeunesse" in canonicals
    assert "Chambre franco-allemande de commerce" in canonicals


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("Un Groupe de travail sur l'IA se réunira.", "Groupe de travail"),
        ("Institut technologique, Inria soutient la diversité.", "Institut technologique"),
        ("Le Centre de données de Marseille ouvrira.", "Centre de données de Marseille"),
        ("un institut de recherche indépendant", "institut de recherche indépendant"),
        ("La Commission européenne a publié un rapport.", "Commission européenne a publié"),
        ("L'Agence nationale de la recherche a décidé de renforcer", "Agence nationale de la recherche a décidé"),
        ("de l'Institut Mines-Télécom et d'Inria pour améliorer", "Institut Mines-Télécom et d'Inria"),
        ("la Direction générale des entreprises en 2024", "Direction générale des entreprises en 2024"),
        ("le Haut Conseil pour le numérique recommande", "Haut Conseil pour le numérique recommande"),
        ("selon le ministère de l'Intérieur hier", "ministère de l'Intérieur hier"),
        ("la Région a décidé", "Région"),
    ],
)
def test_patterns_stop_where_the_name_stops(text, not_expected):
    assert not_expected not in [s for s, _ in found(text)]


def test_coordinated_organisations_stay_apart():
    text = "L'Institut Mines-Télécom et Inria ont signé un accord."
    assert [s for s, _ in found(text)] == ["Institut Mines-Télécom", "Inria"]


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("La start-up Acme Robotics SAS a levé 3 M€.", "Acme Robotics SAS", "Acme Robotics"),
        ("Zeta Systems GmbH fournit les capteurs.", "Zeta Systems GmbH", "Zeta Systems"),
        ("un contrat avec Foo Bar Inc. pour", "Foo Bar Inc.", "Foo Bar"),
        ("Siemens AG et", "Siemens AG", "Siemens"),
    ],
)
def test_legal_forms(text, surface, canonical):
    assert (surface, canonical) in found(text)


def test_legal_form_needs_a_capitalised_name_before_it():
    assert found("une société en SAS, cette SA") == []


# --- acronyms --------------------------------------------------------------------------------------


def test_acronym_definition_links_long_form_acronym_and_later_uses():
    text = (
        "L'AFEV recrute. L'Agence fédérale de l'énergie verte (AFEV) a été créée en 2020. "
        "Depuis, l’AFEV finance des projets."
    )
    got = found(text)
    assert got.count(("AFEV", "Agence fédérale de l'énergie verte")) == 3
    assert ("Agence fédérale de l'énergie verte", "Agence fédérale de l'énergie verte") in got
    assert sources(text)["AFEV"] == {"rule:org:acronym"}


def test_text_definition_beats_the_gazetteer():
    # AFA is also the Agence française anticorruption in the gazetteer.
    text = "avec l’Agence fédérale allemande pour l’intelligence artificielle (AFA). L'AFA joue un rôle moteur."
    assert {c for s, c in found(text) if s == "AFA"} == {"Agence fédérale allemande pour l'intelligence artificielle"}


def test_acronym_without_known_long_form_found_from_its_letters():
    text = "Le Health Data Hub (HDH) héberge les données. Le HDH est un groupement."
    assert found(text).count(("HDH", "Health Data Hub")) == 2
    assert sources(text)["Health Data Hub"] == {"rule:org:acronym"}


def test_two_definitions_of_one_acronym_are_one_organisation():
    text = (
        "l'Institut national pour l'évaluation et la sécurité de l'intelligence artificielle (INESIA) puis "
        "l'Institut national pour l'évaluation et la sécurité de l'IA (INESIA)."
    )
    assert len({c for _, c in found(text)}) == 1


def test_acronym_written_as_a_word_needs_its_letters_to_fit():
    # `Cnam` is also the Conservatoire national des arts et métiers in the gazetteer.
    text = "la Caisse nationale d'assurance maladie (Cnam) s'est réunie. La Cnam a voté."
    assert found(text).count(("Cnam", "Caisse nationale d'assurance maladie")) == 2
    assert found("le siège de l'Université de Lille (Villeneuve) et") == [
        ("Université de Lille", "Université de Lille")
    ]


def test_acronym_of_a_non_name_word_bracket():
    assert found("l'organisation de la société (AHK Frankreich) et rien") == []


@pytest.mark.parametrize(
    "text",
    [
        "l’adoption de l’intelligence artificielle (IA) par les entreprises",  # a concept
        "une entreprise basée aux États-Unis (USA) et",  # a place
        "Les grands modèles de langage (LLM) progressent.",  # lower-case long form
        "L'IMT-BS et la SIMT",  # not the acronym IMT
    ],
)
def test_not_acronym_definitions(text):
    assert [s for s, c in found(text) if c not in ("Institut Mines-Télécom Business School",)] == []


def test_chamber_with_short_name_in_brackets():
    text = "coordonné par la Chambre franco-allemande de commerce et d’industrie (AHK Frankreich). L'AHK Frankreich a"
    got = found(text)
    assert got.count(("AHK Frankreich", "Chambre franco-allemande de commerce et d'industrie")) == 2


def test_matches_are_sorted_and_disjoint():
    text = "L'Institut Mines-Télécom (IMT), IMT Atlantique et l'IMT. Inria, le CNRS et la Commission européenne."
    ms = find_organisations(text)
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:], strict=False))
    assert all(m.label == "ORG" and text[m.start : m.end] == text[m.start : m.end].strip() for m in ms)
    assert ("IMT Atlantique", "IMT Atlantique") in found(text)


# --- canonicalise ----------------------------------------------------------------------------------


def ner(text: str, *surfaces: str) -> list[Match]:
    """NER-style ORG matches for each listed surface, in order of appearance (repeats find the next one)."""
    out, at = [], 0
    for s in surfaces:
        start = text.index(s, at)
        out.append(Match("ORG", start, start + len(s), None, "ner:fr_core_news_md"))
        at = start + len(s)
    return out


def test_canonicalise_links_acronym_case_dashes_and_articles():
    text = (
        "L’IMT au salon. L'Institut Mines–Télécom (IMT) et l’Institut Mines-Télécom signent avec INRIA. Inria et l'IMT."
    )
    orgs = ner(text, "IMT", "Institut Mines–Télécom (IMT)", "Institut Mines-Télécom", "INRIA", "Inria", "l'IMT")
    spans, organisations = canonicalise(text, orgs)
    assert [m.value["canonical"] for m in spans] == ["Institut Mines-Télécom"] * 3 + ["Inria"] * 2 + [
        "Institut Mines-Télécom"
    ]
    assert [(m.start, m.end) for m in spans] == [(m.start, m.end) for m in orgs]
    assert organisations == [
        {
            "canonical": "Institut Mines-Télécom",
            "aliases": ["IMT", "Institut Mines-Télécom", "Institut Mines–Télécom (IMT)", "l'IMT"],
            "mentions": 4,
        },
        {"canonical": "Inria", "aliases": ["INRIA", "Inria"], "mentions": 2},
    ]


def test_canonicalise_acronym_defined_later_and_unknown_to_the_gazetteer():
    text = "La ZQXR recrute. La Zentrale für Quanten und Roboter (ZQXR) a ouvert."
    orgs = ner(text, "ZQXR", "Zentrale für Quanten und Roboter")
    spans, organisations = canonicalise(text, orgs)
    assert {m.value["canonical"] for m in spans} == {"Zentrale für Quanten und Roboter"}
    assert organisations[0]["mentions"] == 2


def test_canonicalise_merges_legal_form_and_case_of_unknown_names():
    text = "VEETON SAS lève des fonds. Veeton recrute. Et Veeton encore."
    orgs = ner(text, "VEETON SAS", "Veeton", "Veeton")
    spans, organisations = canonicalise(text, orgs)
    assert len(organisations) == 1
    assert organisations[0]["mentions"] == 3
    assert organisations[0]["aliases"] == ["VEETON SAS", "Veeton"]


def test_canonicalise_keeps_rule_canonicals_and_other_value_keys():
    text = "Le CNRS et la Zorg."
    orgs = [
        Match("ORG", 3, 7, {"canonical": "Centre national de la recherche scientifique"}, "rule:org:gazetteer"),
        Match("ORG", 14, 18, {"extra": 1}, "ner:fr_core_news_md"),
    ]
    spans, organisations = canonicalise(text, orgs)
    assert spans[1].value == {"extra": 1, "canonical": "Zorg"}
    assert [o["canonical"] for o in organisations] == ["Centre national de la recherche scientifique", "Zorg"]


def test_canonicalise_orders_by_first_mention_and_handles_nothing():
    assert canonicalise("rien", []) == ([], [])
    text = "Zorg puis Alpha puis Zorg."
    _, organisations = canonicalise(text, ner(text, "Zorg", "Alpha", "Zorg"))
    assert [o["canonical"] for o in organisations] == ["Zorg", "Alpha"]


def test_display_cleans_a_surface_for_showing():
    assert display("ministère de l’Intérieur") == "Ministère de l'Intérieur"
    assert display("Académie franco-\nallemande  pour l’Industrie") == "Académie franco-allemande pour l'Industrie"
    assert key("Institut Mines–Télécom") == key("INSTITUT MINES TELECOM")


# --- the gazetteer file ----------------------------------------------------------------------------

KINDS = {
    "ministry", "public_body", "agency", "regulator", "research", "university", "school", "company", "media",
    "eu", "international", "association", "foundation", "hospital",
}  # fmt: skip


def test_gazetteer_file_is_well_formed():
    rows = load("organisations/gazetteer.jsonl")
    assert len(rows) >= 300
    owner: dict[str, str] = {}
    for row in rows:
        assert set(row) == {"canonical", "aliases", "acronym", "kind"}, row
        assert row["kind"] in KINDS, row
        assert row["canonical"] == row["canonical"].strip() and isinstance(row["aliases"], list)
        for name in [row["canonical"], *row["aliases"], *([row["acronym"]] if row["acronym"] else [])]:
            # One key, one organisation: otherwise lookups would depend on file order.
            assert owner.setdefault(key(name), row["canonical"]) == row["canonical"], name


# --- whole names: enumerations, places, list lines -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        (
            "le ministère de l'Économie, des Finances et de la Souveraineté industrielle a publié",
            "ministère de l'Économie, des Finances et de la Souveraineté industrielle",
        ),
        (
            "au Laboratoire d'informatique, de robotique et de microélectronique de Sète, qui",
            "Laboratoire d'informatique, de robotique et de microélectronique de Sète",
        ),
        (
            "la Direction départementale de la pêche, de la chasse et\ndes forêts de Corrèze a",
            "Direction départementale de la pêche, de la chasse et\ndes forêts de Corrèze",
        ),
        (
            "La Commission nationale chargée de l'évaluation des politiques de santé a rendu",
            "Commission nationale chargée de l'évaluation des politiques de santé",
        ),
        ("le tribunal judiciaire de Nanterre a jugé", "tribunal judiciaire de Nanterre"),
        ("la fondation Zéphyr pour les abeilles soutient", "fondation Zéphyr pour les abeilles"),
        ("Le Service météorologique régional a recruté", "Service météorologique régional"),
    ],
)
def test_whole_institutional_names(text, surface):
    assert surface in [s for s, _ in found(text)]


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # A comma followed by anything but an enumeration of `de` complements closed by `et` ends the name.
        ("la Direction générale des douanes, des agents ont dit", "Direction générale des douanes, des"),
        ("le Centre national de la danse, de Paris", "Centre national de la danse, de Paris"),
        # After a place, the sentence goes on.
        ("le Conseil des arts à Montréal au printemps prochain", "Conseil des arts à Montréal au printemps"),
        # An indented line (a list item whose bullet was masked) is not the rest of a name.
        ("la Direction générale de la santé\n  DGZQ : autre chose", "Direction générale de la santé\n  DGZQ"),
        # Kinds of bodies, not names.
        ("le Conseil Municipal du 3 février", "Conseil Municipal"),
        ("lors de l'Assemblée Générale annuelle", "Assemblée Générale"),
    ],
)
def test_names_stop_at_the_end_of_the_name(text, not_expected):
    assert not [s for s, _ in found(text) if s.startswith(not_expected)]


def test_a_kind_of_body_with_a_proper_complement_is_a_name():
    assert "Conseil municipal de Brive" in [s for s, _ in found("le Conseil municipal de Brive a voté")]


# --- acronyms given first ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "acronym", "canonical"),
    [
        (
            "Sigles :\n  BZFR : Le Bureau zonal des forêts et des rivières\n  DGQR : Autre\nLe BZFR pilote.",
            "BZFR",
            "Bureau zonal des forêts et des rivières",
        ),
        (
            "L'ABQ (Agence bretonne de la qualité) et l'IMT signent. L'ABQ finance.",
            "ABQ",
            "Agence bretonne de la qualité",
        ),
        (
            "conseiller des Quantum Reliability Services (QRS) du gouvernement. QRS recrute.",
            "QRS",
            "Quantum Reliability Services",
        ),
    ],
)
def test_acronyms_defined_first_or_by_their_initials(text, acronym, canonical):
    got = found(text)
    assert got.count((acronym, canonical)) >= 2
    assert any(s != acronym and c == canonical for s, c in got)


@pytest.mark.parametrize(
    "text",
    [
        "Le PIB (produit intérieur brut) baisse.",  # a concept, in lower case
        "TVA : la taxe sur la valeur ajoutée augmente.",  # a glossary line that names no organisation
        "En 2024 (voir plus bas) rien.",
    ],
)
def test_acronym_first_needs_an_organisation(text):
    assert [s for s, _ in found(text) if s.isupper()] == []


# --- descriptors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Le rapport annuel de l’association Zorgane, paru hier, le montre", ["Zorgane"]),
        ("Le service public Eau Claire Info, gratuit pour tous, recense", ["Eau Claire Info"]),
        ("les opérateurs ABX, TRM et SOLAG ont signé", ["ABX", "TRM", "SOLAG"]),
        ("les hébergeurs Plixo et Fantoune nous aident", ["Plixo", "Fantoune"]),
        ("Les élus du groupe Brive Ensemble ont voté", ["Brive Ensemble"]),
        ("l'association Les Amis de la Forêt et Inria", ["Les Amis de la Forêt", "Inria"]),
        ("la société Dupont & Fils a livré", ["Dupont & Fils"]),
        ("une chanson du groupe Zorg and the Pacemakers", ["Zorg and the Pacemakers"]),
        ("La start-up lyonnaise Zéphyrix lève 12 M€", ["Zéphyrix"]),
    ],
)
def test_descriptors_introduce_names(text, names):
    assert [s for s, _ in found(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "le groupe de travail se réunit",  # a connector, not a name
        "une entreprise Qui veut tout",  # not a name word
        "le fonds d'investissement France 2030 accompagne",  # a programme
        "l'association Lyon 2026 organise",  # a name ending in a year: an event
        "les sociétés du SBF 120",  # a stock index
        "L'Association a voté",  # no name after it
    ],
)
def test_descriptors_need_a_name(text):
    assert [s for s, src in sources(text).items() if "rule:org:descriptor" in src] == []


# --- governments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("signée par le gouvernement du Canada, la province et", "gouvernement du Canada", "Gouvernement du Canada"),
        ("selon le gouvernement japonais, la", "gouvernement japonais", "Gouvernement du Japon"),
        (
            "le Gouvernement de la République de Guinée a signé",
            "Gouvernement de la République de Guinée",
            "Gouvernement de la Guinée",
        ),
        ("la Primature du Sénégal annonce", "Primature du Sénégal", "Primature du Sénégal"),
        ("le gouvernement fédéral canadien et", "gouvernement fédéral canadien", "Gouvernement du Canada"),
        ("devant le Parlement wallon hier", "Parlement wallon", "Parlement de Wallonie"),
    ],
)
def test_governments_with_their_country(text, surface, canonical):
    assert (surface, canonical) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "décidé par le Gouvernement hier",
        "la primature et le gouvernement",
        "le gouvernement européen de demain",  # not a country
        "un gouvernement français de transition",  # the determiner makes it no particular government
    ],
)
def test_governments_alone_are_generic(text):
    assert [s for s, _ in found(text) if "ouvernement" in s or "rimature" in s] == []


def test_two_names_of_one_government_are_one_organisation():
    text = "les porte-parole du gouvernement du Japon; le gouvernement japonais a dit."
    _, organisations = canonicalise(text, find_organisations(text))
    assert organisations == [
        {
            "canonical": "Gouvernement du Japon",
            "aliases": ["gouvernement du Japon", "gouvernement japonais"],
            "mentions": 2,
        }
    ]


def test_organisations_named_inside_a_longer_name_are_listed_too():
    text = "la Direction générale de l'armement et des essais du ministère de la Défense a"
    _, organisations = canonicalise(text, find_organisations(text))
    assert [o["canonical"] for o in organisations] == [
        "Direction générale de l'armement et des essais du ministère de la Défense",
        "Ministère des Armées",
    ]
    alone = "l'Université de Lorraine et la Chambre de commerce et d'industrie de Lyon"
    assert len(canonicalise(alone, find_organisations(alone))[1]) == 2  # `Lorraine`, `Lyon` are not listed


def test_aliases_lose_markdown_emphasis_and_link_brackets():
    text = "la fondation *Zéphyr pour la solidarité* et [l'Agence bretonne de la qualité](https://x.fr)"
    orgs = find_organisations(text.replace("*", " ").replace("[", " "))
    _, organisations = canonicalise(text, orgs)
    assert all(not set("*[]") & set(a) for o in organisations for a in o["aliases"])


def test_a_known_publication_quoted_is_not_an_organisation():
    assert found("une tribune parue dans « Le Monde » hier") == []
    assert ("Le Monde", "Le Monde") in found("selon Le Monde, le marché recule")


# --- public bodies of the French-speaking world ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("Le Conseil fédéral a adopté le message.", "Conseil fédéral", "Conseil fédéral"),
        ("selon Statistique Canada, le taux", "Statistique Canada", "Statistique Canada"),
        ("la BCEAO a relevé son taux", "BCEAO", "Banque centrale des États de l'Afrique de l'Ouest"),
        ("Le Conseil des ministres a adopté le projet", "Conseil des ministres", "Conseil des ministres"),
        ("devant l'Assemblée nationale du Québec", "Assemblée nationale du Québec", "Assemblée nationale du Québec"),
        ("la Fédération Wallonie-Bruxelles finance", "Fédération Wallonie-Bruxelles", "Fédération Wallonie-Bruxelles"),
    ],
)
def test_public_bodies(text, surface, canonical):
    assert (surface, canonical) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "le conseil des ministres de demain",  # the meeting, in lower case
        "la Chambre des représentants a voté",  # which country's? (no evidence)
        "une solution de GRC pour les ventes",  # customer relations, not a police force
    ],
)
def test_public_bodies_need_their_name(text):
    assert found(text) == []


# --- short and long forms of one name ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surfaces", "canonicals"),
    [
        (
            "Zorbus Defence and Space recrute. Zorbus DS a signé.",
            ["Zorbus Defence and Space", "Zorbus DS"],
            ["Zorbus Defence and Space"],
        ),
        (
            "Auvergne-Rhône-Alpes Entreprises et AURA Entreprises",
            ["Auvergne-Rhône-Alpes Entreprises", "AURA Entreprises"],
            ["Auvergne-Rhône-Alpes Entreprises"],
        ),
        (
            "Le Crédit Zorgien Centre-Est prête. Le Crédit Zorgien finance.",
            ["Crédit Zorgien Centre-Est", "Crédit Zorgien"],
            ["Crédit Zorgien Centre-Est"],
        ),
        # Negatives: the short form first; a one-word head; capitals that do not abbreviate.
        (
            "Le Crédit Zorgien finance. Le Crédit Zorgien Centre-Est prête.",
            ["Crédit Zorgien", "Crédit Zorgien Centre-Est"],
            ["Crédit Zorgien", "Crédit Zorgien Centre-Est"],
        ),
        (
            "Zorbus Defence and Space recrute. Zorbus a signé.",
            ["Zorbus Defence and Space", "Zorbus"],
            ["Zorbus Defence and Space", "Zorbus"],
        ),
        ("Zorbus Defence and Space et Zorbus XQ", ["Zorbus Defence and Space", "Zorbus XQ"], None),
        ("l'Université Paris-Zorglay et l'Université PZL", ["Université Paris-Zorglay", "Université PZL"], None),
    ],
)
def test_short_forms_are_the_same_organisation(text, surfaces, canonicals):
    _, organisations = canonicalise(text, ner(text, *surfaces))
    assert [o["canonical"] for o in organisations] == (canonicals or surfaces)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("D’après le schéma directeur des pistes cyclables (SDPC), le SDPC prévoit", {"SDPC"}),
        ("le plan local d'urbanisme (PLU) et", {"PLU"}),
        ("L'Agence nationale de la recherche (ANR) finance", set()),  # an organisation
        ("Le Bureau zonal (BZ) et le Health Data Hub (HDH)", set()),
        ("l'organe de contrôle des organismes financiers zorgiens (OCZF) a édicté", set()),  # a regulator
    ],
)
def test_acronyms_of_plans_and_concepts(text, expected):
    from pipeline.match.orgs import concept_acronyms

    assert concept_acronyms(text) == expected
