"""The organisations page: every organisation across the corpus, with the documents that name it.

Fed by the run as the records stream past (`Organisations.add`), like the index; it keeps, per
organisation, its aliases, its mentions and the numbers of the documents that name it, and per
document its page and title: about 200 bytes per document and per distinct organisation (a few MB
for ten thousand releases). Organisations are grouped by their canonical name, as each record's
`organisations` list gives it; the page sorts them by the number of documents, then by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.review.markup import render


@dataclass
class _Organisation:
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    documents: list[int] = field(default_factory=list)


class Organisations:
    def __init__(self):
        self.documents: list[tuple[str, str]] = []  # (page name, title)
        self.by_name: dict[str, _Organisation] = {}

    def add(self, record: dict, page: str, title: str) -> None:
        orgs = [o for o in record.get("organisations") or [] if isinstance(o, dict) and o.get("canonical")]
        if not orgs:
            return
        number = len(self.documents)
        self.documents.append((page, title))
        for o in orgs:
            entry = self.by_name.setdefault(str(o["canonical"]), _Organisation())
            entry.aliases.update(str(a) for a in o.get("aliases") or [])
            entry.mentions += o.get("mentions") or 0
            if not entry.documents or entry.documents[-1] != number:
                entry.documents.append(number)

    def render(self) -> str:
        rows = [
            {
                "name": name,
                "aliases": sorted(o.aliases - {name}),
                "mentions": o.mentions,
                "documents": [{"page": self.documents[i][0], "title": self.documents[i][1]} for i in o.documents],
            }
            for name, o in sorted(self.by_name.items(), key=lambda item: (-len(item[1].documents), item[0]))
        ]
        return render("organisations.html", root="", organisations=rows, documents=len(self.documents))
