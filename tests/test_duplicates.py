from pipeline.duplicates import near_duplicates

RELEASE = (
    "L'Institut Mines-Télécom et Inria ont signé un accord-cadre de partenariat visant à renforcer leur "
    "coopération en matière de recherche et d'innovation dans le domaine des réseaux et systèmes numériques "
    "du futur. Cet accord marque une nouvelle étape dans la relation historique entre les deux établissements."
)


def test_same_text_in_another_format_is_a_near_duplicate():
    as_pdf = RELEASE.replace("accord-cadre", "accord-\ncadre").replace("L'", "L’").upper() + "\n1/2"
    found = near_duplicates({"a.txt": RELEASE, "a.pdf": as_pdf, "other.txt": "Un tout autre texte sur le CNRS " * 5})
    assert found == {"a.txt": ["a.pdf"], "a.pdf": ["a.txt"]}


def test_different_releases_sharing_boilerplate_are_not_duplicates():
    about = " À propos d'Inria : Inria est l'institut national de recherche en sciences du numérique."
    one = "Inria lance un programme de recherche sur la robotique avec dix laboratoires partenaires." + about
    two = "Le CNRS et l'université de Lyon ouvrent un centre de calcul consacré au climat en 2026." + about
    assert near_duplicates({"one.txt": one, "two.txt": two}) == {}


def test_a_sketch_is_datasketchs_own_minhash_of_the_word_trigrams():
    """`sketch` computes datasketch's MinHash (scheme "affine32", crc32) without importing it: the same values on
    texts of every size, so sketches cached by earlier runs stay comparable with new ones."""
    import base64
    import random
    import zlib

    from datasketch import MinHash

    from pipeline.duplicates import PERMUTATIONS, SEED, _trigrams, sketch

    draw = random.Random(3)
    words = ["le", "la", "des", "une", "agence", "région", "fonds", "conseil", "Genève", "Dakar", "Québec", "Liège"]
    words += ["millions", "accord", "œuvre", "été", "Bamako", "Lausanne", "coopérative", "l'État", "d'euros"]
    texts = [RELEASE, "Le CNRS et l'université de Lyon ouvrent un centre de calcul consacré au climat.", "a b c"]
    texts += [" ".join(draw.choice(words) for _ in range(draw.randint(3, 3000))) for _ in range(30)]
    for text in texts:
        expected = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32, scheme="affine32")
        expected.update_batch(_trigrams(text))
        assert sketch(text) == base64.b64encode(expected.hashvalues.astype("<u4").tobytes()).decode("ascii"), text


def test_a_sketch_does_not_import_datasketch():
    """Importing datasketch imports scipy's integrators (0.34 s of a worker's start) for classes never used here."""
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.duplicates import sketch; sketch('un deux trois quatre'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('datasketch', 'scipy')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
