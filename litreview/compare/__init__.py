"""Comparison layer: literature extractions and local case series side by side.

:func:`compare` de-duplicates the literature, merges it with local series into one
study table (with per-cell provenance), applies reviewer curations, pools R0 and
5-year survival rates (random effects) over the included studies, summarises
median survival, and counts the PRISMA flow. Objects: :mod:`litreview.compare.model`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping, Sequence, Union

from litreview.compare.model import (
    COUNT_COLUMNS,
    EVIDENCE_COLUMNS,
    EXCLUDE_FIELD,
    MEDIAN_FIELDS,
    POOLED_FIELDS,
    TABLE_COLUMNS,
    Comparison,
    Curation,
    CurationNote,
    CurationReport,
    DedupDecision,
    LocalSeries,
    MedianSummary,
    Patient,
    PooledEstimate,
    PrismaCounts,
    Proportion,
    SeriesSummary,
    StudyCount,
    count_columns,
)
from litreview.records import Extraction, Record

__all__ = [
    "compare",
    "COUNT_COLUMNS",
    "EVIDENCE_COLUMNS",
    "EXCLUDE_FIELD",
    "MEDIAN_FIELDS",
    "POOLED_FIELDS",
    "TABLE_COLUMNS",
    "Comparison",
    "Curation",
    "CurationNote",
    "CurationReport",
    "DedupDecision",
    "LocalSeries",
    "MedianSummary",
    "Patient",
    "PooledEstimate",
    "PrismaCounts",
    "Proportion",
    "SeriesSummary",
    "StudyCount",
    "count_columns",
]

SeriesInput = Union[LocalSeries, SeriesSummary, str, os.PathLike]
CurationInput = Union[Sequence[Curation], str, os.PathLike, None]


def compare(extractions: Iterable[Extraction], series: Iterable[SeriesInput] = (), *,
            records: Iterable[Record] | Mapping[str, Record] | None = None,
            curations: CurationInput = None, dedup_threshold: float = 90.0,
            record_sources: Mapping[str, Sequence[str]] | None = None) -> Comparison:
    """Compare literature extractions with local case series.

    Args:
        extractions: one per input record (e.g. ``Extraction.from_dict`` of each
            line of ``litreview extract`` JSONL).
        series: local series: loaded :class:`LocalSeries`, their summaries, or
            paths of series YAML files.
        records: the records extracted from, for authors, year, journal, DOI and
            sources (an extraction's own ``record`` is used too).
        curations: a curation file path, or already loaded curations.
        dedup_threshold: title similarity (0-100) from which two titles are the same.
        record_sources: record id -> the sources it was found in (e.g. the names of
            the saved queries that returned it), for the PRISMA "identified" counts
            per source; default: ``record.extra["queries"]``, else ``record.source``.

    Returns:
        A :class:`Comparison`.

    Raises:
        ConfigError: a series or curation file is invalid.
    """
    from litreview.compare.curation import load_curations
    from litreview.compare.merge import merge
    from litreview.compare.pool import median_summary, pool
    from litreview.compare.prisma import prisma_counts
    from litreview.series import load_series, summarize_series

    summaries: list[SeriesSummary] = []
    for item in series:
        if isinstance(item, SeriesSummary):
            summaries.append(item)
        elif isinstance(item, LocalSeries):
            summaries.append(summarize_series(item))
        else:
            summaries.append(summarize_series(load_series(Path(item))))
    if curations is None:
        cur_list: list[Curation] = []
    elif isinstance(curations, (str, os.PathLike)):
        cur_list = load_curations(curations)
    else:
        cur_list = list(curations)
    merged = merge(list(extractions), summaries, records=records, curations=cur_list,
                   dedup_threshold=dedup_threshold, record_sources=record_sources)
    table = merged.table
    pooled: dict[str, PooledEstimate | MedianSummary] = {}
    for name in POOLED_FIELDS:
        pooled[name] = pool(table, name)
    for name in MEDIAN_FIELDS:
        pooled[name] = median_summary(table, name)
    lit = [d for d in merged.drafts if not d.is_local]
    excluded_cur = [d.study_id for d in lit if d.excluded]
    reincluded = [d.study_id for d in lit if not d.excluded and not d.extracted_relevant and d.relevant]
    screening = {d.study_id: (d.extracted_relevant, d.relevance_reasons) for d in lit}
    prisma = prisma_counts(merged.identified, [d.study_id for d in lit], screening,
                           excluded_by_curation=excluded_cur, included_by_curation=reincluded,
                           local_series=len(summaries))
    return Comparison(
        table=table,
        evidence=merged.evidence,
        pooled=pooled,
        prisma=prisma,
        dedup_log=tuple(merged.dedup.decisions),
        curation_report=merged.curation_report,
        local_ids=tuple(s.series.study_id for s in summaries),
        series_summaries=tuple(summaries),
        notes=tuple(merged.notes),
    )
