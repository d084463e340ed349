"""The words of French dates, from `pipeline/models/dates/*.json`, as regex pieces and lookup tables.

Data phrases are written with plain apostrophes and single spaces; `phrase`
turns them into patterns that accept typographic apostrophes and any run of
whitespace (PDF line breaks, no-break spaces), and `norm` turns matched text
back into the key the data uses.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.ruledata import load

APOSTROPHE = "['’ʼ]"
FLAGS = re.IGNORECASE


def phrase(text: str) -> str:
    """A phrase from the data as a regex: any apostrophe, any run of spaces (line breaks, no-break spaces)."""
    words = text.split()
    return r"\s+".join(re.escape(w).replace("'", APOSTROPHE + r"\s*") for w in words)


def alt(phrases) -> str:
    """Alternation of phrases, longest first so that `à partir du` wins over `à`."""
    return "(?:" + "|".join(phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def norm(text: str) -> str:
    """Lookup key of a matched phrase: lower case, one kind of apostrophe, single spaces."""
    return " ".join(re.sub(APOSTROPHE + r"\s*", "' ", text.lower()).split()).replace("' ", "'")


@cache
def months() -> dict[str, int]:
    """Every month name and abbreviation (normalised, no final dot) → month number."""
    table = {}
    for month in load("dates/months.json")["months"]:
        for name in month["names"] + month["abbreviations"]:
            table[norm(name)] = month["number"]
    return table


def month_number(text: str) -> int:
    return months()[norm(text).rstrip(".")]


@cache
def fragments() -> dict[str, str]:
    """Regex pieces shared by the rules."""
    month_data = load("dates/months.json")["months"]
    names = [n for m in month_data for n in m["names"]]
    abbreviations = [a for m in month_data for a in m["abbreviations"]]
    weekdays = load("dates/weekdays.json")
    day = "(?:" + alt(load("dates/months.json")["first_day"]) + r"|0?[1-9]|[12]\d|3[01])(?![\w])"
    f = {
        "YEAR": r"(?<![\w.,:/])(?:1\d|2[01])\d\d(?![\d]|[.,]\d)",
        "DAY": day,
        "MONTH_NAME": alt(names) + r"(?!\w)",
        "MONTH": "(?:" + alt(names) + "|" + alt(abbreviations) + r"\.?)(?![\w])",
        "WEEKDAY": alt(weekdays["weekdays"]) + r"(?!\w)",
        "WEEKDAY_ABBR": alt(weekdays["abbreviations"]),
        "DIRECTION": alt(load("dates/relative.json")["directions"]) + r"(?!\w)",
        "UNIT": alt(load("dates/relative.json")["units"]) + r"(?!\w)",
        "PART_OF_DAY": alt(weekdays["parts_of_day"]) + r"(?!\w)",
    }
    f["DAY_ITEM"] = rf"(?:(?:{f['WEEKDAY']}|{f['WEEKDAY_ABBR']})\s+)?(?<![\d,.]){day}"
    words = alt(load("dates/relative.json")["number_words"])
    f["COUNT"] = rf"(?:\d{{1,3}}|{words}(?:[\s-]+(?:et[\s-]+)?{words})*)(?!\w)"
    return f


def direction_of(word: str | None) -> int:
    return load("dates/relative.json")["directions"].get(norm(word), 0) if word else 0


def holiday_key(name: str) -> str:
    """Holiday lookup key: case kept (`Noël` is not `noël`), apostrophes and spaces normalised."""
    return re.sub(APOSTROPHE + r"\s*", "'", " ".join(name.split()))


@cache
def holiday_dates() -> tuple[dict[str, list[int]], dict[str, int]]:
    """Fixed holidays → [month, day]; movable ones → days after Easter Sunday."""
    table = load("dates/holidays.json")
    fixed = {holiday_key(k): v for k, v in table["fixed"].items()}
    return fixed, {holiday_key(k): v for k, v in table["easter"].items()}


def holiday_names() -> list[str]:
    fixed, movable = holiday_dates()
    return [*fixed, *movable]
