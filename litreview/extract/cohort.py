"""Cohort size: the number of BCLM patients who underwent liver resection (unit "patients").

In surgery-vs-systemic comparisons it is the surgery arm; in meta-analyses and
reviews the pooled total of resected patients. Rules live in ``rules/cohort.jsonl``.

:func:`cohort_denominator` is the shared, cached cohort size other families use as
the denominator of counts ("HER2 amplification in five" -> 5 / cohort).
"""

from __future__ import annotations

from typing import Any

from litreview.records import Finding

__all__ = ["extract_cohort", "cohort_denominator"]


def extract_cohort(doc: Any) -> list[Finding]:
    """Candidate ``cohort_size`` findings of a processed doc."""
    return []


def cohort_denominator(doc: Any) -> int | None:
    """The best cohort size of ``doc`` as an int (cached per doc), or ``None``."""
    from litreview.extract.base import doc_cache, select_best

    def compute() -> int | None:
        best = select_best(extract_cohort(doc))
        return int(best.value) if best is not None and best.value else None

    return doc_cache(doc, "cohort_denominator", compute)
