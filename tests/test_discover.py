import os
from pathlib import Path

import pytest

from pipeline.discover import discover, sniff
from pipeline.errors import UnsupportedInput

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n", "release.pdf", "pdf"),
        (b"%PDF-1.4\n", "mislabelled.txt", "pdf"),  # the bytes win over the name
        (b"Paris, le 9 mars 2026", "release.txt", "txt"),
        (b"# Titre", "release.md", "md"),
        (b"# Titre", "RELEASE.MD", "md"),
        (b"Texte", "LISEZMOI", "txt"),
    ],
)
def test_sniff_types_files_by_bytes_and_name(head, name, expected):
    assert sniff(head, name) == expected


@pytest.mark.parametrize(
    ("head", "name", "message"),
    [
        (PNG, "scan.pdf", "not a PDF: the file is a PNG image"),
        (b"Bonjour", "fake.pdf", "not a PDF"),
        (PNG, "notes.txt", "binary data in a .txt file: the file is a PNG image"),
        (b"PK\x03\x04" + b"\0" * 40, "archive.md", "ZIP"),
        (b"Texte", "rapport.docx", "unsupported file type '.docx'"),
    ],
)
def test_sniff_explains_what_it_refuses(head, name, message):
    with pytest.raises(UnsupportedInput, match=message):
        sniff(head, name)


def test_discover_walks_recursively_and_skips_hidden_files_and_outside_links(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "sub" / "deeper").mkdir(parents=True)
    (raw / "b.txt").write_text("b")
    (raw / "sub" / "deeper" / "a.md").write_text("a")
    (raw / ".DS_Store").write_bytes(b"\0")
    (raw / ".git").mkdir()
    (raw / ".git" / "config").write_text("x")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    os.symlink(secret, raw / "link-out.txt")
    os.symlink(raw / "b.txt", raw / "link-in.txt")

    found, skipped = discover(raw)

    assert [f.rel_path for f in found] == ["b.txt", "link-in.txt", "sub/deeper/a.md"]
    reasons = {s.rel_path: s.reason for s in skipped}
    assert reasons[".DS_Store"] == "hidden file"
    assert reasons[".git/config"] == "hidden file"
    assert "outside the raw folder" in reasons["link-out.txt"]
    assert found[0].size == 1 and len(found[0].sha256) == 64


def test_symlinked_folders_are_reported_not_followed(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "real").mkdir(parents=True)
    (raw / "real" / "a.txt").write_text("a")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("s")
    os.symlink(outside, raw / "out-link")
    os.symlink(raw / "real", raw / "in-link")

    found, skipped = discover(raw)

    assert [f.rel_path for f in found] == ["real/a.txt"]
    reasons = {s.rel_path: s.reason for s in skipped}
    assert "outside the raw folder" in reasons["out-link"]
    assert reasons["in-link"] == "symbolic link to a folder, not followed"


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.pdf", "a.TXT", "sans-extension", "a."])
def test_the_size_check_without_reading_agrees_with_the_readers_limits(name):
    """`_too_large` decides most files without asking `read.check_size`: both must agree at every limit."""
    from pipeline.discover import _too_large
    from pipeline.errors import DocumentError
    from pipeline.read import check_size
    from pipeline.settings import MAX_PDF_BYTES, MAX_TEXT_BYTES, SUFFIXES

    for limit in (MAX_TEXT_BYTES, MAX_PDF_BYTES):
        for size in (limit - 1, limit, limit + 1):
            try:
                check_size(size, SUFFIXES.get(Path(name).suffix.lower()))
                refused = False
            except DocumentError:
                refused = True
            assert _too_large(size, name) is refused, (name, size)
