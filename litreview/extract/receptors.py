"""Receptor subtype of the resected cohort, as percentages of the cohort.

Fields: ``er_positive_pct``, ``hr_positive_pct`` (ER and/or PR; only when ER alone
is not derivable), ``her2_positive_pct``, ``triple_negative_pct`` (unit "%").
"""

from __future__ import annotations

from typing import Any

from litreview.records import Finding

__all__ = ["extract_receptors"]


def extract_receptors(doc: Any) -> list[Finding]:
    """Candidate receptor findings of a processed doc."""
    return []
