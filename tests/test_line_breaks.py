"""One record, one line, for every line-oriented reader (issue 12, item 9).

JSON allows U+2028, U+2029 and U+0085 raw inside strings, but Python's
`str.splitlines()` (and JavaScript before ES2019) ends a line at each of them.
"""

from __future__ import annotations

import json

import pytest

from pipeline.cache import ResultCache
from pipeline.write import dumps, write_outputs

BREAKS = "\u2028\u2029\x85"
TEXT = "Inria lève\u2028 2,6 Md€.\u2029 Fin\x85 du texte."


@pytest.mark.parametrize("char", BREAKS, ids=["U+2028", "U+2029", "U+0085"])
def test_dumps_escapes_line_breaks_and_reads_back_the_same(char):
    obj = {"text": f"avant{char}après", f"clé{char}": [char]}
    line = dumps(obj)
    assert char not in line and len(line.splitlines()) == 1
    assert json.loads(line) == obj
    assert "après" in line  # French stays readable: only these three are escaped


def test_every_jsonl_file_and_cache_entry_keeps_one_record_per_line(tmp_path):
    r = {
        "doc_id": "a" * 64,
        "source": {"path": f"a{BREAKS}.txt"},
        "warnings": [f"un avertissement{BREAKS}"],
        "text": TEXT,
        "entities": [{"label": "ORG", "text": "Inria", "start": 0, "end": 5}, {"label": "X", "text": BREAKS}],
    }
    error = {"path": f"nom{BREAKS}.txt", "message": f"message{BREAKS}", "error_type": "X", "stage": "read"}
    write_outputs(tmp_path, [{"record": r}, {"record": r}, {"error": error}])
    for name, count in (("documents.jsonl", 2), ("entities.jsonl", 4), ("errors.jsonl", 1)):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert len(text.splitlines()) == count, name
        assert not set(BREAKS) & set(text), name
    assert [json.loads(line)["text"] for line in (tmp_path / "documents.jsonl").read_text().splitlines()] == [TEXT] * 2

    cache = ResultCache(tmp_path, "config")
    cache.put("key", {"record": r})
    assert len(cache.path("key").read_text(encoding="utf-8").splitlines()) == 1
    # (read as JSON: this partial record is not one the cache would give back, `cache.valid_entry`)
    assert json.loads(cache.path("key").read_text(encoding="utf-8"))["record"]["text"] == TEXT
