"""The review site: `output/review/`, for people who check the extraction by eye.

    review/index.html          every document (title, date, language, status, warnings, counts per
                               label) and every failed input; sortable, filterable in the browser by
                               any text, entity or organisation
    review/organisations.html  every organisation across the corpus, with the documents that name it
    review/documents/*.html    one page per document: its text drawn by displaCy, each entity with its
                               value, a PDF's pages as images with the entities' boxes (*-pN.png),
                               organisations, tables, the entity list; marks of wrong or missing
                               entities, exported by the browser as corrections.jsonl
    review/assets/             one stylesheet and one script, shared; nothing is fetched from the network
    review/.digests.json       what each file should hold: the site repairs itself (`intact`)

The run feeds a `ReviewSite` the entries it streams into its outputs (`ReviewSite.tap`), then calls
`finish()`; `write_review(out, records, errors, raw)` does the same from two iterables.

Modules: `site.py` (writing the site, incrementally, as the entries stream past),
`index_page.py` (the front page), `organisations_page.py`, `document_page.py` (one page per
document), `entities.py` (the text with its entities, drawn by displaCy), `pdf_pages.py` (page
images), `values.py` (values in a few words), `markup.py` (the Jinja2 environment, escaping,
readable values), `names.py` (the pages' file names); `templates/` and `static/` hold the Jinja2
templates and the shared CSS and script.
"""

from pipeline.review.site import ReviewSite, index_path, intact, write_review

__all__ = ["ReviewSite", "index_path", "intact", "write_review"]
