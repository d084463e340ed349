"""Reading the review site's HTML back, for the review tests (generated files and Chromium's DOM dumps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Mark:
    """One displaCy entity `<mark>`: its attributes, its text, the label it shows."""

    attrs: dict
    text: str = ""
    shown_label: str = ""
    shown_value: str = ""


@dataclass
class Row:
    """One `<tr>` of a table body: its attributes and the text of each cell."""

    table: str
    attrs: dict
    cells: list[str] = field(default_factory=list)


class Page(HTMLParser):
    """The marks, table rows, links, script and stylesheet references, `<output>`s and `<h1>` of one page."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.marks: list[Mark] = []
        self.rows: list[Row] = []
        self.links: list[str] = []
        self.resources: list[str] = []  # src of scripts, href of stylesheets
        self.scripts = 0  # <script> elements
        self.outputs: dict[str, str] = {}  # id -> text of each <output> element
        self.h1 = ""
        self.body: dict = {}  # the <body>'s attributes
        self._mark: Mark | None = None
        self._in_label = False
        self._in_value = False
        self._table: list[str] = []
        self._in_tbody = False
        self._row: Row | None = None
        self._cell: list[str] | None = None
        self._text: list[str] | None = None  # text of the <output> or <h1> being read
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark" and "entity" in (a.get("class") or "").split():
            self._mark = Mark(a)
        elif tag == "span" and self._mark is not None and a.get("class") == "entity-label":
            self._in_label = True
        elif tag == "span" and self._mark is not None and a.get("class") == "entity-value":
            self._in_value = True
        elif tag == "table":
            self._table.append(a.get("id") or a.get("class") or "")
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self._row = Row(self._table[-1] if self._table else "", a)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "script":
            self.scripts += 1
            if a.get("src"):
                self.resources.append(a["src"])
        elif tag == "link" and a.get("href"):
            self.resources.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.resources.append(a["src"])
        elif tag == "body":
            self.body = a
        elif tag in ("output", "h1"):
            self._text = []
            self._text_id = a.get("id", "")

    def handle_endtag(self, tag):
        if tag == "span" and self._in_label:
            self._in_label = False
        elif tag == "span" and self._in_value:
            self._in_value = False
        elif tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.cells.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "table" and self._table:
            self._table.pop()
        elif tag in ("output", "h1") and self._text is not None:
            text = "".join(self._text).strip()
            if tag == "h1":
                self.h1 = text
            else:
                self.outputs[self._text_id] = text
            self._text = None

    def handle_data(self, data):
        if self._mark is not None:
            if self._in_label:
                self._mark.shown_label += data
            elif self._in_value:
                self._mark.shown_value += data
            else:
                self._mark.text += data
        if self._cell is not None:
            self._cell.append(data)
        if self._text is not None:
            self._text.append(data)

    def table(self, name: str) -> list[Row]:
        return [r for r in self.rows if r.table == name]
