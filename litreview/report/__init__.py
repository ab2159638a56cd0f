"""Reports of a comparison: CSV/XLSX/Markdown tables, forest plots, PRISMA diagram and
one self-contained HTML report (:func:`write_report` writes them all into a folder).

Heavy libraries (pandas, matplotlib, openpyxl) are imported inside the functions
that use them.
"""

from litreview.report.html import NCBI_DISCLAIMER, Figure, ReportContext, render_html, write_html
from litreview.report.tables import (
    comparison_frame,
    display_frame,
    evidence_frame,
    pooled_frame,
    prisma_frame,
    write_csv,
    write_markdown,
    write_xlsx,
)
from litreview.report.writer import FILE_NAMES, ReportFiles, write_report

__all__ = [
    "FILE_NAMES",
    "NCBI_DISCLAIMER",
    "Figure",
    "ReportContext",
    "ReportFiles",
    "comparison_frame",
    "display_frame",
    "evidence_frame",
    "pooled_frame",
    "prisma_frame",
    "render_html",
    "write_csv",
    "write_html",
    "write_markdown",
    "write_report",
    "write_xlsx",
]
