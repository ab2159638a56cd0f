"""`litreview review --demo`: the README's main-job command, end to end on the bundled demo corpus."""

from __future__ import annotations

import json

import pandas as pd
from openpyxl import load_workbook

from litreview.records import Extraction

EXPECTED_FILES = ("report.html", "comparison.csv", "comparison.xlsx", "comparison.md", "evidence.csv",
                  "pooled.csv", "prisma.csv", "prisma.png", "forest_r0_rate_pct.png", "extractions.jsonl",
                  "included.ris", "run.json")
DISTRACTORS = ("90000015", "90000016", "90000017")  # colorectal, ablation only, brain metastases


def test_writes_every_output(demo_run) -> None:  # type: ignore[no-untyped-def]
    assert demo_run.returncode == 0, demo_run.stderr
    for name in EXPECTED_FILES:
        path = demo_run.out / name
        assert path.is_file() and path.stat().st_size > 0, name
    assert not [p for p in demo_run.out.iterdir() if p.name.endswith(".tmp")]
    # the short summary
    assert "pooled R0:" in demo_run.stdout
    assert "local series Huashan 2016-2019: n = 3, R0 100 %" in demo_run.stdout
    assert f"output folder: {demo_run.out}" in demo_run.stdout


def test_local_series_row_beside_the_literature(demo_run) -> None:  # type: ignore[no-untyped-def]
    table = demo_run.table()
    local = table[table["status"] == "local series"]
    assert len(local) == 1
    row = local.iloc[0]
    assert row["label"] == "Huashan 2016-2019"
    assert row["cohort_size"] == "3"
    assert float(row["r0_rate_pct"]) == 100.0
    assert float(row["morbidity_pct"]) == 0.0       # no complications: a real zero
    assert row["study_period"] == "2016-2019"
    assert row["five_year_os_pct"] == "NR"          # not reported, not 0
    included = table[table["status"] == "included"]
    assert len(included) >= 10
    assert all(title.startswith("[demo]") for title in included["title"])


def test_pooled_r0_present(demo_run) -> None:  # type: ignore[no-untyped-def]
    pooled = pd.read_csv(demo_run.out / "pooled.csv")
    r0 = pooled[pooled["field"] == "r0_rate_pct"].iloc[0]
    assert 70 < r0["estimate"] < 100 and r0["ci_low"] < r0["estimate"] < r0["ci_high"]
    assert r0["k"] >= 5
    run = json.loads((demo_run.out / "run.json").read_text(encoding="utf-8"))
    assert run["pooled"]["r0_rate_pct"]["estimate_pct"] == r0["estimate"]


def test_screening_dedup_and_curation(demo_run) -> None:  # type: ignore[no-untyped-def]
    table = demo_run.table().set_index("study_id")
    for pmid in DISTRACTORS:
        assert table.loc[pmid, "status"] == "excluded: not relevant", pmid
    # the RIS copy of the Dutch study was merged into the PubMed record
    dutch = table.loc["90000004"]
    assert [i for i in dutch["merged_ids"].split("; ") if i.startswith("sha1:")]
    assert "bclm_demo_zotero.ris" in dutch["sources"] and "bclm_demo.xml" in dutch["sources"]
    # the study only in the reference manager export is included
    assert table.loc["doi:10.5555/demo.zotero.0002", "status"] == "included"
    # curations: one correction, one exclusion
    assert float(table.loc["90000014", "her2_positive_pct"]) == 28.2
    assert "her2_positive_pct" in table.loc["90000014", "curated_fields"]
    assert table.loc["90000012", "status"] == "excluded by curation"
    run = json.loads((demo_run.out / "run.json").read_text(encoding="utf-8"))
    counts = run["counts"]
    assert counts["records_read"] == 19 and counts["duplicates_removed"] == 1 and counts["screened"] == 18
    assert counts["excluded_by_curation"] == 1 and counts["curations_applied"] == 2
    assert counts["screened"] - counts["excluded_not_relevant"] - counts["excluded_by_curation"] \
        == counts["included"]
    assert run["demo"] is True and run["query"]["name"] == "bclm_demo" and run["litreview_version"]


def test_extractions_and_ris(demo_run) -> None:  # type: ignore[no-untyped-def]
    lines = (demo_run.out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    extractions = [Extraction.from_dict(json.loads(line)) for line in lines]
    assert len(extractions) == 19
    assert {e.id for e in extractions if not e.relevant} >= set(DISTRACTORS)
    ris = (demo_run.out / "included.ris").read_text(encoding="utf-8")
    table = demo_run.table()
    assert ris.count("TY  - ") == int((table["status"] == "included").sum())
    assert "90000015" not in ris and "Parenchymal-sparing" not in ris


def test_xlsx_and_markdown(demo_run) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(demo_run.out / "comparison.xlsx", read_only=True)
    assert book.sheetnames == ["comparison", "evidence", "pooled", "prisma"]
    header = next(book["evidence"].iter_rows(values_only=True))
    assert header[:5] == ("label", "study_id", "field", "value", "sentence")
    markdown = (demo_run.out / "comparison.md").read_text(encoding="utf-8")
    assert "DEMO DATA" in markdown and "**Huashan 2016-2019 (local series)**" in markdown
    assert "_Pooled R0 resection rate" in markdown


def test_html_report_header(demo_run) -> None:  # type: ignore[no-untyped-def]
    text = (demo_run.out / "report.html").read_text(encoding="utf-8")
    assert "DEMO DATA &mdash; invented studies, not evidence" in text
    assert "INVENTED: PMIDs 90000001-90000017" in text
    assert "bclm_demo" in text and "litreview" in text
    assert "National Library of Medicine" in text
    assert "<script" not in text and "https://pubmed.ncbi.nlm.nih.gov/9000" not in text
