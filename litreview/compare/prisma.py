"""PRISMA 2020 flow counts for the literature side of a comparison.

identified (every input record, per source) -> duplicates removed -> screened ->
excluded as not relevant (reasons from extraction, counted) / excluded by a
curator -> included. Local case series are not part of the flow; their number is
reported beside it.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping, Sequence

from litreview.compare.model import PrismaCounts

__all__ = ["prisma_counts", "NO_REASON"]

#: Reason counted for an excluded record whose extraction gave none.
NO_REASON = "no reason given"


def prisma_counts(identified: Sequence[tuple[str, Sequence[str]]],
                  kept_ids: Iterable[str],
                  screening: Mapping[str, tuple[bool, Sequence[str]]],
                  excluded_by_curation: Iterable[str] = (),
                  included_by_curation: Iterable[str] = (),
                  local_series: int = 0) -> PrismaCounts:
    """Count the flow.

    Args:
        identified: one ``(record id, sources)`` per input record, duplicates
            included; a record found by two queries lists both (it counts once in
            ``identified`` and once under each source).
        kept_ids: ids left after de-duplication (the screened records).
        screening: kept id -> (relevant, relevance reasons) from extraction.
        excluded_by_curation: kept ids a curator excluded.
        included_by_curation: kept ids judged not relevant that a curator re-included.
        local_series: number of local series set beside the literature.

    Returns:
        :class:`PrismaCounts`; :meth:`PrismaCounts.check` holds by construction.
    """
    by_source: Counter[str] = Counter()
    for _, sources in identified:
        for source in (sources or ("unknown source",)):
            by_source[source] += 1
    kept = list(dict.fromkeys(kept_ids))
    excluded_cur = set(excluded_by_curation)
    included_cur = set(included_by_curation) - excluded_cur
    not_relevant = 0
    reasons: Counter[str] = Counter()
    by_curation = 0
    reincluded = 0
    for sid in kept:
        relevant, why = screening.get(sid, (False, ()))
        if sid in excluded_cur:
            by_curation += 1
        elif not relevant and sid in included_cur:
            reincluded += 1
        elif not relevant:
            not_relevant += 1
            for reason in (why or (NO_REASON,)):
                reasons[reason] += 1
    screened = len(kept)
    counts = PrismaCounts(
        identified=len(identified),
        identified_by_source=dict(sorted(by_source.items())),
        duplicates_removed=len(identified) - screened,
        screened=screened,
        excluded_not_relevant=not_relevant,
        exclusion_reasons=dict(reasons.most_common()),
        excluded_by_curation=by_curation,
        included_by_curation=reincluded,
        included=screened - not_relevant - by_curation,
        local_series=local_series,
    )
    counts.check()
    return counts
