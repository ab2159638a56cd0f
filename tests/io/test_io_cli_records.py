"""``litreview records`` end to end: main([...]) in-process and the installed command."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from litreview.cli import main

IO = Path(__file__).resolve().parents[1] / "fixtures" / "io"


def test_jsonl_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["records", str(IO / "pubmed_efetch.xml"), str(IO / "export.nbib")]) == 0
    captured = capsys.readouterr()
    ids = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert ids == ["99000001", "99000002", "99000003", "99000004", "99000001", "99000002", "99000003"]
    assert captured.err.strip() == ("litreview records: 7 records read from 2 files; 2 deleted PMIDs listed; "
                                    "7 written to stdout")


@pytest.mark.parametrize("suffix", [".csv", ".ris", ".jsonl", ".tsv"])
def test_output_format_by_extension(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("records" + suffix)
    assert main(["records", str(IO / "zotero.ris"), "-o", str(out)]) == 0
    assert f"3 written to {out}" in capsys.readouterr().err
    back = tmp_path / "back.jsonl"
    assert main(["records", str(out), "-o", str(back)]) == 0
    assert [json.loads(line)["pmid"] for line in back.read_text(encoding="utf-8").splitlines()] == [
        "99000001", "99000021", "99000004"]


def test_skipped_records_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["records", str(IO / "screened.csv"), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "2 records read from 1 file; 1 skipped; 2 written to" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_total_failure_exit_1_keeps_existing_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["records", str(junk), str(tmp_path / "missing.ris"), "-o", str(out)]) == 1
    assert "0 records read from 2 files; 2 file errors; nothing written" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "previous run\n"


def test_bad_output_extension_is_an_error_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["records", str(IO / "zotero.ris"), "-o", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("litreview records: error: ") and "available: jsonl" in err
    assert not (tmp_path / "x.docx").exists()


def _litreview(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "litreview", *args], input=stdin, capture_output=True)


def test_malformed_inputs_one_line_each_no_traceback(tmp_path: Path) -> None:
    truncated = tmp_path / "cut.xml"
    data = (IO / "pubmed_efetch.xml").read_bytes()
    truncated.write_bytes(data[: data.index(b"<PMID Version=\"1\">99000003")])
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"id": "a", "title": "ok"}\n{not json}\n', encoding="utf-8")
    junk = tmp_path / "junk.dat"
    junk.write_bytes(bytes(range(256)))
    result = _litreview("records", str(truncated), str(bad_jsonl), str(junk), str(IO / "zotero.ris"))
    assert result.returncode == 3
    err = result.stderr.decode()
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    assert lines[0].startswith(f"ERROR litreview.io: {truncated}, line ") and "not well-formed" in lines[0]
    assert lines[1].startswith(f"WARNING litreview.io: skipped {bad_jsonl}, record 2, line 2: invalid JSON")
    assert lines[2].startswith(f"ERROR litreview.io: {junk}: binary content")
    assert lines[3] == ("litreview records: 6 records read from 4 files; 1 skipped; 2 file errors; "
                        "6 written to stdout")
    assert len(result.stdout.decode().splitlines()) == 6


def test_stdin_gzip_and_text_format() -> None:
    result = _litreview("records", "-", stdin=gzip.compress((IO / "pubmed_efetch.xml").read_bytes()))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    result = _litreview("records", "-", "--format", "text", stdin=(IO / "abstracts.txt").read_bytes())
    assert result.returncode == 0, result.stderr
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert titles[-1] == "A title without an abstract"
    assert b"read from 1 file" in result.stderr
