"""Hostile inputs for the reliability tests, generated deterministically.

Everything a user might drop into `raw/`: truncated and bit-flipped PDFs,
files whose extension lies, empty files, NUL bytes, French text in every
common encoding, very long lines, files above the size limit, awkward file
names. Random damage uses fixed seeds, so a failure is reproducible.

Every case has distinct bytes: the pipeline processes identical copies once,
and these tests are about each input, not about deduplication.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import re
import signal
import time
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.discover import Found
from pipeline.settings import MAX_TEXT_BYTES
from tests.conftest import RAW

# Written for these tests (not taken from a seed): accents, ligatures, typographic
# apostrophes and quotes, a euro sign, as French is written.
FRENCH = (
    "Communiqué de presse — Lyon, le 3 février 2025\n"
    "\n"
    "L’Agence régionale de développement économique annonce l’ouverture d’un centre dédié à l’énergie "
    "et à la mobilité décarbonée. Ce projet, évalué à 12,5 M€, bénéficiera à près de 40 entreprises "
    "françaises et européennes. « Nous sommes très fiers de cette étape », déclare Hélène Girard, "
    "directrice générale. Les travaux débuteront à l’été 2025 à Villeurbanne.\n"
    "\n"
    "Œuvre collective, cœur du réseau : déjà 15 % de croissance en un an, grâce à l’élan des équipes.\n"
)
# Latin-1 has no ’, «», —, œ or €: the same kind of French without them.
LATIN1_FRENCH = (
    "Grenoble, le 12 mars 2025. L'université a reçu une aide de trois millions d'euros pour rénover ses "
    'bâtiments. "Ce financement arrive à point nommé", précise la présidente, Maïté Lefèvre. Les élèves '
    "de l'école d'ingénieurs participeront dès l'été à la conception du projet, à côté de la forêt.\n"
)

# Text files in every encoding the pipeline must decode: name -> (bytes, the text the record must hold).
ENCODINGS = {
    "utf-8": (FRENCH.encode("utf-8"), FRENCH),
    "utf-8-bom": (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), FRENCH),
    "utf-16-le-bom": (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), FRENCH),
    "utf-16-be-bom": (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), FRENCH),
    # Windows wrote French in cp1252, with CRLF line ends (read back as \n).
    "cp1252-crlf": (FRENCH.replace("\n", "\r\n").encode("cp1252"), FRENCH),
    "latin-1": (LATIN1_FRENCH.encode("latin-1"), LATIN1_FRENCH),
}

PDF_SOURCE = RAW / "2024-07_imt-inria-accord-cadre-communique.pdf"


@dataclass(frozen=True)
class Case:
    """One hostile input: where it goes under raw/, its bytes, and what must become of it.

    `expect` is "record", "error" or "any" (exactly one of the two, whichever);
    `message` is the start of the error message when one is expected;
    `text` is what the record's text must be, when known.
    """

    name: str
    data: bytes
    expect: str = "any"
    message: str = ""
    text: str | None = None


def flip(data: bytes, seed: int, count: int, start: int = 0) -> bytes:
    """`data` with `count` bytes at positions >= `start` XOR-ed with random non-zero masks."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        i = rng.randrange(start, len(out))
        out[i] ^= rng.randrange(1, 256)
    return bytes(out)


def truncations(data: bytes) -> dict[str, bytes]:
    """A PDF cut at several points: inside the header, early, midway, late, just before `%%EOF`."""
    n = len(data)
    cuts = {"8-bytes": 8, "200-bytes": 200, "10pc": n // 10, "50pc": n // 2, "90pc": n * 9 // 10, "no-eof": n - 7}
    return {name: data[:cut] for name, cut in cuts.items()}


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buf, format="JPEG")
    return buf.getvalue()


def zip_file() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("communique.txt", date_time=(2025, 1, 1, 0, 0, 0)), FRENCH)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from scripts import make_pdfs

    return make_pdfs.lines_pdf([["Communiqué confidentiel."]], encrypt=StandardEncryption("secret", "owner"))


def french(i: int) -> str:
    """Short French releases that differ from one another (distinct bytes, distinct records)."""
    return f"Nantes, le {i + 1} avril 2025. La métropole consacre {i + 2} millions d’euros aux écoles.\n"


@cache
def cases() -> tuple[Case, ...]:
    """The whole hostile set, identical at every call (cached: the encrypted PDF embeds a random id)."""
    pdf = PDF_SOURCE.read_bytes()
    out = [Case("reference/vrai.pdf", pdf, "record")]
    out += [Case(f"pdf/tronque-{name}.pdf", data) for name, data in truncations(pdf).items()]
    # Flips past the header, so that the file is still recognised as a PDF and PDFium has to cope.
    out += [Case(f"pdf/retourne-{seed}.pdf", flip(pdf, seed, 40, start=16)) for seed in range(6)]
    out += [Case(f"texte/retourne-{seed}.txt", flip(FRENCH.encode("utf-8"), seed, 6)) for seed in range(4)]
    out += [Case(f"encodage/{name}.txt", data, "record", text=text) for name, (data, text) in ENCODINGS.items()]
    out += [
        Case("encodage/utf-16-sans-bom.txt", FRENCH.encode("utf-16-le")),  # NUL bytes, no BOM: either is defensible
        Case("extension/pdf-nomme.txt", pdf + b"\n% copie\n", "record"),
        Case("extension/png-nomme.pdf", png(), "error", "not a PDF: the file is a PNG image"),
        Case("extension/texte-nomme.pdf", french(0).encode(), "error", "not a PDF"),
        Case("extension/jpeg-nomme.txt", jpeg(), "error", "binary data in a .txt file"),
        Case("extension/zip-nomme.md", zip_file(), "error", "binary data in a .md file"),
        Case("extension/majuscules.TXT", french(1).encode(), "record", text=french(1)),
        Case("extension/sans-extension", french(2).encode(), "record", text=french(2)),
        Case("extension/document.docx", french(3).encode(), "error", "unsupported file type"),
        Case("chiffre.pdf", encrypted_pdf(), "error", "encrypted PDF: a password is required"),
        Case("vide/vide.txt", b"", "error", "empty file"),
        Case("vide/vide.md", b"", "error", "empty file"),
        Case("vide/vide.pdf", b"", "error", "empty file"),
        Case("vide/blancs.txt", b" \n\t\r\n  \n", "error", "empty file"),
        Case("nul/nul.txt", FRENCH.encode().replace(b". ", b".\x00 "), "error", "binary data in a .txt file"),
        Case("nul/nul-debut.md", b"\x00" + french(4).encode(), "error", "binary data in a .md file"),
        Case("long/ligne-longue.txt", long_line(30_000).encode(), "record"),
        Case("long/trop-gros.txt", too_large(), "error", "file too large"),
    ]
    names = [
        "nom avec espaces.txt",
        "accentué éèàç.txt",
        "l'apostrophe.txt",
        "l’apostrophe typographique.md",
        "-tiret-initial.txt",
        "--help.txt",
        "sous dossier/é/à l'intérieur.txt",
    ]
    out += [Case(f"noms/{n}", french(10 + i).encode(), "record", text=french(10 + i)) for i, n in enumerate(names)]
    return tuple(out)


def long_line(chars: int) -> str:
    """One line of French prose, `chars` long, without a single line break."""
    sentence = "Le conseil régional a voté une enveloppe de 2,5 millions d’euros pour l’innovation. "
    return (sentence * (chars // len(sentence) + 1))[:chars]


def too_large() -> bytes:
    """Just above the size limit for text files: must be refused with a clear message."""
    line = french(99).encode()
    return line * (MAX_TEXT_BYTES // len(line) + 2)


# Inputs the pipeline must not touch at all: hidden files and folders.
HIDDEN = [".cache.txt", ".~lock.communique.txt#", ".git/config.txt", "noms/.cache"]


def write_raw(raw: Path, *, reverse: bool = False) -> list[Case]:
    """Write the hostile set under `raw` (in reverse order if asked) plus hidden files and a link out of it.

    Returns the cases, the inputs that must each end in exactly one output file.
    """
    items = list(cases())
    raw.mkdir(parents=True, exist_ok=True)
    for case in reversed(items) if reverse else items:
        path = raw / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)
    for i, name in enumerate(HIDDEN):
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(french(50 + i), encoding="utf-8")
    outside = raw.parent / f"{raw.name}-outside.txt"
    outside.write_text(french(60), encoding="utf-8")
    os.symlink(outside, raw / "lien-vers-dehors.txt")
    return items


SKIPPED = [*HIDDEN, "lien-vers-dehors.txt"]
SKIPPED_WITH_ERROR = ["lien-vers-dehors.txt"]  # skipped, and an error line says so (hidden files only on stderr)


def poster_pdf() -> bytes:
    """A 1.7 KB PDF whose one page is 5 m wide, with an image and no text: OCR at 300 dpi would need 3.6 GB."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=(14400, 14400))
    page.drawImage(ImageReader(Image.new("L", (64, 64), 128)), 100, 100, 500, 500)
    page.showPage()
    page.save()
    return buf.getvalue()


def zeros_zlib(size: int) -> bytes:
    """A zlib stream of `size` zero bytes (a multiple of 16 MB), built in milliseconds.

    Compressing gigabytes would take seconds each; after a full flush deflate starts afresh,
    so the compressed form of one 16 MB block of zeros can simply be repeated.
    """
    block = 1 << 24
    assert size % block == 0
    piece = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = piece.compress(b"\0" * block) + piece.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty final block
    adler32 = ((size % 65521) << 16) | 1  # of zeros: the sum of the bytes stays 0, the sum of the sums is `size`
    return b"\x78\xda" + repeated * (size // block) + last + adler32.to_bytes(4, "big")


def minimal_pdf(content: bytes, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF whose page content stream is `content`, declared with `filters`; offsets exact."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(content), filters.encode(), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def compression_bomb_pdf(gigabytes: int = 4) -> bytes:
    """A 7 KB PDF (for 4 GB) whose page content inflates, through two Flate filters, to `gigabytes` of zeros."""
    return minimal_pdf(zlib.compress(zeros_zlib(gigabytes << 30), 9), "[/FlateDecode /FlateDecode]")


def text_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII) in Helvetica, its content stream Flate-compressed."""
    return minimal_pdf(zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")))


@dataclass(frozen=True)
class Sabotage(Found):
    """A task that harms the worker receiving it: unpickling it there runs `action` ("die" or "hang").

    This is how a worker killed by the kernel (out of memory) or stuck in a library
    looks to the parent, without depending on the machine's memory or speed.
    """

    action: str = "die"

    def __reduce__(self):
        return (_sabotage, (self.action,))


def _sabotage(action: str):
    if action == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(3600)


def sabotage(action: str) -> Sabotage:
    return Sabotage(Path("/nonexistent"), f"sabotage/{action}.txt", "0" * 64, 0, action=action)


_FAILING_MODEL = """
import os

import spacy


def load(*args, **kwargs):
    raise {failure}


spacy.load = load
"""


def failing_model_env(folder: Path, failure: str) -> dict:
    """An environment in which every process's `spacy.load` raises `failure` (a Python expression).

    How a model load that runs out of memory looks to the worker, without depending on how much
    memory the machine or the model happens to need: the limit's failures are deterministic here.
    A `sitecustomize` module on PYTHONPATH is imported at the start of every interpreter, the
    worker processes included.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_FAILING_MODEL.format(failure=failure), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


def aborting_model_env(folder: Path) -> dict:
    """An environment in which every process that loads the spaCy model is killed by SIGABRT while loading it.

    How a model load killed by the system looks (a library aborting, the out-of-memory killer), here in the
    process the workers are forked from, which loads the model for them.
    """
    return failing_model_env(folder, "os.abort()")  # `raise os.abort()`: the process dies before raising


_DYING_WORKER = """
import multiprocessing
import os
import signal

import spacy.language


def dies_in_a_worker(method):
    def wrapped(*args, **kwargs):
        if multiprocessing.current_process().name != "MainProcess":  # not the run, nor the fork server
            os.kill(os.getpid(), signal.SIGABRT)
        return method(*args, **kwargs)

    return wrapped


# Every text reaches the model through `make_doc` (`nlp(text)` and `nlp.pipe(texts)` call it too; the pipeline's
# NER reads pieces of the docs it makes).
spacy.language.Language.make_doc = dies_in_a_worker(spacy.language.Language.make_doc)
"""


def dying_worker_env(folder: Path) -> dict:
    """An environment in which a worker process dies (SIGABRT) as soon as the spaCy pipeline is given text.

    How a worker looks whose memory limit lets the model load but not a document through NER
    (libblis aborts the process when it cannot allocate), without depending on the machine: the
    model loads, then the first text kills. The run's own process and the fork server the workers
    come from (`pipeline.preload`, which rehearses too) have no limit, and live.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_DYING_WORKER, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


def process_state(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command's name (state, parent's pid, …); OSError once it is gone."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def fork_server_of(pid: int) -> bool:
    """Whether process `pid` has a child running multiprocessing's fork server (Linux: read from /proc)."""
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int(process_state(folder.name)[1])
            command = (folder / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"multiprocessing.forkserver" in command:
            return True
    return False


# --- reading outputs ---


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


_PROCESSED_AT = re.compile(r'"processed_at":"[^"]*"')


def outputs(out: Path) -> dict[str, str]:
    """The three output files as text, `processed_at` blanked: what must be identical between equivalent runs."""
    return {
        name: _PROCESSED_AT.sub('"processed_at":""', (out / name).read_text(encoding="utf-8"))
        for name in ("documents.jsonl", "entities.jsonl", "errors.jsonl")
    }


class _Trap(os.PathLike):
    """A path that harms the process opening it: the worker, when it reads the document ("die" or "hang").

    Unlike `Sabotage`, nothing happens when the task is unpickled, so it also works where a scheduler
    unpickles tasks before sending them to a worker (Dask's does, in the run's own process).
    """

    def __init__(self, action: str):
        self.action = action

    def __fspath__(self) -> str:
        _sabotage(self.action)
        return "/nonexistent"


def trap(action: str) -> Found:
    return Found(_Trap(action), f"trap/{action}.txt", "0" * 64, 0)
