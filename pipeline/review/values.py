"""An entity's normalised value as a reviewer reads it, next to the entity (`3 600 000 000 EUR`).

The record's `value` is made for programs (`{"amount": 3600000000.0, "currency": "EUR"}`); the page
shows it in a few words, so that a wrong amount, currency or date is seen without hovering: amounts
with thousands separated and their currency or unit, ranges as `min–max`, the qualifier, tax and
per-unit in words, dates as a day or an interval, an organisation's canonical name, and for a table
cell where it sits (`table 1, row 2, column 3: Recettes (M€) × 2023`) instead of a Python dict.
A value of a shape this code does not know is shown key by key, never dropped.
"""

from __future__ import annotations

from pipeline.review.markup import number, value_text

QUALIFIERS = {
    "more_than": "more than",
    "about": "about",
    "less_than": "less than",
    "up_to": "up to",
    "at_least": "at least",
}
_SHOWN = {"amount", "currency", "unit", "value", "min", "max", "qualifier", "tax", "per", "context"}
_SHOWN |= {"currency_inferred", "start", "end", "grain", "approximate", "inferred_year", "relative", "parts"}


def short_value(label: str, value: dict | None) -> str:
    """The value in a few words; '' when the entity has none (most PER, LOC, MISC)."""
    if not value:
        return ""
    if not isinstance(value, dict):
        return str(value)
    if label == "ORG" or set(value) == {"canonical"}:
        return str(value.get("canonical") or "")
    if label == "DATE" or "grain" in value:
        return _date(value)
    if label in ("MONEY", "PERCENT", "QUANTITY") or "amount" in value:
        return _amount(label, value)
    return value_text(value)


def _amount(label: str, v: dict) -> str:
    unit = "%" if label == "PERCENT" else v.get("currency") or v.get("unit") or ""
    figure = v.get("value") if label == "PERCENT" else v.get("amount")
    if figure is None and (v.get("min") is not None or v.get("max") is not None):
        figure_text = f"{_num(v.get('min'))}–{_num(v.get('max'))}"
    else:
        figure_text = _num(figure)
    parts = [QUALIFIERS.get(v.get("qualifier"), v.get("qualifier") or "")]
    parts.append(f"{figure_text} {unit}".strip())
    if v.get("tax"):
        parts.append(str(v["tax"]))
    if v.get("per"):
        parts.append(f"per {v['per']}")
    text = " ".join(p for p in parts if p)
    if v.get("currency_inferred"):
        text += " (currency inferred)"
    if isinstance(v.get("context"), dict):
        text += f" · {context_text(v['context'])}"
    extra = {k: x for k, x in v.items() if k not in _SHOWN}
    return text + (f" · {value_text(extra)}" if extra else "")


def _num(x: object) -> str:
    return "?" if x is None else number(x)


def _date(v: dict) -> str:
    start, end = v.get("start"), v.get("end")
    text = str(start) if start and start == end else f"{start or '…'} → {end or '…'}"
    notes = [str(v["grain"])] if v.get("grain") and v.get("grain") != "day" else []
    notes += [word for word in ("relative", "inferred_year") if v.get(word)]
    if v.get("parts"):
        notes.append("parts " + ", ".join(_part(p) for p in v["parts"] if isinstance(p, dict)))
    text = ("≈ " if v.get("approximate") else "") + text
    return text + (f" ({'; '.join(n.replace('_', ' ') for n in notes)})" if notes else "")


def _part(p: dict) -> str:
    return str(p.get("start")) if p.get("start") == p.get("end") else f"{p.get('start')} → {p.get('end')}"


def context_text(context: dict) -> str:
    """Where a table cell sits: `table 1, row 2, column 3: Recettes (M€) × 2023` (numbered from 1)."""
    where = [
        f"{name} {context[key] + 1}"
        for key, name in (("table", "table"), ("row", "row"), ("column", "column"))
        if isinstance(context.get(key), int)
    ]
    labels = [str(context[k]) for k in ("row_label", "column_label") if context.get(k)]
    return ", ".join(where) + (": " + " × ".join(labels) if labels else "")
