"""French dates: ISO intervals with a grain, and the release's own date.

`find_dates(text, reference)` finds DATE mentions (`matcher.py`, where the
conventions are written down); `find_published(text)` the date a release
states about itself (`published.py`). The pieces they share:

- `lexicon.py`: month, weekday, holiday and modifier words (`pipeline/models/dates/`);
- `context.py`: what surrounds a candidate (prefixes, year checks);
- `rules.py`: the patterns, each with the function that reads its match;
- `mentions.py`: markers applied, ranges and lists joined into one mention;
- `resolve.py`: the interval of every mention, read with the whole document;
- `tense.py`: the tense of a date's clause (spaCy's morphologizer, on those sentences only);
- `calendar.py`: interval arithmetic (months, weeks, Easter, fuzzy parts).
"""

from pipeline.match.dates.matcher import find_dates
from pipeline.match.dates.published import find_published

__all__ = ["find_dates", "find_published"]
