"""MONEY, PERCENT and QUANTITY: amounts as French is printed in Paris, Montréal, Lausanne, Bruxelles and Dakar.

Downstream users add and compare these figures, so a wrong scale is worse
than a miss: a number only becomes an amount when something in the text says
what it counts (a currency, `%`, a physical unit), and a bare `3,1 milliards`
only borrows a currency from an amount just before it.

`find_amounts(text, locale)` is the matcher; `detect_locale(text)` decides once
per document which country's currencies ambiguous words (`dollars`, `francs`,
`FCFA`) mean. Where a new rule goes:

- a currency, scale, unit, qualifier, tax or per-unit word: `pipeline/models/amounts/*.json`;
  a country's evidence: `pipeline/models/locale/countries.json` (no code change);
- `patterns.py`: regex building blocks; `rules.py`: the data, compiled once;
- `locale.py`: the document's country; `currency.py`: what a currency word means there;
- `figures.py`: one number and what follows or precedes it (scale, mixed `12 millions 300 mille`,
  currency, `%`, unit, cents);
- `ranges.py`: `10-20 M€`, `de 3 milliards à 9 milliards FCFA`;
- `qualifiers.py`: `plus de`, `HT`/`TTC`, `par personne`; `values.py`: the record value;
- `carry.py`: `dont 3,1 milliards`, `215 millions` after `millions de francs`;
- `vague.py`: `plusieurs milliards d'euros`;
- `matcher.py`: the scan that ties them together;
- `labels.py`: what a table header or caption says its numbers count (`(M€)`, `en %`).
"""

from pipeline.match.amounts.figures import too_long_numbers
from pipeline.match.amounts.locale import detect_locale
from pipeline.match.amounts.matcher import find_amounts

__all__ = ["detect_locale", "find_amounts", "too_long_numbers"]
