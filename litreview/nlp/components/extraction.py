"""Extraction inside the pipeline, for multi-process runs (``litreview_extract``).

Only the pipeline variant ``build_pipeline(model, extract=True)`` has this last
component, for callers who want ``nlp.pipe(n_process=N, as_tuples=True)`` to run the
extractors in spaCy's worker processes too. (:func:`litreview.extract.extract_records`
no longer uses it for ``jobs > 1``: with contexts spaCy tokenises and serialises every
Doc in the parent, which made the parent the bottleneck; it uses a process pool.) The Record arrives as the ``as_tuples`` context of ``nlp.pipe``
(``doc._context``); the component attaches it, runs
:func:`litreview.extract.extract_doc`, stores ``Extraction.to_dict()`` in
``doc.user_data["litreview_extraction"]`` (msgpack-safe) and detaches the Record
again, because a Record cannot travel through ``Doc.to_bytes``.

The context may also be ``(key, record)``: the record is used, and only ``key``
travels back. Either way the component returns a new, EMPTY Doc holding only the
extraction dict (and the context): nlp.pipe(n_process>1) serialises every Doc with
``to_bytes`` in the worker and parses it again in the parent, and for a full abstract
Doc (tokens, spans, sections) that costs more than the extraction itself.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from litreview.nlp.extensions import register_extensions

__all__ = ["ExtractionComponent", "EXTRACTION_KEY"]

#: ``doc.user_data`` key of the extraction dict.
EXTRACTION_KEY = "litreview_extraction"


class ExtractionComponent:
    """Runs every registered extractor and keeps the result on the Doc."""

    def __init__(self, nlp: Language, name: str = "litreview_extract"):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from litreview.extract import extract_doc
        from litreview.nlp.pipeline import attach_record
        from litreview.records import Record

        context = getattr(doc, "_context", None)
        record = context
        if isinstance(context, tuple) and len(context) == 2 and isinstance(context[1], Record):
            context, record = context[0], context[1]
        if isinstance(record, Record):
            attach_record(doc, record)
        try:
            data = extract_doc(doc).to_dict()
        finally:
            doc._.record = None
            # per-doc caches of the extractors may hold values msgpack cannot write
            doc.user_data.pop("litreview_cache", None)
        small = Doc(doc.vocab, words=[])
        small.user_data[EXTRACTION_KEY] = data
        small._context = context
        return small


@Language.factory("litreview_extract")
def make_extraction_component(nlp: Language, name: str) -> ExtractionComponent:
    """Factory of :class:`ExtractionComponent` (no configuration)."""
    return ExtractionComponent(nlp, name)
