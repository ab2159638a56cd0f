"""Comparison layer: literature extractions and local case series side by side.

De-duplication, curation, pooled estimates and PRISMA counts. Objects are defined in
:mod:`litreview.compare.model`.
"""

from litreview.compare.model import (  # noqa: F401
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
