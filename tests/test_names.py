"""File names: unambiguous and reversible in records (issue 12, item 6), harmless on the terminal (item 7)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.discover import discover
from pipeline.names import display, raw_name, record_name
from pipeline.run import run
from tests.conftest import ROOT
from tests.hostile import read_jsonl

# Names as bytes, the way the file system holds them.
AWKWARD = [
    b"caf\xe9.txt",  # Latin-1, not UTF-8
    b"caf\\xe9.txt",  # literally a backslash, an x, an e and a 9
    b"caf\\\\xe9.txt",
    b"a\\\xe9",
    b"trailing\\",
    "é/à l'intérieur.txt".encode(),
    b"\xff\xfe",
]


@pytest.mark.parametrize("name", AWKWARD, ids=repr)
def test_record_names_give_the_bytes_back(name):
    assert raw_name(record_name(os.fsdecode(name))) == name


def test_record_names_are_distinct_and_ordinary_names_unchanged():
    assert len({record_name(os.fsdecode(n)) for n in AWKWARD}) == len(AWKWARD)
    assert record_name("2024-07 communiqué (version 2).pdf") == "2024-07 communiqué (version 2).pdf"
    assert record_name(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert record_name("caf\\xe9.txt") == "caf\\\\xe9.txt"


def test_two_names_that_used_to_share_a_source_path_get_two(tmp_path, caplog):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    latin1, literal = os.path.join(os.fsencode(raw), b"caf\xe9.txt"), raw / "caf\\xe9.txt"
    with open(latin1, "wb"):  # empty files: errors.jsonl, without loading the model
        pass
    literal.write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        found, _ = discover(raw)
    paths = [f.rel_path for f in found]
    assert len(set(paths)) == 2, paths
    assert sorted(raw_name(p) for p in paths) == sorted([b"caf\xe9.txt", b"caf\\xe9.txt"])
    for p in paths:  # the record's path opens the file it names
        assert (raw / os.fsdecode(raw_name(p))).exists()
    assert len(caplog.records) == 2 and all("records write it" in r.getMessage() for r in caplog.records)

    run(raw, out, workers=0)
    assert sorted(e["path"] for e in read_jsonl(out / "errors.jsonl")) == sorted(paths)


def test_ordinary_names_are_not_warned_about(tmp_path, caplog):
    (tmp_path / "communiqué de presse.txt").write_text("x")
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        discover(tmp_path)
    assert caplog.records == []


def test_display_escapes_what_a_terminal_would_obey():
    assert display("communiqué – été.txt") == "communiqué – été.txt"
    shown = display("a\x1b[2K\rprocessed 99\x1b]0;pwned\x07\u202eftp.txt\u2028\x9b")
    assert shown == "a\\x1b[2K\\rprocessed 99\\x1b]0;pwned\\x07\\u202eftp.txt\\u2028\\x9b"
    assert shown.isprintable()


def test_names_that_inject_terminal_controls_are_printed_escaped(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    erase = "\x1b[2K\rprocessed 9, unchanged 0, failed 0, skipped 0 in 0.1 s\n.txt"
    (raw / erase).write_bytes(b"")  # empty: a "failed:" line
    (raw / ".\x1b]0;retitled\x07.txt").write_bytes(b"")  # hidden: a "skipped:" line
    os.symlink(tmp_path / "dehors\x1b[31m.txt", raw / "lien\x07.txt")  # its reason names the target
    with open(os.path.join(os.fsencode(raw), b"caf\xe9\x1b[1m.txt"), "wb"):  # a "warning:" line
        pass
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--workers", "0"]
    result = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    err = result.stderr.decode()
    for control in ("\x1b", "\x07", "\r"):
        assert control not in err, err
    assert "failed: \\x1b[2K\\rprocessed 9" in err
    assert "skipped: .\\x1b]0;retitled\\x07.txt: hidden file" in err
    assert "skipped: lien\\x07.txt: symbolic link to " in err and "dehors\\x1b[31m.txt" in err
    assert "warning: caf\\xe9\\x1b[1m.txt: " in err
    summary = [line for line in result.stdout.decode().splitlines() if not line.startswith("review: ")]
    assert len(summary) == 1 and summary[0].startswith("processed 0,")
    # The records keep the real name (JSON escapes what needs it):
    paths = {e["path"] for e in read_jsonl(out / "errors.jsonl")}
    assert erase in paths and json.dumps(erase) in (out / "errors.jsonl").read_text()


def test_a_hard_link_to_a_file_outside_raw_is_read_like_any_file(tmp_path):
    """Decided in discover.py: a hard link is one more name of the file, as much in raw/ as any other."""
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("Texte.", encoding="utf-8")
    os.link(outside, raw / "lien-dur.txt")
    found, skipped = discover(raw)
    assert [f.rel_path for f in found] == ["lien-dur.txt"] and not skipped


def test_a_folder_that_cannot_be_listed_is_reported_not_left_out_silently(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "fermé").mkdir(parents=True)
    (raw / "fermé" / "a.txt").write_text("a")
    (raw / "b.txt").write_text("b")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "fermé":  # as a folder without read permission behaves, even for root
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, skipped = discover(raw)
    assert [f.rel_path for f in found] == ["b.txt"]
    assert [(s.rel_path, s.reason) for s in skipped] == [("fermé", "folder cannot be listed: Permission denied")]
