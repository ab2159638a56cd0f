"""The Python API in one place: thin wrappers over the library's modules.

Everything here is also available from the top-level package, imported on first
use so that ``import litreview`` stays light::

    import litreview

    records = litreview.read(["pubmed.xml", "zotero.ris"])
    extractions = litreview.extract(records)
    comparison = litreview.compare(extractions, [litreview.bundled_series()],
                                   records=records, curations="curations.yml")
    print(comparison.table[["label", "cohort_size", "r0_rate_pct"]])
    litreview.write_report(comparison, "out/", extractions=extractions, records=records)

or the whole job at once: ``litreview.review("query.toml", "out/", offline=["pubmed.xml"])``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from litreview.records import FIELD_NAMES, Extraction, Record

if TYPE_CHECKING:
    import pandas as pd

    from litreview.compare.model import Comparison, Curation, LocalSeries, MedianSummary, PooledEstimate
    from litreview.io.report import ReadReport
    from litreview.report.html import ReportContext
    from litreview.report.writer import ReportFiles
    from litreview.review import ReviewResult

__all__ = [
    "read",
    "extract",
    "extractions_frame",
    "read_extractions",
    "load_series",
    "bundled_series",
    "compare",
    "pool",
    "review",
    "write_report",
]


def read(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
         report: "ReadReport | None" = None) -> list[Record]:
    """Read records from files of any supported format (PubMed XML, MEDLINE, RIS, CSV/TSV, JSONL, text).

    Malformed records are skipped (see ``report``), the rest is returned.
    """
    from litreview.io import read_records

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return list(read_records([os.fspath(p) for p in paths], report=report))


def extract(records: Iterable[Record], model: str | None = None, jobs: int = 1) -> list[Extraction]:
    """One :class:`Extraction` per record (relevance, design and every field with its evidence)."""
    from litreview.extract import extract_records

    return list(extract_records(records, model=model, jobs=jobs))


def extractions_frame(extractions: Iterable[Extraction]) -> "pd.DataFrame":
    """One row per extraction: id, pmid, title, relevant, design, reasons, then one column per
    field (value; None = not reported) and ``<field>_sentence`` (its evidence)."""
    import pandas as pd

    rows = []
    for ext in extractions:
        row: dict[str, Any] = {"id": ext.id, "pmid": ext.pmid, "title": ext.title, "relevant": ext.relevant,
                               "design": ext.design, "relevance_reasons": ext.relevance_reasons}
        for name in FIELD_NAMES:
            finding = ext.fields.get(name)
            row[name] = finding.value if finding else None
        for name in FIELD_NAMES:
            finding = ext.fields.get(name)
            row[f"{name}_sentence"] = finding.sentence if finding else None
        rows.append(row)
    columns = ["id", "pmid", "title", "relevant", "design", "relevance_reasons", *FIELD_NAMES,
               *(f"{n}_sentence" for n in FIELD_NAMES)]
    return pd.DataFrame(rows, columns=columns)


def read_extractions(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Extraction]:
    """Read ``litreview extract`` JSONL files back into :class:`Extraction` objects."""
    from litreview.review import read_extractions as _read

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _read(paths)


def load_series(path: str | os.PathLike[str]) -> "LocalSeries":
    """Load and validate a local case series YAML file."""
    from litreview.series import load_series as _load

    return _load(Path(path))


def bundled_series() -> Path:
    """The path of the bundled local series (Huashan 2016-2019, 3 patients)."""
    from litreview.review import DEFAULT_SERIES, bundled_path

    return bundled_path(DEFAULT_SERIES)


def compare(extractions: Iterable[Extraction], series: Iterable[Any] = (), *,
            curations: "str | os.PathLike[str] | Sequence[Curation] | None" = None,
            records: Iterable[Record] | Mapping[str, Record] | None = None,
            dedup_threshold: float = 90.0) -> "Comparison":
    """De-duplicate, merge with the local series (paths or loaded), curate, pool, count PRISMA.

    ``result.table`` is a DataFrame with one row per study (``is_local`` marks the
    series), ``result.pooled`` the pooled estimates.
    """
    from litreview.compare import compare as _compare

    return _compare(extractions, series, records=records, curations=curations, dedup_threshold=dedup_threshold)


def pool(table: "pd.DataFrame | Comparison", field: str) -> "PooledEstimate | MedianSummary":
    """Pool ``field`` over the included studies of a comparison table (or a Comparison):
    random effects for ``r0_rate_pct``/``five_year_os_pct``, median of medians for
    ``median_os_months``."""
    from litreview.compare.pool import pool as _pool

    frame = getattr(table, "table", table)
    return _pool(frame, field)


def review(query: Any = None, out_dir: str | os.PathLike[str] | None = None, **options: Any) -> "ReviewResult":
    """The main job end to end; see :func:`litreview.review.review` for the options
    (``offline=``, ``store=``, ``demo=``, ``series=``, ``curations=``, ``model=``, ``jobs=`` ...)."""
    from litreview.review import review as _review

    return _review(query, out_dir, **options)


def write_report(comparison: "Comparison", out_dir: str | os.PathLike[str], *,
                 extractions: Iterable[Extraction] | None = None, records: Iterable[Record] | None = None,
                 title: str | None = None, demo: bool = False,
                 context: "ReportContext | None" = None) -> "ReportFiles":
    """Write the report folder (HTML, CSV, XLSX, Markdown, figures, run.json) of a comparison."""
    from litreview.report import ReportContext, write_report as _write

    if context is None:
        context = ReportContext(title=title or "Literature comparison", demo=demo, link_pubmed=not demo)
    return _write(comparison, out_dir, context=context, extractions=extractions, records=records)
