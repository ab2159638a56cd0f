"""Format detection, unreadable inputs, writers and round trips."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from litreview.errors import UnknownFormatError
from litreview.io import ReadReport, detect_format, parse_pubmed_xml, read_records, write_records
from litreview.io.detect import sniff_format

IO = Path(__file__).resolve().parents[1] / "fixtures" / "io"
ALL = ["pubmed_efetch.xml", "medline_citationset.xml", "export.nbib", "zotero.ris", "screened.csv",
       "pubmed_export.csv", "records.tsv", "records.jsonl", "abstracts.txt"]


def read(paths, **kwargs):
    report = ReadReport()
    return list(read_records(paths, report=report, **kwargs)), report


@pytest.mark.parametrize("name, expected", [
    ("pubmed_efetch.xml", "pubmed-xml"), ("medline_citationset.xml", "pubmed-xml"),
    ("export.nbib", "medline"), ("zotero.ris", "ris"), ("records.jsonl", "jsonl"),
])
def test_content_wins_over_extension(name: str, expected: str) -> None:
    head = (IO / name).read_bytes()[:4096]
    assert sniff_format(head) == expected
    assert detect_format("download.txt", head) == expected  # a misleading extension
    assert detect_format("-", b"\xef\xbb\xbf" + head) == expected  # stdin, with a BOM


def test_extension_when_content_is_not_conclusive() -> None:
    assert detect_format("a.csv", b"x,y\n") == "csv"
    assert detect_format("a.tsv.gz", b"x\ty\n") == "tsv"
    assert detect_format("notes.txt", b"Some title\nSome text\n") == "text"
    assert detect_format("-", b"Title\tAbstract\nA\tB\n") == "tsv"  # header sniffed on stdin


def test_unknown_and_binary_inputs(tmp_path: Path) -> None:
    junk = tmp_path / "scan.pdf"
    junk.write_bytes(bytes(range(256)) * 8)
    unknown = tmp_path / "notes.docx"
    unknown.write_text("some words\n", encoding="utf-8")
    html = tmp_path / "page.xml"
    html.write_text("<!DOCTYPE html><html><body>Service unavailable</body></html>", encoding="utf-8")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    recs, report = read([junk, unknown, html, empty, IO / "abstracts.txt"])
    assert len(recs) == 3  # the good file still comes through
    messages = [str(e) for e in report.errors]
    assert len(messages) == 4 and all("\n" not in m for m in messages)
    assert messages[0].startswith(f"{junk}: binary content") and "supported formats: pubmed-xml (.xml)" in messages[0]
    assert messages[1].startswith(f"{unknown}: cannot tell the format (extension '.docx'); use --format")
    assert messages[2].startswith(f"{html}: an HTML page")
    assert messages[3] == f"{empty}: empty input"
    assert isinstance(report.errors[0], UnknownFormatError)


def test_missing_file_and_directory_input(tmp_path: Path) -> None:
    recs, report = read([tmp_path / "nope.ris", IO])
    assert str(report.errors[0]) == f"{tmp_path / 'nope.ris'}: cannot open: No such file or directory"
    # a directory gives its supported files, sorted
    assert len(report.files) == 1 + len(ALL)
    assert len(recs) == 4 + 2 + 3 + 3 + 2 + 2 + 1 + 3 + 3


def test_explicit_format() -> None:
    recs, _ = read(IO / "abstracts.txt", format="text")
    assert len(recs) == 3
    with pytest.raises(UnknownFormatError, match="unknown format 'word'; available: pubmed-xml, medline"):
        list(read_records(IO / "abstracts.txt", format="word"))


@pytest.mark.parametrize("name", ALL)
def test_gzip_is_transparent(tmp_path: Path, name: str) -> None:
    path = tmp_path / (name + ".gz")
    path.write_bytes(gzip.compress((IO / name).read_bytes()))
    plain, _ = read(IO / name)
    zipped, report = read(path)
    assert [r.id for r in zipped] == [r.id for r in plain]
    assert [r.abstract for r in zipped] == [r.abstract for r in plain]


def test_jsonl_round_trip_is_lossless(tmp_path: Path) -> None:
    records, _ = read([IO / name for name in ALL])
    records += list(parse_pubmed_xml(IO / "pubmed_efetch.xml", keep_raw=True))
    out = tmp_path / "all.jsonl"
    assert write_records(records, out) == len(records)
    back, report = read(out)
    assert report.ok
    assert back == records
    assert [r.extra for r in back] == [r.extra for r in records]
    assert [r.source for r in back] == [r.source for r in records]
    gz = tmp_path / "all.jsonl.gz"
    write_records(records, gz)
    assert read(gz)[0] == records


def test_csv_output_is_a_flat_table(tmp_path: Path) -> None:
    records = list(parse_pubmed_xml(IO / "pubmed_efetch.xml"))
    out = tmp_path / "table.csv"
    assert write_records(records, out) == 4
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows[0]["authors"] == "Müller AK; O'Brien S; Liver Metastases Study Group"
    assert rows[0]["mesh"] == "Breast Neoplasms; Humans; Liver Neoplasms"
    assert rows[0]["abstract"] == records[0].abstract  # newlines kept inside the quoted cell
    assert rows[2]["doi"] == ""
    back, report = read(out)
    assert report.ok
    for old, new in zip(records, back):
        assert (new.id, new.pmid, new.doi, new.title, new.abstract, new.year, new.journal, new.mesh) == (
            old.id, old.pmid, old.doi, old.title, old.abstract, old.year, old.journal, old.mesh)
        assert [a.name for a in new.authors] == [a.name for a in old.authors]


def test_ris_output_reads_back(tmp_path: Path) -> None:
    records = list(parse_pubmed_xml(IO / "pubmed_efetch.xml"))
    out = tmp_path / "for_endnote.ris"
    write_records(records, out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("TY  - JOUR\nTI  - Hepatectomy for HER2-positive")
    assert "AU  - Müller, Anna K\n" in text and "AN  - 99000001\n" in text and "DO  - 10.9999/jhs.2021.001\n" in text
    assert text.count("ER  - ") == 4
    back, report = read(out)
    assert report.ok
    for old, new in zip(records, back):
        assert (new.pmid, new.doi, new.title, new.year, new.journal, new.keywords) == (
            old.pmid, old.doi, old.title, old.year, old.journal, old.keywords)
        # the structured abstract comes back with the same labels
        assert [s.label for s in new.sections] == [s.label for s in old.sections]


def test_write_is_atomic_and_rejects_unknown_extensions(tmp_path: Path) -> None:
    out = tmp_path / "keep.jsonl"
    out.write_text("old content\n", encoding="utf-8")

    def failing():
        yield from parse_pubmed_xml(IO / "pubmed_efetch.xml")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_records(failing(), out)
    assert out.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.jsonl"]
    with pytest.raises(UnknownFormatError, match=r"cannot write \.docx; available: jsonl \(\.jsonl"):
        write_records([], tmp_path / "x.docx")


def test_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    records = list(parse_pubmed_xml(IO / "pubmed_efetch.xml"))
    assert write_records(records, "-") == 4
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["99000001", "99000002", "99000003", "99000004"]


def test_report_summary() -> None:
    report = ReadReport()
    list(read_records([IO / "screened.csv", IO / "missing.xml", IO / "pubmed_efetch.xml"], report=report))
    summary = report.summary()
    assert summary.startswith("6 records read from 3 files; 2 deleted PMIDs listed; 1 skipped: ")
    assert "screened.csv, record 3, line 5: no title, abstract or PMID" in summary
    assert "1 file error: " in summary and "missing.xml: cannot open" in summary
    assert report.summary(detail=False) == (
        "6 records read from 3 files; 2 deleted PMIDs listed; 1 skipped; 1 file error")
    assert "\n" not in summary
