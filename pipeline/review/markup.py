"""Small HTML helpers shared by the pages: escaping, templates, readable values.

The pages are Jinja2 templates (`templates/`) with autoescaping on: every
value a template prints is escaped unless it is `Markup` made here (displaCy's
drawing of the text, which escapes the text itself).

Every piece of record data that reaches a page goes through `esc`: titles,
paths, warnings and error messages come from files anyone can drop in raw/.
What a reader takes at face value (file names, titles, warnings, messages,
organisation names) also goes through `visible` first, so that no invisible
character can disguise it.
"""

from __future__ import annotations

import html
import unicodedata
from functools import cache
from importlib.resources import files

from jinja2 import ChainableUndefined, Environment, PackageLoader, select_autoescape
from markupsafe import Markup


def esc(value: object) -> str:
    """Text for HTML content or a double- or single-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


# Characters that draw nothing or rearrange what follows: controls, format characters (bidirectional
# overrides and isolates, zero-width spaces and joiners, the BOM), line and paragraph separators,
# surrogates, private use and unassigned code points. Spaces (no-break ones included) are left alone.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def visible(value: object) -> str:
    """`value` as text with every invisible or reordering character shown as its escape, as the terminal
    shows it (`pipeline.names.display`): `rtl\u202ecod.exe.txt` instead of a name that reads `rtltxt.exe.doc`."""
    text = "" if value is None else str(value)
    if text.isprintable():  # nearly always: then none of them is there
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _HIDDEN else c for c in text
    )


@cache
def resource(name: str) -> str:
    """A file of the package's `templates/` or `static/` folder, e.g. `static/review.css`."""
    return files("pipeline.review").joinpath(name).read_text(encoding="utf-8")


@cache
def environment() -> Environment:
    """The templates' environment: autoescaped; a field a record does not have is simply empty
    (`ChainableUndefined`), so records of older or newer schemas draw without it. `auto_reload=False`: the
    templates do not change during a run, and checking each one's file before every page cost a `stat`
    per template per page."""
    env = Environment(
        loader=PackageLoader("pipeline.review", "templates"),
        auto_reload=False,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(visible=visible, number=number, value_text=value_text)
    from pipeline.review.values import short_value  # values.py uses this module's `number`

    env.globals.update(short_value=short_value)
    return env


def render(template: str, **context: object) -> str:
    """`templates/<template>` drawn with `context` (escaped, but for `Markup` values)."""
    return environment().get_template(template).render(**context)


def markup(html_text: str) -> Markup:
    """HTML made by a trusted drawer (displaCy, our own templates), to print as is."""
    return Markup(html_text)


def number(x: object) -> str:
    """`3600000000.0` -> `3 600 000 000`, `2.5` -> `2.5`: large amounts readable at a glance."""
    if isinstance(x, bool):
        return "true" if x else "false"  # as in the JSON record
    if not isinstance(x, int | float):
        return str(x)
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e18:
        x = int(x)
    if isinstance(x, int):
        return f"{x:,}".replace(",", "\u202f")
    return repr(x)


def value_text(value: dict | None) -> str:
    """An entity's normalised value as one line of plain text (`amount 3 600 000 000 · currency EUR`)."""
    if not value:
        return "no normalised value"
    return " · ".join(f"{key} {number(v) if v is not None else '–'}" for key, v in value.items())
