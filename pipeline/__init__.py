"""French press releases in, schema-validated JSON-lines records out.

    >>> import pipeline
    >>> record = pipeline.annotate_text("Paris, le 9 mars 2026. Inria investit 2,6 Md€.")
    >>> [(e["label"], e["text"]) for e in record["entities"]]  # doctest: +SKIP

The stages, in the order a document meets them, are the modules of this
package: `discover`, `read`, `language`, `title`, `reference` (the
release's date), `locale`, `ner` (spaCy NER and the rule matchers of
`match`), `tables`, `record` and `write` (with the `review` site);
`process` chains them for one document, `run` for a folder, and
`executor` decides where they run.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "annotate_text", "process_file"]


def __getattr__(name):
    # Lazy, so that `pipeline run` on unchanged inputs never pays for importing spaCy.
    if name in ("annotate_text", "process_file"):
        from pipeline import process

        return getattr(process, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
