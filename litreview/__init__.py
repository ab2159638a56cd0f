"""litreview: literature review and evidence extraction.

PubMed retrieval (Bio.Entrez) and abstract-dump readers produce
:class:`~litreview.records.Record` objects; a spaCy/scispaCy pipeline with rules
turns each into an :class:`~litreview.records.Extraction` of study attributes,
every value tied to its sentence; comparison tables, pooled estimates and reports
set them beside a local case series.
"""

__version__ = "0.1.0"

from litreview.errors import LitReviewError  # noqa: E402
from litreview.records import Author, Extraction, Finding, Record, Section  # noqa: E402

__all__ = [
    "__version__",
    "Author",
    "Extraction",
    "Finding",
    "LitReviewError",
    "Record",
    "Section",
]
