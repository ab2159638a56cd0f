"""Every PubMed XML and MEDLINE sample in ../shared/corpora, checked against independent parses.

Counts come from a plain regex over the raw bytes; PMIDs, titles, abstracts and
deleted PMIDs from a full ``xml.etree.ElementTree`` parse (MEDLINE: ``Bio.Medline``
directly). Skipped when ../shared is absent.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path


from litreview.io import ReadReport, parse_pubmed_xml, read_records


def _xml_samples(corpora: Path) -> list[Path]:
    eutils = sorted((corpora / "eutils").glob("pubmed*.xml")) + [corpora / "eutils" / "title_with_html_tags.xml"]
    medline = sorted(p for p in (corpora / "medline").rglob("*") if p.name.endswith((".xml", ".xml.gz")))
    return eutils + medline


def _raw(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.split() else None


def _expected(path: Path) -> dict:
    data = _raw(path)
    root = ET.fromstring(data)
    if root.tag == "MedlineCitationSet":
        count = len(re.findall(rb"<MedlineCitation[\s>]", data))
        citations = [(c, c.find("PMID").text) for c in root.findall("MedlineCitation")]
        citation_parent = {}
        books = []
    else:
        count = len(re.findall(rb"<PubmedArticle[\s>]", data)) + len(re.findall(rb"<PubmedBookArticle[\s>]", data))
        citations = [(a.find("MedlineCitation"), a.find("MedlineCitation/PMID").text)
                     for a in root.findall("PubmedArticle")]
        books = root.findall("PubmedBookArticle")
        citation_parent = {a.find("MedlineCitation/PMID").text: a for a in root.findall("PubmedArticle")}
    assert not books, "no book articles in the shared samples; the fixtures cover them"
    rows = []
    for citation, pmid in citations:
        article = citation.find("Article")
        title = _norm("".join(article.find("ArticleTitle").itertext()))
        if title is None and article.find("VernacularTitle") is not None:
            # an empty ArticleTitle (non-English article): the reader falls back to the vernacular title
            title = _norm("".join(article.find("VernacularTitle").itertext()))
        parts = []
        for text in article.findall("Abstract/AbstractText"):
            body = _norm("".join(text.itertext())) or ""
            label = text.get("Label")
            if body or label:
                parts.append(f"{label}: {body}" if label else body)
        doi = next((e.text for e in article.findall("ELocationID") if e.get("EIdType") == "doi"), None)
        if doi is None and citation_parent.get(pmid) is not None:
            doi = next((e.text for e in citation_parent[pmid].findall("PubmedData/ArticleIdList/ArticleId")
                        if e.get("IdType") == "doi"), None)
        date = article.find("Journal/JournalIssue/PubDate")
        year_text = date.findtext("Year") or date.findtext("MedlineDate") or article.findtext("ArticleDate/Year")
        year = int(re.search(r"\d{4}", year_text).group()) if year_text else None
        rows.append((pmid, title, "\n".join(parts) or None, doi, year))
    deleted = [p.text for p in root.findall("DeleteCitation/PMID")]
    return {"count": count, "rows": rows, "deleted": deleted}


def test_every_pubmed_xml_sample(shared_corpora: Path) -> None:
    samples = _xml_samples(shared_corpora)
    assert len(samples) >= 12
    total = 0
    for path in samples:
        expected = _expected(path)
        report = ReadReport()
        records = list(parse_pubmed_xml(path, report=report))
        assert len(records) == expected["count"] == report.records, path
        assert [(r.pmid, r.title, r.abstract, r.doi, r.year) for r in records] == expected["rows"], path
        assert report.deleted_pmids == expected["deleted"], path
        assert not report.skipped, path
        assert all(r.id == r.pmid for r in records)
        total += len(records)
    assert total == 2 + 2 + 1 + 1 + 1 + 1 + 1 + 604 + 161 + 30 + 30 + 1 + 4


def test_known_values(shared_corpora: Path) -> None:
    recs = {r.pmid: r for r in parse_pubmed_xml(shared_corpora / "eutils" / "title_with_html_tags.xml")}
    title = recs["27797938"].title
    assert "<" not in title and "TERT" in title
    report = ReadReport()
    update = list(parse_pubmed_xml(shared_corpora / "medline" / "pmparser_sample" / "pubmed26n1335.xml.gz",
                                   report=report))
    assert report.deleted_pmids == ["41456105", "41557076", "41616784", "41618748", "41618749", "41618779"]
    obesity = next(r for r in update if r.pmid == "26228458")
    assert [s.category for s in obesity.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert obesity.doi == "10.1038/ijo.2015.140" and obesity.year == 2016
    assert obesity.authors[3].affiliations[1].startswith("Department of International Health")
    medline16 = list(parse_pubmed_xml(shared_corpora / "medline" / "medline16n0902.xml.gz"))
    assert sum(1 for r in medline16 if r.abstract) == 526
    assert any(r.year for r in medline16 if r.pmid)


def test_medline_text_samples_match_bio_medline(shared_corpora: Path) -> None:
    from Bio import Medline

    paths = sorted((shared_corpora / "eutils" / "medline").glob("*.txt"))
    assert len(paths) == 4
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            expected = list(Medline.parse(handle))
        report = ReadReport()
        records = list(read_records(path, report=report))
        assert report.ok and len(records) == len(expected), path
        for record, raw in zip(records, expected):
            assert record.pmid == raw["PMID"]
            assert record.title == _norm(raw.get("TI"))
            # labels split into sections; the words are the same
            assert _norm(record.abstract) == _norm(raw.get("AB"))
            assert [a.last_name for a in record.authors if not a.collective] == [
                fau.split(",")[0] for fau in raw.get("FAU", [])]
            assert record.mesh == tuple(m.split("/")[0].lstrip("*") for m in raw.get("MH", []))
