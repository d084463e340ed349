"""A compression bomb is one error line, not a worker that PDFium aborts (issue 12, item 8)."""

from __future__ import annotations

import base64
import binascii
import zlib

import pytest

from pipeline.read.pdf_guard import StreamTooLarge, check_streams, memory_budget
from tests import hostile
from tests.conftest import RAW, run_cli
from tests.hostile import read_jsonl

GB = 1 << 30
TWICE = zlib.compress(hostile.zeros_zlib(4 * GB), 9)  # 7 KB that inflate to 4 MB, then to 4 GB

BOMBS = {
    "two Flate filters": hostile.minimal_pdf(TWICE, "[/FlateDecode /FlateDecode]"),
    "ASCII85 around them": hostile.minimal_pdf(
        base64.a85encode(TWICE) + b"~>", "[/ASCII85Decode /FlateDecode /FlateDecode]"
    ),
    "ASCIIHex around them": hostile.minimal_pdf(
        binascii.hexlify(TWICE) + b">", "[/ASCIIHexDecode /FlateDecode /FlateDecode]"
    ),
    "a filter name written with # escapes": hostile.minimal_pdf(TWICE, "[/Fl#61teDecode /FlateDecode]"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused_before_it_is_inflated_whole(name):
    assert len(BOMBS[name]) < 16_000
    with pytest.raises(StreamTooLarge, match="inflates to more than 256 MB.*compression bomb"):
        check_streams(BOMBS[name], budget=256 << 20)


def test_a_stream_is_judged_by_its_own_size_against_the_budget():
    single = hostile.minimal_pdf(hostile.zeros_zlib(64 << 20))  # 64 KB that inflate to 64 MB, once
    check_streams(single, budget=128 << 20)
    with pytest.raises(StreamTooLarge):
        check_streams(single, budget=32 << 20)


@pytest.mark.parametrize("path", sorted(RAW.glob("*.pdf")), ids=lambda p: p.name)
def test_real_pdfs_pass_even_a_small_budget(path):
    check_streams(path.read_bytes(), budget=8 << 20)


def test_damaged_streams_are_left_to_pdfium():
    damaged = hostile.minimal_pdf(TWICE[:100] + bytes(range(256)) * 4, "[/FlateDecode /FlateDecode]")
    check_streams(damaged, budget=256 << 20)  # what was inflated before the damage is under the budget
    check_streams(b"%PDF-1.7\nstream\n\x78\xda" + b"\xff" * 100 + b"\nendstream", budget=1 << 20)


def test_the_budget_is_what_is_left_under_the_address_space_limit():
    # In this process there is no limit: half of the machine's memory.
    assert 0 < memory_budget() < 1 << 50


def test_the_guard_costs_next_to_nothing_on_a_normal_pdf():
    """Not a timing (machines are shared): a normal PDF's streams are judged without inflating them whole."""
    calls = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args):
            self.d = real(*args)

        def decompress(self, data, max_length=0):
            out = self.d.decompress(data, max_length)
            calls.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self.d, name)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zlib, "decompressobj", Counting)
        check_streams((RAW / "2025-11_dialogue-franco-allemand-ia_deux-colonnes.pdf").read_bytes(), budget=GB)
    assert calls and max(calls) <= 2  # two bytes per stream: enough to see that it is not Flate twice


@pytest.mark.slow
def test_a_bomb_in_raw_is_one_error_line_and_the_batch_goes_on(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "bombe.pdf").write_bytes(hostile.compression_bomb_pdf(4))  # 7 KB, 4 GB inflated: above the default limit
    (raw / "communique.txt").write_text(hostile.french(1), encoding="utf-8")
    result = run_cli(raw, out, "--workers", "1")
    assert result.returncode == 0, result.stderr
    [error] = read_jsonl(out / "errors.jsonl")
    assert (error["path"], error["stage"], error["error_type"]) == ("bombe.pdf", "read", "StreamTooLarge"), error
    assert "compression bomb" in error["message"]
    assert [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")] == ["communique.txt"]
    again = run_cli(raw, out, "--workers", "1")  # an ordinary error: remembered, not paid again
    assert "processed 0, unchanged 1, failed 1" in again.stdout, again.stdout + again.stderr
