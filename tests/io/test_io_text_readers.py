"""MEDLINE, RIS, CSV/TSV, JSONL and plain-text readers on the project's fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from litreview.errors import InputError
from litreview.io import ReadReport, parse_pubmed_xml, read_records
from litreview.records import Author, Record, Section

IO = Path(__file__).resolve().parents[1] / "fixtures" / "io"


def read(path: Path | str, **kwargs) -> tuple[list[Record], ReadReport]:
    report = ReadReport()
    return list(read_records(path, report=report, **kwargs)), report


# --- MEDLINE ---------------------------------------------------------------

def test_medline_fields() -> None:
    recs, report = read(IO / "export.nbib")
    assert report.ok and [r.id for r in recs] == ["99000001", "99000002", "99000003"]
    first = recs[0]
    assert first.title == "Hepatectomy for HER2-positive breast cancer liver metastases: a cohort of 2nd-line patients."
    assert first.doi == "10.9999/jhs.2021.001"
    assert first.year == 2021 and first.journal == "J Hepatobiliary Surg" and first.language == "eng"
    assert first.mesh == ("Breast Neoplasms", "Humans", "Liver Neoplasms")  # qualifiers and * dropped
    assert first.publication_types == ("Journal Article", "Multicenter Study")
    assert first.keywords == ("Breast cancer", "Liver metastases")
    assert [s.label for s in first.sections] == ["BACKGROUND", "PATIENTS AND METHODS", "RESULTS", "CONCLUSIONS"]
    assert first.sections[2].text == ("R0 resection was achieved in 40 patients (89%). "
                                      "Median overall survival was 58 months.")
    # AD lines go to the author they follow; continuation lines joined
    assert first.authors[0] == Author("Müller", "Anna K", "AK", None, (
        "Department of Surgery, University Hospital, Zürich, Switzerland.",
        "Faculty of Medicine, University of Zürich, Switzerland."))
    assert first.authors[1].affiliations == ("Department of Oncology, St James's Hospital, Dublin, Ireland.",)
    assert first.authors[2].collective == "Liver Metastases Study Group"
    assert recs[1].year == 1998 and recs[1].doi == "10.9999/aso.1998.5"
    assert recs[2].abstract is None and recs[2].sections == ()


def test_medline_and_xml_agree_on_the_same_article() -> None:
    xml = {r.pmid: r for r in parse_pubmed_xml(IO / "pubmed_efetch.xml")}
    for rec in read(IO / "export.nbib")[0]:
        other = xml[rec.pmid]
        for attr in ("title", "doi", "year", "journal", "mesh", "publication_types", "keywords", "language"):
            if attr == "journal" and rec.pmid == "99000002":
                continue  # the XML has no ISOAbbreviation there, MEDLINE has TA
            assert getattr(rec, attr) == getattr(other, attr), (rec.pmid, attr)
        assert [(a.name, a.affiliations) for a in rec.authors] == [(a.name, a.affiliations) for a in other.authors]
    assert read(IO / "export.nbib")[0][1].abstract == xml["99000002"].abstract


def test_medline_block_without_pmid_title_or_abstract_is_skipped(tmp_path: Path) -> None:
    text = (IO / "export.nbib").read_text(encoding="utf-8")
    path = tmp_path / "bad.nbib"
    path.write_text("JUNK- nothing useful\nXX  - more\n\n" + text, encoding="utf-8")
    recs, report = read(path)
    assert [r.pmid for r in recs] == ["99000001", "99000002", "99000003"]
    assert len(report.skipped) == 1
    assert str(report.skipped[0]).startswith(f"{path}, record 1, line 1: not a MEDLINE record")


# --- RIS -------------------------------------------------------------------

def test_ris_fields() -> None:
    recs, report = read(IO / "zotero.ris")
    assert report.ok
    first, second, third = recs
    assert first.pmid == "99000001" and first.id == "99000001"
    assert first.doi == "10.9999/jhs.2021.001" and first.year == 2021
    assert first.journal == "J Hepatobiliary Surg"  # J2 abbreviation preferred to T2
    assert [a.name for a in first.authors] == ["Müller AK", "O'Brien S"]
    assert first.authors[0].affiliations == ("Department of Surgery, University Hospital, Zürich, Switzerland.",)
    assert [s.label for s in first.sections] == ["BACKGROUND", "RESULTS"]
    assert first.keywords == ("Breast cancer", "Liver metastases") and first.language == "eng"
    assert second.pmid == "99000021"  # from the PubMed URL
    assert second.abstract == "Thirty patients were operated on. The median follow-up was 40 months."
    assert second.journal == "Eur J Surg Oncol"
    assert third.title == "Surgical management of liver metastases" and third.pmid == "99000004"
    assert third.year == 2020 and third.abstract.startswith("Resection of liver")


def test_ris_crlf_bom_and_missing_final_er(tmp_path: Path) -> None:
    text = (IO / "zotero.ris").read_text(encoding="utf-8")
    text = text[: text.rindex("ER  -")]  # no ER at the end
    path = tmp_path / "endnote.ris"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    recs, report = read(path)
    assert [r.pmid for r in recs] == ["99000001", "99000021", "99000004"]
    assert recs[0].title.endswith("2nd-line patients")  # no stray \r
    assert not report.skipped
    assert any("without ER" in note for note in report.notes)


def test_bad_ris_entries_are_skipped_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "bad.ris"
    path.write_text(
        "AU  - Orphan, A\nTI  - tags before any TY\nER  - \n\n"
        "TY  - JOUR\nAU  - Nobody, N\nPY  - 2001\nER  - \n\n"
        + (IO / "zotero.ris").read_text(encoding="utf-8"), encoding="utf-8")
    recs, report = read(path)
    assert [r.pmid for r in recs] == ["99000001", "99000021", "99000004"]
    reasons = [str(e) for e in report.skipped]
    assert reasons == [f"{path}, record 1, line 1: entry does not start with TY (first tag AU)",
                       f"{path}, record 2, line 5: no title (TI/T1) or abstract (AB/N2)"]


def test_ris_file_without_entries(tmp_path: Path) -> None:
    path = tmp_path / "empty.ris"
    path.write_text("this is not RIS at all\n", encoding="utf-8")
    recs, report = read(path)
    assert recs == [] and "no RIS entries" in str(report.skipped[0])


# --- CSV / TSV -------------------------------------------------------------

def test_csv_screening_spreadsheet() -> None:
    recs, report = read(IO / "screened.csv")
    assert [r.id for r in recs] == ["s1", "s2"]
    s1, s2 = recs
    assert s1.abstract == "We report 20 patients.\nMedian OS was 50 months."  # quoted multi-line cell
    assert s1.doi == "10.9999/aso.2018.20" and s1.year == 2018 and s1.journal == "Ann Surg Oncol"
    assert [a.name for a in s1.authors] == ["Kim J", "Park S"]
    assert s1.extra == {"Decision": "include", "Reviewer notes": "looks relevant, check overlap"}
    assert s2.abstract is None and s2.sections == ()  # empty cell -> None, never ""
    # the row with only an id is skipped with its line number
    assert [str(e) for e in report.skipped] == [f"{IO / 'screened.csv'}, record 3, line 5: no title, abstract or PMID"]


def test_pubmed_csv_export() -> None:
    recs, report = read(IO / "pubmed_export.csv")
    assert [r.id for r in recs] == ["99000001", "99000002"]
    assert recs[0].journal == "J Hepatobiliary Surg" and recs[0].year == 2021
    assert [a.name for a in recs[0].authors] == ["Müller AK", "O'Brien S", "Liver Metastases Study Group"]
    assert all(r.abstract is None for r in recs)
    assert any("no abstract column" in note for note in report.notes)
    assert recs[0].extra["Citation"].startswith("J Hepatobiliary Surg. 2021")


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    recs, _ = read(IO / "records.tsv")
    assert recs[0].abstract == "An abstract with a comma, and more." and recs[0].pmid == "99000031"
    path = tmp_path / "excel.csv"
    path.write_text("TITLE;ABSTRACT\nA title;An abstract, with a comma\n", encoding="utf-8")
    recs, _ = read(path)
    assert (recs[0].title, recs[0].abstract) == ("A title", "An abstract, with a comma")


def test_csv_without_abstract_column_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text("Title,Notes\nA,b\n", encoding="utf-8")
    recs, report = read([path, IO / "records.tsv"])
    assert len(recs) == 1  # the next file still goes through
    assert [str(e) for e in report.errors] == [
        f"{path}: no abstract column (columns found: Title, Notes); a table needs 'title' and "
        "'abstract' columns (any case), or a 'PMID' column"]


def test_csv_huge_field(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    abstract = "word " * 100_000  # 500 kB, beyond csv's default field limit
    path.write_text(f'title,abstract\nBig,"{abstract}"\n', encoding="utf-8")
    recs, report = read(path)
    assert report.ok and len(recs[0].abstract) == len(abstract.strip())


# --- JSONL -----------------------------------------------------------------

def test_jsonl_gold_shape_and_record_shape() -> None:
    recs, report = read(IO / "records.jsonl")
    assert report.ok
    gold, full, bare = recs
    assert gold.id == "case2022" and gold.pmid is None and gold.year == 2022
    assert gold.first_author == "Chu"
    assert gold.extra == {"relevant": True, "design": "case_series", "notes": "invented"}
    assert full.sections == (Section("Debated.", "BACKGROUND", "BACKGROUND"), Section("89% R0.", "RESULTS", "RESULTS"))
    assert full.authors[0].affiliations == ("Zürich",) and full.source == "pubmed_efetch.xml"
    assert bare.id.startswith("sha1:") and bare.year == 2019


def test_bad_jsonl_lines_are_skipped(tmp_path: Path) -> None:
    good = (IO / "records.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([good[0], '{"id": "x", "title": "cut', "[1, 2]", good[1],
                               '{"id": "y", "year": "not a year"}']) + "\n", encoding="utf-8")
    recs, report = read(path)
    assert [r.id for r in recs] == ["case2022", "99000001"]
    reasons = [str(e) for e in report.skipped]
    assert reasons[0].startswith(f"{path}, record 2, line 2: invalid JSON: Unterminated string")
    assert reasons[1] == f"{path}, record 3, line 3: expected a JSON object, got list"
    assert reasons[2].startswith(f"{path}, record 5, line 5: not a record: invalid literal for int()")


# --- plain text ------------------------------------------------------------

def test_plain_text() -> None:
    recs, report = read(IO / "abstracts.txt")
    assert report.ok
    assert [r.title for r in recs] == ["Hepatectomy for breast cancer liver metastases",
                                       "Liver-only metastatic breast cancer treated with surgery",
                                       "A title without an abstract"]
    assert recs[0].abstract == "We reviewed 45 women who underwent hepatectomy. Median overall survival was 58 months."
    assert recs[2].abstract is None
    # the id rule: no PMID/DOI -> hash of title and abstract, the same wherever it is read from
    again = read(IO / "abstracts.txt")[0]
    assert [r.id for r in recs] == [r.id for r in again] and recs[0].id.startswith("sha1:")


@pytest.mark.parametrize("name", ["abstracts.txt", "zotero.ris", "export.nbib", "records.jsonl", "screened.csv"])
def test_non_utf8_bytes_are_decoded_and_noted(tmp_path: Path, name: str) -> None:
    data = (IO / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(data.encode("cp1252", errors="replace"))  # "Zürich", "Müller" as single bytes
    recs, report = read(path)
    expected, _ = read(IO / name)
    assert [r.id for r in recs] == [r.id for r in expected]
    assert any("not valid UTF-8" in note and "cp1252" in note for note in report.notes) == (
        data != data.encode("ascii", errors="ignore").decode())
    assert "Zürich" in repr(recs) or "Müller" in repr(recs) or data.isascii()


def test_csv_needs_a_header_row(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    _, report = read(path)
    assert isinstance(report.errors[0], InputError) and "empty" in str(report.errors[0])


def test_ris_record_numbers_are_not_pmids(tmp_path: Path) -> None:
    path = tmp_path / "endnote.ris"
    path.write_text("TY  - JOUR\nID  - 12\nTI  - EndNote record twelve\nC2  - PMC1234567\nER  - \n"
                    "TY  - JOUR\nID  - 29464535\nTI  - PubMed export\nER  - \n"
                    "TY  - JOUR\nID  - 7\nN1  - PMID: 123456\nTI  - PMID in a note\nER  - \n", encoding="utf-8")
    recs, _ = read(path)
    assert [r.pmid for r in recs] == [None, "29464535", "123456"]
    assert recs[0].id.startswith("sha1:")


def test_csv_id_rule(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("Key,PMID,DOI,Title,Abstract\nk1,99000001,,A,a\nk2,,10.1/X,B,b\nk3,,,C,c\n,,,D,d\n",
                    encoding="utf-8")
    recs, _ = read(path)
    assert [r.id for r in recs[:3]] == ["99000001", "k2", "k3"]  # the PMID first, then the table's own id
    assert recs[0].extra == {"Key": "k1"}
    assert recs[3].id.startswith("sha1:")
