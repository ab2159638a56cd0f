"""Shared helper of the survival/outcomes/study/design/relevance unit tests: a real pipeline doc."""

from __future__ import annotations

from typing import Any

from litreview.records import Record


def make_doc(abstract: str, title: str = "Hepatectomy for breast cancer liver metastases") -> Any:
    """A Doc from the real litreview pipeline, with its Record attached."""
    from litreview.nlp.pipeline import make_doc as pipeline_doc

    return pipeline_doc(Record(id="t", title=title, abstract=abstract))


def by_field(findings: list) -> dict:
    """Findings keyed by field (extractors return at most one per field)."""
    return {f.field: f for f in findings}
