"""The review site: `output/review/`, for people who check the extraction by eye.

    review/index.html          every document (title, date, language, status, warnings, counts per
                               label) and every failed input; sortable and filterable in the browser
    review/documents/*.html    one page per document: its text drawn by displaCy, values and rules on
                               hover, organisations, tables, the entity list
    review/assets/             one stylesheet and one script, shared; nothing is fetched from the network

The run feeds a `ReviewSite` the entries it streams into its outputs (`ReviewSite.tap`), then calls
`finish()`; `write_review(out, records, errors)` does the same from two iterables.

Modules: `site.py` (writing the site, incrementally, as the entries stream past),
`index_page.py` (the front page), `document_page.py` (one page per document),
`entities.py` (the text with its entities, drawn by displaCy), `markup.py`
(escaping, templates, readable values), `names.py` (the pages' file names);
`templates/` and `static/` hold the HTML templates and the shared CSS and script.
"""

from pipeline.review.site import ReviewSite, index_path, intact, write_review

__all__ = ["ReviewSite", "index_path", "intact", "write_review"]
