"""The report folder: every file, atomically, with run.json listing them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litreview.compare.model import Comparison
from litreview.records import Extraction, Finding, Record
from litreview.report import FILE_NAMES, ReportContext, write_report
from litreview.report.writer import included_records


def _records() -> list[Record]:
    return [Record(id=sid, pmid=sid, title=f"[demo] Study {sid}", year=2020, journal="Demo J")
            for sid in ("90000101", "90000102", "90000103", "90000104", "90000105")]


def _extractions() -> list[Extraction]:
    finding = Finding("cohort_size", 40, None, "Forty women", "Forty women were included.", 0, 11, 0.9,
                      "cohort.test")
    return [Extraction("90000101", "90000101", "t", True, ("bclm",), "case series", {"cohort_size": finding}),
            Extraction("90000104", "90000104", "t", False, ("colorectal primary",))]


def test_write_report_writes_every_file(comparison: Comparison, tmp_path: Path) -> None:
    out = tmp_path / "run"
    files = write_report(comparison, out, context=ReportContext(title="T", query_name="q"),
                         extractions=_extractions(), records=_records(), run_info={"inputs": ["a.xml"]})
    expected = set(FILE_NAMES) | {"forest_r0_rate_pct", "forest_five_year_os_pct"}
    assert set(files.files) == expected
    for path in files.files.values():
        assert path.is_file() and path.stat().st_size > 0
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]

    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["litreview_version"]
    assert run["inputs"] == ["a.xml"]
    assert run["counts"]["included"] == 3 and run["counts"]["identified"] == 6
    assert run["pooled"]["r0_rate_pct"]["estimate_pct"] == pytest.approx(87.9)
    assert set(run["files"].values()) == {p.name for p in files.files.values()}

    lines = (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    back = [Extraction.from_dict(json.loads(line)) for line in lines]
    assert [e.id for e in back] == ["90000101", "90000104"]
    assert back[0].fields["cohort_size"].sentence == "Forty women were included."

    ris = (out / "included.ris").read_text(encoding="utf-8")
    # included studies only: not the screened-out 90000104 nor the curated-out 90000105
    for pmid in ("90000101", "90000102", "90000103"):
        assert f"Study {pmid}" in ris
    assert "90000104" not in ris and "90000105" not in ris


def test_included_records_uses_merged_ids(comparison: Comparison) -> None:
    table = comparison.table
    table["merged_ids"] = [("sha1:abc",) if sid == "90000101" else () for sid in table["study_id"]]
    records = [r for r in _records() if r.id != "90000101"] + [Record(id="sha1:abc", title="dup")]
    kept = included_records(comparison, records)
    assert [r.id for r in kept] == ["sha1:abc", "90000102", "90000103"]


def test_failed_write_keeps_previous_report(comparison: Comparison, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "run"
    write_report(comparison, out, context=ReportContext(title="first"))
    before = (out / "report.html").read_text(encoding="utf-8")

    import litreview.report.html as html_module

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(html_module, "render_html", broken)
    with pytest.raises(RuntimeError):
        write_report(comparison, out, context=ReportContext(title="second"))
    assert (out / "report.html").read_text(encoding="utf-8") == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_report_with_no_literature(tmp_path: Path) -> None:
    from litreview.compare import compare
    from litreview.review import DEFAULT_SERIES, bundled_path

    comparison = compare([], [bundled_path(DEFAULT_SERIES)])
    files = write_report(comparison, tmp_path / "out")
    assert not [k for k in files.files if k.startswith("forest_")]  # nothing pooled, no forest plot
    text = files["html"].read_text(encoding="utf-8")
    assert "No forest plots" in text and "Huashan 2016-2019" in text
    run = json.loads(files["run"].read_text(encoding="utf-8"))
    assert run["counts"]["included"] == 0 and run["pooled"]["r0_rate_pct"]["estimate_pct"] is None


def test_reused_folder_drops_outputs_this_run_did_not_write(comparison: Comparison, tmp_path: Path) -> None:
    out = tmp_path / "run"
    write_report(comparison, out, extractions=_extractions(), records=_records())
    assert (out / "extractions.jsonl").is_file() and (out / "forest_five_year_os_pct.png").is_file()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    comparison.pooled.pop("five_year_os_pct")
    files = write_report(comparison, out)
    assert not (out / "extractions.jsonl").exists() and not (out / "included.ris").exists()
    assert not (out / "forest_five_year_os_pct.png").exists() and (out / "forest_r0_rate_pct.png").is_file()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # not ours: kept
    assert sorted(p.name for p in out.iterdir() if p.name != "notes.txt") == sorted(
        p.name for p in files.files.values())
