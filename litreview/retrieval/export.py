"""Write stored records out: any ``litreview.io`` writer format, or PubMed XML as fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from litreview.io.atomic import atomic_write
from litreview.retrieval.store import Store

__all__ = ["export_store", "write_pubmed_xml", "PUBMED_XML_HEAD"]

PUBMED_XML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
                   '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n')


def write_pubmed_xml(articles: Iterable[tuple[str, str | None]], path: str | Path) -> int:
    """Write ``(pmid, raw <PubmedArticle> XML)`` pairs as one PubmedArticleSet; returns the count.

    Records stored without raw XML are left out (none are, when they came from EFetch).
    """
    count = 0
    with atomic_write(path, "w") as handle:
        handle.write(PUBMED_XML_HEAD)
        for _pmid, raw in articles:
            if raw:
                handle.write(raw.strip())
                handle.write("\n")
                count += 1
        handle.write("</PubmedArticleSet>\n")
    return count


def export_store(store: Store, output: str | Path, query: str | None = None) -> int:
    """Write the stored records (only those ``query`` matches, if given) to ``output``.

    The format follows the extension: ``.xml`` writes the PubMed XML exactly as
    fetched; ``.jsonl``, ``.csv``, ``.tsv``, ``.ris`` (and ``.gz``) use
    :func:`litreview.io.write_records`. Records come in PMID order, so the same store
    gives the same file.

    Raises:
        UnknownFormatError: no writer for the extension.
        StoreError: ``query`` is not in the store.
    """
    target = str(output)
    if target.lower().endswith(".xml"):
        return write_pubmed_xml(store.raw_xml(query), target)
    from litreview.io import write_records
    from litreview.io.detect import writer_for

    writer_for(target, None)  # fail on a bad extension before reading the store
    if query is not None:
        store.query_pmids(query)  # fail on an unknown query name before replacing the file
    return write_records(store.records(query), target)
