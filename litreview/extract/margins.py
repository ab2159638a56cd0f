"""R0 rate: the percentage of resections with negative (R0) margins (unit "%")."""

from __future__ import annotations

from typing import Any

from litreview.records import Finding

__all__ = ["extract_margins"]


def extract_margins(doc: Any) -> list[Finding]:
    """Candidate ``r0_rate_pct`` findings of a processed doc."""
    return []
