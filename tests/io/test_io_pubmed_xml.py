"""PubMed XML reader on the project's own fixtures (no ../shared needed)."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path

import pytest

from litreview.errors import InputError
from litreview.io import ReadReport, parse_pubmed_xml, read_records
from litreview.records import Section

IO = Path(__file__).resolve().parents[1] / "fixtures" / "io"
EFETCH = IO / "pubmed_efetch.xml"


@pytest.fixture(scope="module")
def records() -> dict:
    report = ReadReport()
    recs = list(parse_pubmed_xml(EFETCH, report=report))
    return {"records": {r.pmid: r for r in recs}, "order": [r.pmid for r in recs], "report": report}


def test_counts_and_deleted(records: dict) -> None:
    assert records["order"] == ["99000001", "99000002", "99000003", "99000004"]
    report = records["report"]
    assert report.records == 4
    assert report.deleted_pmids == ["99000090", "99000091"]
    assert "2 deleted PMIDs" in report.summary()


def test_structured_abstract_and_inline_markup(records: dict) -> None:
    rec = records["records"]["99000001"]
    assert rec.id == "99000001"
    assert rec.title == ("Hepatectomy for HER2-positive breast cancer liver metastases: "
                         "a cohort of 2nd-line patients.")
    assert [s.label for s in rec.sections] == ["BACKGROUND", "PATIENTS AND METHODS", "RESULTS", "CONCLUSIONS"]
    assert [s.category for s in rec.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    # <b>, <sub> and MathML dropped, their text kept
    assert "the Ki-67 index was measured as Ki = x+1." in rec.sections[1].text
    assert rec.abstract.splitlines()[0] == ("BACKGROUND: The role of liver resection for breast cancer "
                                            "liver metastases (BCLM) is debated.")
    assert "Copyright" not in rec.abstract


def test_metadata(records: dict) -> None:
    rec = records["records"]["99000001"]
    assert rec.doi == "10.9999/jhs.2021.001"  # ELocationID doi, not the pii
    assert rec.journal == "J Hepatobiliary Surg"
    assert rec.year == 2021  # PubDate, not ArticleDate
    assert rec.mesh == ("Breast Neoplasms", "Humans", "Liver Neoplasms")
    assert rec.publication_types == ("Journal Article", "Multicenter Study")
    assert rec.keywords == ("Breast cancer", "Liver metastases")
    assert rec.language == "eng"
    assert rec.source == str(EFETCH)
    names = [a.name for a in rec.authors]
    assert names == ["Müller AK", "O'Brien S", "Liver Metastases Study Group"]
    assert rec.authors[0].affiliations == ("Department of Surgery, University Hospital, Zürich, Switzerland.",
                                           "Faculty of Medicine, University of Zürich, Switzerland.")
    assert rec.authors[2].collective == "Liver Metastases Study Group"
    assert rec.first_author == "Müller AK"


def test_medline_date_journal_title_and_articleid_doi(records: dict) -> None:
    rec = records["records"]["99000002"]
    assert rec.year == 1998
    assert rec.journal == "Archives of surgical oncology"  # no ISOAbbreviation: Journal/Title
    assert rec.doi == "10.9999/aso.1998.5"  # only in PubmedData/ArticleIdList
    assert rec.sections == (Section(text="Twelve patients had hepatic resection for isolated breast cancer "
                                         "metastases. Five-year survival was 22%."),)
    assert rec.abstract == rec.sections[0].text
    assert rec.language == "fre"


def test_no_abstract_and_article_date_year(records: dict) -> None:
    rec = records["records"]["99000003"]
    assert rec.abstract is None and rec.sections == ()
    assert rec.year == 2019  # PubDate has only a Season: ArticleDate
    assert rec.doi is None


def test_book_article(records: dict) -> None:
    rec = records["records"]["99000004"]
    assert rec.title == "Surgical management of liver metastases"
    assert rec.journal == "Oncology Handbook"
    assert rec.year == 2020
    assert [a.name for a in rec.authors] == ["Doe J"]  # authors, not the book's editors
    assert rec.authors[0].affiliations == ("Invented Cancer Centre.",)
    assert [s.label for s in rec.sections] == ["INTRODUCTION", "SUMMARY"]
    assert rec.publication_types == ("Review",)


def test_medline_citation_set_old_affiliations() -> None:
    report = ReadReport()
    recs = list(parse_pubmed_xml(IO / "medline_citationset.xml", report=report))
    assert [r.pmid for r in recs] == ["99000011", "99000012"]
    assert report.deleted_pmids == ["99000095"]
    first, second = recs
    # pretty-printed XML: whitespace inside text collapsed
    assert first.title == "Hepatic metastasectomy in breast cancer: results in 28 patients."
    assert first.abstract == "Twenty-eight patients underwent resection. Median survival was 35 months."
    assert first.authors[0].affiliations == ("Klinik für Chirurgie, Invented University, Berlin, Germany.",)
    assert first.authors[1].affiliations == ()
    assert first.journal == "Surg. Oncol. (Inv.)" and first.year == 1999 and first.mesh == ("Hepatectomy",)
    # Article/Affiliation (before 2014) goes to the first author
    assert second.authors[0].affiliations == ("Department of Surgery, Invented Royal Infirmary, Edinburgh.",)


def test_inputs_bytes_stream_gzip_and_text() -> None:
    data = EFETCH.read_bytes()
    expected = [r.pmid for r in parse_pubmed_xml(data)]
    assert [r.pmid for r in parse_pubmed_xml(io.BytesIO(data), name="answer")] == expected
    assert [r.pmid for r in parse_pubmed_xml(gzip.compress(data))] == expected
    assert [r.pmid for r in parse_pubmed_xml(data.decode("utf-8"))] == expected
    recs = list(parse_pubmed_xml(data, name="efetch batch 3"))
    assert {r.source for r in recs} == {"efetch batch 3"}


def test_keep_raw() -> None:
    recs = list(parse_pubmed_xml(EFETCH.read_bytes(), keep_raw=True))
    raw = recs[0].extra["raw_xml"]
    assert raw.startswith("<PubmedArticle>") and raw.endswith("</PubmedArticle>")
    assert "<PMID Version=\"1\">99000001</PMID>" in raw
    # the raw XML parses back to the same record
    assert list(parse_pubmed_xml(f"<PubmedArticleSet>{raw}</PubmedArticleSet>"))[0] == recs[0]
    assert recs[3].extra["raw_xml"].startswith("<PubmedBookArticle>")
    assert "raw_xml" not in list(parse_pubmed_xml(EFETCH.read_bytes()))[0].extra


def test_truncated_xml_yields_complete_records_then_raises() -> None:
    data = EFETCH.read_bytes()
    cut = data[: data.index(b"<PMID Version=\"1\">99000003")]
    seen = []
    with pytest.raises(InputError) as info:
        for record in parse_pubmed_xml(cut, name="efetch batch 2"):
            seen.append(record.pmid)
    assert seen == ["99000001", "99000002"]
    message = str(info.value)
    assert message.startswith("efetch batch 2, line ")
    assert "not well-formed" in message and "\n" not in message


def test_truncated_gzip_file_via_read_records(tmp_path: Path) -> None:
    data = gzip.compress(EFETCH.read_bytes())
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    report = ReadReport()
    recs = list(read_records([path, EFETCH], report=report))
    # the complete file still comes through after the broken one
    assert [r.pmid for r in recs][-4:] == ["99000001", "99000002", "99000003", "99000004"]
    assert len(report.errors) == 1 and str(path) in str(report.errors[0])


def test_not_pubmed_xml() -> None:
    with pytest.raises(InputError, match=r"not PubMed XML: the root element is <eSearchResult>"):
        list(parse_pubmed_xml(b"<?xml version='1.0'?><eSearchResult><Count>0</Count></eSearchResult>"))


def test_record_without_article_is_skipped_others_kept() -> None:
    xml = EFETCH.read_text(encoding="utf-8").replace(
        "<PubmedArticle>", "<PubmedArticle><MedlineCitation><PMID>99000099</PMID></MedlineCitation>"
        "<PubmedData/></PubmedArticle><PubmedArticle>", 1)
    report = ReadReport()
    recs = list(parse_pubmed_xml(xml, name="bad.xml", report=report))
    assert [r.pmid for r in recs] == ["99000001", "99000002", "99000003", "99000004"]
    assert len(report.skipped) == 1
    error = report.skipped[0]
    assert (error.source, error.index) == ("bad.xml", 1) and "no Article" in error.reason
    assert error.line == 4


def test_no_dtd_or_network_and_no_entity_expansion() -> None:
    # an external entity must not be resolved (no file read, no network)
    xml = (b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
           b"<ArticleTitle>a &x; b</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    recs = list(parse_pubmed_xml(xml))
    assert "root:" not in (recs[0].title or "")


_RSS_SCRIPT = """
import resource, sys
from litreview.io import parse_pubmed_xml

body = open(sys.argv[1], "rb").read()
body = body[body.index(b"<PubmedArticle>"): body.index(b"<PubmedBookArticle>")]
n = int(sys.argv[2])

class Stream:
    # produces the document chunk by chunk, so the input itself is never held in memory
    def __init__(self):
        self.parts = iter([b"<PubmedArticleSet>"] + [body] * n + [b"</PubmedArticleSet>"])
    def read(self, size=-1):
        return next(self.parts, b"")

count = sum(1 for _ in parse_pubmed_xml(Stream()))
assert count == 3 * n, count
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_kb(n: int) -> int:
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(EFETCH), str(n)],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_memory_stays_flat_on_many_records() -> None:
    small = _peak_rss_kb(200)
    large = _peak_rss_kb(4000)  # 12,000 records; without clearing the tree grows by ~100 MB
    assert large - small < 20_000, (small, large)


def test_non_utf8_bytes_in_xml_are_replaced_and_noted(tmp_path: Path) -> None:
    data = EFETCH.read_bytes().replace(b"Twelve patients", b"Twelve \xe9patients")  # latin-1 byte
    path = tmp_path / "latin1.xml"
    path.write_bytes(data)
    report = ReadReport()
    recs = list(read_records(path, report=report))
    assert [r.pmid for r in recs] == ["99000001", "99000002", "99000003", "99000004"]  # none twice
    assert recs[1].abstract.startswith("Twelve \ufffdpatients")
    assert recs[0].authors[0].affiliations[0].endswith("Zürich, Switzerland.")  # valid UTF-8 untouched
    assert report.deleted_pmids == ["99000090", "99000091"]
    assert report.notes == [f"{path}, line 81: not valid UTF-8; invalid bytes were replaced by U+FFFD"]
    assert report.ok


def test_non_utf8_xml_from_a_pipe_is_a_clear_error() -> None:
    data = EFETCH.read_bytes().replace(b"Twelve patients", b"Twelve \xe9patients")

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    seen = []
    with pytest.raises(InputError, match=r"^pipe, line 81: not valid UTF-8; 1 complete records were read"):
        for record in parse_pubmed_xml(io.BufferedReader(Pipe()), name="pipe"):
            seen.append(record.pmid)
    assert seen == ["99000001"]
