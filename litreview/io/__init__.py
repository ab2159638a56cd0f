"""Readers and writers of bibliographic records (PubMed XML, MEDLINE, RIS, CSV/TSV, JSONL, text)."""

from __future__ import annotations

from .atomic import atomic_write
from .pubmed_xml import parse_pubmed_xml
from .report import ReadReport

__all__ = ["atomic_write", "parse_pubmed_xml", "ReadReport"]
