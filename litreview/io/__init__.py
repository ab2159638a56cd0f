"""Readers and writers of bibliographic records.

Input formats (detected from content, then extension; ``.gz`` and ``-`` for stdin
work everywhere): PubMed XML, MEDLINE text, RIS, CSV/TSV, JSONL, plain text. Output:
JSONL, CSV/TSV, RIS. See ``docs/io.md``.

Example::

    from litreview.io import ReadReport, read_records, write_records

    report = ReadReport()
    n = write_records(read_records(["pubmed.xml.gz", "zotero.ris"], report=report), "all.jsonl")
    print(report.summary())
"""

from __future__ import annotations

from .atomic import atomic_write
from .detect import FORMATS, WRITERS, detect_format, supported_formats
from .ids import make_record_id
from .pubmed_xml import parse_pubmed_xml
from .readers import read_records
from .report import ReadReport
from .writers import write_records

__all__ = [
    "FORMATS",
    "WRITERS",
    "ReadReport",
    "atomic_write",
    "detect_format",
    "make_record_id",
    "parse_pubmed_xml",
    "read_records",
    "supported_formats",
    "write_records",
]
