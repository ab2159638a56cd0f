"""spaCy/scispaCy processing of records: one pipeline, built in :mod:`litreview.nlp.pipeline`.

Import lazily: ``from litreview.nlp.pipeline import build_pipeline`` (spaCy is only
loaded when a pipeline is needed).
"""
